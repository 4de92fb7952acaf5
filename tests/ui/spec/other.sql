CREATE TABLE plugin_metrics (
    job_id VARCHAR NOT NULL,
    plugin VARCHAR NOT NULL,
    PRIMARY KEY (job_id, plugin)
);
