-- Webinars and workshops (issue 17, events): the event with its texts per language, and its
-- registrations (users or visitors) with the waiting list and attendance; e-mail attachments
-- (the .ics of a confirmation) and one-click unsubscribe links on outbox rows (issue 20).
-- Keep in step with ../postgres/0021_events.sql.

CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    -- `webinar` or `workshop`; `online` or `venue`.
    kind TEXT NOT NULL,
    mode TEXT NOT NULL,
    spoken_language TEXT NOT NULL,
    -- The organiser's IANA zone: the instants are UTC, shown in it to visitors.
    time_zone TEXT NOT NULL,
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    deadline TEXT NOT NULL,
    online_url TEXT,
    venue TEXT NOT NULL DEFAULT '',
    city TEXT NOT NULL DEFAULT '',
    capacity INTEGER NOT NULL,
    audience TEXT NOT NULL,
    -- Shown to visitors, who may register without an account.
    public INTEGER NOT NULL DEFAULT 0,
    -- Links, one a line.
    materials TEXT NOT NULL DEFAULT '',
    recording_url TEXT,
    organiser_id INTEGER REFERENCES users (id),
    -- Moved by every registration and cancellation: the write that serialises seat counting.
    seats_version INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX events_starts ON events (starts_at);

CREATE TABLE event_texts (
    event_id INTEGER NOT NULL REFERENCES events (id),
    lang TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (event_id, lang)
) STRICT;

CREATE TABLE event_registrations (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events (id),
    -- None for a visitor.
    user_id INTEGER REFERENCES users (id),
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    -- The language they registered in: their e-mails' language.
    language TEXT NOT NULL,
    -- Where they work, when known: the national leads' counts of people trained.
    country TEXT,
    -- `confirmed`, `waiting` or `cancelled`.
    status TEXT NOT NULL,
    attended INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
-- One live registration per address and event: a second, even at the same instant, fails.
CREATE UNIQUE INDEX event_registrations_once ON event_registrations (event_id, email)
    WHERE status <> 'cancelled';
CREATE INDEX event_registrations_event ON event_registrations (event_id, status, id);

ALTER TABLE outbox ADD COLUMN attachment_name TEXT;
ALTER TABLE outbox ADD COLUMN attachment_type TEXT;
ALTER TABLE outbox ADD COLUMN attachment TEXT;
-- RFC 8058: the signed unsubscribe link, sent as List-Unsubscribe.
ALTER TABLE outbox ADD COLUMN list_unsubscribe TEXT;
