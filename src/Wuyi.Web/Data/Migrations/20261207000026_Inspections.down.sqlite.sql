-- Reverts 20261207000026_Inspections (SQLite). Photo files stay in the uploads folder.
-- SQLite cannot drop a column that is a foreign key: VetoEvents is rebuilt without it (nothing refers to it).
CREATE TABLE "VetoEvents_old" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_VetoEvents" PRIMARY KEY,
    "CommunityCode" TEXT NOT NULL,
    "Kind" INTEGER NOT NULL,
    "OccurredAtUtc" TEXT NOT NULL,
    "Source" TEXT NOT NULL,
    "Description" TEXT NOT NULL,
    "DocumentReference" TEXT NULL,
    "ManagementLapse" INTEGER NOT NULL,
    "RecordedAtUtc" TEXT NOT NULL,
    "RecordedByUserId" TEXT NOT NULL,
    "RecordedByName" TEXT NOT NULL,
    "AnnulledAtUtc" TEXT NULL,
    "AnnulledByUserId" TEXT NULL,
    "AnnulmentReason" TEXT NULL,
    "ClearedAtUtc" TEXT NULL,
    "ClearedByTaskId" TEXT NULL,
    CONSTRAINT "FK_VetoEvents_Divisions_CommunityCode" FOREIGN KEY ("CommunityCode") REFERENCES "Divisions" ("Code") ON DELETE RESTRICT
);
INSERT INTO "VetoEvents_old" ("Id", "CommunityCode", "Kind", "OccurredAtUtc", "Source", "Description", "DocumentReference",
    "ManagementLapse", "RecordedAtUtc", "RecordedByUserId", "RecordedByName", "AnnulledAtUtc", "AnnulledByUserId",
    "AnnulmentReason", "ClearedAtUtc", "ClearedByTaskId")
SELECT "Id", "CommunityCode", "Kind", "OccurredAtUtc", "Source", "Description", "DocumentReference",
    "ManagementLapse", "RecordedAtUtc", "RecordedByUserId", "RecordedByName", "AnnulledAtUtc", "AnnulledByUserId",
    "AnnulmentReason", "ClearedAtUtc", "ClearedByTaskId"
FROM "VetoEvents";
DROP TABLE "VetoEvents";
ALTER TABLE "VetoEvents_old" RENAME TO "VetoEvents";
CREATE INDEX "IX_VetoEvents_CommunityCode" ON "VetoEvents" ("CommunityCode");
DROP TABLE "InspectionPhotos";
DROP TABLE "Inspections";
