-- Migration 20261122000003_PublicListStamp (SQLite): the public list's version, moved by every change to
-- certifications, so cached public output is never older than the database. Frozen once released.

CREATE TABLE "PublicListStamps" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_PublicListStamps" PRIMARY KEY,
    "Version" INTEGER NOT NULL
);

-- Databases that already published start from a version their caches have never seen.
INSERT INTO "PublicListStamps" ("Id", "Version") VALUES (1, (SELECT COUNT(*) FROM "Certifications") + 1);
