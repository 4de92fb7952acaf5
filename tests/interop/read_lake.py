"""Reads a duckspec lake with three engines nobody on the team wrote: Python `duckdb`
(`read_parquet(..., hive_partitioning = true)`), `pyarrow` (its datasets' hive partitioning) and
DataFusion (`table_partition_cols`). Run by the ignored Rust test
`python_engines_read_the_lake` (tests/lake.rs), which writes the lake and `expected.json`: for
every column of each table under "tables" (`every_type`, written from structs; `nested`, exported
from a database), the text DuckDB gives each inserted value (CAST AS VARCHAR), its type,
nullability and, where the lake stores another type, the one a reader sees; for the partitioned
`job_metrics`, row count, sum and partitions.

usage: read_lake.py LAKE_DIR EXPECTED_JSON   (exit 1 with every mismatch listed)
"""

import json
import re
import sys
from pathlib import Path

import datafusion
import duckdb
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

lake = Path(sys.argv[1])
expected = json.loads(Path(sys.argv[2]).read_text())
failures = []


def check(ok, message):
    if not ok:
        failures.append(message)


def lake_type(sql_type):
    """The type DuckDB reads back for a column of `sql_type`: what has no Parquet counterpart
    (128-bit integers, ENUM) is text, a fixed-size array is a list."""
    if sql_type.endswith("[]"):
        return lake_type(sql_type[:-2]) + "[]"
    array = re.fullmatch(r"(.*)\[\d+\]", sql_type)
    if array:
        return lake_type(array.group(1)) + "[]"
    if sql_type in ("HUGEINT", "UHUGEINT") or sql_type.startswith("ENUM") or sql_type == "mood":
        return "VARCHAR"
    return sql_type


SCALARS = {
    "BOOLEAN": pa.bool_(),
    "TINYINT": pa.int8(),
    "SMALLINT": pa.int16(),
    "INTEGER": pa.int32(),
    "BIGINT": pa.int64(),
    "UTINYINT": pa.uint8(),
    "USMALLINT": pa.uint16(),
    "UINTEGER": pa.uint32(),
    "UBIGINT": pa.uint64(),
    "FLOAT": pa.float32(),
    "DOUBLE": pa.float64(),
    "VARCHAR": pa.string(),
    "BLOB": pa.binary(),
    "DATE": pa.date32(),
    "TIME": pa.time64("us"),
    "TIMESTAMP": pa.timestamp("us"),
    "TIMESTAMP WITH TIME ZONE": pa.timestamp("us", tz="UTC"),
    "TIMESTAMP_MS": pa.timestamp("ms"),
    "TIMESTAMP_NS": pa.timestamp("ns"),
    "TIMESTAMPTZ_NS": pa.timestamp("ns", tz="UTC"),
    "TIME_NS": pa.time64("ns"),
}


def arrow_type_ok(sql_type, arrow_type, top=True):
    """Whether pyarrow's type for a column is the one the spec's type is written as."""
    sql_type = lake_type(sql_type) if not top else sql_type
    if sql_type.endswith("[]") or re.fullmatch(r".*\[\d+\]", sql_type):
        inner = sql_type[:-2] if sql_type.endswith("[]") else re.fullmatch(r"(.*)\[\d+\]", sql_type).group(1)
        return pa.types.is_list(arrow_type) and arrow_type_ok(lake_type(inner), arrow_type.value_type, top=False)
    if sql_type.startswith("ENUM") or sql_type == "mood":
        return pa.types.is_dictionary(arrow_type) and arrow_type.value_type == pa.string()
    if sql_type in ("HUGEINT", "UHUGEINT"):
        return arrow_type == pa.string()
    decimal = re.fullmatch(r"DECIMAL\((\d+),(\d+)\)", sql_type)
    if decimal:
        return arrow_type == pa.decimal128(int(decimal.group(1)), int(decimal.group(2)))
    if sql_type == "UUID":
        storage = getattr(arrow_type, "storage_type", arrow_type)
        return storage == pa.binary(16)
    if sql_type == "JSON":
        storage = getattr(arrow_type, "storage_type", arrow_type)
        return storage == pa.string()
    return SCALARS.get(sql_type) == arrow_type


con = duckdb.connect()


def texts(source, column, order):
    rows = con.sql(f'SELECT CAST("{column}" AS VARCHAR) FROM {source} ORDER BY "{order}"').fetchall()
    return [r[0] for r in rows]


