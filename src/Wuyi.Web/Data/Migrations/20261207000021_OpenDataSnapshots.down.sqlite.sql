-- Reverts 20261207000021_OpenDataSnapshots (SQLite).
DROP TABLE "OpenDataSnapshots";
