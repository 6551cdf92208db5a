-- Reverts 20261207000024_Appeals (PostgreSQL).
ALTER TABLE "HotlineComplaints" DROP COLUMN "WaivedByAppealId";
DROP TABLE "Appeals";
