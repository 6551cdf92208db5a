-- Migration 20261207000018_DashboardFigures (SQLite): the dashboards' summaries (统计汇总), kept in the transaction that
-- changes the records: each street's figures recomputed from its records, each district, province and the country ("")
-- moved by the difference. A figure is up to ten numbers under a key (funnel, day:2022-06-01, ind:<scale>:<code>, …);
-- decimals are kept in ten-thousandths. Filled from the records at the first start after this migration.
CREATE TABLE "DashboardFigures" (
    "Unit" TEXT NOT NULL,
    "Key" TEXT NOT NULL,
    "V0" INTEGER NOT NULL DEFAULT 0,
    "V1" INTEGER NOT NULL DEFAULT 0,
    "V2" INTEGER NOT NULL DEFAULT 0,
    "V3" INTEGER NOT NULL DEFAULT 0,
    "V4" INTEGER NOT NULL DEFAULT 0,
    "V5" INTEGER NOT NULL DEFAULT 0,
    "V6" INTEGER NOT NULL DEFAULT 0,
    "V7" INTEGER NOT NULL DEFAULT 0,
    "V8" INTEGER NOT NULL DEFAULT 0,
    "V9" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "PK_DashboardFigures" PRIMARY KEY ("Unit", "Key")
);

-- 积压与逾期 (the queues and their oldest wait) counted from the index alone, the whole country's in a few milliseconds.
DROP INDEX "IX_Applications_State_CommunityCode";
CREATE INDEX "IX_Applications_State_CommunityCode_UpdatedAtUtc" ON "Applications" ("State", "CommunityCode", "UpdatedAtUtc");
