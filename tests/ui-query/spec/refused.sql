-- A spec duckspec parses and DuckDB refuses: its CHECK calls a function DuckDB does not have.
CREATE TABLE job_metrics (
    tool VARCHAR NOT NULL CHECK (no_such_function(tool)),
    jobs BIGINT
);
