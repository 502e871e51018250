//! KPI inputs: a narrow, streamed read of the episode columns the engine needs (never all rows
//! in memory), the FLSs with their expected caseload and change counter, and the versioned KPI
//! definitions per country.

use crate::{Db, Result, StoreError, Tx, on_db, on_tx, scope_condition};
use futures_util::TryStreamExt;
use liaison_domain::access::FlsSet;
use liaison_domain::dataset::{
    AomRecommendation, DxaStatus, FallsAssessment, FractureSite, LifestyleAdvice, Residence,
    SecondaryCausesScreen, Setting, Sex, YesNo, YesNoUnknown,
};
use liaison_domain::kpi::{KpiEpisode, low_t_score};
use serde::Serialize;
use sqlx::{AssertSqlSafe, FromRow, Row};
use std::collections::HashMap;
use time::{Date, OffsetDateTime};

/// Only what `KpiEpisode` needs, plus the episode id for patient lists.
const KPI_COLUMNS: &str = "e.id, e.fls_id, e.fracture_date, e.birth_date, e.death_date, e.fracture_site, \
    e.setting, e.fls_assessment_date, e.dxa_status, e.dxa_date, e.falls_assessment, e.aom_recommendation, \
    e.aom_start_date, e.strength_balance_date, e.first_followup_date, e.second_followup_date, \
    e.aom_at_52_weeks, e.refracture_date, e.high_risk, e.t_score_lumbar_spine, e.t_score_total_hip, \
    e.t_score_femoral_neck, e.frax_major_pct, e.primary_care_letter_date, e.secondary_causes_screen, \
    e.lifestyle_advice, e.sex, e.residence_before";

/// Decode one row of `KPI_COLUMNS` (the same code on both engines' row types).
macro_rules! kpi_row {
    ($r:expr) => {{
        let r = &$r;
        let code = |i: usize| -> std::result::Result<Option<&str>, sqlx::Error> { r.try_get(i) };
        let date = |i: usize| -> std::result::Result<Option<Date>, sqlx::Error> { r.try_get(i) };
        let num = |i: usize| -> std::result::Result<Option<f64>, sqlx::Error> { r.try_get(i) };
        let id: i64 = r.try_get(0)?;
        let e = KpiEpisode {
            fls_id: r.try_get(1)?,
            fracture_date: r.try_get(2)?,
            birth_date: r.try_get(3)?,
            death_date: date(4)?,
            fracture_site: code(5)?
                .and_then(FractureSite::parse)
                .unwrap_or(FractureSite::Other),
            setting: code(6)?
                .and_then(Setting::parse)
                .unwrap_or(Setting::Outpatient),
            fls_assessment_date: date(7)?,
            dxa_status: code(8)?.and_then(DxaStatus::parse),
            dxa_date: date(9)?,
            falls_assessment: code(10)?.and_then(FallsAssessment::parse),
            aom_recommendation: code(11)?.and_then(AomRecommendation::parse),
            aom_start_date: date(12)?,
            strength_balance_date: date(13)?,
            first_followup_date: date(14)?,
            second_followup_date: date(15)?,
            aom_at_52_weeks: code(16)?.and_then(YesNoUnknown::parse),
            refracture_date: date(17)?,
            high_risk: code(18)?.and_then(YesNo::parse),
            low_t_score: low_t_score([num(19)?, num(20)?, num(21)?]),
            frax_major_pct: num(22)?.map(|f| f as f32),
            primary_care_letter_date: date(23)?,
            secondary_causes_screen: code(24)?.and_then(SecondaryCausesScreen::parse),
            lifestyle_advice: code(25)?.and_then(LifestyleAdvice::parse),
            sex: code(26)?.and_then(Sex::parse).unwrap_or(Sex::U),
            residence_before: code(27)?.and_then(Residence::parse),
        };
        Ok::<_, sqlx::Error>((id, e))
    }};
}

