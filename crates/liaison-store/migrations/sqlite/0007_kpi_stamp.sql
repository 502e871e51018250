-- KPIs at world scale (issue 5): the server checks one cheap stamp of the FLS table
-- (`kpi::fls_stamp`: count and sums of ids and change counters) on every KPI request instead of
-- reading every FLS. So the change counter also moves when what the pages show of an FLS
-- changes: its code, name, country or expected caseload, or its country's region.
-- Keep in step with ../postgres/0007_kpi_stamp.sql.

CREATE TRIGGER fls_kpi_profile
AFTER UPDATE OF code, name, country, expected_non_spine_per_year, expected_spine_per_year ON fls
BEGIN
    UPDATE fls SET kpi_generation = kpi_generation + 1 WHERE id = NEW.id;
END;

CREATE TRIGGER countries_kpi_region AFTER UPDATE OF region ON countries
BEGIN
    UPDATE fls SET kpi_generation = kpi_generation + 1 WHERE country = NEW.code;
END;
