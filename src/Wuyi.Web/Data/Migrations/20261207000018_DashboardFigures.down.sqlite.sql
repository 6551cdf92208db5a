-- Reverts 20261207000018_DashboardFigures (SQLite).
DROP TABLE "DashboardFigures";
