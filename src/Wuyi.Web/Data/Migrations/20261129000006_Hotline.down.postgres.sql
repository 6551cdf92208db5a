-- Reverts 20261129000006_Hotline (PostgreSQL).
ALTER TABLE "HotlineComplaints" DROP CONSTRAINT "FK_HotlineComplaints_Divisions_CommunityCode";
ALTER TABLE "HotlineComplaints" DROP COLUMN "ImportId";
DROP TABLE "HotlineImports";
