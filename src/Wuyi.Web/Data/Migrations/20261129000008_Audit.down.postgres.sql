-- Reverts 20261129000008_Audit (PostgreSQL).
DROP TABLE "AuditRecords";
