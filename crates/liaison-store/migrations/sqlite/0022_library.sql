-- The resource library (issue 16): resources, one version per language with the history of
-- every edit, files kept in the database (so both engines and a backup carry them), the
-- categories editors add, and what cites a resource. Keep in step with
-- ../postgres/0022_library.sql.

-- Categories beyond the programme's seven (those are codes in liaison-domain).
CREATE TABLE resource_categories (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL
) STRICT;

CREATE TABLE resources (
    id INTEGER PRIMARY KEY,
    category TEXT NOT NULL,
    -- Comma-separated codes, with a comma at each end so `LIKE '%,code,%'` finds one.
    audiences TEXT NOT NULL DEFAULT ',',
    tags TEXT NOT NULL DEFAULT '',
    -- Comma-separated ISO codes, with a comma at each end; ',' applies everywhere.
    countries TEXT NOT NULL DEFAULT ',',
    -- `public`, `signed_in` or `mentors`.
    visibility TEXT NOT NULL,
    owner_id INTEGER REFERENCES users (id),
    review_by TEXT,
    -- `draft` or `published`.
    status TEXT NOT NULL DEFAULT 'draft',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE resource_versions (
    id INTEGER PRIMARY KEY,
    resource_id INTEGER NOT NULL REFERENCES resources (id),
    language TEXT NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT '',
    -- One address per line.
    links TEXT NOT NULL DEFAULT '',
    -- Title, summary and body folded (liaison_domain::fold) for searching; title alone ranks.
    search_title TEXT NOT NULL,
    search_text TEXT NOT NULL,
    revision INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (resource_id, language)
) STRICT;

-- Every saved state of a version, the first included.
CREATE TABLE resource_version_history (
    id INTEGER PRIMARY KEY,
    version_id INTEGER NOT NULL REFERENCES resource_versions (id),
    revision INTEGER NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    body TEXT NOT NULL,
    links TEXT NOT NULL,
    edited_by INTEGER REFERENCES users (id),
    edited_at TEXT NOT NULL
) STRICT;
CREATE INDEX resource_version_history_version ON resource_version_history (version_id);

CREATE TABLE resource_files (
    id INTEGER PRIMARY KEY,
    resource_id INTEGER NOT NULL REFERENCES resources (id),
    language TEXT NOT NULL,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    content BLOB NOT NULL,
    uploaded_by INTEGER REFERENCES users (id),
    uploaded_at TEXT NOT NULL
) STRICT;
CREATE INDEX resource_files_resource ON resource_files (resource_id);

-- Where a resource is cited: a Getting to Gold milestone's evidence or a BPF answer, of one FLS.
CREATE TABLE resource_citations (
    id INTEGER PRIMARY KEY,
    resource_id INTEGER NOT NULL REFERENCES resources (id),
    -- `g2g_milestone` or `bpf_answer`.
    kind TEXT NOT NULL,
    fls_id INTEGER NOT NULL REFERENCES fls (id),
    -- The milestone's id or the BPF question's code.
    reference TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (resource_id, kind, fls_id, reference)
) STRICT;
CREATE INDEX resource_citations_resource ON resource_citations (resource_id);
