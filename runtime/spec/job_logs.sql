-- The job-logs table duckspec ships: one row per tracing event, written by
-- `duckspec::job::LogTable` through a `duckspec::Sink`. Print it with `duckspec ddl`.
CREATE TABLE job_logs (
    ts             TIMESTAMP WITH TIME ZONE NOT NULL,
    level          VARCHAR NOT NULL,
    target         VARCHAR NOT NULL,
    message        VARCHAR NOT NULL,
    job_id         VARCHAR,
    tool           VARCHAR,
    plugin         VARCHAR,
    correlation_id VARCHAR,
    fields         JSON NOT NULL
);
COMMENT ON TABLE job_logs IS 'one row per tracing event';
COMMENT ON COLUMN job_logs.fields IS 'the event''s other fields, as a JSON object';
