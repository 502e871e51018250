"""DuckDB on the same SQLite file: all KPIs of every FLS for one year with SQL equivalent to
liaison_domain::kpi (docs/kpi-definitions.md, version 1, and kpi12 and the supporting measures
of version 2), the sums for
countries, regions and the world, and the timings. Deleted episodes (`deleted_at` set) are left
out, as the engine leaves them out. Usage: python3 kpi_duckdb.py FILE.db [liaison-world.json]"""
import json, sys, time
import duckdb

path = sys.argv[1]
FROM, TO, AS_OF = "2025-01-01", "2025-12-31", "2026-06-30"
# kpi12's high-risk rule: the FRAX threshold of the shipped definitions, the WHO T-score cut-off.
FRAX, T_SCORE = 20, -2.5

PER_EPISODE = f"""
WITH src AS (
  SELECT fls_id, fracture_date::DATE fd, birth_date::DATE bd,
    CASE WHEN death_date::DATE <= DATE '{AS_OF}' THEN death_date::DATE END death,
    fracture_site site, setting,
    CASE WHEN fls_assessment_date::DATE <= DATE '{AS_OF}' THEN fls_assessment_date::DATE END ass,
    CASE WHEN dxa_status = 'done' AND dxa_date IS NOT NULL AND dxa_date::DATE > DATE '{AS_OF}' THEN NULL ELSE dxa_status END dxa_status,
    CASE WHEN dxa_date::DATE <= DATE '{AS_OF}' THEN dxa_date::DATE END dxa,
    falls_assessment falls, aom_recommendation aom,
    CASE WHEN aom_start_date::DATE <= DATE '{AS_OF}' THEN aom_start_date::DATE END aom_start,
    CASE WHEN strength_balance_date::DATE <= DATE '{AS_OF}' THEN strength_balance_date::DATE END sb,
    CASE WHEN first_followup_date::DATE <= DATE '{AS_OF}' THEN first_followup_date::DATE END fu1,
    CASE WHEN second_followup_date::DATE <= DATE '{AS_OF}' THEN second_followup_date::DATE END fu2,
    CASE WHEN second_followup_date IS NOT NULL AND second_followup_date::DATE > DATE '{AS_OF}' THEN NULL ELSE aom_at_52_weeks END a52,
    -- kpi12: the clinician's yes or no decides; blank: hip or spine, a low T-score, or FRAX
    CASE WHEN high_risk = 'yes' THEN true WHEN high_risk = 'no' THEN false
      ELSE fracture_site IN ('hip', 'spine')
        OR coalesce(TRY_CAST(t_score_lumbar_spine AS DOUBLE) <= {T_SCORE}, false)
        OR coalesce(TRY_CAST(t_score_total_hip AS DOUBLE) <= {T_SCORE}, false)
        OR coalesce(TRY_CAST(t_score_femoral_neck AS DOUBLE) <= {T_SCORE}, false)
        OR coalesce(TRY_CAST(frax_major_pct AS DOUBLE) >= {FRAX}, false) END hr,
    CASE WHEN primary_care_letter_date::DATE <= DATE '{AS_OF}' THEN primary_care_letter_date::DATE END letter,
    secondary_causes_screen screen, lifestyle_advice advice,
    CASE WHEN refracture_date::DATE <= DATE '{AS_OF}' THEN refracture_date::DATE END re
  FROM episodes
  WHERE deleted_at IS NULL
    AND fracture_date::DATE BETWEEN DATE '{FROM}' AND LEAST(DATE '{TO}', DATE '{AS_OF}')
), p AS (
  SELECT *, aom IN ('recommended', 'continue') pos,
    fd + 84 <= DATE '{AS_OF}' due84, fd + 112 <= DATE '{AS_OF}' due112, fd + 364 <= DATE '{AS_OF}' due364,
    coalesce(death <= fd + 84, false) d84, coalesce(death <= fd + 112, false) d112, coalesce(death <= fd + 364, false) d364,
    fd + 728 <= DATE '{AS_OF}' due728, coalesce(death <= fd + 728, false) d728,
    -- a refracture counts after the fracture and not after death
    CASE WHEN re > fd AND (death IS NULL OR re <= death) THEN re END refr
  FROM src
  WHERE year(fd) - year(bd) - CASE WHEN strftime(fd, '%m%d') < strftime(bd, '%m%d') THEN 1 ELSE 0 END >= 50
)
SELECT fls_id, count(*) episodes,
  sum((site <> 'spine')::INT) k1_num, sum((site = 'spine')::INT) k2_num,
  -- windowed KPIs: due, not died without the event -> denominator
  sum((due84 AND NOT (d84 AND NOT coalesce(ass <= fd + 84, false)))::INT) k3_den,
  sum((due84 AND coalesce(ass <= fd + 84, false))::INT) k3_num,
  sum((NOT due84)::INT) k3_nyd,
  sum((due84 AND d84 AND NOT coalesce(ass <= fd + 84, false))::INT) k3_exc,
  sum((coalesce(dxa_status, '') <> 'not_required' AND due84 AND NOT (d84 AND NOT coalesce(dxa BETWEEN fd - 365 AND fd + 84, false)))::INT) k4_den,
  sum((coalesce(dxa_status, '') <> 'not_required' AND due84 AND coalesce(dxa BETWEEN fd - 365 AND fd + 84, false))::INT) k4_num,
  sum((coalesce(falls, '') <> 'not_required')::INT) k5_den,
  sum((falls IN ('done', 'referred'))::INT) k5_num,
  count(*) k6_den, sum(pos::INT) k6_num,
  sum((pos AND due112 AND NOT (d112 AND NOT coalesce(fu1 <= fd + 112, false)))::INT) k7_den,
  sum((pos AND due112 AND coalesce(fu1 <= fd + 112, false))::INT) k7_num,
  sum((pos AND due112 AND NOT (d112 AND NOT coalesce(aom_start <= fd + 112, false)))::INT) k8_den,
  sum((pos AND due112 AND coalesce(aom_start <= fd + 112, false))::INT) k8_num,
  sum((site <> 'hip' AND due112 AND NOT (d112 AND NOT coalesce(sb <= fd + 112, false)))::INT) k9_den,
  sum((site <> 'hip' AND due112 AND coalesce(sb <= fd + 112, false))::INT) k9_num,
  sum((pos AND due364 AND NOT d364)::INT) k10_den,
  sum((pos AND due364 AND NOT d364 AND a52 = 'yes')::INT) k10_num,
  -- kpi11: items expected (due, not died in the window) and recorded
  sum(2 + CASE WHEN due84 AND NOT d84 THEN 3 ELSE 0 END + CASE WHEN due84 AND NOT d84 THEN 1 ELSE 0 END
        + CASE WHEN pos AND due112 AND NOT d112 THEN 2 ELSE 0 END + CASE WHEN pos AND due364 AND NOT d364 THEN 2 ELSE 0 END) k11_den,
  2 * count(*)
    + coalesce(sum(CASE WHEN due84 AND NOT d84 THEN (ass IS NOT NULL)::INT END), 0)
    + coalesce(sum(CASE WHEN due84 AND NOT d84 THEN (dxa_status IS NOT NULL)::INT END), 0)
    + coalesce(sum(CASE WHEN due84 AND NOT d84 THEN (falls IS NOT NULL)::INT END), 0)
    + coalesce(sum(CASE WHEN due84 AND NOT d84 THEN (aom IS NOT NULL)::INT END), 0)
    + coalesce(sum(CASE WHEN pos AND due112 AND NOT d112 THEN (fu1 IS NOT NULL)::INT END), 0)
    + coalesce(sum(CASE WHEN pos AND due112 AND NOT d112 THEN (aom_start IS NOT NULL)::INT END), 0)
    + coalesce(sum(CASE WHEN pos AND due364 AND NOT d364 THEN (fu2 IS NOT NULL)::INT END), 0)
    + coalesce(sum(CASE WHEN pos AND due364 AND NOT d364 THEN (a52 IN ('yes', 'no'))::INT END), 0) k11_num,
  -- kpi12: high-risk, due at 112 days, less deaths in the window without an AOM start in it
  sum((hr AND due112 AND NOT (d112 AND NOT coalesce(aom_start <= fd + 112, false)))::INT) k12_den,
  sum((hr AND due112 AND coalesce(aom_start <= fd + 112, false))::INT) k12_num,
  -- the supporting measures of version 2 (the windows of the shipped definitions)
  sum((due112 AND coalesce(letter <= fd + 112, false))::INT) letter_num,
  sum((due112 AND NOT (d112 AND NOT coalesce(letter <= fd + 112, false)))::INT) letter_den,
  sum((screen = 'done')::INT) screen_num, sum((coalesce(screen, '') <> 'not_required')::INT) screen_den,
  sum((advice = 'done')::INT) advice_num, count(*) advice_den,
  sum((due364 AND coalesce(refr <= fd + 364, false))::INT) r12_num,
  sum((due364 AND NOT (d364 AND NOT coalesce(refr <= fd + 364, false)))::INT) r12_den,
  sum((due728 AND coalesce(refr <= fd + 728, false))::INT) r24_num,
  sum((due728 AND NOT (d728 AND NOT coalesce(refr <= fd + 728, false)))::INT) r24_den
FROM p GROUP BY fls_id
"""

