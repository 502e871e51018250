-- KPIs (issue 5): versioned definitions per country, and a per-FLS change counter that lets the
-- server keep each FLS's KPI counts in memory until that FLS's episodes change.
-- Keep in step with ../postgres/0005_kpi.sql (a test checks).

CREATE TABLE kpi_definitions (
    id INTEGER PRIMARY KEY,
    -- NULL: the deployment's default, used by countries without their own.
    country TEXT REFERENCES countries (code),
    version TEXT NOT NULL,
    json TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by INTEGER
) STRICT;
CREATE INDEX kpi_definitions_country ON kpi_definitions (country, id);

-- Bumped by the triggers below whenever an episode of the FLS is written.
ALTER TABLE fls ADD COLUMN kpi_generation INTEGER NOT NULL DEFAULT 0;

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
