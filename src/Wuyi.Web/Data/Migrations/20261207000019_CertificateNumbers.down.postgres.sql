-- Reverts 20261207000019_CertificateNumbers (PostgreSQL).
DROP INDEX "IX_Certifications_Number";
ALTER TABLE "Certifications" DROP COLUMN "Number";
