-- Reverts 20261207000017_HotlineImportDeductions (SQLite).
ALTER TABLE "HotlineImports" DROP COLUMN "Deductions";