/// Feed every live episode of `scope` (with a fracture date in `dates`, both ends included, when
/// given) to `f`, one row at a time. Only counts may leave the caller: the rows carry no
/// identifying field but their id.
pub async fn stream(
    db: &Db,
    scope: &FlsSet,
    dates: Option<(Date, Date)>,
    mut f: impl FnMut(i64, KpiEpisode) + Send,
) -> Result<()> {
    let first = if dates.is_some() { 3 } else { 1 };
    let Some((scope_cond, ids)) = scope_condition("e.fls_id", scope, first) else {
        return Ok(());
    };
    let mut conds = vec![crate::episodes::LIVE.to_string()];
    if dates.is_some() {
        conds.push("e.fracture_date >= $1 AND e.fracture_date <= $2".to_string());
    }
    if !scope_cond.is_empty() {
        conds.push(scope_cond);
    }
    let sql = format!(
        "SELECT {KPI_COLUMNS} FROM episodes e WHERE {}",
        conds.join(" AND ")
    );
    on_db!(db, p => {
        let mut q = sqlx::query(AssertSqlSafe(sql));
        if let Some((from, to)) = dates {
            q = q.bind(from).bind(to);
        }
        for id in &ids {
            q = q.bind(*id);
        }
        let mut rows = q.fetch(p);
        while let Some(r) = rows.try_next().await? {
            let (id, e) = kpi_row!(r)?;
            f(id, e);
        }
    });
    Ok(())
}

/// Every live episode of `scope`, whatever its date, as KPI rows grouped by FLS: what the server
/// keeps in memory to compute any period's KPIs without reading the database again
/// (`services::kpi`). The rows carry no identifying field.
///
/// On a SQLite file the rows are read with SQLite's own API on a read-only connection per
/// core, each over a range of ids: sqlx passes SQLite rows from its worker thread one at a
/// time (about 20 µs per row), which made a cold pass over 10 million episodes take minutes.
pub async fn rows_by_fls(db: &Db, scope: &FlsSet) -> Result<HashMap<i64, Vec<KpiEpisode>>> {
    if matches!(scope, FlsSet::Only(s) if s.is_empty()) {
        return Ok(HashMap::new());
    }
    if let Some(path) = crate::direct::file_of(db) {
        let scope = scope.clone();
        return tokio::task::spawn_blocking(move || sqlite_rows(&path, &scope))
            .await
            .map_err(|e| StoreError::Conflict(format!("KPI reader stopped: {e}")))?;
    }
    let mut out: HashMap<i64, Vec<KpiEpisode>> = HashMap::new();
    stream(db, scope, None, |_, e| {
        push_lean(out.entry(e.fls_id).or_default(), e)
    })
    .await?;
    out.values_mut().for_each(Vec::shrink_to_fit);
    Ok(out)
}

/// Appends an FLS's row, growing its vector by a quarter instead of doubling it. The rows stay
/// in memory for the server's life (ten million at a national scale) and doubling left about
/// 40 % of every vector unused at the peak; a quarter leaves at most 25 % and costs a few more
/// copies while reading.
fn push_lean(rows: &mut Vec<KpiEpisode>, e: KpiEpisode) {
    if rows.len() == rows.capacity() {
        rows.reserve_exact((rows.capacity() / 4).max(64));
    }
    rows.push(e);
}

