-- Migration 20261207000017_HotlineImportDeductions (PostgreSQL): what an import did to the 12345 deductions (扣分) of the
-- communities it touched, as JSON (community code → [before, after], those with any deduction either side). Imports on
-- record have none: NULL, shown as not known.
ALTER TABLE "HotlineImports" ADD "Deductions" text NULL;
