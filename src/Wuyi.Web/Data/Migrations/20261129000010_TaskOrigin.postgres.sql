-- Migration 20261129000010_TaskOrigin (PostgreSQL): whether every cause of a rectification task is a veto, so that
-- annulling vetoes never withdraws a task that a re-evaluation also ordered. Frozen once released.
-- Tasks on record count as veto-only unless a re-evaluation's revocation is among their causes.
ALTER TABLE "RectificationTasks" ADD "VetoesOnly" boolean NOT NULL DEFAULT TRUE;
UPDATE "RectificationTasks" SET "VetoesOnly" = FALSE WHERE "Reason" LIKE '%重新评定未达标%';
ALTER TABLE "RectificationTasks" ALTER COLUMN "VetoesOnly" DROP DEFAULT;
