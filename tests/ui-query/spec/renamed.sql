-- tests/spec/metrics.sql with job_metrics.duration_ms renamed to duration: a spec changed under a query.
CREATE TYPE job_status AS ENUM ('queued', 'running', 'succeeded', 'failed');

CREATE TABLE job_metrics (
    job_id      VARCHAR PRIMARY KEY,
    tool        VARCHAR NOT NULL,
    status      job_status NOT NULL,
    started_at  TIMESTAMPTZ NOT NULL,
    duration    BIGINT NOT NULL CHECK (duration >= 0),
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
