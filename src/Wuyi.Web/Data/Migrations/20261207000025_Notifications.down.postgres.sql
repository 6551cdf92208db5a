-- Reverts 20261207000025_Notifications (PostgreSQL).
DROP TABLE "NotificationDeliveries";
DROP TABLE "Notifications";
