-- Migration 20261129000009_Uploads (SQLite): evidence files of rectification reports, stored under random names
-- outside the web root, with the SHA-256 of what was stored. Frozen once released.

CREATE TABLE "EvidenceFiles" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_EvidenceFiles" PRIMARY KEY,
    "RectificationId" TEXT NOT NULL,
    "CommunityCode" TEXT NOT NULL,
    "Kind" INTEGER NOT NULL,
    "FileName" TEXT NOT NULL,
    "StoredName" TEXT NOT NULL,
    "Length" INTEGER NOT NULL,
    "Sha256" TEXT NOT NULL,
    "UploadedAtUtc" TEXT NOT NULL,
    "UploadedByUserId" TEXT NOT NULL,
    CONSTRAINT "FK_EvidenceFiles_RectificationTasks_RectificationId" FOREIGN KEY ("RectificationId") REFERENCES "RectificationTasks" ("Id") ON DELETE RESTRICT
);
CREATE INDEX "IX_EvidenceFiles_RectificationId" ON "EvidenceFiles" ("RectificationId");
CREATE UNIQUE INDEX "IX_EvidenceFiles_StoredName" ON "EvidenceFiles" ("StoredName");
