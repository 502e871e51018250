-- The Partnership's objectives (issue 18): an FLS's closing date, so the number of FLSs open
-- each year can fall as well as rise; population figures an administrator enters with their
-- source; and applications to join the network. The baseline year is a setting (key
-- `objectives_baseline_year`), 2020 when unset.
-- Keep in step with ../postgres/0016_objectives.sql.

ALTER TABLE fls ADD COLUMN closed_on TEXT;

CREATE TABLE population_figures (
    id INTEGER PRIMARY KEY,
    -- `world`, a region's code or a country's ISO code.
    area TEXT NOT NULL,
    year INTEGER NOT NULL,
    people_50_plus INTEGER NOT NULL,
    hip_fractures INTEGER,
    source TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (area, year)
) STRICT;

CREATE TABLE network_applications (
    id INTEGER PRIMARY KEY,
    hospital TEXT NOT NULL,
    -- The hospital's name folded (lower case, single spaces) with its country: a second
    -- application for the same hospital is flagged through it, never merged.
    hospital_key TEXT NOT NULL,
    city TEXT NOT NULL DEFAULT '',
    country TEXT NOT NULL REFERENCES countries (code),
    contact_name TEXT NOT NULL,
    contact_email TEXT NOT NULL,
    patient_groups TEXT NOT NULL DEFAULT '',
    wants_mentor INTEGER NOT NULL DEFAULT 0,
    message TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    duplicate_of INTEGER REFERENCES network_applications (id),
    fls_id INTEGER REFERENCES fls (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX network_applications_key ON network_applications (hospital_key);
CREATE INDEX network_applications_country ON network_applications (country, status);
