-- Reverts 20261207000020_Notices (SQLite).
DROP TABLE "Notices";
