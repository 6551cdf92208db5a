-- Reverts 20261207000019_CertificateNumbers (SQLite).
DROP INDEX "IX_Certifications_Number";
ALTER TABLE "Certifications" DROP COLUMN "Number";
