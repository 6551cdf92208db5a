-- Reverts 20261207000026_Inspections (PostgreSQL). Photo files stay in the uploads folder.
ALTER TABLE "VetoEvents" DROP CONSTRAINT "FK_VetoEvents_Inspections_InspectionId";
DROP INDEX "IX_VetoEvents_InspectionId";
ALTER TABLE "VetoEvents" DROP COLUMN "InspectionId";
DROP TABLE "InspectionPhotos";
DROP TABLE "Inspections";
