-- Foundation: organisations, users and their role grants, sessions, API tokens, settings and
-- the append-only audit trail. Keep in step with ../postgres/0001_foundation.sql (a test checks).

CREATE TABLE countries (
    code TEXT PRIMARY KEY NOT NULL CHECK (length(code) = 2),
    region TEXT NOT NULL
) STRICT;

CREATE TABLE fls (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    hospital TEXT NOT NULL DEFAULT '',
    city TEXT NOT NULL DEFAULT '',
    country TEXT NOT NULL REFERENCES countries (code),
    time_zone TEXT NOT NULL,
    service_model TEXT NOT NULL,
    covers_hip INTEGER NOT NULL DEFAULT 0,
    covers_other_inpatient INTEGER NOT NULL DEFAULT 0,
    covers_outpatient INTEGER NOT NULL DEFAULT 0,
    covers_vertebral INTEGER NOT NULL DEFAULT 0,
    catchment_population_50_plus INTEGER,
    expected_non_spine_per_year INTEGER,
    expected_spine_per_year INTEGER,
    start_date TEXT,
    contact_name TEXT NOT NULL DEFAULT '',
    contact_email TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX fls_country ON fls (country);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    language TEXT,
    totp_secret TEXT,
    totp_enabled INTEGER NOT NULL DEFAULT 0,
    totp_last_step INTEGER,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    password_changed_at TEXT NOT NULL
) STRICT;

CREATE TABLE user_roles (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    fls_id INTEGER REFERENCES fls (id),
    country TEXT REFERENCES countries (code),
    region TEXT
) STRICT;
CREATE INDEX user_roles_user ON user_roles (user_id);
CREATE INDEX user_roles_fls ON user_roles (fls_id);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    mfa_state TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    ip TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at TEXT
) STRICT;

CREATE TABLE settings (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;

-- No foreign keys: the trail must outlive the rows it speaks of.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor_user_id INTEGER,
    actor TEXT NOT NULL,
    ip TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    outcome TEXT NOT NULL,
    entity TEXT NOT NULL DEFAULT '',
    entity_id TEXT NOT NULL DEFAULT '',
    fls_id INTEGER,
    before_json TEXT,
    after_json TEXT,
    detail TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_fls ON audit_log (fls_id, at);
CREATE INDEX audit_log_actor ON audit_log (actor_user_id, at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
