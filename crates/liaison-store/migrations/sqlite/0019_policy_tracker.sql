-- The policy tracker per country (issue 18, part 3): five status items with their state, date
-- and cited source, every saved version kept; stakeholders, roundtables and actions.
-- Keep in step with ../postgres/0019_policy_tracker.sql.

-- The current state of one item of one country.
CREATE TABLE policy_items (
    id INTEGER PRIMARY KEY,
    country TEXT NOT NULL REFERENCES countries (code),
    -- `mandated`, `reimbursed`, `guidelines`, `registry` or `priority`.
    item TEXT NOT NULL,
    -- `yes`, `partial`, `in_progress`, `no` or `unknown`.
    state TEXT NOT NULL,
    as_of TEXT NOT NULL,
    source_text TEXT NOT NULL DEFAULT '',
    source_url TEXT NOT NULL DEFAULT '',
    published INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL,
    UNIQUE (country, item)
) STRICT;

-- Every saved version of an item, oldest first: the page's history (the audit trail holds
-- the same with who and from where).
CREATE TABLE policy_item_versions (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES policy_items (id),
    state TEXT NOT NULL,
    as_of TEXT NOT NULL,
    source_text TEXT NOT NULL DEFAULT '',
    source_url TEXT NOT NULL DEFAULT '',
    published INTEGER NOT NULL DEFAULT 0,
    changed_by TEXT NOT NULL,
    changed_at TEXT NOT NULL
) STRICT;
CREATE INDEX policy_item_versions_item ON policy_item_versions (item_id, id);

CREATE TABLE policy_stakeholders (
    id INTEGER PRIMARY KEY,
    country TEXT NOT NULL REFERENCES countries (code),
    organisation TEXT NOT NULL,
    role_title TEXT NOT NULL DEFAULT '',
    -- `supportive`, `neutral`, `opposed` or `unknown`.
    stance TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX policy_stakeholders_country ON policy_stakeholders (country);

CREATE TABLE policy_roundtables (
    id INTEGER PRIMARY KEY,
    country TEXT NOT NULL REFERENCES countries (code),
    held_on TEXT NOT NULL,
    -- `planned`, `held` or `cancelled`.
    status TEXT NOT NULL,
    subject TEXT NOT NULL,
    participants TEXT NOT NULL DEFAULT '',
    agenda TEXT NOT NULL DEFAULT '',
    outcomes TEXT NOT NULL DEFAULT '',
    -- Links to its documents, one http(s) address per line.
    documents TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX policy_roundtables_country ON policy_roundtables (country, held_on);

CREATE TABLE policy_actions (
    id INTEGER PRIMARY KEY,
    country TEXT NOT NULL REFERENCES countries (code),
    subject TEXT NOT NULL,
    owner TEXT NOT NULL,
    due_on TEXT,
    -- `open`, `in_progress`, `done` or `dropped`.
    status TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX policy_actions_country ON policy_actions (country);
