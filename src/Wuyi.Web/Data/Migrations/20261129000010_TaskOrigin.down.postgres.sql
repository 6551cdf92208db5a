-- Reverts 20261129000010_TaskOrigin (PostgreSQL).
ALTER TABLE "RectificationTasks" DROP COLUMN "VetoesOnly";
