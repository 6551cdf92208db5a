-- Migration 20261122000004_DataProtectionKeys (PostgreSQL): the data-protection key ring, shared by every app node.
-- Frozen once released.

CREATE TABLE "DataProtectionKeys" (
    "Id" uuid NOT NULL,
    "FriendlyName" character varying(200) NOT NULL,
    "Xml" text NOT NULL,
    "CreatedAtUtc" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_DataProtectionKeys" PRIMARY KEY ("Id")
);
