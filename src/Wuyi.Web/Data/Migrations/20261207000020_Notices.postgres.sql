-- Migration 20261207000020_Notices (PostgreSQL): the notices a community receives from dynamic management (通知书) — 取消认定通知书,
-- 整改通知书, 整改验收合格通知书, 整改退回通知书 — each numbered in its own series per district and year (京无疫撤〔2022〕0108-0001),
-- issued in the transaction of the step it announces and stored as issued: its words are never composed again
-- (docs/decisions/0013). Paragraphs and Items are JSON arrays of text. Steps taken before this migration issued none. Frozen once released.
CREATE TABLE "Notices" (
    "Id" uuid NOT NULL,
    "Number" character varying(32) NOT NULL,
    "Kind" integer NOT NULL,
    "CommunityCode" character varying(12) NOT NULL,
    "DistrictCode" character varying(6) NOT NULL,
    "SubjectId" uuid NOT NULL,
    "IssuedOn" date NOT NULL,
    "IssuedAtUtc" timestamp with time zone NOT NULL,
    "IssuedByUserId" character varying(450) NOT NULL,
    "IssuedByName" character varying(100) NOT NULL,
    "Deadline" date,
    "Title" character varying(50) NOT NULL,
    "Addressee" character varying(300) NOT NULL,
    "Paragraphs" text NOT NULL,
    "Items" text NOT NULL,
    "Issuer" character varying(200) NOT NULL,
    CONSTRAINT "PK_Notices" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_Notices_Divisions_CommunityCode" FOREIGN KEY ("CommunityCode") REFERENCES "Divisions" ("Code") ON DELETE RESTRICT
);
CREATE UNIQUE INDEX "IX_Notices_Number" ON "Notices" ("Number");
CREATE INDEX "IX_Notices_CommunityCode_IssuedAtUtc" ON "Notices" ("CommunityCode", "IssuedAtUtc");