fn sqlite_rows(path: &std::path::Path, scope: &FlsSet) -> Result<HashMap<i64, Vec<KpiEpisode>>> {
    use rusqlite::{Connection, OpenFlags};
    let open = || {
        Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
    };
    let (lo, hi): (i64, i64) = open()?.query_row(
        "SELECT COALESCE(MIN(id), 0), COALESCE(MAX(id), -1) FROM episodes",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let span = (hi - lo + 1).max(0);
    let parts: i64 = std::thread::available_parallelism()
        .map(|n| n.get() as i64)
        .unwrap_or(1)
        .clamp(1, 4)
        .min(span.max(1));
    let (cond, ids) = scope_condition("e.fls_id", scope, 3).unwrap_or_default();
    let mut sql = format!(
        "SELECT {KPI_COLUMNS} FROM episodes e WHERE e.id >= $1 AND e.id <= $2 AND {}",
        crate::episodes::LIVE
    );
    if !cond.is_empty() {
        sql.push_str(" AND ");
        sql.push_str(&cond);
    }
    let read = |from: i64, to: i64| -> Result<HashMap<i64, Vec<KpiEpisode>>> {
        let conn = open()?;
        let mut stmt = conn.prepare(&sql)?;
        let mut params: Vec<i64> = vec![from, to];
        params.extend(ids.iter().copied());
        let mut rows = stmt.query(rusqlite::params_from_iter(params))?;
        let mut out: HashMap<i64, Vec<KpiEpisode>> = HashMap::new();
        while let Some(r) = rows.next()? {
            let e = sqlite_row(r)?;
            push_lean(out.entry(e.fls_id).or_default(), e);
        }
        Ok(out)
    };
    let parts_out: Vec<Result<HashMap<i64, Vec<KpiEpisode>>>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..parts)
            .map(|k| {
                let from = lo + span * k / parts;
                let to = lo + span * (k + 1) / parts - 1;
                let read = &read;
                s.spawn(move || read(from, to))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(StoreError::Conflict("KPI reader panicked".into())))
            })
            .collect()
    });
    // An FLS read by one thread keeps that thread's vector (no copy); one split across threads
    // grows by exactly what is added. Each part is dropped as soon as it is merged.
    let mut out: HashMap<i64, Vec<KpiEpisode>> = HashMap::new();
    for part in parts_out {
        for (fls, mut rows) in part? {
            match out.entry(fls) {
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(rows);
                }
                std::collections::hash_map::Entry::Occupied(mut o) => {
                    let have = o.get_mut();
                    have.reserve_exact(rows.len());
                    have.append(&mut rows);
                }
            }
        }
    }
    out.values_mut().for_each(Vec::shrink_to_fit);
    Ok(out)
}

/// One row of `KPI_COLUMNS` from SQLite's own API. Dates are stored as `YYYY-MM-DD` text
/// (sqlx's encoding); a value that does not read as one is treated as missing, as the engine
/// would never see it on a row written through the dataset's validation.
fn sqlite_row(r: &rusqlite::Row<'_>) -> Result<KpiEpisode> {
    use rusqlite::types::ValueRef;
    let text = |i: usize| -> Result<Option<&str>> {
        Ok(match r.get_ref(i)? {
            ValueRef::Text(t) => std::str::from_utf8(t).ok(),
            _ => None,
        })
    };
    let date =
        |i: usize| -> Result<Option<Date>> { Ok(text(i)?.and_then(crate::direct::iso_date)) };
    let missing = |i: usize| StoreError::Conflict(format!("KPI row: column {i} is not a date"));
    // REAL columns; SQLite may hand back an integer for a value such as 25.
    let num = |i: usize| -> Result<Option<f64>> {
        Ok(match r.get_ref(i)? {
            ValueRef::Real(x) => Some(x),
            ValueRef::Integer(x) => Some(x as f64),
            _ => None,
        })
    };
    Ok(KpiEpisode {
        fls_id: r.get(1)?,
        fracture_date: date(2)?.ok_or_else(|| missing(2))?,
        birth_date: date(3)?.ok_or_else(|| missing(3))?,
        death_date: date(4)?,
        fracture_site: text(5)?
            .and_then(FractureSite::parse)
            .unwrap_or(FractureSite::Other),
        setting: text(6)?
            .and_then(Setting::parse)
            .unwrap_or(Setting::Outpatient),
        fls_assessment_date: date(7)?,
        dxa_status: text(8)?.and_then(DxaStatus::parse),
        dxa_date: date(9)?,
        falls_assessment: text(10)?.and_then(FallsAssessment::parse),
        aom_recommendation: text(11)?.and_then(AomRecommendation::parse),
        aom_start_date: date(12)?,
        strength_balance_date: date(13)?,
        first_followup_date: date(14)?,
        second_followup_date: date(15)?,
        aom_at_52_weeks: text(16)?.and_then(YesNoUnknown::parse),
        refracture_date: date(17)?,
        high_risk: text(18)?.and_then(YesNo::parse),
        low_t_score: low_t_score([num(19)?, num(20)?, num(21)?]),
        frax_major_pct: num(22)?.map(|f| f as f32),
        primary_care_letter_date: date(23)?,
        secondary_causes_screen: text(24)?.and_then(SecondaryCausesScreen::parse),
        lifestyle_advice: text(25)?.and_then(LifestyleAdvice::parse),
        sex: text(26)?.and_then(Sex::parse).unwrap_or(Sex::U),
        residence_before: text(27)?.and_then(Residence::parse),
    })
}

