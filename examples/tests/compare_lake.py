"""Compares a DuckDB database's tables with the Parquet lake `duckspec export` wrote from it,
through Python's DuckDB (an engine duckspec does not embed: it reads Parquet and the database file
alike). Every column of every row, as text, must match in both directions.

usage: compare_lake.py DATABASE LAKE_DIR TABLE...   (exit 1 on any difference)
"""

import sys

import duckdb

database, lake, tables = sys.argv[1], sys.argv[2], sys.argv[3:]
con = duckdb.connect()
con.execute(f"ATTACH '{database}' AS db (READ_ONLY)")
failed = False
for table in tables:
    columns = [
        r[0]
        for r in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE database_name = 'db' AND table_name = ? ORDER BY column_index",
            [table],
        ).fetchall()
    ]
    text = ", ".join(f'CAST("{c}" AS VARCHAR) AS "{c}"' for c in columns)
    in_db = f'SELECT {text} FROM db."{table}"'
    in_lake = f"SELECT {text} FROM read_parquet('{lake}/{table}/**/*.parquet', hive_partitioning = false)"
    count = con.execute(f"SELECT count(*) FROM ({in_db})").fetchall()[0][0]
    only_db = con.execute(f"{in_db} EXCEPT ALL {in_lake}").fetchall()
    only_lake = con.execute(f"{in_lake} EXCEPT ALL {in_db}").fetchall()
    if only_db or only_lake:
        failed = True
        print(f"{table}: only in the database: {only_db[:5]}; only in the lake: {only_lake[:5]}")
    else:
        print(f"{table}: {count} rows identical")
sys.exit(1 if failed else 0)
