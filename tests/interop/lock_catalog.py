"""Holds an exclusive lock on a SQLite file (an Iceberg SQL catalog) for a while, as another
process in the middle of a long write would: the test `python_a_locked_catalog_fails_the_commit_
and_loses_no_row` (tests/iceberg.rs) commits meanwhile and must get an error, not lose rows.

With `immediate` (a reserved lock) other processes still read the catalog but cannot write it:
a writer gets through loading the table and writing its new metadata file, then waits at the
commit's compare-and-swap of the metadata pointer, where `python_a_writer_killed_inside_the_
commit_swap_leaves_the_last_snapshot` (runtime/cli/tests/iceberg.rs) kills it.

usage: lock_catalog.py CATALOG_DB SECONDS [exclusive|immediate]
       (prints "locked" once the lock is held)
"""

import sqlite3
import sys
import time

con = sqlite3.connect(sys.argv[1], isolation_level=None)
mode = sys.argv[3] if len(sys.argv) > 3 else "exclusive"
con.execute({"exclusive": "BEGIN EXCLUSIVE", "immediate": "BEGIN IMMEDIATE"}[mode])
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
con.execute("ROLLBACK")
con.close()
