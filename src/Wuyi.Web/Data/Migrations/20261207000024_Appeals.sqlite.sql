-- Migration 20261207000024_Appeals (SQLite): a community's appeals (申诉复核) against a counted 12345 complaint, the district's
-- score or a veto, each decided (成立 / 驳回) with reasons by an official who took no part in the decision appealed; one open appeal per
-- decision (OpenKey). A complaint taken out of the deductions by an upheld appeal says so (WaivedByAppealId); those on record have none.
-- docs/decisions/0018. Frozen once released.
CREATE TABLE "Appeals" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Appeals" PRIMARY KEY,
    "CommunityCode" TEXT NOT NULL,
    "DistrictCode" TEXT NOT NULL,
    "Subject" INTEGER NOT NULL,
    "SubjectKey" TEXT NOT NULL,
    "SubjectLabel" TEXT NOT NULL,
    "DecidedOn" TEXT NOT NULL,
    "LastDay" TEXT NOT NULL,
    "Reasons" TEXT NOT NULL,
    "FiledAtUtc" TEXT NOT NULL,
    "FiledByUserId" TEXT NOT NULL,
    "FiledByName" TEXT NOT NULL,
    "State" INTEGER NOT NULL,
    "DecidedAtUtc" TEXT NULL,
    "DecidedByUserId" TEXT NULL,
    "DecidedByName" TEXT NULL,
    "DecidedByRole" INTEGER NULL,
    "DecisionReasons" TEXT NULL,
    "OpenKey" TEXT NULL,
    "Version" INTEGER NOT NULL,
    CONSTRAINT "FK_Appeals_Divisions_CommunityCode" FOREIGN KEY ("CommunityCode") REFERENCES "Divisions" ("Code") ON DELETE RESTRICT
);
CREATE UNIQUE INDEX "IX_Appeals_OpenKey" ON "Appeals" ("OpenKey");
CREATE INDEX "IX_Appeals_CommunityCode_FiledAtUtc" ON "Appeals" ("CommunityCode", "FiledAtUtc");
CREATE INDEX "IX_Appeals_State_CommunityCode" ON "Appeals" ("State", "CommunityCode");
ALTER TABLE "HotlineComplaints" ADD "WaivedByAppealId" TEXT NULL;
