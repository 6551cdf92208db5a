-- Reverts 20261207000022_DutyRosters (SQLite).
DROP TABLE "DutyShifts";
DROP TABLE "DutyRosterUploads";
