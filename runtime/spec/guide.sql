-- The spec of the crate documentation's guide (runtime/src/lib.rs): a governance spec as a team
-- keeps one in its repository, reviewed like code.
CREATE TABLE job_metrics (
    job_id      VARCHAR PRIMARY KEY,
    tool        VARCHAR NOT NULL,
    duration_ms BIGINT NOT NULL CHECK (duration_ms >= 0),
    device      VARCHAR
);
COMMENT ON TABLE job_metrics IS 'one row per job';
