-- Reverts 20261207000021_OpenDataSnapshots (PostgreSQL).
DROP TABLE "OpenDataSnapshots";
