-- Reverts 20261129000009_Uploads (PostgreSQL). The files themselves stay in the uploads folder.
DROP TABLE "EvidenceFiles";
