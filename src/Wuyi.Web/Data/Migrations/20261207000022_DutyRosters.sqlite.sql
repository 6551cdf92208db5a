-- Migration 20261207000022_DutyRosters (SQLite): the checkpoint duty roster (值守排班, issue 14). A community uploads its
-- roster; each upload is a row of DutyRosterUploads (who, when, the file's name and SHA-256, the dates it covers and how
-- many shifts on record for those dates it replaced) and its shifts rows of DutyShifts (checkpoint, Beijing date, start
-- and end on the clock — an end at or before the start is the next day — and the person on duty, with the row of the
-- file). A new upload deletes the shifts of the dates it covers and inserts its own, in one transaction.
CREATE TABLE "DutyRosterUploads" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_DutyRosterUploads" PRIMARY KEY,
    "CommunityCode" TEXT NOT NULL,
    "AtUtc" TEXT NOT NULL,
    "ActorUserId" TEXT NOT NULL,
    "ActorName" TEXT NOT NULL,
    "FileName" TEXT NULL,
    "Sha256" TEXT NOT NULL,
    "Shifts" INTEGER NOT NULL,
    "FirstDate" TEXT NOT NULL,
    "LastDate" TEXT NOT NULL,
    "Days" INTEGER NOT NULL,
    "ReplacedShifts" INTEGER NOT NULL,
    "ReplacedDays" INTEGER NOT NULL,
    CONSTRAINT "FK_DutyRosterUploads_Divisions_CommunityCode" FOREIGN KEY ("CommunityCode") REFERENCES "Divisions" ("Code") ON DELETE RESTRICT
);

CREATE TABLE "DutyShifts" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_DutyShifts" PRIMARY KEY,
    "CommunityCode" TEXT NOT NULL,
    "UploadId" TEXT NOT NULL,
    "Row" INTEGER NOT NULL,
    "Checkpoint" TEXT NOT NULL,
    "Date" TEXT NOT NULL,
    "Start" TEXT NOT NULL,
    "End" TEXT NOT NULL,
    "Person" TEXT NOT NULL,
    CONSTRAINT "FK_DutyShifts_Divisions_CommunityCode" FOREIGN KEY ("CommunityCode") REFERENCES "Divisions" ("Code") ON DELETE RESTRICT,
    CONSTRAINT "FK_DutyShifts_DutyRosterUploads_UploadId" FOREIGN KEY ("UploadId") REFERENCES "DutyRosterUploads" ("Id") ON DELETE RESTRICT
);

CREATE INDEX "IX_DutyRosterUploads_CommunityCode_AtUtc" ON "DutyRosterUploads" ("CommunityCode", "AtUtc");
CREATE INDEX "IX_DutyShifts_CommunityCode_Date" ON "DutyShifts" ("CommunityCode", "Date");
CREATE INDEX "IX_DutyShifts_UploadId" ON "DutyShifts" ("UploadId");
