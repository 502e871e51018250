-- Deleting an episode only marks it (issue 12): `deleted_at` and `deleted_by`. A deleted
-- episode is out of every read, list and KPI, can be restored for a period, and is then purged
-- by the housekeeping. Its key must not block registering the patient again, so the key's
-- uniqueness holds among live episodes only: a partial unique index. Every index that serves
-- live reads becomes partial on `deleted_at IS NULL`, so counts stay index-only. Marking and
-- restoring are updates: the KPI change counter's triggers (0007) move as for any change.
-- Keep in step with ../sqlite/0009_episode_soft_delete.sql.

ALTER TABLE episodes ADD COLUMN deleted_at TIMESTAMPTZ, ADD COLUMN deleted_by BIGINT;

ALTER TABLE episodes DROP CONSTRAINT episodes_fls_id_patient_ref_fracture_date_key;
CREATE UNIQUE INDEX episodes_key ON episodes (fls_id, patient_ref, fracture_date)
    WHERE deleted_at IS NULL;

DROP INDEX episodes_fls_fracture;
DROP INDEX episodes_fls_birth;
DROP INDEX episodes_fracture;
CREATE INDEX episodes_fls_fracture ON episodes (fls_id, fracture_date) WHERE deleted_at IS NULL;
CREATE INDEX episodes_fls_birth ON episodes (fls_id, birth_date) WHERE deleted_at IS NULL;
CREATE INDEX episodes_fracture ON episodes (fracture_date) WHERE deleted_at IS NULL;
-- The deleted episodes: the restore page and the purge.
CREATE INDEX episodes_deleted ON episodes (deleted_at) WHERE deleted_at IS NOT NULL;

-- The worklists' partial indexes (0006), now of live episodes.
DROP INDEX episodes_wl_awaiting_assessment;
DROP INDEX episodes_wl_dxa_pending;
DROP INDEX episodes_wl_treatment_not_started;
DROP INDEX episodes_wl_followup_16;
DROP INDEX episodes_wl_review_52;
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
