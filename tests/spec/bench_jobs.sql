-- The job-metrics table of the benchmarks (tests/benches/common), as a spec, for the checked
-- query benchmark (tests/benches/query.rs).
CREATE TABLE job_metrics (
    job_id      BIGINT NOT NULL,
    tool        VARCHAR NOT NULL,
    duration_ms DOUBLE NOT NULL,
    succeeded   BOOLEAN NOT NULL,
    frames      INTEGER,
    started_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    trace_id    UUID NOT NULL
);
