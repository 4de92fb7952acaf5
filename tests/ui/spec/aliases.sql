-- Spellings that differ from the canonical ones a struct produces.
CREATE TABLE aliases (
    id     INT4 NOT NULL,
    name   TEXT NOT NULL,
    note   STRING,
    amount INT8 DEFAULT (0),
    ratio  FLOAT8 NOT NULL CHECK ((ratio >= 0)),
    at_ms  TIMESTAMP(3),
    PRIMARY KEY (id)
);
CREATE TABLE "order" (
    "group" INTEGER NOT NULL,
    "select" VARCHAR,
    "at" TIMESTAMPTZ
);
