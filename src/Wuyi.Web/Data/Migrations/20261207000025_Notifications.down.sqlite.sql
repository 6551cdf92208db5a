-- Reverts 20261207000025_Notifications (SQLite).
DROP TABLE "NotificationDeliveries";
DROP TABLE "Notifications";
