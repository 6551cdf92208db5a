-- Reverts 20261122000003_PublicListStamp.
DROP TABLE "PublicListStamps";
