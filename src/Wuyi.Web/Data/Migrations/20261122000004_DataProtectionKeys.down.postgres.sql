-- Reverts 20261122000004_DataProtectionKeys.
DROP TABLE "DataProtectionKeys";
