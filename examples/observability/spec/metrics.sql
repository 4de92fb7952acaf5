-- Governance spec for the observability server's metrics database.
-- Reviewed like code: every change here is a schema change, and the build checks the Rust
-- definitions against it.

CREATE TYPE job_status AS ENUM ('queued', 'running', 'succeeded', 'failed', 'cancelled');

-- One row per job run by the server.
CREATE TABLE job_metrics (
    job_id        VARCHAR PRIMARY KEY,
    tool          VARCHAR NOT NULL,
    status        job_status NOT NULL,
    started_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    duration_ms   BIGINT NOT NULL CHECK (duration_ms >= 0),
    frames_in     BIGINT NOT NULL,
    frames_out    BIGINT NOT NULL,
    input_uri     VARCHAR NOT NULL,
    error_message VARCHAR,
    recorded_at   TIMESTAMP WITH TIME ZONE DEFAULT current_timestamp
);

-- One row per plugin invocation within a job.
CREATE TABLE plugin_metrics (
    job_id       VARCHAR NOT NULL,
    plugin       VARCHAR NOT NULL,
    version      VARCHAR NOT NULL,
    outcome      VARCHAR NOT NULL CHECK (outcome IN ('ok', 'skipped', 'error')),
    duration_ms  BIGINT NOT NULL,
    frames       BIGINT NOT NULL,
    PRIMARY KEY (job_id, plugin)
);

-- One row per overlay rendered onto a job's output.
CREATE TABLE overlay_metrics (
    job_id          VARCHAR NOT NULL,
    overlay_kind    VARCHAR NOT NULL,
    frame_index     BIGINT NOT NULL,
    render_time_us  BIGINT NOT NULL,
    items           INTEGER NOT NULL
);

-- Which device a job asked for and which it got.
CREATE TABLE device_usage (
    job_id            VARCHAR NOT NULL,
    requested_device  VARCHAR NOT NULL,
    actual_device     VARCHAR NOT NULL,
    fallback          BOOLEAN NOT NULL DEFAULT false,
    fallback_reason   VARCHAR,
    peak_memory_mb    DOUBLE NOT NULL,
    PRIMARY KEY (job_id, requested_device)
);

COMMENT ON TABLE job_metrics IS 'one row per job';
COMMENT ON COLUMN device_usage.fallback_reason IS 'why the requested device was not used, e.g. out of memory';

-- The job logs, as duckspec ships them (`duckspec ddl` of duckspec's runtime/spec/job_logs.sql):
-- every tracing event of a job lands here, joinable with the metrics by job_id.
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
