-- The column kinds of DuckDB 2.0 a struct can declare: generated, collated, foreign keys.
CREATE TABLE users (
    id     BIGINT PRIMARY KEY,
    tenant VARCHAR NOT NULL,
    email  VARCHAR COLLATE nocase NOT NULL UNIQUE,
    UNIQUE (tenant, id)
);

CREATE TABLE orders (
    id      BIGINT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    tenant  VARCHAR NOT NULL,
    price   DOUBLE NOT NULL,
    qty     INTEGER NOT NULL,
    total   DOUBLE GENERATED ALWAYS AS (price * qty) VIRTUAL,
    FOREIGN KEY (tenant, user_id) REFERENCES users (tenant, id)
);
