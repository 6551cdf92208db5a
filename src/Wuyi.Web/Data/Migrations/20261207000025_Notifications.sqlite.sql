-- Migration 20261207000025_Notifications (SQLite): the notification centre (提醒): one row per account and idempotent key
-- (rectification:{id}:{deadline}:due-3d, event:{id}, transition:{id}:new …), derived by the reminders job from the programme's
-- state, so that however often and on however many nodes the job runs each account is told once; and every attempt to deliver
-- one outside the app (channel, address, outcome, a bounded error). See docs/decisions/0019-reminders.md.
CREATE TABLE "Notifications" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Notifications" PRIMARY KEY,
    "UserId" TEXT NOT NULL,
    "Key" TEXT NOT NULL,
    "Kind" INTEGER NOT NULL,
    "Title" TEXT NOT NULL,
    "Body" TEXT NOT NULL,
    "Link" TEXT NOT NULL,
    "CommunityCode" TEXT NULL,
    "CreatedAtUtc" TEXT NOT NULL,
    "ReadAtUtc" TEXT NULL,
    "EmailState" INTEGER NOT NULL,
    "EmailAttempts" INTEGER NOT NULL,
    "NextEmailAtUtc" TEXT NULL
);
CREATE UNIQUE INDEX "IX_Notifications_UserId_Key" ON "Notifications" ("UserId", "Key");
CREATE INDEX "IX_Notifications_UserId_ReadAtUtc" ON "Notifications" ("UserId", "ReadAtUtc");
CREATE INDEX "IX_Notifications_UserId_CreatedAtUtc" ON "Notifications" ("UserId", "CreatedAtUtc");
CREATE INDEX "IX_Notifications_Key" ON "Notifications" ("Key");
CREATE INDEX "IX_Notifications_EmailState_NextEmailAtUtc" ON "Notifications" ("EmailState", "NextEmailAtUtc");
CREATE TABLE "NotificationDeliveries" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_NotificationDeliveries" PRIMARY KEY,
    "NotificationId" TEXT NOT NULL,
    "Channel" INTEGER NOT NULL,
    "Address" TEXT NOT NULL,
    "Attempt" INTEGER NOT NULL,
    "AttemptedAtUtc" TEXT NOT NULL,
    "Outcome" INTEGER NOT NULL,
    "Error" TEXT NULL,
    "Node" TEXT NOT NULL,
    CONSTRAINT "FK_NotificationDeliveries_Notifications_NotificationId" FOREIGN KEY ("NotificationId") REFERENCES "Notifications" ("Id") ON DELETE CASCADE
);
CREATE INDEX "IX_NotificationDeliveries_NotificationId" ON "NotificationDeliveries" ("NotificationId");
CREATE INDEX "IX_NotificationDeliveries_AttemptedAtUtc" ON "NotificationDeliveries" ("AttemptedAtUtc");
