-- KPIs at world scale (issue 5): the server checks one cheap stamp of the FLS table
-- (`kpi::fls_stamp`: count and sums of ids and change counters) on every KPI request instead of
-- reading every FLS. So the change counter also moves when what the pages show of an FLS
-- changes: its code, name, country or expected caseload, or its country's region.
-- Keep in step with ../sqlite/0007_kpi_stamp.sql.

CREATE FUNCTION fls_kpi_profile() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.code, NEW.name, NEW.country, NEW.expected_non_spine_per_year, NEW.expected_spine_per_year)
        IS DISTINCT FROM
       (OLD.code, OLD.name, OLD.country, OLD.expected_non_spine_per_year, OLD.expected_spine_per_year)
    THEN
        NEW.kpi_generation := NEW.kpi_generation + 1;
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER fls_kpi_profile BEFORE UPDATE ON fls
    FOR EACH ROW EXECUTE FUNCTION fls_kpi_profile();

CREATE FUNCTION countries_kpi_region() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.region IS DISTINCT FROM OLD.region THEN
        UPDATE fls SET kpi_generation = kpi_generation + 1 WHERE country = NEW.code;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER countries_kpi_region AFTER UPDATE ON countries
    FOR EACH ROW EXECUTE FUNCTION countries_kpi_region();

-- Bump each FLS's counter once per statement, not once per row: an import inserts 500 rows a
-- statement, and a million row-level updates of a few FLS rows in one transaction pile up
-- row versions. (SQLite has no statement-level triggers; its row updates are cheap.)
DROP TRIGGER episodes_kpi_generation ON episodes;
DROP FUNCTION episodes_kpi_generation();

-- One function for the three triggers: PostgreSQL plans each statement when it first runs,
-- so a branch naming a transition table its trigger lacks is never planned.
CREATE FUNCTION episodes_kpi_generation_stmt() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        UPDATE fls SET kpi_generation = kpi_generation + 1
            WHERE id IN (SELECT DISTINCT fls_id FROM old_rows);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        UPDATE fls SET kpi_generation = kpi_generation + 1
            WHERE id IN (SELECT DISTINCT fls_id FROM new_rows);
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER episodes_kpi_insert AFTER INSERT ON episodes
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION episodes_kpi_generation_stmt();
CREATE TRIGGER episodes_kpi_update AFTER UPDATE ON episodes
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION episodes_kpi_generation_stmt();
CREATE TRIGGER episodes_kpi_delete AFTER DELETE ON episodes
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION episodes_kpi_generation_stmt();
