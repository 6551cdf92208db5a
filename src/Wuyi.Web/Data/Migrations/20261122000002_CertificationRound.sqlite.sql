-- Migration 20261122000002_CertificationRound (SQLite): applications and their append-only history, publication batches,
-- certifications, and the facts the engine judges on (hotline complaints, veto events).
-- Generated from the model once (schema-script command), reviewed, then frozen: never edit a released migration.

CREATE TABLE "PublicationBatches" (
    "Number" INTEGER NOT NULL CONSTRAINT "PK_PublicationBatches" PRIMARY KEY,
    "Title" TEXT NOT NULL,
    "PublishedOn" TEXT NOT NULL,
    "PublishedAtUtc" TEXT NOT NULL,
    "PublishedByUserId" TEXT NOT NULL,
    "PublishedByName" TEXT NOT NULL,
    "CommunityCount" INTEGER NOT NULL
);

CREATE TABLE "HotlineComplaints" (
    "Number" TEXT NOT NULL CONSTRAINT "PK_HotlineComplaints" PRIMARY KEY,
    "CommunityCode" TEXT NOT NULL,
    "ReceivedAtUtc" TEXT NOT NULL,
    "EpidemicRelated" INTEGER NOT NULL,
    "ResponseDeadlineUtc" TEXT NOT NULL,
    "RespondedAtUtc" TEXT NULL,
    "FollowUp" INTEGER NOT NULL,
    "ImportedAtUtc" TEXT NOT NULL
);

CREATE TABLE "VetoEvents" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_VetoEvents" PRIMARY KEY,
    "CommunityCode" TEXT NOT NULL,
    "Kind" INTEGER NOT NULL,
    "OccurredAtUtc" TEXT NOT NULL,
    "Source" TEXT NOT NULL,
    "Description" TEXT NOT NULL,
    "ManagementLapse" INTEGER NOT NULL,
    "RecordedAtUtc" TEXT NOT NULL,
    "RecordedByUserId" TEXT NOT NULL,
    "AnnulledAtUtc" TEXT NULL,
    "ClearedAtUtc" TEXT NULL
);

CREATE TABLE "Applications" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Applications" PRIMARY KEY,
    "CommunityCode" TEXT NOT NULL,
    "StreetCode" TEXT NOT NULL,
    "DistrictCode" TEXT NOT NULL,
    "ScaleVersionId" TEXT NOT NULL,
    "State" INTEGER NOT NULL,
    "OpenForCommunity" TEXT NULL,
    "Version" INTEGER NOT NULL,
    "SelfScores" TEXT NOT NULL,
    "SelfNote" TEXT NULL,
    "DistrictScores" TEXT NOT NULL,
    "DistrictFindings" TEXT NULL,
    "BatchNumber" INTEGER NULL,
    "CreatedAtUtc" TEXT NOT NULL,
    "UpdatedAtUtc" TEXT NOT NULL,
    "SubmittedAtUtc" TEXT NULL,
    CONSTRAINT "FK_Applications_Divisions_CommunityCode" FOREIGN KEY ("CommunityCode") REFERENCES "Divisions" ("Code") ON DELETE RESTRICT,
    CONSTRAINT "FK_Applications_ScaleVersions_ScaleVersionId" FOREIGN KEY ("ScaleVersionId") REFERENCES "ScaleVersions" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "ApplicationTransitions" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_ApplicationTransitions" PRIMARY KEY,
    "ApplicationId" TEXT NOT NULL,
    "Sequence" INTEGER NOT NULL,
    "Action" INTEGER NOT NULL,
    "From" INTEGER NULL,
    "To" INTEGER NOT NULL,
    "ActorUserId" TEXT NOT NULL,
    "ActorName" TEXT NOT NULL,
    "ActorRole" INTEGER NOT NULL,
    "ActorDivisionCode" TEXT NOT NULL,
    "AtUtc" TEXT NOT NULL,
    "Comment" TEXT NULL,
    "Explanation" TEXT NULL,
    CONSTRAINT "FK_ApplicationTransitions_Applications_ApplicationId" FOREIGN KEY ("ApplicationId") REFERENCES "Applications" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "Certifications" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Certifications" PRIMARY KEY,
    "CommunityCode" TEXT NOT NULL,
    "ApplicationId" TEXT NOT NULL,
    "BatchNumber" INTEGER NOT NULL,
    "CertifiedOn" TEXT NOT NULL,
    "CertifiedAtUtc" TEXT NOT NULL,
    "ActiveForCommunity" TEXT NULL,
    "RevokedAtUtc" TEXT NULL,
    "RevocationReason" TEXT NULL,
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
