-- Migration 20261207000022_DutyRosters (PostgreSQL): the checkpoint duty roster (值守排班, issue 14). A community uploads its
-- roster; each upload is a row of DutyRosterUploads (who, when, the file's name and SHA-256, the dates it covers and how
-- many shifts on record for those dates it replaced) and its shifts rows of DutyShifts (checkpoint, Beijing date, start
-- and end on the clock — an end at or before the start is the next day — and the person on duty, with the row of the
-- file). A new upload deletes the shifts of the dates it covers and inserts its own, in one transaction.
CREATE TABLE "DutyRosterUploads" (
    "Id" uuid NOT NULL,
    "CommunityCode" character varying(12) NOT NULL,
    "AtUtc" timestamp with time zone NOT NULL,
    "ActorUserId" character varying(450) NOT NULL,
    "ActorName" character varying(100) NOT NULL,
    "FileName" character varying(260),
    "Sha256" character varying(64) NOT NULL,
    "Shifts" integer NOT NULL,
    "FirstDate" date NOT NULL,
    "LastDate" date NOT NULL,
    "Days" integer NOT NULL,
    "ReplacedShifts" integer NOT NULL,
    "ReplacedDays" integer NOT NULL,
    CONSTRAINT "PK_DutyRosterUploads" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_DutyRosterUploads_Divisions_CommunityCode" FOREIGN KEY ("CommunityCode") REFERENCES "Divisions" ("Code") ON DELETE RESTRICT
);

CREATE TABLE "DutyShifts" (
    "Id" uuid NOT NULL,
    "CommunityCode" character varying(12) NOT NULL,
    "UploadId" uuid NOT NULL,
    "Row" integer NOT NULL,
    "Checkpoint" character varying(50) NOT NULL,
    "Date" date NOT NULL,
    "Start" time without time zone NOT NULL,
    "End" time without time zone NOT NULL,
    "Person" character varying(50) NOT NULL,
    CONSTRAINT "PK_DutyShifts" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_DutyShifts_Divisions_CommunityCode" FOREIGN KEY ("CommunityCode") REFERENCES "Divisions" ("Code") ON DELETE RESTRICT,
    CONSTRAINT "FK_DutyShifts_DutyRosterUploads_UploadId" FOREIGN KEY ("UploadId") REFERENCES "DutyRosterUploads" ("Id") ON DELETE RESTRICT
);

CREATE INDEX "IX_DutyRosterUploads_CommunityCode_AtUtc" ON "DutyRosterUploads" ("CommunityCode", "AtUtc");
CREATE INDEX "IX_DutyShifts_CommunityCode_Date" ON "DutyShifts" ("CommunityCode", "Date");
CREATE INDEX "IX_DutyShifts_UploadId" ON "DutyShifts" ("UploadId");
