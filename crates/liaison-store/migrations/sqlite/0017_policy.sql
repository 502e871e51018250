-- Fracture-prevention coalitions (issue 18, part 2): member organisations with their status
-- and dates, contacts (shown signed in only), activities, and the users granted to edit one
-- coalition. Keep in step with ../postgres/0017_policy.sql.

CREATE TABLE coalitions (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    -- `international`, `regional` or `national`.
    scope TEXT NOT NULL,
    -- A region's code (regional), a country's ISO code (national), else empty.
    area TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE coalition_members (
    id INTEGER PRIMARY KEY,
    coalition_id INTEGER NOT NULL REFERENCES coalitions (id),
    organisation TEXT NOT NULL,
    kind TEXT NOT NULL,
    -- `invited`, `joined` or `left`.
    status TEXT NOT NULL,
    invited_on TEXT,
    joined_on TEXT,
    left_on TEXT,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX coalition_members_coalition ON coalition_members (coalition_id);

CREATE TABLE coalition_contacts (
    id INTEGER PRIMARY KEY,
    coalition_id INTEGER NOT NULL REFERENCES coalitions (id),
    name TEXT NOT NULL,
    role_title TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL
) STRICT;
CREATE INDEX coalition_contacts_coalition ON coalition_contacts (coalition_id);

CREATE TABLE coalition_activities (
    id INTEGER PRIMARY KEY,
    coalition_id INTEGER NOT NULL REFERENCES coalitions (id),
    held_on TEXT NOT NULL,
    kind TEXT NOT NULL,
    outcome TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX coalition_activities_coalition ON coalition_activities (coalition_id, held_on);

-- A user who may edit this coalition only (administrators and reviewers edit all).
CREATE TABLE coalition_editors (
    user_id INTEGER NOT NULL REFERENCES users (id),
    coalition_id INTEGER NOT NULL REFERENCES coalitions (id),
    PRIMARY KEY (user_id, coalition_id)
) STRICT;
