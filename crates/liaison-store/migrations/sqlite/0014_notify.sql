-- Reminders and alerts by e-mail (issue 20). Keep in step with ../postgres/0014_notify.sql.
--
-- The outbox: every message is written in the transaction of what caused it, then sent by the
-- background worker. `status` moves pending → sending (a claim, committed before the SMTP
-- conversation starts) → sent, or back to pending with a later `next_attempt_at`, or to
-- failed after the last attempt. `dedup_key` makes a scheduled message (a digest, an alert)
-- unique, so a second planner run or a restart cannot write it twice. Bodies hold counts and
-- links only, never patient data.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    user_id INTEGER REFERENCES users(id),
    recipient TEXT NOT NULL,
    language TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    body_html TEXT NOT NULL,
    dedup_key TEXT UNIQUE,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    claimed_at TEXT,
    last_error TEXT,
    created_at TEXT NOT NULL,
    sent_at TEXT
) STRICT;
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);

-- A user's notification settings: the hour (0-23, in their own time zone) digests go out,
-- and whether they hear of their services' KPI signals.
CREATE TABLE notify_prefs (
    user_id INTEGER PRIMARY KEY REFERENCES users(id),
    hour INTEGER NOT NULL,
    time_zone TEXT NOT NULL,
    kpi_alerts INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL
) STRICT;

-- The worklist digests a user asked for: one row per FLS, daily or weekly; none is off.
CREATE TABLE notify_digests (
    user_id INTEGER NOT NULL REFERENCES users(id),
    fls_id INTEGER NOT NULL REFERENCES fls(id),
    cadence TEXT NOT NULL,
    PRIMARY KEY (user_id, fls_id)
) STRICT;
