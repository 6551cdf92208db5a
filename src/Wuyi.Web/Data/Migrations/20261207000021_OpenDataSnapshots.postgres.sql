-- Migration 20261207000021_OpenDataSnapshots (PostgreSQL): the open dataset's daily snapshots (开放数据每日快照). One row per
-- Beijing day, the key, so that several nodes taking the same day keep one (INSERT … ON CONFLICT DO NOTHING): the
-- certified list as it stood at the end of the day, its three files exactly as first served (JSON and CSV gzip-compressed,
-- the .xlsx as it is) with the SHA-256 of each as served; or, for a day that could not be taken honestly, the reason it is
-- missing and no files. Rows are never changed. See docs/decisions/0014-open-data.md.
CREATE TABLE "OpenDataSnapshots" (
    "Date" date NOT NULL,
    "SchemaVersion" integer NOT NULL,
    "TakenAtUtc" timestamp with time zone NOT NULL,
    "RowCount" integer NOT NULL,
    "MissingReason" character varying(500),
    "Json" bytea,
    "JsonSha256" character varying(64),
    "Csv" bytea,
    "CsvSha256" character varying(64),
    "Xlsx" bytea,
    "XlsxSha256" character varying(64),
    CONSTRAINT "PK_OpenDataSnapshots" PRIMARY KEY ("Date")
);
