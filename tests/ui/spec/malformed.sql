CREATE TABLE job_metrics (
    job_id VARCHAR PRIMARY KEY,
    tool VARCHAR NOT NUL
);
