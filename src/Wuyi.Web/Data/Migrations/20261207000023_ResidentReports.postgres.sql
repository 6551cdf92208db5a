-- Migration 20261207000023_ResidentReports (PostgreSQL): residents' reports on a community (群众监督), taken without an
-- account, never public, found by a random receipt number; the photo lives under the uploads folder. Frozen once released.

CREATE TABLE "ResidentReports" (
    "Id" uuid NOT NULL,
    "Receipt" character varying(12) NOT NULL,
    "CommunityCode" character varying(12) NOT NULL,
    "DistrictCode" character varying(6) NOT NULL,
    "Kind" integer NOT NULL,
    "Text" character varying(1000) NOT NULL,
    "Contact" character varying(32) NULL,
    "ReceivedAtUtc" timestamp with time zone NOT NULL,
    "Status" integer NOT NULL,
    "PhotoStoredName" character varying(32) NULL,
    "PhotoContentType" character varying(32) NULL,
    "PhotoLength" bigint NULL,
    "PhotoSha256" character varying(64) NULL,
    "PublicOutcome" character varying(200) NULL,
    "InternalNote" character varying(2000) NULL,
    "PassedToInspectionAtUtc" timestamp with time zone NULL,
    "ClosedAtUtc" timestamp with time zone NULL,
    "HandledByUserId" character varying(450) NULL,
    "HandledByName" character varying(100) NULL,
    "UpdatedAtUtc" timestamp with time zone NOT NULL,
    "Version" integer NOT NULL,
    CONSTRAINT "PK_ResidentReports" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_ResidentReports_Divisions_CommunityCode" FOREIGN KEY ("CommunityCode") REFERENCES "Divisions" ("Code") ON DELETE RESTRICT
);
CREATE UNIQUE INDEX "IX_ResidentReports_Receipt" ON "ResidentReports" ("Receipt");
CREATE INDEX "IX_ResidentReports_CommunityCode_ReceivedAtUtc" ON "ResidentReports" ("CommunityCode", "ReceivedAtUtc");
CREATE INDEX "IX_ResidentReports_Status_ReceivedAtUtc" ON "ResidentReports" ("Status", "ReceivedAtUtc");
