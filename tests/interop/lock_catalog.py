"""Holds an exclusive lock on a SQLite file (an Iceberg SQL catalog) for a while, as another
process in the middle of a long write would: the test `python_a_locked_catalog_fails_the_commit_
and_loses_no_row` (tests/iceberg.rs) commits meanwhile and must get an error, not lose rows.

usage: lock_catalog.py CATALOG_DB SECONDS   (prints "locked" once the lock is held)
"""

import sqlite3
import sys
import time

con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
con.execute("ROLLBACK")
con.close()
