-- Migration 20261122000003_PublicListStamp (PostgreSQL): the public list's version, moved by every change to
-- certifications, so cached public output is never older than the database. Frozen once released.

CREATE TABLE "PublicListStamps" (
    "Id" integer NOT NULL,
    "Version" bigint NOT NULL,
    CONSTRAINT "PK_PublicListStamps" PRIMARY KEY ("Id")
);

-- Databases that already published start from a version their caches have never seen.
INSERT INTO "PublicListStamps" ("Id", "Version") VALUES (1, (SELECT COUNT(*) FROM "Certifications") + 1);
