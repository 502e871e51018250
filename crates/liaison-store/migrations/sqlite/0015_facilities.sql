-- The yearly facilities audit (issue 19): rounds an administrator opens, each with the
-- questionnaire it asks (kept whole, so a later version changes no old round), and one return
-- per FLS and round. Keep in step with ../postgres/0015_facilities.sql.

CREATE TABLE facilities_rounds (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL UNIQUE,
    questionnaire_version TEXT NOT NULL,
    questionnaire_sha256 TEXT NOT NULL,
    questionnaire TEXT NOT NULL,
    deadline TEXT NOT NULL,
    opened_at TEXT NOT NULL,
    opened_by TEXT NOT NULL
) STRICT;

CREATE TABLE facilities_returns (
    id INTEGER PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES facilities_rounds (id),
    fls_id INTEGER NOT NULL REFERENCES fls (id),
    status TEXT NOT NULL,
    answers_json TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    submitted_at TEXT,
    UNIQUE (round_id, fls_id)
) STRICT;
CREATE INDEX facilities_returns_fls ON facilities_returns (fls_id);