for table, et in expected["tables"].items():
    order = et["order_by"]
    # DuckDB reads the files.
    source = f"read_parquet('{lake}/{table}/**/*.parquet', hive_partitioning = true)"
    types = dict(con.sql(f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM {source})").fetchall())
    check(list(types) == et["names"], f"duckdb: {table} columns {list(types)}, spec order {et['names']}")
    for name, column in et["columns"].items():
        want = column.get("lake_type") or lake_type(column["type"])
        check(types.get(name) == want, f"duckdb: {table}.{name} is {types.get(name)}, expected {want}")
        got = texts(source, name, order)
        check(got == column["values"], f"duckdb: {table}.{name} reads {got}, inserted {column['values']}")
    print(f"duckdb: {table}, {len(et['columns'])} columns compared")

    # pyarrow reads the files: types and nullability from its schema, values through DuckDB's
    # scan of the Arrow table pyarrow produced.
    pyarrow_table = pq.read_table(lake / table)
    check(pyarrow_table.schema.names == et["names"], f"pyarrow: {table} columns {pyarrow_table.schema.names}")
    rows = len(next(iter(et["columns"].values()))["values"])
    check(pyarrow_table.num_rows == rows, f"pyarrow: {table} has {pyarrow_table.num_rows} rows")
    for name, column in et["columns"].items():
        field = pyarrow_table.schema.field(name)
        if "lake_type" not in column and not column["type"].startswith(("STRUCT", "MAP")):
            check(arrow_type_ok(column["type"], field.type), f"pyarrow: {table}.{name} is {field.type}, spec type {column['type']}")
        check(field.nullable == column["nullable"], f"pyarrow: {table}.{name} nullable={field.nullable}, spec {column['nullable']}")
        got = texts("pyarrow_table", name, order)
        check(got == column["values"], f"pyarrow: {table}.{name} reads {got}, inserted {column['values']}")
    print(f"pyarrow: {table}, {len(et['columns'])} columns compared")

# The partitioned table, through both.
jm = expected["job_metrics"]
source = f"read_parquet('{lake}/job_metrics/**/*.parquet', hive_partitioning = true)"
count, total, parts = con.sql(f"SELECT count(*), sum(duration_ms), count(DISTINCT (day, host)) FROM {source}").fetchall()[0]
check((count, total, parts) == (jm["rows"], jm["duration_sum"], jm["partitions"]), f"duckdb: job_metrics {count}, {total}, {parts}")
hosts = sorted((r[0] for r in con.sql(f"SELECT DISTINCT host FROM {source}").fetchall()), key=lambda h: (h is None, h))
check(hosts == jm["hosts"], f"duckdb: hosts {hosts}")
wrong = con.sql(f"SELECT count(*) FROM {source} WHERE CAST(day AS DATE) <> CAST(timezone('UTC', started_at) AS DATE)").fetchall()[0][0]
check(wrong == 0, f"duckdb: {wrong} rows in the wrong day partition")
print(f"duckdb: job_metrics, {count} rows in {parts} partitions")

# pyarrow's hive partitioning infers the partition columns from the directory names (it failed
# to merge `day` when the files held the partition columns too).
dataset = ds.dataset(lake / "job_metrics", format="parquet", partitioning="hive")
arrow = dataset.to_table()
check(arrow.num_rows == jm["rows"], f"pyarrow: job_metrics {arrow.num_rows} rows")
check(pa.compute.sum(arrow["duration_ms"]).as_py() == jm["duration_sum"], "pyarrow: duration_ms sum")
check(sorted(arrow.schema.names) == sorted(["job_id", "started_at", "duration_ms", "day", "host"]), f"pyarrow: columns {arrow.schema.names}")
check(arrow.schema.field("host").type == pa.string(), f"pyarrow: host is {arrow.schema.field('host').type}")
arrow_hosts = sorted(set(arrow["host"].to_pylist()), key=lambda h: (h is None, h))
check(arrow_hosts == jm["hosts"], f"pyarrow: hosts {arrow_hosts}")
wrong_day = sum(1 for d, t in zip(arrow["day"].to_pylist(), arrow["started_at"].to_pylist()) if str(d) != t.date().isoformat())
check(wrong_day == 0, f"pyarrow: {wrong_day} rows whose day directory is not their started_at's UTC day")
print(f"pyarrow: job_metrics, {arrow.num_rows} rows through hive partitioning")

# DataFusion, given the partition columns' types as `table_partition_cols`: the same rows per
# day and host as DuckDB. (DataFusion 55 reads Hive's NULL directory as its name, not as NULL.)
ctx = datafusion.SessionContext()
ctx.register_parquet("jm", str(lake / "job_metrics"), table_partition_cols=[("day", pa.date32()), ("host", pa.string())])
group_key = lambda g: (g[0], g[1] is None, g[1] or "")
df_groups = sorted(
    (
        (str(r["day"]), None if r["host"] == "__HIVE_DEFAULT_PARTITION__" else r["host"], r["n"], r["total"])
        for r in ctx.sql("SELECT day, host, count(*) AS n, sum(duration_ms) AS total FROM jm GROUP BY day, host").to_pylist()
    ),
    key=group_key,
)
duck_groups = sorted(
    (
        (str(r[0]), r[1], r[2], r[3])
        for r in con.sql(f"SELECT CAST(day AS DATE), host, count(*), sum(duration_ms) FROM {source} GROUP BY ALL").fetchall()
    ),
    key=group_key,
)
check(len(df_groups) == jm["partitions"] and df_groups == duck_groups, f"datafusion: {df_groups} vs duckdb {duck_groups}")
print(f"datafusion: job_metrics, {len(df_groups)} partitions with DuckDB's rows")

for failure in failures:
    print("MISMATCH", failure)
sys.exit(1 if failures else 0)
