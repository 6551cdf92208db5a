-- Migration 20261207000016_IndicatorFindings (SQLite): the district's finding by indicator (评定意见), kept with its scores
-- as a JSON object (indicator code → text), like the scores. Required by the domain where the district scores an indicator
-- below the self-assessment; applications on record have none.
ALTER TABLE "Applications" ADD "DistrictIndicatorFindings" TEXT NOT NULL DEFAULT '{}';
