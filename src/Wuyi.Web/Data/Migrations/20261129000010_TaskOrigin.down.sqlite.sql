-- Reverts 20261129000010_TaskOrigin (SQLite).
CREATE TABLE "RectificationTasks_old" (
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
    CONSTRAINT "FK_RectificationTasks_Divisions_CommunityCode" FOREIGN KEY ("CommunityCode") REFERENCES "Divisions" ("Code") ON DELETE RESTRICT
);
INSERT INTO "RectificationTasks_old" ("Id", "CommunityCode", "DistrictCode", "Reason", "OpenedAtUtc", "Deadline", "State", "Report", "Evidence", "ReportedAtUtc", "Returns", "DecisionComment", "ClosedAtUtc", "OpenForCommunity", "Version")
SELECT "Id", "CommunityCode", "DistrictCode", "Reason", "OpenedAtUtc", "Deadline", "State", "Report", "Evidence", "ReportedAtUtc", "Returns", "DecisionComment", "ClosedAtUtc", "OpenForCommunity", "Version" FROM "RectificationTasks";
DROP TABLE "RectificationTasks";
ALTER TABLE "RectificationTasks_old" RENAME TO "RectificationTasks";
CREATE INDEX "IX_RectificationTasks_CommunityCode_OpenedAtUtc" ON "RectificationTasks" ("CommunityCode", "OpenedAtUtc");
CREATE UNIQUE INDEX "IX_RectificationTasks_OpenForCommunity" ON "RectificationTasks" ("OpenForCommunity");
CREATE INDEX "IX_RectificationTasks_State_Deadline" ON "RectificationTasks" ("State", "Deadline");
