-- The first schema. Every table keeps an INTEGER PRIMARY KEY "seq": it is
-- the stable order of lists and what pagination cursors point at. Times are
-- unix microseconds, UTC.

CREATE TABLE accounts (
    seq  INTEGER PRIMARY KEY,
    id   TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);

CREATE TABLE hubs (
    seq         INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    account_id  TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    -- Unique on the whole server, and case-insensitive like the DNS names
    -- it becomes.
    subdomain   TEXT NOT NULL UNIQUE COLLATE NOCASE,
    description TEXT NOT NULL DEFAULT '',
    timezone    TEXT NOT NULL DEFAULT 'UTC',
    private     INTEGER NOT NULL DEFAULT 0 CHECK (private IN (0, 1)),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX hubs_account ON hubs (account_id, seq);

CREATE TABLE components (
    seq         INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    hub_id      TEXT NOT NULL REFERENCES hubs (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'operational' CHECK (status IN (
                    'operational', 'degraded_performance', 'partial_outage',
                    'major_outage', 'under_maintenance')),
    group_name  TEXT,
    position    INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX components_hub ON components (hub_id, seq);

CREATE TABLE members (
    seq        INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    -- Stored lower-cased, so that uniqueness is case-insensitive.
    email      TEXT NOT NULL,
    name       TEXT NOT NULL,
    owner      INTEGER NOT NULL DEFAULT 0 CHECK (owner IN (0, 1)),
    created_at INTEGER NOT NULL,
    UNIQUE (account_id, email)
);
CREATE INDEX members_account ON members (account_id, seq);
-- At most one owner per account; CreateAccount makes exactly one.
CREATE UNIQUE INDEX members_one_owner ON members (account_id) WHERE owner = 1;

CREATE TABLE hub_roles (
    member_id TEXT NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    hub_id    TEXT NOT NULL REFERENCES hubs (id) ON DELETE CASCADE,
    role      TEXT NOT NULL CHECK (role IN ('no_access', 'viewer', 'editor', 'manager', 'admin')),
    PRIMARY KEY (member_id, hub_id)
) WITHOUT ROWID;
-- Makes the cascade from a hub deletion an index lookup.
CREATE INDEX hub_roles_hub ON hub_roles (hub_id);

CREATE TABLE api_keys (
    seq          INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    member_id    TEXT NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    limit_role   TEXT CHECK (limit_role IN ('viewer', 'editor', 'manager', 'admin')),
    prefix       TEXT NOT NULL,
    -- The hash of the secret; the secret itself is never stored.
    hash         BLOB NOT NULL UNIQUE,
    created_at   INTEGER NOT NULL,
    reset_at     INTEGER,
    last_used_at INTEGER
);
CREATE INDEX api_keys_member ON api_keys (member_id, seq);

CREATE TABLE audit_events (
    seq        INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    time       INTEGER NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    target     TEXT NOT NULL,
    message    TEXT NOT NULL
);
CREATE INDEX audit_events_account ON audit_events (account_id, seq);

CREATE TABLE idempotency_records (
    scope        TEXT NOT NULL,
    key_hash     BLOB NOT NULL,
    request_hash BLOB NOT NULL,
    status       INTEGER NOT NULL,
    body         BLOB NOT NULL,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (scope, key_hash)
) WITHOUT ROWID;
CREATE INDEX idempotency_records_created ON idempotency_records (created_at);
