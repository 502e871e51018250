-- Deleting an episode only marks it (issue 12): `deleted_at` and `deleted_by`. A deleted
-- episode is out of every read, list and KPI, can be restored for a period, and is then purged
-- by the housekeeping. Its key must not block registering the patient again, so the key's
-- uniqueness holds among live episodes only: a partial unique index. SQLite cannot drop a
-- table's UNIQUE constraint, so the table is rebuilt (same columns in the same order, the two
-- new ones last), with AUTOINCREMENT so a purged episode's id is never given to a new one (its
-- audit rows would otherwise show in the newcomer's history). Every index that serves live
-- reads becomes partial on `deleted_at IS NULL`, so counts stay index-only.
-- Keep in step with ../postgres/0009_episode_soft_delete.sql.

CREATE TABLE episodes_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
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
    -- Set when the episode is deleted: it is then out of every read and the KPIs, restorable
    -- for `deletion::RESTORE_DAYS`, then purged.
    deleted_at TEXT,
    deleted_by INTEGER
) STRICT;

INSERT INTO episodes_new (id, fls_id, patient_ref, fracture_date, sex, birth_date, death_date, family_name, given_names, phone, primary_care_contact, fracture_site, spine_detection, fracture_icd10, setting, identified_date, identification_route, fls_assessment_date, dxa_status, dxa_date, t_score_lumbar_spine, t_score_total_hip, t_score_femoral_neck, frax_major_pct, frax_hip_pct, falls_assessment, aom_recommendation, aom_recommended_atc, aom_start_date, aom_start_atc, strength_balance_date, first_followup_date, second_followup_date, aom_at_52_weeks, refracture_date, refracture_site, notes, search_text, version, created_at, updated_at, created_by, updated_by)
SELECT id, fls_id, patient_ref, fracture_date, sex, birth_date, death_date, family_name, given_names, phone, primary_care_contact, fracture_site, spine_detection, fracture_icd10, setting, identified_date, identification_route, fls_assessment_date, dxa_status, dxa_date, t_score_lumbar_spine, t_score_total_hip, t_score_femoral_neck, frax_major_pct, frax_hip_pct, falls_assessment, aom_recommendation, aom_recommended_atc, aom_start_date, aom_start_atc, strength_balance_date, first_followup_date, second_followup_date, aom_at_52_weeks, refracture_date, refracture_site, notes, search_text, version, created_at, updated_at, created_by, updated_by FROM episodes;

DROP TABLE episodes;
ALTER TABLE episodes_new RENAME TO episodes;

CREATE UNIQUE INDEX episodes_key ON episodes (fls_id, patient_ref, fracture_date)
    WHERE deleted_at IS NULL;
CREATE INDEX episodes_fls_fracture ON episodes (fls_id, fracture_date) WHERE deleted_at IS NULL;
CREATE INDEX episodes_fls_birth ON episodes (fls_id, birth_date) WHERE deleted_at IS NULL;
CREATE INDEX episodes_fracture ON episodes (fracture_date) WHERE deleted_at IS NULL;
-- The deleted episodes: the restore page and the purge.
CREATE INDEX episodes_deleted ON episodes (deleted_at) WHERE deleted_at IS NOT NULL;

-- The worklists' partial indexes (0006), now of live episodes.
CREATE INDEX episodes_wl_awaiting_assessment ON episodes (fls_id, fracture_date)
    WHERE fls_assessment_date IS NULL AND death_date IS NULL AND deleted_at IS NULL;
CREATE INDEX episodes_wl_dxa_pending ON episodes (fls_id, fracture_date)
    WHERE dxa_date IS NULL AND dxa_status IS NULL AND death_date IS NULL AND deleted_at IS NULL;
CREATE INDEX episodes_wl_treatment_not_started ON episodes (fls_id, fracture_date)
    WHERE aom_recommendation = 'recommended' AND aom_start_date IS NULL AND death_date IS NULL
    AND deleted_at IS NULL;
CREATE INDEX episodes_wl_followup_16 ON episodes (fls_id, fracture_date)
    WHERE first_followup_date IS NULL AND aom_recommendation IN ('recommended', 'continue')
    AND death_date IS NULL AND deleted_at IS NULL;
CREATE INDEX episodes_wl_review_52 ON episodes (fls_id, fracture_date)
    WHERE second_followup_date IS NULL AND aom_recommendation IN ('recommended', 'continue')
    AND death_date IS NULL AND deleted_at IS NULL;

-- The KPI change counter's triggers (0005) went with the old table. Marking and restoring
-- are updates, so they move the counter like any other change.
CREATE TRIGGER episodes_kpi_insert AFTER INSERT ON episodes
BEGIN
    UPDATE fls SET kpi_generation = kpi_generation + 1 WHERE id = NEW.fls_id;
END;
CREATE TRIGGER episodes_kpi_update AFTER UPDATE ON episodes
BEGIN
    UPDATE fls SET kpi_generation = kpi_generation + 1 WHERE id IN (OLD.fls_id, NEW.fls_id);
END;
CREATE TRIGGER episodes_kpi_delete AFTER DELETE ON episodes
BEGIN
    UPDATE fls SET kpi_generation = kpi_generation + 1 WHERE id = OLD.fls_id;
END;
