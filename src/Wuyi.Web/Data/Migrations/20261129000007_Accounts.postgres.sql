-- Migration 20261129000007_Accounts (PostgreSQL): forced password change, password age and disabled accounts.
-- Accounts on record start their password age now. Frozen once released.
ALTER TABLE "AspNetUsers" ADD "MustChangePassword" boolean NOT NULL DEFAULT FALSE;
ALTER TABLE "AspNetUsers" ADD "PasswordChangedAtUtc" timestamp with time zone;
ALTER TABLE "AspNetUsers" ADD "DisabledAtUtc" timestamp with time zone;
UPDATE "AspNetUsers" SET "PasswordChangedAtUtc" = now() WHERE "PasswordHash" IS NOT NULL;
