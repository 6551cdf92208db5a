-- Migration 20261207000020_Notices (SQLite): the notices a community receives from dynamic management (通知书) — 取消认定通知书,
-- 整改通知书, 整改验收合格通知书, 整改退回通知书 — each numbered in its own series per district and year (京无疫撤〔2022〕0108-0001),
-- issued in the transaction of the step it announces and stored as issued: its words are never composed again
-- (docs/decisions/0013). Paragraphs and Items are JSON arrays of text. Steps taken before this migration issued none. Frozen once released.
CREATE TABLE "Notices" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Notices" PRIMARY KEY,
    "Number" TEXT NOT NULL,
    "Kind" INTEGER NOT NULL,
    "CommunityCode" TEXT NOT NULL,
    "DistrictCode" TEXT NOT NULL,
    "SubjectId" TEXT NOT NULL,
    "IssuedOn" TEXT NOT NULL,
    "IssuedAtUtc" TEXT NOT NULL,
    "IssuedByUserId" TEXT NOT NULL,
    "IssuedByName" TEXT NOT NULL,
    "Deadline" TEXT NULL,
    "Title" TEXT NOT NULL,
    "Addressee" TEXT NOT NULL,
    "Paragraphs" TEXT NOT NULL,
    "Items" TEXT NOT NULL,
    "Issuer" TEXT NOT NULL,
    CONSTRAINT "FK_Notices_Divisions_CommunityCode" FOREIGN KEY ("CommunityCode") REFERENCES "Divisions" ("Code") ON DELETE RESTRICT
);
CREATE UNIQUE INDEX "IX_Notices_Number" ON "Notices" ("Number");
CREATE INDEX "IX_Notices_CommunityCode_IssuedAtUtc" ON "Notices" ("CommunityCode", "IssuedAtUtc");
