-- Migration 20261123000005_DynamicManagement (SQLite): vetoes with their full record and a foreign key to the
-- division tree, rectification tasks, re-evaluations, the programme history, revocation and suspension links,
-- and the foreign key of pass-mark changes. Frozen once released.

-- SQLite cannot add a foreign key to a table: VetoEvents and PassMarkChanges are rebuilt (nothing refers to them).
CREATE TABLE "VetoEvents_new" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_VetoEvents" PRIMARY KEY,
    "CommunityCode" TEXT NOT NULL,
    "Kind" INTEGER NOT NULL,
    "OccurredAtUtc" TEXT NOT NULL,
    "Source" TEXT NOT NULL,
    "Description" TEXT NOT NULL,
    "DocumentReference" TEXT NULL,
    "ManagementLapse" INTEGER NOT NULL,
    "RecordedAtUtc" TEXT NOT NULL,
    "RecordedByUserId" TEXT NOT NULL,
    "RecordedByName" TEXT NOT NULL,
    "AnnulledAtUtc" TEXT NULL,
    "AnnulledByUserId" TEXT NULL,
    "AnnulmentReason" TEXT NULL,
    "ClearedAtUtc" TEXT NULL,
    "ClearedByTaskId" TEXT NULL,
    CONSTRAINT "FK_VetoEvents_Divisions_CommunityCode" FOREIGN KEY ("CommunityCode") REFERENCES "Divisions" ("Code") ON DELETE RESTRICT
);

INSERT INTO "VetoEvents_new" ("Id", "CommunityCode", "Kind", "OccurredAtUtc", "Source", "Description", "DocumentReference",
    "ManagementLapse", "RecordedAtUtc", "RecordedByUserId", "RecordedByName", "AnnulledAtUtc", "AnnulledByUserId",
    "AnnulmentReason", "ClearedAtUtc", "ClearedByTaskId")
SELECT "Id", "CommunityCode", "Kind", "OccurredAtUtc", "Source", "Description", NULL,
    "ManagementLapse", "RecordedAtUtc", "RecordedByUserId", '', "AnnulledAtUtc", NULL, NULL, "ClearedAtUtc", NULL
FROM "VetoEvents";
DROP TABLE "VetoEvents";
ALTER TABLE "VetoEvents_new" RENAME TO "VetoEvents";
CREATE INDEX "IX_VetoEvents_CommunityCode" ON "VetoEvents" ("CommunityCode");

CREATE TABLE "PassMarkChanges_new" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_PassMarkChanges" PRIMARY KEY,
    "ScaleVersionId" TEXT NOT NULL,
    "EffectiveFrom" TEXT NOT NULL,
    "Value" TEXT NOT NULL,
    "SetByUserId" TEXT NOT NULL,
    "SetByName" TEXT NOT NULL,
    "SetAtUtc" TEXT NOT NULL,
    "Reason" TEXT NULL,
    CONSTRAINT "FK_PassMarkChanges_ScaleVersions_ScaleVersionId" FOREIGN KEY ("ScaleVersionId") REFERENCES "ScaleVersions" ("Id") ON DELETE RESTRICT
);

INSERT INTO "PassMarkChanges_new" ("Id", "ScaleVersionId", "EffectiveFrom", "Value", "SetByUserId", "SetByName", "SetAtUtc", "Reason")
SELECT "Id", "ScaleVersionId", "EffectiveFrom", "Value", "SetByUserId", '', "SetAtUtc", "Reason" FROM "PassMarkChanges";
DROP TABLE "PassMarkChanges";
ALTER TABLE "PassMarkChanges_new" RENAME TO "PassMarkChanges";
CREATE UNIQUE INDEX "IX_PassMarkChanges_ScaleVersionId_EffectiveFrom" ON "PassMarkChanges" ("ScaleVersionId", "EffectiveFrom");

ALTER TABLE "Applications" ADD "SuspendedByVetoId" TEXT NULL;
ALTER TABLE "Certifications" ADD "RevokedByVetoId" TEXT NULL;
ALTER TABLE "Certifications" ADD "RestoredAtUtc" TEXT NULL;

