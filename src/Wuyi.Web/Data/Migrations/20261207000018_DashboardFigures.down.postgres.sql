-- Reverts 20261207000018_DashboardFigures (PostgreSQL).
DROP TABLE "DashboardFigures";
DROP INDEX "IX_Applications_State_CommunityCode_UpdatedAtUtc";
CREATE INDEX "IX_Applications_State_CommunityCode" ON "Applications" ("State", "CommunityCode");
