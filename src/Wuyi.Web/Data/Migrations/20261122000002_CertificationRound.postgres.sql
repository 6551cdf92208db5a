-- Migration 20261122000002_CertificationRound (PostgreSQL): applications and their append-only history, publication batches,
-- certifications, and the facts the engine judges on (hotline complaints, veto events).
-- Generated from the model once (schema-script command), reviewed, then frozen: never edit a released migration.

CREATE TABLE "PublicationBatches" (
    "Number" integer NOT NULL,
    "Title" character varying(200) NOT NULL,
    "PublishedOn" date NOT NULL,
    "PublishedAtUtc" timestamp with time zone NOT NULL,
    "PublishedByUserId" character varying(450) NOT NULL,
    "PublishedByName" character varying(100) NOT NULL,
    "CommunityCount" integer NOT NULL,
    CONSTRAINT "PK_PublicationBatches" PRIMARY KEY ("Number")
);

CREATE TABLE "HotlineComplaints" (
    "Number" character varying(64) NOT NULL,
    "CommunityCode" character varying(12) NOT NULL,
    "ReceivedAtUtc" timestamp with time zone NOT NULL,
    "EpidemicRelated" boolean NOT NULL,
    "ResponseDeadlineUtc" timestamp with time zone NOT NULL,
    "RespondedAtUtc" timestamp with time zone,
    "FollowUp" integer NOT NULL,
    "ImportedAtUtc" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_HotlineComplaints" PRIMARY KEY ("Number")
);

CREATE TABLE "VetoEvents" (
    "Id" uuid NOT NULL,
    "CommunityCode" character varying(12) NOT NULL,
    "Kind" integer NOT NULL,
    "OccurredAtUtc" timestamp with time zone NOT NULL,
    "Source" character varying(200) NOT NULL,
    "Description" character varying(4000) NOT NULL,
    "ManagementLapse" boolean NOT NULL,
    "RecordedAtUtc" timestamp with time zone NOT NULL,
    "RecordedByUserId" character varying(450) NOT NULL,
    "AnnulledAtUtc" timestamp with time zone,
    "ClearedAtUtc" timestamp with time zone,
    CONSTRAINT "PK_VetoEvents" PRIMARY KEY ("Id")
);

CREATE TABLE "Applications" (
    "Id" uuid NOT NULL,
    "CommunityCode" character varying(12) NOT NULL,
    "StreetCode" character varying(9) NOT NULL,
    "DistrictCode" character varying(6) NOT NULL,
    "ScaleVersionId" character varying(64) NOT NULL,
    "State" integer NOT NULL,
    "OpenForCommunity" character varying(12),
    "Version" integer NOT NULL,
    "SelfScores" text NOT NULL,
    "SelfNote" character varying(2000),
    "DistrictScores" text NOT NULL,
    "DistrictFindings" character varying(4000),
    "BatchNumber" integer,
    "CreatedAtUtc" timestamp with time zone NOT NULL,
    "UpdatedAtUtc" timestamp with time zone NOT NULL,
    "SubmittedAtUtc" timestamp with time zone,
    CONSTRAINT "PK_Applications" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_Applications_Divisions_CommunityCode" FOREIGN KEY ("CommunityCode") REFERENCES "Divisions" ("Code") ON DELETE RESTRICT,
    CONSTRAINT "FK_Applications_ScaleVersions_ScaleVersionId" FOREIGN KEY ("ScaleVersionId") REFERENCES "ScaleVersions" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "ApplicationTransitions" (
    "Id" uuid NOT NULL,
    "ApplicationId" uuid NOT NULL,
    "Sequence" integer NOT NULL,
    "Action" integer NOT NULL,
    "From" integer,
    "To" integer NOT NULL,
    "ActorUserId" character varying(450) NOT NULL,
    "ActorName" character varying(100) NOT NULL,
    "ActorRole" integer NOT NULL,
    "ActorDivisionCode" character varying(12) NOT NULL,
    "AtUtc" timestamp with time zone NOT NULL,
    "Comment" character varying(2000),
    "Explanation" text,
    CONSTRAINT "PK_ApplicationTransitions" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_ApplicationTransitions_Applications_ApplicationId" FOREIGN KEY ("ApplicationId") REFERENCES "Applications" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "Certifications" (
    "Id" uuid NOT NULL,
    "CommunityCode" character varying(12) NOT NULL,
    "ApplicationId" uuid NOT NULL,
    "BatchNumber" integer NOT NULL,
    "CertifiedOn" date NOT NULL,
    "CertifiedAtUtc" timestamp with time zone NOT NULL,
    "ActiveForCommunity" character varying(12),
    "RevokedAtUtc" timestamp with time zone,
    "RevocationReason" character varying(2000),
    CONSTRAINT "PK_Certifications" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_Certifications_Applications_ApplicationId" FOREIGN KEY ("ApplicationId") REFERENCES "Applications" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Certifications_Divisions_CommunityCode" FOREIGN KEY ("CommunityCode") REFERENCES "Divisions" ("Code") ON DELETE RESTRICT,
    CONSTRAINT "FK_Certifications_PublicationBatches_BatchNumber" FOREIGN KEY ("BatchNumber") REFERENCES "PublicationBatches" ("Number") ON DELETE RESTRICT
);

CREATE INDEX "IX_Applications_CommunityCode_CreatedAtUtc" ON "Applications" ("CommunityCode", "CreatedAtUtc");

CREATE UNIQUE INDEX "IX_Applications_OpenForCommunity" ON "Applications" ("OpenForCommunity");

CREATE INDEX "IX_Applications_ScaleVersionId" ON "Applications" ("ScaleVersionId");

CREATE INDEX "IX_Applications_State_CommunityCode" ON "Applications" ("State", "CommunityCode");

CREATE UNIQUE INDEX "IX_ApplicationTransitions_ApplicationId_Sequence" ON "ApplicationTransitions" ("ApplicationId", "Sequence");

CREATE UNIQUE INDEX "IX_Certifications_ActiveForCommunity" ON "Certifications" ("ActiveForCommunity");

CREATE INDEX "IX_Certifications_ApplicationId" ON "Certifications" ("ApplicationId");

CREATE INDEX "IX_Certifications_BatchNumber" ON "Certifications" ("BatchNumber");

CREATE INDEX "IX_Certifications_CommunityCode" ON "Certifications" ("CommunityCode");

CREATE INDEX "IX_HotlineComplaints_CommunityCode_ReceivedAtUtc" ON "HotlineComplaints" ("CommunityCode", "ReceivedAtUtc");

CREATE INDEX "IX_VetoEvents_CommunityCode" ON "VetoEvents" ("CommunityCode");
