-- Reverts 20261207000024_Appeals (SQLite).
ALTER TABLE "HotlineComplaints" DROP COLUMN "WaivedByAppealId";
DROP TABLE "Appeals";
