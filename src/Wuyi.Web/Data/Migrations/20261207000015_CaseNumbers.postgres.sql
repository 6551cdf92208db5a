-- Migration 20261207000015_CaseNumbers (PostgreSQL): every application's case number (办件编号), e.g. 2022-110108-0042:
-- year in Beijing time · district code · sequence within the district and year. Frozen once released.

-- Nullable as on SQLite (which cannot add a NOT NULL column to a table others refer to), so that one model fits both;
-- every row gets its number here and every new one when it is created, and the unique index refuses a number given twice.
ALTER TABLE "Applications" ADD "CaseNumber" character varying(20);

-- Applications on record are numbered in the order they were created (the id breaks a tie), per district and year.
UPDATE "Applications" AS a SET "CaseNumber" = n."Number"
FROM (
    SELECT "Id",
           to_char("CreatedAtUtc" AT TIME ZONE 'Asia/Shanghai', 'YYYY') || '-' || "DistrictCode" || '-' ||
           lpad((ROW_NUMBER() OVER (PARTITION BY to_char("CreatedAtUtc" AT TIME ZONE 'Asia/Shanghai', 'YYYY'), "DistrictCode"
                                    ORDER BY "CreatedAtUtc", "Id"))::text, 4, '0') AS "Number"
    FROM "Applications"
) AS n
WHERE n."Id" = a."Id";

CREATE UNIQUE INDEX "IX_Applications_CaseNumber" ON "Applications" ("CaseNumber");