ROLLUP = f"""
WITH f AS ({PER_EPISODE})
SELECT grouping(c.region, x.country) g, c.region, x.country,
  sum(episodes) episodes, sum(k3_num) k3_num, sum(k3_den) k3_den, sum(k4_num) k4_num, sum(k4_den) k4_den,
  sum(k5_num) k5_num, sum(k5_den) k5_den, sum(k6_num) k6_num, sum(k7_num) k7_num, sum(k7_den) k7_den,
  sum(k8_num) k8_num, sum(k8_den) k8_den, sum(k9_num) k9_num, sum(k9_den) k9_den,
  sum(k10_num) k10_num, sum(k10_den) k10_den, sum(k11_num) k11_num, sum(k11_den) k11_den,
  sum(k12_num) k12_num, sum(k12_den) k12_den,
  sum(letter_num), sum(letter_den), sum(screen_num), sum(screen_den), sum(advice_num), sum(advice_den),
  sum(r12_num), sum(r12_den), sum(r24_num), sum(r24_den)
FROM f JOIN fls x ON x.id = f.fls_id JOIN countries c ON c.code = x.country
GROUP BY ROLLUP (c.region, x.country)
"""

con = duckdb.connect()
con.execute("SET threads TO 2")
mode = "sqlite_scanner"
try:
    con.execute("INSTALL sqlite; LOAD sqlite;")
    con.execute(f"ATTACH '{path}' AS s (TYPE sqlite, READ_ONLY)")
    con.execute("USE s")
