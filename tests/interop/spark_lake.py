"""Reads a duckspec Parquet lake with Apache Spark (pyspark, local mode) and computes what a
dashboard asks of it — count, sum and p95 of duration_ms per tool and UTC day — comparing each
with DuckDB's on the source database. Run by the ignored Rust test
`python_spark_reads_the_lake_and_agrees_with_duckdb` (tests/lake.rs).

Spark reads the files recursively (`recursiveFileLookup`), not by partition discovery: the lake
keeps partition columns inside the files too, and Spark refuses a column that is both in the
data and in the directory names. The day comes from `started_at`, as DuckDB's does.

usage: spark_lake.py LAKE_DIR SOURCE_DUCKDB   (exit 1 with every mismatch listed)
"""

import sys

import duckdb
from pyspark.sql import SparkSession, functions as F

lake, source = sys.argv[1:3]
spark = (
    SparkSession.builder.master("local[1]")
    .appName("duckspec-lake")
    .config("spark.sql.session.timeZone", "UTC")
    .config("spark.ui.enabled", "false")
    .getOrCreate()
)
frame = spark.read.option("recursiveFileLookup", "true").parquet(f"{lake}/job_metrics")
rows = (
    frame.groupBy("tool", F.to_date("started_at").cast("string").alias("day"))
    .agg(F.count("*").alias("n"), F.sum("duration_ms").alias("total"), F.percentile("duration_ms", 0.95).alias("p95"))
    .orderBy("tool", "day")
    .collect()
)
got = [(r["tool"], r["day"], r["n"], r["total"], r["p95"]) for r in rows]
spark.stop()

con = duckdb.connect(source, read_only=True)
expected = con.execute(
    """SELECT tool, CAST(started_at AT TIME ZONE 'UTC' AS DATE)::VARCHAR AS day, count(*), sum(duration_ms),
              quantile_cont(duration_ms, 0.95)
       FROM job_metrics GROUP BY ALL ORDER BY tool, day"""
).fetchall()

failures = []
if len(got) != len(expected):
    failures.append(f"spark: {len(got)} groups, DuckDB {len(expected)}")
for g, e in zip(got, expected):
    close = all(abs(a - b) <= 1e-9 * max(1.0, abs(b)) for a, b in [(g[3], e[3]), (g[4], e[4])])
    if (g[0], g[1], g[2]) != (e[0], e[1], e[2]) or not close:
        failures.append(f"spark: group {g} differs from DuckDB's {e}")
print(f"spark: job_metrics: {len(got)} groups (count, sum, p95 per tool and day) equal DuckDB's")
if failures:
    print("\n".join(failures), file=sys.stderr)
    sys.exit(1)
