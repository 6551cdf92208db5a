-- Reverts 20261129000007_Accounts (PostgreSQL).
ALTER TABLE "AspNetUsers" DROP COLUMN "DisabledAtUtc";
ALTER TABLE "AspNetUsers" DROP COLUMN "PasswordChangedAtUtc";
ALTER TABLE "AspNetUsers" DROP COLUMN "MustChangePassword";
