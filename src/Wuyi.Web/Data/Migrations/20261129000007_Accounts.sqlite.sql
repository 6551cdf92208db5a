-- Migration 20261129000007_Accounts (SQLite): forced password change, password age and disabled accounts.
-- Accounts on record start their password age now. Frozen once released.
ALTER TABLE "AspNetUsers" ADD COLUMN "MustChangePassword" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "AspNetUsers" ADD COLUMN "PasswordChangedAtUtc" TEXT NULL;
ALTER TABLE "AspNetUsers" ADD COLUMN "DisabledAtUtc" TEXT NULL;
UPDATE "AspNetUsers" SET "PasswordChangedAtUtc" = strftime('%Y-%m-%d %H:%M:%f', 'now') WHERE "PasswordHash" IS NOT NULL;
