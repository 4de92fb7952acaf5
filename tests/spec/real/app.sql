-- A web application's schema as such projects write it for DuckDB: sequences for ids, enums,
-- timestamps with defaults, JSON and nested columns, checks, a view, indexes and comments.
CREATE SCHEMA app;
CREATE SEQUENCE app.user_ids START 1000;
CREATE TYPE app.role AS ENUM ('viewer', 'editor', 'admin');
CREATE TABLE app.users (
    id BIGINT PRIMARY KEY DEFAULT nextval('app.user_ids'),
    email VARCHAR NOT NULL UNIQUE,
    display_name VARCHAR,
    role role NOT NULL DEFAULT 'viewer',
    created_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
    settings JSON,
    CHECK (email LIKE '%@%')
);
CREATE TABLE app.sessions (
    token UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id BIGINT NOT NULL REFERENCES app.users (id),
    started_at TIMESTAMP NOT NULL DEFAULT now(),
    ended_at TIMESTAMP,
    ip VARCHAR,
    CHECK (ended_at IS NULL OR ended_at >= started_at)
);
CREATE TABLE app.events (
    id UBIGINT NOT NULL,
    user_id BIGINT,
    kind VARCHAR NOT NULL,
    at_ms BIGINT NOT NULL,
    day DATE GENERATED ALWAYS AS (CAST(epoch_ms(at_ms) AS DATE)) VIRTUAL,
    tags VARCHAR[],
    props MAP(VARCHAR, VARCHAR),
    origin STRUCT(host VARCHAR, port USMALLINT),
    score DOUBLE DEFAULT 0.0,
    amount DECIMAL(18,4),
    payload BLOB
);
CREATE INDEX events_by_user ON app.events (user_id);
CREATE UNIQUE INDEX users_by_lower_email ON app.users (lower(email));
CREATE VIEW app.active_sessions AS SELECT * FROM app.sessions WHERE ended_at IS NULL;
COMMENT ON TABLE app.users IS 'People who can sign in';
COMMENT ON COLUMN app.users.role IS 'What they may change';
