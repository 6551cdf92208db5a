-- Migration 20261129000006_Hotline (SQLite): the 12345 import log, and each complaint's community (a foreign key to
-- the division tree) and last import. Frozen once released.

CREATE TABLE "HotlineImports" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_HotlineImports" PRIMARY KEY,
    "AtUtc" TEXT NOT NULL,
    "ActorUserId" TEXT NOT NULL,
    "ActorName" TEXT NOT NULL,
    "ActorDivisionCode" TEXT NOT NULL,
    "Source" INTEGER NOT NULL,
    "FileName" TEXT NULL,
    "Sha256" TEXT NULL,
    "Rows" INTEGER NOT NULL,
    "Inserted" INTEGER NOT NULL,
    "Updated" INTEGER NOT NULL,
    "Unchanged" INTEGER NOT NULL,
    "Rejected" INTEGER NOT NULL,
    "SkipInvalid" INTEGER NOT NULL,
    "ReEvaluationsQueued" INTEGER NOT NULL,
    "Rejections" TEXT NULL
);
CREATE INDEX "IX_HotlineImports_AtUtc" ON "HotlineImports" ("AtUtc");

-- SQLite cannot add a foreign key to a table: HotlineComplaints is rebuilt (nothing refers to it). A complaint whose
-- community is not in the tree stops the migration rather than being dropped.
CREATE TABLE "HotlineComplaints_new" (
    "Number" TEXT NOT NULL CONSTRAINT "PK_HotlineComplaints" PRIMARY KEY,
    "CommunityCode" TEXT NOT NULL,
    "ReceivedAtUtc" TEXT NOT NULL,
    "EpidemicRelated" INTEGER NOT NULL,
    "ResponseDeadlineUtc" TEXT NOT NULL,
    "RespondedAtUtc" TEXT NULL,
    "FollowUp" INTEGER NOT NULL,
    "ImportedAtUtc" TEXT NOT NULL,
    "ImportId" TEXT NULL,
    CONSTRAINT "FK_HotlineComplaints_Divisions_CommunityCode" FOREIGN KEY ("CommunityCode") REFERENCES "Divisions" ("Code") ON DELETE RESTRICT
);
INSERT INTO "HotlineComplaints_new" ("Number", "CommunityCode", "ReceivedAtUtc", "EpidemicRelated", "ResponseDeadlineUtc",
    "RespondedAtUtc", "FollowUp", "ImportedAtUtc", "ImportId")
SELECT "Number", "CommunityCode", "ReceivedAtUtc", "EpidemicRelated", "ResponseDeadlineUtc",
    "RespondedAtUtc", "FollowUp", "ImportedAtUtc", NULL
FROM "HotlineComplaints";
DROP TABLE "HotlineComplaints";
ALTER TABLE "HotlineComplaints_new" RENAME TO "HotlineComplaints";
CREATE INDEX "IX_HotlineComplaints_CommunityCode_ReceivedAtUtc" ON "HotlineComplaints" ("CommunityCode", "ReceivedAtUtc");
