-- Reverts 20261122000002_CertificationRound.
DROP TABLE "Certifications";
DROP TABLE "ApplicationTransitions";
DROP TABLE "Applications";
DROP TABLE "VetoEvents";
DROP TABLE "HotlineComplaints";
DROP TABLE "PublicationBatches";
