-- Reverts 20261207000016_IndicatorFindings (SQLite).
ALTER TABLE "Applications" DROP COLUMN "DistrictIndicatorFindings";
