-- The governance spec the UI cases are checked against.
CREATE TYPE job_status AS ENUM ('queued', 'running', 'done');

CREATE TABLE job_metrics (
    job_id      VARCHAR PRIMARY KEY,
    tool        VARCHAR NOT NULL,
    duration_ms BIGINT NOT NULL CHECK (duration_ms >= 0),
    device      VARCHAR,
    retries     INTEGER NOT NULL DEFAULT 0,
    status      job_status NOT NULL,
    UNIQUE (tool, device)
);

CREATE TABLE plugin_metrics (
    job_id VARCHAR NOT NULL,
    plugin VARCHAR NOT NULL,
    PRIMARY KEY (job_id, plugin)
);
