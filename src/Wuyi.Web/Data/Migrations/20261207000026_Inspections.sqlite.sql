-- Migration 20261207000026_Inspections (SQLite): spot checks (督导检查) planned from the risk-ranked list, filled on the spot
-- (checkpoints and points of the scale as JSON arrays), their photos (stored like rectification evidence), and the
-- inspection a municipal inspection notice (市级检查通报) was issued on, as a foreign key of the veto. Frozen once released.
CREATE TABLE "Inspections" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Inspections" PRIMARY KEY,
    "CommunityCode" TEXT NOT NULL,
    "DistrictCode" TEXT NOT NULL,
    "State" INTEGER NOT NULL,
    "PlannedOn" TEXT NOT NULL,
    "PlannedAtUtc" TEXT NOT NULL,
    "PlannedByUserId" TEXT NOT NULL,
    "PlannedByName" TEXT NOT NULL,
    "InspectorUserId" TEXT NOT NULL,
    "InspectorName" TEXT NOT NULL,
    "RiskModelId" TEXT NOT NULL,
    "RiskScore" TEXT NOT NULL,
    "RiskReasons" TEXT NOT NULL,
    "ScaleVersionId" TEXT NOT NULL,
    "InspectedAtUtc" TEXT NULL,
    "Place" TEXT NULL,
    "Latitude" TEXT NULL,
    "Longitude" TEXT NULL,
    "Checkpoints" TEXT NOT NULL,
    "Indicators" TEXT NOT NULL,
    "Summary" TEXT NULL,
    "SubmittedAtUtc" TEXT NULL,
    "Outcome" INTEGER NULL,
    "DecidedAtUtc" TEXT NULL,
    "DecidedByUserId" TEXT NULL,
    "DecidedByName" TEXT NULL,
    "DecisionComment" TEXT NULL,
    "RectificationTaskId" TEXT NULL,
    "VetoId" TEXT NULL,
    "Version" INTEGER NOT NULL,
    CONSTRAINT "FK_Inspections_Divisions_CommunityCode" FOREIGN KEY ("CommunityCode") REFERENCES "Divisions" ("Code") ON DELETE RESTRICT
);
CREATE INDEX "IX_Inspections_CommunityCode_PlannedOn" ON "Inspections" ("CommunityCode", "PlannedOn");
CREATE INDEX "IX_Inspections_InspectorUserId_State" ON "Inspections" ("InspectorUserId", "State");
CREATE INDEX "IX_Inspections_State_PlannedOn" ON "Inspections" ("State", "PlannedOn");

CREATE TABLE "InspectionPhotos" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_InspectionPhotos" PRIMARY KEY,
    "InspectionId" TEXT NOT NULL,
    "CommunityCode" TEXT NOT NULL,
    "Kind" INTEGER NOT NULL,
    "FileName" TEXT NOT NULL,
    "StoredName" TEXT NOT NULL,
    "Length" INTEGER NOT NULL,
    "Sha256" TEXT NOT NULL,
    "UploadedAtUtc" TEXT NOT NULL,
    "UploadedByUserId" TEXT NOT NULL,
    CONSTRAINT "FK_InspectionPhotos_Inspections_InspectionId" FOREIGN KEY ("InspectionId") REFERENCES "Inspections" ("Id") ON DELETE RESTRICT
);
CREATE INDEX "IX_InspectionPhotos_InspectionId" ON "InspectionPhotos" ("InspectionId");
CREATE UNIQUE INDEX "IX_InspectionPhotos_StoredName" ON "InspectionPhotos" ("StoredName");

-- A column that may be null and refers to another table can be added in place (its default is null).
ALTER TABLE "VetoEvents" ADD "InspectionId" TEXT NULL CONSTRAINT "FK_VetoEvents_Inspections_InspectionId" REFERENCES "Inspections" ("Id") ON DELETE RESTRICT;
CREATE INDEX "IX_VetoEvents_InspectionId" ON "VetoEvents" ("InspectionId");
