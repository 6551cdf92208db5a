-- Reverts 20261129000006_Hotline (SQLite).
CREATE TABLE "HotlineComplaints_old" (
    "Number" TEXT NOT NULL CONSTRAINT "PK_HotlineComplaints" PRIMARY KEY,
    "CommunityCode" TEXT NOT NULL,
    "ReceivedAtUtc" TEXT NOT NULL,
    "EpidemicRelated" INTEGER NOT NULL,
    "ResponseDeadlineUtc" TEXT NOT NULL,
    "RespondedAtUtc" TEXT NULL,
    "FollowUp" INTEGER NOT NULL,
    "ImportedAtUtc" TEXT NOT NULL
);
INSERT INTO "HotlineComplaints_old" ("Number", "CommunityCode", "ReceivedAtUtc", "EpidemicRelated", "ResponseDeadlineUtc",
    "RespondedAtUtc", "FollowUp", "ImportedAtUtc")
SELECT "Number", "CommunityCode", "ReceivedAtUtc", "EpidemicRelated", "ResponseDeadlineUtc", "RespondedAtUtc", "FollowUp", "ImportedAtUtc"
FROM "HotlineComplaints";
DROP TABLE "HotlineComplaints";
ALTER TABLE "HotlineComplaints_old" RENAME TO "HotlineComplaints";
CREATE INDEX "IX_HotlineComplaints_CommunityCode_ReceivedAtUtc" ON "HotlineComplaints" ("CommunityCode", "ReceivedAtUtc");
DROP TABLE "HotlineImports";
