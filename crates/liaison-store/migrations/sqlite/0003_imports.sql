-- Data exchange (issue 4): an uploaded file kept until its import is confirmed or expires,
-- with the state of its background work. Keep in step with ../postgres/0003_imports.sql.

CREATE TABLE imports (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    file_name TEXT NOT NULL,
    format TEXT NOT NULL,
    options_json TEXT NOT NULL,
    -- The upload, base64; emptied when the import is finished with or expires.
    file_b64 TEXT NOT NULL,
    -- analysing, preview, refused, importing, done, failed, cancelled
    status TEXT NOT NULL,
    -- Per mille of the current step.
    progress INTEGER NOT NULL DEFAULT 0,
    result_json TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX imports_user ON imports (user_id, id);
