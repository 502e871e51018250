-- Indexes that keep worklists and episode history fast at 50,000 episodes per FLS.
-- Each worklist has a partial index whose predicate is exactly the worklist's condition
-- (store/episodes.rs `Worklist::condition`), so counts and pages read only its rows.
-- Keep in step with ../postgres/0006_registry_indexes.sql (a test checks).

CREATE INDEX episodes_wl_awaiting_assessment ON episodes (fls_id, fracture_date)
    WHERE fls_assessment_date IS NULL AND death_date IS NULL;
CREATE INDEX episodes_wl_dxa_pending ON episodes (fls_id, fracture_date)
    WHERE dxa_date IS NULL AND dxa_status IS NULL AND death_date IS NULL;
CREATE INDEX episodes_wl_treatment_not_started ON episodes (fls_id, fracture_date)
    WHERE aom_recommendation = 'recommended' AND aom_start_date IS NULL AND death_date IS NULL;
CREATE INDEX episodes_wl_followup_16 ON episodes (fls_id, fracture_date)
    WHERE first_followup_date IS NULL AND aom_recommendation IN ('recommended', 'continue') AND death_date IS NULL;
CREATE INDEX episodes_wl_review_52 ON episodes (fls_id, fracture_date)
    WHERE second_followup_date IS NULL AND aom_recommendation IN ('recommended', 'continue') AND death_date IS NULL;
CREATE INDEX audit_log_entity ON audit_log (entity_id, fls_id);
