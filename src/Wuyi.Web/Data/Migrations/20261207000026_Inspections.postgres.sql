-- Migration 20261207000026_Inspections (PostgreSQL): spot checks (督导检查) planned from the risk-ranked list, filled on the
-- spot (checkpoints and points of the scale as JSON arrays), their photos (stored like rectification evidence), and the
-- inspection a municipal inspection notice (市级检查通报) was issued on, as a foreign key of the veto. Frozen once released.
CREATE TABLE "Inspections" (
    "Id" uuid NOT NULL,
    "CommunityCode" character varying(12) NOT NULL,
    "DistrictCode" character varying(6) NOT NULL,
    "State" integer NOT NULL,
    "PlannedOn" date NOT NULL,
    "PlannedAtUtc" timestamp with time zone NOT NULL,
    "PlannedByUserId" character varying(450) NOT NULL,
    "PlannedByName" character varying(100) NOT NULL,
    "InspectorUserId" character varying(450) NOT NULL,
    "InspectorName" character varying(100) NOT NULL,
    "RiskModelId" character varying(64) NOT NULL,
    "RiskScore" numeric(7,1) NOT NULL,
    "RiskReasons" character varying(1000) NOT NULL,
    "ScaleVersionId" character varying(64) NOT NULL,
    "InspectedAtUtc" timestamp with time zone NULL,
    "Place" character varying(200) NULL,
    "Latitude" numeric(9,6) NULL,
    "Longitude" numeric(9,6) NULL,
    "Checkpoints" text NOT NULL,
    "Indicators" text NOT NULL,
    "Summary" character varying(2000) NULL,
    "SubmittedAtUtc" timestamp with time zone NULL,
    "Outcome" integer NULL,
    "DecidedAtUtc" timestamp with time zone NULL,
    "DecidedByUserId" character varying(450) NULL,
    "DecidedByName" character varying(100) NULL,
    "DecisionComment" character varying(2000) NULL,
    "RectificationTaskId" uuid NULL,
    "VetoId" uuid NULL,
    "Version" integer NOT NULL,
    CONSTRAINT "PK_Inspections" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_Inspections_Divisions_CommunityCode" FOREIGN KEY ("CommunityCode") REFERENCES "Divisions" ("Code") ON DELETE RESTRICT
);
CREATE INDEX "IX_Inspections_CommunityCode_PlannedOn" ON "Inspections" ("CommunityCode", "PlannedOn");
CREATE INDEX "IX_Inspections_InspectorUserId_State" ON "Inspections" ("InspectorUserId", "State");
CREATE INDEX "IX_Inspections_State_PlannedOn" ON "Inspections" ("State", "PlannedOn");

CREATE TABLE "InspectionPhotos" (
    "Id" uuid NOT NULL,
    "InspectionId" uuid NOT NULL,
    "CommunityCode" character varying(12) NOT NULL,
    "Kind" integer NOT NULL,
    "FileName" character varying(260) NOT NULL,
    "StoredName" character varying(32) NOT NULL,
    "Length" bigint NOT NULL,
    "Sha256" character varying(64) NOT NULL,
    "UploadedAtUtc" timestamp with time zone NOT NULL,
    "UploadedByUserId" character varying(450) NOT NULL,
    CONSTRAINT "PK_InspectionPhotos" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_InspectionPhotos_Inspections_InspectionId" FOREIGN KEY ("InspectionId") REFERENCES "Inspections" ("Id") ON DELETE RESTRICT
);
CREATE INDEX "IX_InspectionPhotos_InspectionId" ON "InspectionPhotos" ("InspectionId");
CREATE UNIQUE INDEX "IX_InspectionPhotos_StoredName" ON "InspectionPhotos" ("StoredName");

ALTER TABLE "VetoEvents" ADD "InspectionId" uuid NULL;
ALTER TABLE "VetoEvents" ADD CONSTRAINT "FK_VetoEvents_Inspections_InspectionId" FOREIGN KEY ("InspectionId") REFERENCES "Inspections" ("Id") ON DELETE RESTRICT;
CREATE INDEX "IX_VetoEvents_InspectionId" ON "VetoEvents" ("InspectionId");
