CREATE TABLE users (
    name          VARCHAR PRIMARY KEY,
    role          VARCHAR NOT NULL CHECK (role IN ('viewer', 'analyst', 'admin')),
    password_hash VARCHAR NOT NULL,
    units         VARCHAR,            -- comma-separated unit codes a data officer may load; NULL: any
    created_at    TIMESTAMP NOT NULL
);

-- API tokens and browser sessions, by the SHA-256 of their secret: the
-- secret itself is shown once and never stored.
CREATE TABLE tokens (
    hash        VARCHAR PRIMARY KEY,
    user_name   VARCHAR NOT NULL,
    kind        VARCHAR NOT NULL CHECK (kind IN ('api', 'session')),
    csrf        VARCHAR,              -- a session's token for unsafe requests
    created_at  TIMESTAMP NOT NULL,
    expires_at  TIMESTAMP,
    revoked_at  TIMESTAMP
);
