-- Migration 20261205000014_TokenFamilies (SQLite): authenticator codes accepted once (the last accepted step per
-- account) and refresh tokens rotated per sign-in (one row per family of tokens). Frozen once released.
ALTER TABLE "AspNetUsers" ADD COLUMN "LastTotpStep" INTEGER NULL;

CREATE TABLE "TokenFamilies" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_TokenFamilies" PRIMARY KEY,
    "UserId" TEXT NOT NULL,
    "Generation" INTEGER NOT NULL,
    "CreatedAtUtc" TEXT NOT NULL,
    "RevokedAtUtc" TEXT NULL
);

CREATE INDEX "IX_TokenFamilies_UserId" ON "TokenFamilies" ("UserId");