CREATE TABLE "RectificationTasks" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_RectificationTasks" PRIMARY KEY,
    "CommunityCode" TEXT NOT NULL,
    "DistrictCode" TEXT NOT NULL,
    "Reason" TEXT NOT NULL,
    "OpenedAtUtc" TEXT NOT NULL,
    "Deadline" TEXT NOT NULL,
    "State" INTEGER NOT NULL,
    "Report" TEXT NULL,
    "Evidence" TEXT NULL,
    "ReportedAtUtc" TEXT NULL,
    "Returns" INTEGER NOT NULL,
    "DecisionComment" TEXT NULL,
    "ClosedAtUtc" TEXT NULL,
    "OpenForCommunity" TEXT NULL,
    "Version" INTEGER NOT NULL,
    CONSTRAINT "FK_RectificationTasks_Divisions_CommunityCode" FOREIGN KEY ("CommunityCode") REFERENCES "Divisions" ("Code") ON DELETE RESTRICT
);

CREATE TABLE "ReEvaluations" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_ReEvaluations" PRIMARY KEY,
    "CommunityCode" TEXT NOT NULL,
    "DistrictCode" TEXT NOT NULL,
    "Cause" INTEGER NOT NULL,
    "Detail" TEXT NOT NULL,
    "Explanation" TEXT NULL,
    "CertificationId" TEXT NULL,
    "ApplicationId" TEXT NULL,
    "VetoId" TEXT NULL,
    "OpenedAtUtc" TEXT NOT NULL,
    "State" INTEGER NOT NULL,
    "DecidedAtUtc" TEXT NULL,
    "DecidedByUserId" TEXT NULL,
    "DecidedByName" TEXT NULL,
    "Comment" TEXT NULL,
    "OpenKey" TEXT NULL,
    "Version" INTEGER NOT NULL,
    CONSTRAINT "FK_ReEvaluations_Divisions_CommunityCode" FOREIGN KEY ("CommunityCode") REFERENCES "Divisions" ("Code") ON DELETE RESTRICT
);

CREATE TABLE "ProgrammeEvents" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_ProgrammeEvents" PRIMARY KEY,
    "Kind" INTEGER NOT NULL,
    "CommunityCode" TEXT NULL,
    "AtUtc" TEXT NOT NULL,
    "ActorUserId" TEXT NOT NULL,
    "ActorName" TEXT NOT NULL,
    "ActorRole" INTEGER NOT NULL,
    "ActorDivisionCode" TEXT NOT NULL,
    "Summary" TEXT NOT NULL,
    "PublicSummary" TEXT NULL,
    "SubjectId" TEXT NULL
);

CREATE INDEX "IX_Applications_SuspendedByVetoId" ON "Applications" ("SuspendedByVetoId");
CREATE INDEX "IX_Certifications_RevokedByVetoId" ON "Certifications" ("RevokedByVetoId");
CREATE INDEX "IX_ProgrammeEvents_CommunityCode_AtUtc" ON "ProgrammeEvents" ("CommunityCode", "AtUtc");
CREATE INDEX "IX_ProgrammeEvents_Kind_AtUtc" ON "ProgrammeEvents" ("Kind", "AtUtc");
CREATE INDEX "IX_ProgrammeEvents_SubjectId" ON "ProgrammeEvents" ("SubjectId");
CREATE INDEX "IX_RectificationTasks_CommunityCode_OpenedAtUtc" ON "RectificationTasks" ("CommunityCode", "OpenedAtUtc");
CREATE UNIQUE INDEX "IX_RectificationTasks_OpenForCommunity" ON "RectificationTasks" ("OpenForCommunity");
CREATE INDEX "IX_RectificationTasks_State_Deadline" ON "RectificationTasks" ("State", "Deadline");
CREATE INDEX "IX_ReEvaluations_CommunityCode" ON "ReEvaluations" ("CommunityCode");
CREATE UNIQUE INDEX "IX_ReEvaluations_OpenKey" ON "ReEvaluations" ("OpenKey");
CREATE INDEX "IX_ReEvaluations_State_CommunityCode" ON "ReEvaluations" ("State", "CommunityCode");
