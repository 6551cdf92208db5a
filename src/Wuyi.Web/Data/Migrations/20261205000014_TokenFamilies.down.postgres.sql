-- Reverts 20261205000014_TokenFamilies (PostgreSQL).
DROP TABLE "TokenFamilies";
ALTER TABLE "AspNetUsers" DROP COLUMN "LastTotpStep";
