-- Migration 20261122000004_DataProtectionKeys (SQLite): the data-protection key ring, shared by every app node.
-- Frozen once released.

CREATE TABLE "DataProtectionKeys" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_DataProtectionKeys" PRIMARY KEY,
    "FriendlyName" TEXT NOT NULL,
    "Xml" TEXT NOT NULL,
    "CreatedAtUtc" TEXT NOT NULL
);
