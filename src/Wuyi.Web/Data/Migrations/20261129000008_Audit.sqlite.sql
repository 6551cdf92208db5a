-- 20261129000008_Audit (SQLite): the hash-chained audit trail (see docs/decisions/0004-audit-trail.md).
CREATE TABLE "AuditRecords" (
    "Sequence" INTEGER NOT NULL CONSTRAINT "PK_AuditRecords" PRIMARY KEY,
    "AtUtc" TEXT NOT NULL,
    "ActorUserId" TEXT NULL,
    "ActorName" TEXT NULL,
    "Role" TEXT NULL,
    "Unit" TEXT NULL,
    "ClientIp" TEXT NULL,
    "UserAgent" TEXT NULL,
    "Action" TEXT NOT NULL,
    "ObjectType" TEXT NULL,
    "ObjectId" TEXT NULL,
    "Outcome" TEXT NOT NULL,
    "Status" INTEGER NULL,
    "ProblemCode" TEXT NULL,
    "Changes" TEXT NULL,
    "PreviousHash" TEXT NOT NULL,
    "Hash" TEXT NOT NULL
);

CREATE INDEX "IX_AuditRecords_ActorUserId" ON "AuditRecords" ("ActorUserId");
CREATE INDEX "IX_AuditRecords_AtUtc" ON "AuditRecords" ("AtUtc");
CREATE INDEX "IX_AuditRecords_ObjectId" ON "AuditRecords" ("ObjectId");
