-- A spec with a syntax error: a query against it fails at the spec path, with file:line:col.
CREATE TABLE job_metrics (
    tool VARCHAR NOT NUL,
    jobs BIGINT
);
