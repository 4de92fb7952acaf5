-- The constructs DuckDB's CREATE TABLE, data type and constraint documentation pages show, in a
-- spec of their own: generated columns, checks, composite keys, foreign keys, every type family.
CREATE TABLE t1 (id INTEGER PRIMARY KEY, j VARCHAR);
CREATE TABLE t2 (id INTEGER, j VARCHAR, PRIMARY KEY (id, j));
CREATE TABLE t3 (
    id INTEGER PRIMARY KEY,
    x INTEGER,
    y INTEGER CHECK (y < x)
);
CREATE TABLE t4 (x FLOAT, two_x AS (2 * x), three_x FLOAT GENERATED ALWAYS AS (3 * x) VIRTUAL);
CREATE TABLE students (id INTEGER PRIMARY KEY, name VARCHAR);
CREATE TABLE exams (exam_id INTEGER REFERENCES students (id), grade INTEGER);
CREATE TABLE t5 (i INTEGER NOT NULL, s VARCHAR DEFAULT 'n/a' COLLATE nocase);
CREATE TABLE every_family (
    b BOOLEAN,
    ti TINYINT, si SMALLINT, i INTEGER, bi BIGINT, hi HUGEINT,
    uti UTINYINT, usi USMALLINT, ui UINTEGER, ubi UBIGINT, uhi UHUGEINT,
    f FLOAT, d DOUBLE, dec DECIMAL(38,10),
    v VARCHAR, blb BLOB, bits BIT, u UUID, js JSON,
    dt DATE, tm TIME, tmtz TIMETZ, ts TIMESTAMP, tss TIMESTAMP_S, tsms TIMESTAMP_MS,
    tsns TIMESTAMP_NS, tstz TIMESTAMPTZ, iv INTERVAL,
    lst INTEGER[], arr DOUBLE[3], nested VARCHAR[][],
    st STRUCT(k VARCHAR, v INTEGER[]), mp MAP(VARCHAR, STRUCT(a INTEGER)),
    un UNION(num INTEGER, str VARCHAR),
    en ENUM('sad', 'ok', 'happy')
);
