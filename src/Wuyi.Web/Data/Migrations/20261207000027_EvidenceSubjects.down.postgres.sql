-- Reverts 20261207000027_EvidenceSubjects (PostgreSQL): inspection photos go back to their own table; an appeal's files have no place
-- before this migration, so their rows are dropped (the files stay in the uploads folder).
CREATE TABLE "InspectionPhotos" (
    "Id" uuid NOT NULL,
    "InspectionId" uuid NOT NULL,
    "CommunityCode" character varying(12) NOT NULL,
    "Kind" integer NOT NULL,
    "FileName" character varying(260) NOT NULL,
    "StoredName" character varying(32) NOT NULL,
    "Length" bigint NOT NULL,
    "Sha256" character varying(64) NOT NULL,
    "UploadedAtUtc" timestamp with time zone NOT NULL,
    "UploadedByUserId" character varying(450) NOT NULL,
    CONSTRAINT "PK_InspectionPhotos" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_InspectionPhotos_Inspections_InspectionId" FOREIGN KEY ("InspectionId") REFERENCES "Inspections" ("Id") ON DELETE RESTRICT
);
INSERT INTO "InspectionPhotos" ("Id", "InspectionId", "CommunityCode", "Kind", "FileName", "StoredName", "Length", "Sha256", "UploadedAtUtc", "UploadedByUserId")
SELECT "Id", "InspectionId", "CommunityCode", "Kind", "FileName", "StoredName", "Length", "Sha256", "UploadedAtUtc", "UploadedByUserId" FROM "EvidenceFiles" WHERE "InspectionId" IS NOT NULL;
CREATE INDEX "IX_InspectionPhotos_InspectionId" ON "InspectionPhotos" ("InspectionId");
CREATE UNIQUE INDEX "IX_InspectionPhotos_StoredName" ON "InspectionPhotos" ("StoredName");
DELETE FROM "EvidenceFiles" WHERE "RectificationId" IS NULL;
ALTER TABLE "EvidenceFiles" DROP CONSTRAINT "CK_EvidenceFiles_OneSubject";
DROP INDEX "IX_EvidenceFiles_AppealId";
DROP INDEX "IX_EvidenceFiles_InspectionId";
ALTER TABLE "EvidenceFiles" DROP CONSTRAINT "FK_EvidenceFiles_Appeals_AppealId";
ALTER TABLE "EvidenceFiles" DROP CONSTRAINT "FK_EvidenceFiles_Inspections_InspectionId";
ALTER TABLE "EvidenceFiles" DROP COLUMN "AppealId";
ALTER TABLE "EvidenceFiles" DROP COLUMN "InspectionId";
ALTER TABLE "EvidenceFiles" ALTER COLUMN "RectificationId" SET NOT NULL;
