-- Reverts 20261207000020_Notices (PostgreSQL).
DROP TABLE "Notices";
