-- Reverts 20261205000014_TokenFamilies (SQLite). DROP COLUMN, not a rebuild: dropping AspNetUsers would cascade to its claims and keys.
DROP TABLE "TokenFamilies";
ALTER TABLE "AspNetUsers" DROP COLUMN "LastTotpStep";
