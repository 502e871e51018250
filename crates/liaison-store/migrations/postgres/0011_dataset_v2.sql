-- Dataset version 2's remaining episode columns, all optional: residence before the fracture,
-- the clinician's high-risk judgement, the secondary-causes screen, lifestyle advice and the
-- letter to primary care. Codes are checked by the domain, as for every other column.
-- Keep in step with ../sqlite/0011_dataset_v2.sql.

ALTER TABLE episodes
    ADD COLUMN residence_before TEXT,
    ADD COLUMN high_risk TEXT,
    ADD COLUMN secondary_causes_screen TEXT,
    ADD COLUMN lifestyle_advice TEXT,
    ADD COLUMN primary_care_letter_date DATE;