/// An FLS as the KPI pages need it: place, expected caseload and change counter.
#[derive(Debug, Clone, PartialEq, Eq, Hash, FromRow, Serialize)]
pub struct KpiFls {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub country: String,
    pub region: String,
    pub expected_non_spine_per_year: Option<i64>,
    pub expected_spine_per_year: Option<i64>,
    /// Changes whenever an episode of the FLS is written (database triggers).
    pub kpi_generation: i64,
}

/// A stamp of the FLS table that moves whenever an FLS is added or removed or its change
/// counter moves (every episode write; profile and region changes, migration 0007): one row
/// to read per KPI request, however many FLSs there are.
pub async fn fls_stamp(db: &Db) -> Result<(i64, i64, i64)> {
    const SQL: &str = "SELECT COUNT(*), CAST(COALESCE(SUM(id), 0) AS BIGINT), \
        CAST(COALESCE(SUM(kpi_generation), 0) AS BIGINT) FROM fls";
    Ok(on_db!(db, p => sqlx::query_as(SQL).fetch_one(p).await)?)
}

/// Every FLS (profiles, not patient data, like `orgs::places`): comparisons need the world,
/// and the caller shows other FLSs only through the disclosure rules.
pub async fn all_fls(db: &Db) -> Result<Vec<KpiFls>> {
    const SQL: &str = "SELECT f.id, f.code, f.name, f.country, c.region, f.expected_non_spine_per_year, \
        f.expected_spine_per_year, f.kpi_generation FROM fls f JOIN countries c ON c.code = f.country ORDER BY f.id";
    Ok(on_db!(db, p => sqlx::query_as(SQL).fetch_all(p).await)?)
}

/// A stored KPI definition.
#[derive(Debug, Clone, PartialEq, FromRow, Serialize)]
pub struct DefinitionsRow {
    pub id: i64,
    pub country: Option<String>,
    pub version: String,
    pub json: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

const DEF_COLUMNS: &str = "id, country, version, json, created_at";

/// The definitions in force for `country`: its latest own, else the latest default, else none
/// (the shipped version 1 applies).
pub async fn definitions_for(db: &Db, country: Option<&str>) -> Result<Option<DefinitionsRow>> {
    // One statement (a dashboard asks on every request): the country's own sort first.
    let sql = format!(
        "SELECT {DEF_COLUMNS} FROM kpi_definitions WHERE country = $1 OR country IS NULL \
         ORDER BY CASE WHEN country IS NULL THEN 1 ELSE 0 END, id DESC LIMIT 1"
    );
    Ok(on_db!(db, p => sqlx::query_as(AssertSqlSafe(sql)).bind(country).fetch_optional(p).await)?)
}

/// Every stored definition, newest first.
pub async fn list_definitions(db: &Db) -> Result<Vec<DefinitionsRow>> {
    let sql = format!("SELECT {DEF_COLUMNS} FROM kpi_definitions ORDER BY id DESC");
    Ok(on_db!(db, p => sqlx::query_as(AssertSqlSafe(sql)).fetch_all(p).await)?)
}

/// Store a definition (checked by the caller); it applies from now on.
pub async fn add_definitions(
    tx: &mut Tx,
    country: Option<&str>,
    version: &str,
    json: &str,
    at: OffsetDateTime,
    by: Option<i64>,
) -> Result<i64> {
    const SQL: &str = "INSERT INTO kpi_definitions (country, version, json, created_at, created_by) \
        VALUES ($1, $2, $3, $4, $5) RETURNING id";
    let (id,): (i64,) = on_tx!(tx, c => sqlx::query_as(SQL).bind(country).bind(version).bind(json).bind(at).bind(by).fetch_one(c).await)?;
    Ok(id)
}
