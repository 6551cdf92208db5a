-- Migration 20261207000019_CertificateNumbers (PostgreSQL): every certification's certificate number (证书编号), e.g.
-- 京无疫证〔2022〕0108-0001: the province's character · 无疫证 · the year of certification (Beijing) · the district's code within
-- its province · the sequence within that district and year (docs/decisions/0012). Frozen once released.

-- Nullable as on SQLite (which cannot add a NOT NULL column to a table others refer to), so that one model fits both; every row gets its number here and every new one at publication, and the unique index refuses a number given twice.
ALTER TABLE "Certifications" ADD "Number" character varying(32);

-- Certifications on record are numbered in the order they were made (the community code as within a batch, then the id), per
-- district and year of certification, as PublicationBatch.Publish numbers new ones.
UPDATE "Certifications" AS c SET "Number" = n."Number"
FROM (
    SELECT s."Id",
           CASE substr(s."CommunityCode", 1, 2)
                WHEN '11' THEN '京' WHEN '12' THEN '津' WHEN '13' THEN '冀' WHEN '14' THEN '晋' WHEN '15' THEN '蒙' WHEN '21' THEN '辽'
                WHEN '22' THEN '吉' WHEN '23' THEN '黑' WHEN '31' THEN '沪' WHEN '32' THEN '苏' WHEN '33' THEN '浙' WHEN '34' THEN '皖'
                WHEN '35' THEN '闽' WHEN '36' THEN '赣' WHEN '37' THEN '鲁' WHEN '41' THEN '豫' WHEN '42' THEN '鄂' WHEN '43' THEN '湘'
                WHEN '44' THEN '粤' WHEN '45' THEN '桂' WHEN '46' THEN '琼' WHEN '50' THEN '渝' WHEN '51' THEN '川' WHEN '52' THEN '黔'
                WHEN '53' THEN '滇' WHEN '54' THEN '藏' WHEN '61' THEN '陕' WHEN '62' THEN '甘' WHEN '63' THEN '青' WHEN '64' THEN '宁'
                WHEN '65' THEN '新' WHEN '71' THEN '台' WHEN '81' THEN '港' WHEN '82' THEN '澳'
           END ||
           '无疫证〔' || to_char(s."CertifiedOn", 'YYYY') || '〕' || substr(s."CommunityCode", 3, 4) || '-' ||
           lpad(s."Sequence"::text, greatest(4, length(s."Sequence"::text)), '0') AS "Number" -- lpad alone would cut 10000 to 1000
    FROM (
        SELECT "Id", "CommunityCode", "CertifiedOn",
               ROW_NUMBER() OVER (PARTITION BY to_char("CertifiedOn", 'YYYY'), substr("CommunityCode", 1, 6)
                                  ORDER BY "CertifiedAtUtc", "CommunityCode", "Id") AS "Sequence"
        FROM "Certifications"
    ) AS s
) AS n
WHERE n."Id" = c."Id";

CREATE UNIQUE INDEX "IX_Certifications_Number" ON "Certifications" ("Number");
