-- 20261129000008_Audit (PostgreSQL): the hash-chained audit trail (see docs/decisions/0004-audit-trail.md).
CREATE TABLE "AuditRecords" (
    "Sequence" bigint NOT NULL,
    "AtUtc" timestamp with time zone NOT NULL,
    "ActorUserId" character varying(450),
    "ActorName" character varying(256),
    "Role" character varying(64),
    "Unit" character varying(12),
    "ClientIp" character varying(64),
    "UserAgent" character varying(512),
    "Action" character varying(300) NOT NULL,
    "ObjectType" character varying(64),
    "ObjectId" character varying(128),
    "Outcome" character varying(16) NOT NULL,
    "Status" integer,
    "ProblemCode" character varying(64),
    "Changes" text,
    "PreviousHash" character varying(64) NOT NULL,
    "Hash" character varying(64) NOT NULL,
    CONSTRAINT "PK_AuditRecords" PRIMARY KEY ("Sequence")
);

CREATE INDEX "IX_AuditRecords_ActorUserId" ON "AuditRecords" ("ActorUserId");
CREATE INDEX "IX_AuditRecords_AtUtc" ON "AuditRecords" ("AtUtc");
CREATE INDEX "IX_AuditRecords_ObjectId" ON "AuditRecords" ("ObjectId");
