-- Reverts 20261207000023_ResidentReports (PostgreSQL). Report photos stay in the uploads folder.
DROP TABLE "ResidentReports";
