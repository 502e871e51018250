-- The patient registry: one row per sentinel fracture episode (dataset.md v1).
-- Keep in step with ../postgres/0002_episodes.sql (a test checks).

CREATE TABLE episodes (
    id INTEGER PRIMARY KEY,
    fls_id INTEGER NOT NULL REFERENCES fls (id),
    patient_ref TEXT NOT NULL,
    fracture_date TEXT NOT NULL,
    sex TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    death_date TEXT,
    family_name TEXT NOT NULL DEFAULT '',
    given_names TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    primary_care_contact TEXT NOT NULL DEFAULT '',
    fracture_site TEXT NOT NULL,
    spine_detection TEXT,
    fracture_icd10 TEXT,
    setting TEXT NOT NULL,
    identified_date TEXT,
    identification_route TEXT,
    fls_assessment_date TEXT,
    dxa_status TEXT,
    dxa_date TEXT,
    t_score_lumbar_spine REAL,
    t_score_total_hip REAL,
    t_score_femoral_neck REAL,
    frax_major_pct REAL,
    frax_hip_pct REAL,
    falls_assessment TEXT,
    aom_recommendation TEXT,
    aom_recommended_atc TEXT,
    aom_start_date TEXT,
    aom_start_atc TEXT,
    strength_balance_date TEXT,
    first_followup_date TEXT,
    second_followup_date TEXT,
    aom_at_52_weeks TEXT,
    refracture_date TEXT,
    refracture_site TEXT,
    notes TEXT NOT NULL DEFAULT '',
    -- Lower-cased reference and names, for search by fragment on both engines.
    search_text TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    created_by INTEGER,
    updated_by INTEGER,
    UNIQUE (fls_id, patient_ref, fracture_date)
) STRICT;
CREATE INDEX episodes_fls_fracture ON episodes (fls_id, fracture_date);
CREATE INDEX episodes_fls_birth ON episodes (fls_id, birth_date);
CREATE INDEX episodes_fracture ON episodes (fracture_date);
