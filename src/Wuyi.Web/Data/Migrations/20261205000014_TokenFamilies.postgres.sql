-- Migration 20261205000014_TokenFamilies (PostgreSQL): authenticator codes accepted once (the last accepted step per
-- account) and refresh tokens rotated per sign-in (one row per family of tokens). Frozen once released.
ALTER TABLE "AspNetUsers" ADD "LastTotpStep" bigint;

CREATE TABLE "TokenFamilies" (
    "Id" uuid NOT NULL,
    "UserId" character varying(450) NOT NULL,
    "Generation" integer NOT NULL,
    "CreatedAtUtc" timestamp with time zone NOT NULL,
    "RevokedAtUtc" timestamp with time zone,
    CONSTRAINT "PK_TokenFamilies" PRIMARY KEY ("Id")
);

CREATE INDEX "IX_TokenFamilies_UserId" ON "TokenFamilies" ("UserId");
