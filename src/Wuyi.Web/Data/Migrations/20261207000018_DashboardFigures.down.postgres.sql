-- Reverts 20261207000018_DashboardFigures (PostgreSQL).
DROP TABLE "DashboardFigures";
