-- Migration 20261123000005_DynamicManagement (PostgreSQL): vetoes with their full record and a foreign key to the
-- division tree, rectification tasks, re-evaluations, the programme history, revocation and suspension links,
-- and the foreign key of pass-mark changes. Frozen once released.

ALTER TABLE "VetoEvents" ADD "DocumentReference" character varying(500);
ALTER TABLE "VetoEvents" ADD "RecordedByName" character varying(100) NOT NULL DEFAULT '';
ALTER TABLE "VetoEvents" ALTER COLUMN "RecordedByName" DROP DEFAULT;
ALTER TABLE "VetoEvents" ADD "AnnulledByUserId" character varying(450);
ALTER TABLE "VetoEvents" ADD "AnnulmentReason" character varying(2000);
ALTER TABLE "VetoEvents" ADD "ClearedByTaskId" uuid;
ALTER TABLE "VetoEvents" ADD CONSTRAINT "FK_VetoEvents_Divisions_CommunityCode" FOREIGN KEY ("CommunityCode") REFERENCES "Divisions" ("Code") ON DELETE RESTRICT;

ALTER TABLE "PassMarkChanges" ADD "SetByName" character varying(100) NOT NULL DEFAULT '';
ALTER TABLE "PassMarkChanges" ALTER COLUMN "SetByName" DROP DEFAULT;
ALTER TABLE "PassMarkChanges" ALTER COLUMN "Reason" TYPE character varying(2000);
ALTER TABLE "PassMarkChanges" ADD CONSTRAINT "FK_PassMarkChanges_ScaleVersions_ScaleVersionId" FOREIGN KEY ("ScaleVersionId") REFERENCES "ScaleVersions" ("Id") ON DELETE RESTRICT;

ALTER TABLE "Applications" ADD "SuspendedByVetoId" uuid;
ALTER TABLE "Certifications" ADD "RevokedByVetoId" uuid;
ALTER TABLE "Certifications" ADD "RestoredAtUtc" timestamp with time zone;

CREATE TABLE "RectificationTasks" (
    "Id" uuid NOT NULL,
    "CommunityCode" character varying(12) NOT NULL,
    "DistrictCode" character varying(6) NOT NULL,
    "Reason" text NOT NULL,
    "OpenedAtUtc" timestamp with time zone NOT NULL,
    "Deadline" date NOT NULL,
    "State" integer NOT NULL,
    "Report" character varying(4000),
    "Evidence" character varying(2000),
    "ReportedAtUtc" timestamp with time zone,
    "Returns" integer NOT NULL,
    "DecisionComment" character varying(2000),
    "ClosedAtUtc" timestamp with time zone,
    "OpenForCommunity" character varying(12),
    "Version" integer NOT NULL,
    CONSTRAINT "PK_RectificationTasks" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_RectificationTasks_Divisions_CommunityCode" FOREIGN KEY ("CommunityCode") REFERENCES "Divisions" ("Code") ON DELETE RESTRICT
);

CREATE TABLE "ReEvaluations" (
    "Id" uuid NOT NULL,
    "CommunityCode" character varying(12) NOT NULL,
    "DistrictCode" character varying(6) NOT NULL,
    "Cause" integer NOT NULL,
    "Detail" character varying(4000) NOT NULL,
    "Explanation" text,
    "CertificationId" uuid,
    "ApplicationId" uuid,
    "VetoId" uuid,
    "OpenedAtUtc" timestamp with time zone NOT NULL,
    "State" integer NOT NULL,
    "DecidedAtUtc" timestamp with time zone,
    "DecidedByUserId" character varying(450),
    "DecidedByName" character varying(100),
    "Comment" character varying(2000),
    "OpenKey" character varying(32),
    "Version" integer NOT NULL,
    CONSTRAINT "PK_ReEvaluations" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_ReEvaluations_Divisions_CommunityCode" FOREIGN KEY ("CommunityCode") REFERENCES "Divisions" ("Code") ON DELETE RESTRICT
);

CREATE TABLE "ProgrammeEvents" (
    "Id" uuid NOT NULL,
    "Kind" integer NOT NULL,
    "CommunityCode" character varying(12),
    "AtUtc" timestamp with time zone NOT NULL,
    "ActorUserId" character varying(450) NOT NULL,
    "ActorName" character varying(100) NOT NULL,
    "ActorRole" integer NOT NULL,
    "ActorDivisionCode" character varying(12) NOT NULL,
    "Summary" text NOT NULL,
    "PublicSummary" character varying(1000),
    "SubjectId" uuid,
    CONSTRAINT "PK_ProgrammeEvents" PRIMARY KEY ("Id")
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
