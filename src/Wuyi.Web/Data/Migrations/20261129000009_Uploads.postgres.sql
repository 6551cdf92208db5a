-- Migration 20261129000009_Uploads (PostgreSQL): evidence files of rectification reports, stored under random names
-- outside the web root, with the SHA-256 of what was stored. Frozen once released.

CREATE TABLE "EvidenceFiles" (
    "Id" uuid NOT NULL,
    "RectificationId" uuid NOT NULL,
    "CommunityCode" character varying(12) NOT NULL,
    "Kind" integer NOT NULL,
    "FileName" character varying(260) NOT NULL,
    "StoredName" character varying(32) NOT NULL,
    "Length" bigint NOT NULL,
    "Sha256" character varying(64) NOT NULL,
    "UploadedAtUtc" timestamp with time zone NOT NULL,
    "UploadedByUserId" character varying(450) NOT NULL,
    CONSTRAINT "PK_EvidenceFiles" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_EvidenceFiles_RectificationTasks_RectificationId" FOREIGN KEY ("RectificationId") REFERENCES "RectificationTasks" ("Id") ON DELETE RESTRICT
);
CREATE INDEX "IX_EvidenceFiles_RectificationId" ON "EvidenceFiles" ("RectificationId");
CREATE UNIQUE INDEX "IX_EvidenceFiles_StoredName" ON "EvidenceFiles" ("StoredName");
