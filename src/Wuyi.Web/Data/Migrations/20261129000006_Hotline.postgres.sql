-- Migration 20261129000006_Hotline (PostgreSQL): the 12345 import log, and each complaint's community (a foreign key
-- to the division tree) and last import. Frozen once released.

CREATE TABLE "HotlineImports" (
    "Id" uuid NOT NULL,
    "AtUtc" timestamp with time zone NOT NULL,
    "ActorUserId" character varying(450) NOT NULL,
    "ActorName" character varying(100) NOT NULL,
    "ActorDivisionCode" character varying(12) NOT NULL,
    "Source" integer NOT NULL,
    "FileName" character varying(260),
    "Sha256" character varying(64),
    "Rows" integer NOT NULL,
    "Inserted" integer NOT NULL,
    "Updated" integer NOT NULL,
    "Unchanged" integer NOT NULL,
    "Rejected" integer NOT NULL,
    "SkipInvalid" boolean NOT NULL,
    "ReEvaluationsQueued" integer NOT NULL,
    "Rejections" text,
    CONSTRAINT "PK_HotlineImports" PRIMARY KEY ("Id")
);
CREATE INDEX "IX_HotlineImports_AtUtc" ON "HotlineImports" ("AtUtc");

ALTER TABLE "HotlineComplaints" ADD "ImportId" uuid;
ALTER TABLE "HotlineComplaints" ADD CONSTRAINT "FK_HotlineComplaints_Divisions_CommunityCode" FOREIGN KEY ("CommunityCode") REFERENCES "Divisions" ("Code") ON DELETE RESTRICT;
