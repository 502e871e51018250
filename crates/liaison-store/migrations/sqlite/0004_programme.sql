-- The programme: Best Practice Framework versions and assessments with their reviews, and the
-- Getting to Gold plans. Keep in step with ../postgres/0004_programme.sql (a test checks).

CREATE TABLE bpf_frameworks (
    id INTEGER PRIMARY KEY,
    version TEXT NOT NULL UNIQUE,
    sha256 TEXT NOT NULL,
    body TEXT NOT NULL,
    loaded_at TEXT NOT NULL,
    loaded_by TEXT NOT NULL
) STRICT;

CREATE TABLE bpf_assessments (
    id INTEGER PRIMARY KEY,
    fls_id INTEGER NOT NULL REFERENCES fls (id),
    framework_version TEXT NOT NULL REFERENCES bpf_frameworks (version),
    framework_sha256 TEXT NOT NULL,
    status TEXT NOT NULL,
    answers_json TEXT NOT NULL,
    prefill_json TEXT NOT NULL,
    score_json TEXT,
    approved_json TEXT,
    publish INTEGER NOT NULL DEFAULT 1,
    publish_city INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    submitted_at TEXT,
    decided_at TEXT
) STRICT;
CREATE INDEX bpf_assessments_fls ON bpf_assessments (fls_id);

CREATE TABLE bpf_reviews (
    id INTEGER PRIMARY KEY,
    assessment_id INTEGER NOT NULL REFERENCES bpf_assessments (id),
    at TEXT NOT NULL,
    actor_user_id INTEGER,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    levels_json TEXT
) STRICT;
CREATE INDEX bpf_reviews_assessment ON bpf_reviews (assessment_id);

CREATE TABLE g2g_plans (
    id INTEGER PRIMARY KEY,
    fls_id INTEGER UNIQUE REFERENCES fls (id),
    country TEXT UNIQUE REFERENCES countries (code),
    step INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE g2g_milestones (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES g2g_plans (id),
    step INTEGER NOT NULL,
    title TEXT NOT NULL,
    owner TEXT NOT NULL DEFAULT '',
    due_date TEXT,
    status TEXT NOT NULL,
    evidence TEXT NOT NULL DEFAULT '',
    evidence_url TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX g2g_milestones_plan ON g2g_milestones (plan_id);
