-- Migration 20261207000023_ResidentReports (SQLite): residents' reports on a community (群众监督), taken without an
-- account, never public, found by a random receipt number; the photo lives under the uploads folder. Frozen once released.

CREATE TABLE "ResidentReports" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_ResidentReports" PRIMARY KEY,
    "Receipt" TEXT NOT NULL,
    "CommunityCode" TEXT NOT NULL,
    "DistrictCode" TEXT NOT NULL,
    "Kind" INTEGER NOT NULL,
    "Text" TEXT NOT NULL,
    "Contact" TEXT NULL,
    "ReceivedAtUtc" TEXT NOT NULL,
    "Status" INTEGER NOT NULL,
    "PhotoStoredName" TEXT NULL,
    "PhotoContentType" TEXT NULL,
    "PhotoLength" INTEGER NULL,
    "PhotoSha256" TEXT NULL,
    "PublicOutcome" TEXT NULL,
    "InternalNote" TEXT NULL,
    "PassedToInspectionAtUtc" TEXT NULL,
    "ClosedAtUtc" TEXT NULL,
    "HandledByUserId" TEXT NULL,
    "HandledByName" TEXT NULL,
    "UpdatedAtUtc" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    CONSTRAINT "FK_ResidentReports_Divisions_CommunityCode" FOREIGN KEY ("CommunityCode") REFERENCES "Divisions" ("Code") ON DELETE RESTRICT
);
CREATE UNIQUE INDEX "IX_ResidentReports_Receipt" ON "ResidentReports" ("Receipt");
CREATE INDEX "IX_ResidentReports_CommunityCode_ReceivedAtUtc" ON "ResidentReports" ("CommunityCode", "ReceivedAtUtc");
CREATE INDEX "IX_ResidentReports_Status_ReceivedAtUtc" ON "ResidentReports" ("Status", "ReceivedAtUtc");
