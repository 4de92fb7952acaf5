-- One column per type duckspec maps, for the shared `EveryType` fixture (tests/fixtures).
CREATE TYPE mood AS ENUM ('sad', 'very happy');

CREATE TABLE every_type (
    b          BOOLEAN NOT NULL,
    i8_        TINYINT NOT NULL,
    i16_       SMALLINT NOT NULL,
    i32_       INTEGER NOT NULL,
    i64_       BIGINT NOT NULL,
    i128_      HUGEINT NOT NULL,
    u8_        UTINYINT NOT NULL,
    u16_       USMALLINT NOT NULL,
    u32_       UINTEGER NOT NULL,
    u64_       UBIGINT NOT NULL,
    u128_      UHUGEINT NOT NULL,
    f32_       FLOAT NOT NULL,
    f64_       DOUBLE NOT NULL,
    s          VARCHAR NOT NULL,
    bytes      BLOB NOT NULL,
    d          DATE NOT NULL,
    t          TIME NOT NULL,
    ts         TIMESTAMP NOT NULL,
    tstz       TIMESTAMPTZ NOT NULL,
    id         UUID NOT NULL,
    doc        JSON NOT NULL,
    cost       DECIMAL(38,10) NOT NULL,
    small_cost DECIMAL(4,2) NOT NULL,
    tags       VARCHAR[] NOT NULL,
    nested     BIGINT[][] NOT NULL,
    sparse     INTEGER[] NOT NULL,
    dims       FLOAT[3] NOT NULL,
    feel       mood NOT NULL,
    moods      mood[],
    maybe      INTEGER,
    maybe_ts   TIMESTAMPTZ,
    maybe_id   UUID,
    maybe_cost DECIMAL(18,3),
    "order"    VARCHAR UNIQUE
);
COMMENT ON TABLE every_type IS 'one column per mapped type';
COMMENT ON COLUMN every_type.s IS 'free text';
