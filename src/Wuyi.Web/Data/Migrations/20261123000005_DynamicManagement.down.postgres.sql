-- Reverts 20261123000005_DynamicManagement (PostgreSQL).
DROP TABLE "ProgrammeEvents";
DROP TABLE "ReEvaluations";
DROP TABLE "RectificationTasks";
DROP INDEX "IX_Certifications_RevokedByVetoId";
ALTER TABLE "Certifications" DROP COLUMN "RestoredAtUtc";
ALTER TABLE "Certifications" DROP COLUMN "RevokedByVetoId";
DROP INDEX "IX_Applications_SuspendedByVetoId";
ALTER TABLE "Applications" DROP COLUMN "SuspendedByVetoId";
ALTER TABLE "PassMarkChanges" DROP CONSTRAINT "FK_PassMarkChanges_ScaleVersions_ScaleVersionId";
ALTER TABLE "PassMarkChanges" ALTER COLUMN "Reason" TYPE text;
ALTER TABLE "PassMarkChanges" DROP COLUMN "SetByName";
ALTER TABLE "VetoEvents" DROP CONSTRAINT "FK_VetoEvents_Divisions_CommunityCode";
ALTER TABLE "VetoEvents" DROP COLUMN "ClearedByTaskId";
ALTER TABLE "VetoEvents" DROP COLUMN "AnnulmentReason";
ALTER TABLE "VetoEvents" DROP COLUMN "AnnulledByUserId";
ALTER TABLE "VetoEvents" DROP COLUMN "RecordedByName";
ALTER TABLE "VetoEvents" DROP COLUMN "DocumentReference";
