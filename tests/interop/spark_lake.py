"""Reads a duckspec Parquet lake with Apache Spark (pyspark, local mode) and computes what a
dashboard asks of it — count, sum and p95 of duration_ms per tool and UTC day — comparing each
with DuckDB's on the source database. Run by the ignored Rust test
`python_spark_reads_the_lake_and_agrees_with_duckdb` (tests/lake.rs).

Spark reads the lake by its partition discovery (the hive layout: `day` and `host` come from
the directory names, typed DATE and STRING by Spark's inference, Hive's default directory as
NULL); every row's `day` must be its `started_at`'s UTC day, and the groups per tool, day and host
must equal DuckDB's.

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
frame = spark.read.parquet(f"{lake}/job_metrics")
types = dict(frame.dtypes)
wrong_day = frame.filter(F.col("day") != F.to_date("started_at")).count()
rows = (
    frame.groupBy("tool", F.col("day").cast("string").alias("day"), "host")
    .agg(F.count("*").alias("n"), F.sum("duration_ms").alias("total"), F.percentile("duration_ms", 0.95).alias("p95"))
    .collect()
)
key = lambda g: (g[0], g[1], g[2] is None, g[2] or "")
got = sorted(((r["tool"], r["day"], r["host"], r["n"], r["total"], r["p95"]) for r in rows), key=key)
spark.stop()

con = duckdb.connect(source, read_only=True)
expected = sorted(
    con.execute(
        """SELECT tool, CAST(started_at AT TIME ZONE 'UTC' AS DATE)::VARCHAR AS day, host, count(*), sum(duration_ms),
                  quantile_cont(duration_ms, 0.95)
           FROM job_metrics GROUP BY ALL"""
    ).fetchall(),
    key=key,
)

failures = []
if types.get("day") != "date" or types.get("host") != "string":
    failures.append(f"spark: partition columns typed {types}")
if wrong_day:
    failures.append(f"spark: {wrong_day} rows whose day directory is not their started_at's UTC day")
if len(got) != len(expected):
    failures.append(f"spark: {len(got)} groups, DuckDB {len(expected)}")
for g, e in zip(got, expected):
    close = all(abs(a - b) <= 1e-9 * max(1.0, abs(b)) for a, b in [(g[4], e[4]), (g[5], e[5])])
    if (g[0], g[1], g[2], g[3]) != (e[0], e[1], e[2], e[3]) or not close:
        failures.append(f"spark: group {g} differs from DuckDB's {e}")
print(f"spark: job_metrics: {len(got)} groups (count, sum, p95 per tool, day and host, by partition discovery) equal DuckDB's")
if failures:
    print("\n".join(failures), file=sys.stderr)
    sys.exit(1)
