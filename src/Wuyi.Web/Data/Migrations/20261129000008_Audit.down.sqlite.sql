-- Reverts 20261129000008_Audit (SQLite).
DROP TABLE "AuditRecords";
