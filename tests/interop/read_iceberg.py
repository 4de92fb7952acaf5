"""Reads the Iceberg tables duckspec wrote with engines nobody on the team wrote: pyiceberg (the
SQL catalog on SQLite, scanned to Arrow) and Daft (`daft.read_iceberg`). Run by the ignored Rust
test `python_engines_read_the_iceberg_tables` (tests/iceberg.rs), which writes the catalog and a
DuckDB file holding the same rows inserted the usual way.

- pyiceberg: every table's current snapshot, scanned to Arrow, equals the DuckDB table value for
  value (EXCEPT ALL both ways through Python duckdb, each value as DuckDB's text; a UUID Iceberg
  stores as 16 bytes compared by its hex digits).
- pyiceberg: after `migrate` added a column, the current snapshot reads it (NULL for older rows)
  and the snapshot from before the migration still reads.
- Daft: count, sum and p95 (exact percentiles on both sides) of duration_ms per host and UTC day
  of job_metrics equal DuckDB's on the source file.

usage: read_iceberg.py CATALOG_DB WAREHOUSE_DIR SOURCE_DUCKDB   (exit 1 with every mismatch listed)
"""

import os
import sys

import daft
import duckdb
from pyiceberg.catalog.sql import SqlCatalog

catalog_db, warehouse, source = sys.argv[1:4]
catalog = SqlCatalog("duckspec", uri=f"sqlite:///{catalog_db}", warehouse=f"file://{warehouse}")
con = duckdb.connect(source, read_only=True)
failures = []


def text(column, sql_type, arrow_side_type):
    """A value as comparable text on either side."""
    name = f'"{column}"'
    if sql_type == "UUID":
        return f"lower(hex({name}))" if arrow_side_type == "BLOB" else f"replace(CAST({name} AS VARCHAR), '-', '')"
    return f"CAST({name} AS VARCHAR)"


for name in ["every_type", "job_metrics"]:
    table = catalog.load_table(f"main.{name}")
    scanned = table.scan().to_arrow()
    con.register("scanned", scanned)
    columns = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
        [name],
    ).fetchall()
    scanned_types = dict(con.execute("SELECT column_name, column_type FROM (DESCRIBE scanned)").fetchall())
    left = ", ".join(text(c, t, None) if t != "UUID" else text(c, t, "UUID") for c, t in columns)
    right = ", ".join(text(c, t, scanned_types.get(c)) for c, t in columns)
    source_rows = f"SELECT {left} FROM {name}"
    iceberg_rows = f"SELECT {right} FROM scanned"
    missing = con.execute(f"SELECT count(*) FROM (({source_rows}) EXCEPT ALL ({iceberg_rows}))").fetchall()[0][0]
    extra = con.execute(f"SELECT count(*) FROM (({iceberg_rows}) EXCEPT ALL ({source_rows}))").fetchall()[0][0]
    rows = con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0]
    if missing or extra or scanned.num_rows != rows:
        failures.append(f"pyiceberg {name}: {missing} source rows missing, {extra} extra, {scanned.num_rows} of {rows} rows")
    print(f"pyiceberg: {name}: {scanned.num_rows} rows equal DuckDB's, snapshot {table.current_snapshot().snapshot_id}")
    con.unregister("scanned")

# Schema evolution: the current snapshot has the added column (NULL in the rows written before
# it), and the snapshot from before the migration still reads, with its rows only.
evolving = catalog.load_table("main.evolving")
current = evolving.scan().to_arrow().sort_by("id").to_pydict()
if current.get("device") != [None, None, None, "gpu", "gpu"] or current["id"] != [0, 1, 2, 3, 4]:
    failures.append(f"pyiceberg evolving: current snapshot reads {current}")
# The metadata lists snapshots in no particular order (iceberg-rust keeps them in a map).
first = min(evolving.metadata.snapshots, key=lambda snapshot: snapshot.sequence_number).snapshot_id
before = evolving.scan(snapshot_id=first).to_arrow().sort_by("id").to_pydict()
if before["id"] != [0, 1, 2] or before["name"] != ["n0", "n1", "n2"]:
    failures.append(f"pyiceberg evolving: the first snapshot reads {before}")
print(f"pyiceberg: evolving: {len(evolving.metadata.snapshots)} snapshots, the added column reads NULL in old rows, the first snapshot still reads")

# Daft: the aggregates a dashboard asks, against DuckDB's on the source.
expected = con.execute(
    """SELECT host, CAST(started_at AT TIME ZONE 'UTC' AS DATE)::VARCHAR AS day, count(*), sum(duration_ms),
              quantile_cont(duration_ms, 0.95)
       FROM job_metrics GROUP BY ALL ORDER BY host NULLS LAST, day"""
).fetchall()
frame = daft.read_iceberg(catalog.load_table("main.job_metrics"))
frame = frame.with_column("day", frame["started_at"].date().cast(daft.DataType.string()))
aggregated = (
    frame.groupby("host", "day")
    .agg(
        frame["duration_ms"].count().alias("n"),
        frame["duration_ms"].sum().alias("total"),
        frame["duration_ms"].percentile(0.95).alias("p95"),
    )
    .to_pydict()
)
got = sorted(
    zip(aggregated["host"], aggregated["day"], aggregated["n"], aggregated["total"], aggregated["p95"]),
    key=lambda r: (r[0] is None, r[0] or "", r[1]),
)
if len(got) != len(expected):
    failures.append(f"daft: {len(got)} groups, DuckDB {len(expected)}")
for g, e in zip(got, expected):
    same_keys = (g[0], g[1], g[2], g[3]) == (e[0], e[1], e[2], e[3])
    # Both percentiles are exact and interpolate linearly; they differ by float rounding only.
    close = all(abs(a - b) <= 1e-9 * max(1.0, abs(b)) for a, b in [(g[3], e[3]), (g[4], e[4])])
    if not (same_keys and close):
        failures.append(f"daft: group {g} differs from DuckDB's {e}")
print(f"daft: job_metrics: {len(got)} groups (count, sum, p95 per host and day) equal DuckDB's")

if failures:
    print("\n".join(failures), file=sys.stderr)
# Exit without the interpreter's finalization: Daft's native threads can crash it there
# ("PyGILState_Release ... finalizing", seen with daft 0.7.26) after every check has passed.
sys.stdout.flush()
sys.stderr.flush()
os._exit(1 if failures else 0)
