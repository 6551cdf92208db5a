-- Migration 20261207000015_CaseNumbers (SQLite): every application's case number (办件编号), e.g. 2022-110108-0042:
-- year in Beijing time · district code · sequence within the district and year. Frozen once released.

-- Nullable only because SQLite cannot add a NOT NULL column without a default to a table others refer to; every row
-- gets its number here and every new one when it is created, and the unique index refuses a number given twice.
ALTER TABLE "Applications" ADD "CaseNumber" TEXT NULL;

-- Applications on record are numbered in the order they were created (the id breaks a tie), per district and year.
WITH "Numbered" AS (
    SELECT "Id",
           strftime('%Y', "CreatedAtUtc", '+8 hours') || '-' || "DistrictCode" || '-' ||
           printf('%04d', ROW_NUMBER() OVER (PARTITION BY strftime('%Y', "CreatedAtUtc", '+8 hours'), "DistrictCode" ORDER BY "CreatedAtUtc", "Id")) AS "Number"
    FROM "Applications"
)
UPDATE "Applications" SET "CaseNumber" = (SELECT "Number" FROM "Numbered" WHERE "Numbered"."Id" = "Applications"."Id");

CREATE UNIQUE INDEX "IX_Applications_CaseNumber" ON "Applications" ("CaseNumber");
