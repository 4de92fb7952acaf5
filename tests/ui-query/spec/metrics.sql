-- A copy of tests/spec/metrics.sql: the spec the checked-query UI cases are checked against.
CREATE TYPE job_status AS ENUM ('queued', 'running', 'succeeded', 'failed');

CREATE TABLE job_metrics (
    job_id      VARCHAR PRIMARY KEY,
    tool        VARCHAR NOT NULL,
    status      job_status NOT NULL,
    started_at  TIMESTAMPTZ NOT NULL,
    duration_ms BIGINT NOT NULL CHECK (duration_ms >= 0),
    device      VARCHAR,
    cost        DECIMAL(10,2) NOT NULL,
    recorded_at TIMESTAMPTZ DEFAULT current_timestamp
);

CREATE TABLE plugin_metrics (
    job_id  VARCHAR NOT NULL REFERENCES job_metrics (job_id),
    plugin  VARCHAR NOT NULL,
    outcome VARCHAR NOT NULL,
    PRIMARY KEY (job_id, plugin)
);
