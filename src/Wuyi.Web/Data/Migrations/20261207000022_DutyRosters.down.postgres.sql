-- Reverts 20261207000022_DutyRosters (PostgreSQL).
DROP TABLE "DutyShifts";
DROP TABLE "DutyRosterUploads";
