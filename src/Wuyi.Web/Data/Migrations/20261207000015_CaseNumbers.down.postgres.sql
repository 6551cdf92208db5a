-- Reverts 20261207000015_CaseNumbers (PostgreSQL).
DROP INDEX "IX_Applications_CaseNumber";
ALTER TABLE "Applications" DROP COLUMN "CaseNumber";
