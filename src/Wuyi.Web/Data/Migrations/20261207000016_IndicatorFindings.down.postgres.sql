-- Reverts 20261207000016_IndicatorFindings (PostgreSQL).
ALTER TABLE "Applications" DROP COLUMN "DistrictIndicatorFindings";
