-- The private store: users, their tokens and sessions, their saved queries,
-- and the append-only audit. Kept apart from the data so that analysts' SQL,
-- which can read every table of the data store, never sees them.

CREATE SEQUENCE saved_query_id_seq START 1;
CREATE TABLE saved_queries (
    id          BIGINT PRIMARY KEY DEFAULT nextval('saved_query_id_seq'),
    name        VARCHAR NOT NULL,
    description VARCHAR,
    sql         VARCHAR NOT NULL,
    owner       VARCHAR NOT NULL,
    shared      BOOLEAN NOT NULL DEFAULT false,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
COMMENT ON TABLE saved_queries IS 'Queries saved in the SQL console: private to their owner, or shared.';

CREATE SEQUENCE audit_id_seq START 1;
CREATE TABLE audit (
    id          BIGINT PRIMARY KEY DEFAULT nextval('audit_id_seq'),
    occurred_at TIMESTAMP NOT NULL,
    actor       VARCHAR NOT NULL,
    action      VARCHAR NOT NULL, -- sql, load, login, login-failed, user, catalog, …
    object      VARCHAR,
    detail      VARCHAR,
    duration_ms BIGINT,
    rows        BIGINT,
    outcome     VARCHAR NOT NULL
);
COMMENT ON TABLE audit IS 'Append-only record of queries, loads, logins and changes, with who, when and the outcome.';
