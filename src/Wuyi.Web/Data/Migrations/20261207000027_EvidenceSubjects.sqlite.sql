-- Migration 20261207000027_EvidenceSubjects (SQLite): an evidence file is evidence of one subject — a rectification, an inspection
-- or an appeal — each under its own foreign key, and the database refuses any other shape. Inspection photos, which repeated the
-- evidence table, move into it with their ids, stored names and hashes unchanged (the files on disk are the same files).
-- Frozen once released.

-- SQLite cannot make a column nullable: EvidenceFiles is rebuilt (no foreign key refers to it).
CREATE TABLE "EvidenceFiles_new" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_EvidenceFiles" PRIMARY KEY,
    "RectificationId" TEXT NULL,
    "InspectionId" TEXT NULL,
    "AppealId" TEXT NULL,
    "CommunityCode" TEXT NOT NULL,
    "Kind" INTEGER NOT NULL,
    "FileName" TEXT NOT NULL,
    "StoredName" TEXT NOT NULL,
    "Length" INTEGER NOT NULL,
    "Sha256" TEXT NOT NULL,
    "UploadedAtUtc" TEXT NOT NULL,
    "UploadedByUserId" TEXT NOT NULL,
    CONSTRAINT "CK_EvidenceFiles_OneSubject" CHECK (("RectificationId" IS NOT NULL AND "InspectionId" IS NULL AND "AppealId" IS NULL) OR ("RectificationId" IS NULL AND "InspectionId" IS NOT NULL AND "AppealId" IS NULL) OR ("RectificationId" IS NULL AND "InspectionId" IS NULL AND "AppealId" IS NOT NULL)),
    CONSTRAINT "FK_EvidenceFiles_Appeals_AppealId" FOREIGN KEY ("AppealId") REFERENCES "Appeals" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_EvidenceFiles_Inspections_InspectionId" FOREIGN KEY ("InspectionId") REFERENCES "Inspections" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_EvidenceFiles_RectificationTasks_RectificationId" FOREIGN KEY ("RectificationId") REFERENCES "RectificationTasks" ("Id") ON DELETE RESTRICT
);
INSERT INTO "EvidenceFiles_new" ("Id", "RectificationId", "InspectionId", "AppealId", "CommunityCode", "Kind", "FileName", "StoredName", "Length", "Sha256", "UploadedAtUtc", "UploadedByUserId")
SELECT "Id", "RectificationId", NULL, NULL, "CommunityCode", "Kind", "FileName", "StoredName", "Length", "Sha256", "UploadedAtUtc", "UploadedByUserId" FROM "EvidenceFiles";
INSERT INTO "EvidenceFiles_new" ("Id", "RectificationId", "InspectionId", "AppealId", "CommunityCode", "Kind", "FileName", "StoredName", "Length", "Sha256", "UploadedAtUtc", "UploadedByUserId")
SELECT "Id", NULL, "InspectionId", NULL, "CommunityCode", "Kind", "FileName", "StoredName", "Length", "Sha256", "UploadedAtUtc", "UploadedByUserId" FROM "InspectionPhotos";
DROP TABLE "InspectionPhotos";
DROP TABLE "EvidenceFiles";
ALTER TABLE "EvidenceFiles_new" RENAME TO "EvidenceFiles";
CREATE INDEX "IX_EvidenceFiles_AppealId" ON "EvidenceFiles" ("AppealId");
CREATE INDEX "IX_EvidenceFiles_InspectionId" ON "EvidenceFiles" ("InspectionId");
CREATE INDEX "IX_EvidenceFiles_RectificationId" ON "EvidenceFiles" ("RectificationId");
CREATE UNIQUE INDEX "IX_EvidenceFiles_StoredName" ON "EvidenceFiles" ("StoredName");
