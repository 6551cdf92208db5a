-- Migration 20261207000025_Notifications (PostgreSQL): the notification centre (提醒): one row per account and idempotent key
-- (rectification:{id}:{deadline}:due-3d, event:{id}, transition:{id}:new …), derived by the reminders job from the programme's
-- state, so that however often and on however many nodes the job runs each account is told once; and every attempt to deliver
-- one outside the app (channel, address, outcome, a bounded error). See docs/decisions/0019-reminders.md.
CREATE TABLE "Notifications" (
    "Id" uuid NOT NULL,
    "UserId" character varying(450) NOT NULL,
    "Key" character varying(200) NOT NULL,
    "Kind" integer NOT NULL,
    "Title" character varying(200) NOT NULL,
    "Body" character varying(1000) NOT NULL,
    "Link" character varying(300) NOT NULL,
    "CommunityCode" character varying(12),
    "CreatedAtUtc" timestamp with time zone NOT NULL,
    "ReadAtUtc" timestamp with time zone,
    "EmailState" integer NOT NULL,
    "EmailAttempts" integer NOT NULL,
    "NextEmailAtUtc" timestamp with time zone,
    CONSTRAINT "PK_Notifications" PRIMARY KEY ("Id")
);
CREATE UNIQUE INDEX "IX_Notifications_UserId_Key" ON "Notifications" ("UserId", "Key");
CREATE INDEX "IX_Notifications_UserId_ReadAtUtc" ON "Notifications" ("UserId", "ReadAtUtc");
CREATE INDEX "IX_Notifications_UserId_CreatedAtUtc" ON "Notifications" ("UserId", "CreatedAtUtc");
CREATE INDEX "IX_Notifications_Key" ON "Notifications" ("Key");
CREATE INDEX "IX_Notifications_EmailState_NextEmailAtUtc" ON "Notifications" ("EmailState", "NextEmailAtUtc");
CREATE TABLE "NotificationDeliveries" (
    "Id" uuid NOT NULL,
    "NotificationId" uuid NOT NULL,
    "Channel" integer NOT NULL,
    "Address" character varying(256) NOT NULL,
    "Attempt" integer NOT NULL,
    "AttemptedAtUtc" timestamp with time zone NOT NULL,
    "Outcome" integer NOT NULL,
    "Error" character varying(500),
    "Node" character varying(100) NOT NULL,
    CONSTRAINT "PK_NotificationDeliveries" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_NotificationDeliveries_Notifications_NotificationId" FOREIGN KEY ("NotificationId") REFERENCES "Notifications" ("Id") ON DELETE CASCADE
);
CREATE INDEX "IX_NotificationDeliveries_NotificationId" ON "NotificationDeliveries" ("NotificationId");
CREATE INDEX "IX_NotificationDeliveries_AttemptedAtUtc" ON "NotificationDeliveries" ("AttemptedAtUtc");
