-- Reverts 20261123000005_DynamicManagement (SQLite).
DROP TABLE "ProgrammeEvents";
DROP TABLE "ReEvaluations";
DROP TABLE "RectificationTasks";
DROP INDEX "IX_Certifications_RevokedByVetoId";
ALTER TABLE "Certifications" DROP COLUMN "RestoredAtUtc";
ALTER TABLE "Certifications" DROP COLUMN "RevokedByVetoId";
DROP INDEX "IX_Applications_SuspendedByVetoId";
ALTER TABLE "Applications" DROP COLUMN "SuspendedByVetoId";

CREATE TABLE "PassMarkChanges_old" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_PassMarkChanges" PRIMARY KEY,
    "ScaleVersionId" TEXT NOT NULL,
    "EffectiveFrom" TEXT NOT NULL,
    "Value" TEXT NOT NULL,
    "SetByUserId" TEXT NOT NULL,
    "SetAtUtc" TEXT NOT NULL,
    "Reason" TEXT NULL
);
INSERT INTO "PassMarkChanges_old" SELECT "Id", "ScaleVersionId", "EffectiveFrom", "Value", "SetByUserId", "SetAtUtc", "Reason" FROM "PassMarkChanges";
DROP TABLE "PassMarkChanges";
ALTER TABLE "PassMarkChanges_old" RENAME TO "PassMarkChanges";
CREATE UNIQUE INDEX "IX_PassMarkChanges_ScaleVersionId_EffectiveFrom" ON "PassMarkChanges" ("ScaleVersionId", "EffectiveFrom");

CREATE TABLE "VetoEvents_old" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_VetoEvents" PRIMARY KEY,
    "CommunityCode" TEXT NOT NULL,
    "Kind" INTEGER NOT NULL,
    "OccurredAtUtc" TEXT NOT NULL,
    "Source" TEXT NOT NULL,
    "Description" TEXT NOT NULL,
    "ManagementLapse" INTEGER NOT NULL,
    "RecordedAtUtc" TEXT NOT NULL,
    "RecordedByUserId" TEXT NOT NULL,
    "AnnulledAtUtc" TEXT NULL,
    "ClearedAtUtc" TEXT NULL
);
INSERT INTO "VetoEvents_old" SELECT "Id", "CommunityCode", "Kind", "OccurredAtUtc", "Source", "Description", "ManagementLapse",
    "RecordedAtUtc", "RecordedByUserId", "AnnulledAtUtc", "ClearedAtUtc" FROM "VetoEvents";
DROP TABLE "VetoEvents";
ALTER TABLE "VetoEvents_old" RENAME TO "VetoEvents";
CREATE INDEX "IX_VetoEvents_CommunityCode" ON "VetoEvents" ("CommunityCode");
