-- Migration 20261207000024_Appeals (PostgreSQL): a community's appeals (申诉复核) against a counted 12345 complaint, the district's
-- score or a veto, each decided (成立 / 驳回) with reasons by an official who took no part in the decision appealed; one open appeal per
-- decision (OpenKey). A complaint taken out of the deductions by an upheld appeal says so (WaivedByAppealId); those on record have none.
-- docs/decisions/0018. Frozen once released.
CREATE TABLE "Appeals" (
    "Id" uuid NOT NULL,
    "CommunityCode" character varying(12) NOT NULL,
    "DistrictCode" character varying(6) NOT NULL,
    "Subject" integer NOT NULL,
    "SubjectKey" character varying(64) NOT NULL,
    "SubjectLabel" character varying(500) NOT NULL,
    "DecidedOn" date NOT NULL,
    "LastDay" date NOT NULL,
    "Reasons" character varying(2000) NOT NULL,
    "FiledAtUtc" timestamp with time zone NOT NULL,
    "FiledByUserId" character varying(450) NOT NULL,
    "FiledByName" character varying(100) NOT NULL,
    "State" integer NOT NULL,
    "DecidedAtUtc" timestamp with time zone,
    "DecidedByUserId" character varying(450),
    "DecidedByName" character varying(100),
    "DecidedByRole" integer,
    "DecisionReasons" character varying(2000),
    "OpenKey" character varying(80),
    "Version" integer NOT NULL,
    CONSTRAINT "PK_Appeals" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_Appeals_Divisions_CommunityCode" FOREIGN KEY ("CommunityCode") REFERENCES "Divisions" ("Code") ON DELETE RESTRICT
);
CREATE UNIQUE INDEX "IX_Appeals_OpenKey" ON "Appeals" ("OpenKey");
CREATE INDEX "IX_Appeals_CommunityCode_FiledAtUtc" ON "Appeals" ("CommunityCode", "FiledAtUtc");
CREATE INDEX "IX_Appeals_State_CommunityCode" ON "Appeals" ("State", "CommunityCode");
ALTER TABLE "HotlineComplaints" ADD "WaivedByAppealId" uuid NULL;
