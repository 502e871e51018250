-- Mentorship (issue 17): mentor profiles, requests for a mentor, pairings (each holding the
-- mentor grant it made, revoked when it closes), and the pair's sessions and actions.
-- Keep in step with ../postgres/0020_mentorship.sql.

CREATE TABLE mentor_profiles (
    user_id INTEGER PRIMARY KEY REFERENCES users (id),
    -- Comma-separated codes: languages (en, es, ...), ISO countries, topics.
    languages TEXT NOT NULL,
    countries TEXT NOT NULL,
    topics TEXT NOT NULL,
    -- `national` or `international`.
    level TEXT NOT NULL,
    capacity INTEGER NOT NULL,
    availability TEXT NOT NULL DEFAULT '',
    certified_on TEXT,
    cohort TEXT NOT NULL DEFAULT '',
    expires_on TEXT,
    active INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE mentorship_requests (
    id INTEGER PRIMARY KEY,
    fls_id INTEGER NOT NULL REFERENCES fls (id),
    requested_by INTEGER NOT NULL REFERENCES users (id),
    language TEXT NOT NULL,
    needs TEXT NOT NULL,
    g2g_step TEXT NOT NULL,
    preferred_mentor INTEGER REFERENCES users (id),
    -- `open`, `paired` or `withdrawn`.
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX mentorship_requests_status ON mentorship_requests (status, fls_id);

CREATE TABLE mentor_pairings (
    id INTEGER PRIMARY KEY,
    request_id INTEGER REFERENCES mentorship_requests (id),
    mentor_id INTEGER NOT NULL REFERENCES users (id),
    fls_id INTEGER NOT NULL REFERENCES fls (id),
    -- The user_roles row this pairing made (no foreign key: an administrator may remove the
    -- grant by hand); NULL once revoked, or when the mentor already held one.
    grant_id INTEGER,
    -- `active` or `closed`.
    status TEXT NOT NULL,
    paired_at TEXT NOT NULL,
    closed_at TEXT
) STRICT;
CREATE INDEX mentor_pairings_mentor ON mentor_pairings (mentor_id, status);
CREATE INDEX mentor_pairings_fls ON mentor_pairings (fls_id, status);

CREATE TABLE mentor_sessions (
    id INTEGER PRIMARY KEY,
    pairing_id INTEGER NOT NULL REFERENCES mentor_pairings (id),
    -- The UTC instant and the zone it was given in.
    starts_at TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    -- `online` or `on_site`.
    mode TEXT NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX mentor_sessions_pairing ON mentor_sessions (pairing_id, starts_at);

CREATE TABLE mentor_actions (
    id INTEGER PRIMARY KEY,
    pairing_id INTEGER NOT NULL REFERENCES mentor_pairings (id),
    title TEXT NOT NULL,
    owner TEXT NOT NULL,
    due_on TEXT,
    -- `open`, `done` or `dropped`.
    status TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX mentor_actions_pairing ON mentor_actions (pairing_id);