except Exception as e:  # offline: export the needed columns through the sqlite3 CLI
    import subprocess, tempfile, os
    mode = f"csv export, sqlite extension unavailable ({e.__class__.__name__})"
    t0 = time.perf_counter()
    d = tempfile.mkdtemp()
    for t in ["episodes", "fls", "countries"]:
        out = os.path.join(d, t + ".csv")
        subprocess.run(["sqlite3", "-header", "-csv", path, f"SELECT * FROM {t}"], stdout=open(out, "w"), check=True)
        con.execute(f"CREATE TABLE {t} AS SELECT * FROM read_csv_auto('{out}', all_varchar=true)")
    con.execute("ALTER TABLE episodes ALTER fls_id TYPE BIGINT; ALTER TABLE fls ALTER id TYPE BIGINT")
    t_export = time.perf_counter() - t0

t0 = time.perf_counter()
rows = con.execute(ROLLUP).fetchall()
t_scan = time.perf_counter() - t0
per_fls = con.execute(PER_EPISODE).fetchall()
cols = [d[0] for d in con.description]

# The same query once the columns are in DuckDB's own storage (its best case).
if mode == "sqlite_scanner":
    con.execute("USE memory")
    t0 = time.perf_counter()
    con.execute("CREATE TABLE episodes AS SELECT fls_id, fracture_date, birth_date, death_date, fracture_site, setting, fls_assessment_date, dxa_status, dxa_date, falls_assessment, aom_recommendation, aom_start_date, strength_balance_date, first_followup_date, second_followup_date, aom_at_52_weeks, high_risk, t_score_lumbar_spine, t_score_total_hip, t_score_femoral_neck, frax_major_pct, primary_care_letter_date, secondary_causes_screen, lifestyle_advice, refracture_date, deleted_at FROM s.episodes")
    con.execute("CREATE TABLE fls AS SELECT * FROM s.fls")
    con.execute("CREATE TABLE countries AS SELECT * FROM s.countries")
    t_copy = time.perf_counter() - t0
    t0 = time.perf_counter()
    con.execute(ROLLUP).fetchall()
    t_native = time.perf_counter() - t0
else:
    # Offline: the tables were exported with the sqlite3 CLI and loaded before the timing,
    # so the query above already ran on DuckDB's own storage.
    t_copy, t_native = t_export, t_scan

world = [r for r in rows if r[0] == 3][0]
print(f"duckdb_mode={mode}")
print(f"duckdb_all_kpis_first_query_seconds={t_scan:.3f}")
print(f"duckdb_load_into_duckdb_seconds={t_copy:.3f}")
print(f"duckdb_all_kpis_native_seconds={t_native:.3f}")
print(f"duckdb_fls={len(per_fls)} population={world[3]} kpi3={world[4]}/{world[5]} kpi11={world[19]}/{world[20]} kpi12={world[21]}/{world[22]}")
if len(sys.argv) > 2:
    v = json.load(open(sys.argv[2]))
    k = {x["id"]: x for x in v["kpis"]}
    ours = [v["supporting"]["episodes"]] + [k[i][f] for i in ["kpi3_assessment_12w", "kpi4_dxa_12w", "kpi5_falls_assessment"] for f in ["numerator", "denominator"]] \
        + [k["kpi6_aom_recommended"]["numerator"]] + [k[i][f] for i in ["kpi7_followup_16w", "kpi8_aom_started_16w", "kpi9_strength_balance_16w", "kpi10_aom_persistence_52w", "kpi11_completeness", "kpi12_high_risk_aom_16w"] for f in ["numerator", "denominator"]] \
        + [m[f] for m in v["supporting"]["measures"][:5] for f in ["numerator", "denominator"]]
    theirs = [int(x) for x in world[3:]]
    print(f"same_world_counts={ours == theirs}")
    if ours != theirs:
        print(f"  liaison={ours}\n  duckdb ={theirs}")
