-- Migration 20261129000010_TaskOrigin (SQLite): whether every cause of a rectification task is a veto, so that annulling
-- vetoes never withdraws a task that a re-evaluation also ordered. Frozen once released.

-- SQLite cannot add a NOT NULL column without a default: RectificationTasks is rebuilt (no foreign key refers to it).
-- Tasks on record count as veto-only unless a re-evaluation's revocation is among their causes.
CREATE TABLE "RectificationTasks_new" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_RectificationTasks" PRIMARY KEY,
    "CommunityCode" TEXT NOT NULL,
    "DistrictCode" TEXT NOT NULL,
    "Reason" TEXT NOT NULL,
    "OpenedAtUtc" TEXT NOT NULL,
    "Deadline" TEXT NOT NULL,
    "State" INTEGER NOT NULL,
    "Report" TEXT NULL,
    "Evidence" TEXT NULL,
    "ReportedAtUtc" TEXT NULL,
    "Returns" INTEGER NOT NULL,
    "DecisionComment" TEXT NULL,
    "ClosedAtUtc" TEXT NULL,
    "OpenForCommunity" TEXT NULL,
    "Version" INTEGER NOT NULL,
    "VetoesOnly" INTEGER NOT NULL,
    CONSTRAINT "FK_RectificationTasks_Divisions_CommunityCode" FOREIGN KEY ("CommunityCode") REFERENCES "Divisions" ("Code") ON DELETE RESTRICT
);
INSERT INTO "RectificationTasks_new" ("Id", "CommunityCode", "DistrictCode", "Reason", "OpenedAtUtc", "Deadline", "State", "Report", "Evidence", "ReportedAtUtc", "Returns", "DecisionComment", "ClosedAtUtc", "OpenForCommunity", "Version", "VetoesOnly")
SELECT "Id", "CommunityCode", "DistrictCode", "Reason", "OpenedAtUtc", "Deadline", "State", "Report", "Evidence", "ReportedAtUtc", "Returns", "DecisionComment", "ClosedAtUtc", "OpenForCommunity", "Version", CASE WHEN "Reason" LIKE '%重新评定未达标%' THEN 0 ELSE 1 END
FROM "RectificationTasks";
DROP TABLE "RectificationTasks";
ALTER TABLE "RectificationTasks_new" RENAME TO "RectificationTasks";
CREATE INDEX "IX_RectificationTasks_CommunityCode_OpenedAtUtc" ON "RectificationTasks" ("CommunityCode", "OpenedAtUtc");
CREATE UNIQUE INDEX "IX_RectificationTasks_OpenForCommunity" ON "RectificationTasks" ("OpenForCommunity");
CREATE INDEX "IX_RectificationTasks_State_Deadline" ON "RectificationTasks" ("State", "Deadline");
