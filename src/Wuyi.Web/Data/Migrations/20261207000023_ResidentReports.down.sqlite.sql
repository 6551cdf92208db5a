-- Reverts 20261207000023_ResidentReports (SQLite). Report photos stay in the uploads folder.
DROP TABLE "ResidentReports";
