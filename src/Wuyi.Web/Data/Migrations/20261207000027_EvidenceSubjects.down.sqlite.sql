-- Reverts 20261207000027_EvidenceSubjects (SQLite): inspection photos go back to their own table; an appeal's files have no place
-- before this migration, so their rows are dropped (the files stay in the uploads folder).
CREATE TABLE "InspectionPhotos" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_InspectionPhotos" PRIMARY KEY,
    "InspectionId" TEXT NOT NULL,
    "CommunityCode" TEXT NOT NULL,
    "Kind" INTEGER NOT NULL,
    "FileName" TEXT NOT NULL,
    "StoredName" TEXT NOT NULL,
    "Length" INTEGER NOT NULL,
    "Sha256" TEXT NOT NULL,
    "UploadedAtUtc" TEXT NOT NULL,
    "UploadedByUserId" TEXT NOT NULL,
    CONSTRAINT "FK_InspectionPhotos_Inspections_InspectionId" FOREIGN KEY ("InspectionId") REFERENCES "Inspections" ("Id") ON DELETE RESTRICT
);
INSERT INTO "InspectionPhotos" ("Id", "InspectionId", "CommunityCode", "Kind", "FileName", "StoredName", "Length", "Sha256", "UploadedAtUtc", "UploadedByUserId")
SELECT "Id", "InspectionId", "CommunityCode", "Kind", "FileName", "StoredName", "Length", "Sha256", "UploadedAtUtc", "UploadedByUserId" FROM "EvidenceFiles" WHERE "InspectionId" IS NOT NULL;
CREATE INDEX "IX_InspectionPhotos_InspectionId" ON "InspectionPhotos" ("InspectionId");
CREATE UNIQUE INDEX "IX_InspectionPhotos_StoredName" ON "InspectionPhotos" ("StoredName");
CREATE TABLE "EvidenceFiles_old" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_EvidenceFiles" PRIMARY KEY,
    "RectificationId" TEXT NOT NULL,
    "CommunityCode" TEXT NOT NULL,
    "Kind" INTEGER NOT NULL,
    "FileName" TEXT NOT NULL,
    "StoredName" TEXT NOT NULL,
    "Length" INTEGER NOT NULL,
    "Sha256" TEXT NOT NULL,
    "UploadedAtUtc" TEXT NOT NULL,
    "UploadedByUserId" TEXT NOT NULL,
    CONSTRAINT "FK_EvidenceFiles_RectificationTasks_RectificationId" FOREIGN KEY ("RectificationId") REFERENCES "RectificationTasks" ("Id") ON DELETE RESTRICT
);
INSERT INTO "EvidenceFiles_old" ("Id", "RectificationId", "CommunityCode", "Kind", "FileName", "StoredName", "Length", "Sha256", "UploadedAtUtc", "UploadedByUserId")
SELECT "Id", "RectificationId", "CommunityCode", "Kind", "FileName", "StoredName", "Length", "Sha256", "UploadedAtUtc", "UploadedByUserId" FROM "EvidenceFiles" WHERE "RectificationId" IS NOT NULL;
DROP TABLE "EvidenceFiles";
ALTER TABLE "EvidenceFiles_old" RENAME TO "EvidenceFiles";
CREATE INDEX "IX_EvidenceFiles_RectificationId" ON "EvidenceFiles" ("RectificationId");
CREATE UNIQUE INDEX "IX_EvidenceFiles_StoredName" ON "EvidenceFiles" ("StoredName");
