-- Column kinds beyond type and nullability: collations, foreign keys, generated columns,
-- compression, comments. The `drift/column_kinds` case differs from it in each.
CREATE TABLE users (
    id    BIGINT PRIMARY KEY,
    email VARCHAR COLLATE nocase NOT NULL
);

CREATE TABLE orders (
    id      BIGINT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    price   DOUBLE NOT NULL,
    qty     INTEGER NOT NULL,
    total   DOUBLE GENERATED ALWAYS AS (price * qty) VIRTUAL,
    note    VARCHAR USING COMPRESSION fsst
);
COMMENT ON TABLE orders IS 'one row per order';
COMMENT ON COLUMN orders.price IS 'in cents';
