-- Migration 20261207000027_EvidenceSubjects (PostgreSQL): an evidence file is evidence of one subject — a rectification, an
-- inspection or an appeal — each under its own foreign key, and the database refuses any other shape. Inspection photos, which
-- repeated the evidence table, move into it with their ids, stored names and hashes unchanged (the files on disk are the same files).
-- Frozen once released.

ALTER TABLE "EvidenceFiles" ALTER COLUMN "RectificationId" DROP NOT NULL;
ALTER TABLE "EvidenceFiles" ADD "InspectionId" uuid NULL;
ALTER TABLE "EvidenceFiles" ADD "AppealId" uuid NULL;
ALTER TABLE "EvidenceFiles" ADD CONSTRAINT "FK_EvidenceFiles_Inspections_InspectionId" FOREIGN KEY ("InspectionId") REFERENCES "Inspections" ("Id") ON DELETE RESTRICT;
ALTER TABLE "EvidenceFiles" ADD CONSTRAINT "FK_EvidenceFiles_Appeals_AppealId" FOREIGN KEY ("AppealId") REFERENCES "Appeals" ("Id") ON DELETE RESTRICT;
INSERT INTO "EvidenceFiles" ("Id", "RectificationId", "InspectionId", "AppealId", "CommunityCode", "Kind", "FileName", "StoredName", "Length", "Sha256", "UploadedAtUtc", "UploadedByUserId")
SELECT "Id", NULL, "InspectionId", NULL, "CommunityCode", "Kind", "FileName", "StoredName", "Length", "Sha256", "UploadedAtUtc", "UploadedByUserId" FROM "InspectionPhotos";
DROP TABLE "InspectionPhotos";
ALTER TABLE "EvidenceFiles" ADD CONSTRAINT "CK_EvidenceFiles_OneSubject" CHECK (("RectificationId" IS NOT NULL AND "InspectionId" IS NULL AND "AppealId" IS NULL) OR ("RectificationId" IS NULL AND "InspectionId" IS NOT NULL AND "AppealId" IS NULL) OR ("RectificationId" IS NULL AND "InspectionId" IS NULL AND "AppealId" IS NOT NULL));
CREATE INDEX "IX_EvidenceFiles_AppealId" ON "EvidenceFiles" ("AppealId");
CREATE INDEX "IX_EvidenceFiles_InspectionId" ON "EvidenceFiles" ("InspectionId");
