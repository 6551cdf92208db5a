-- Reverts 20261207000017_HotlineImportDeductions (PostgreSQL).
ALTER TABLE "HotlineImports" DROP COLUMN "Deductions";
