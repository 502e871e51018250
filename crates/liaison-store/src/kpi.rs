//! KPI inputs: a narrow, streamed read of the episode columns the engine needs (never all rows
//! in memory), the FLSs with their expected caseload and change counter, and the versioned KPI
//! definitions per country.

use crate::{Db, Result, Tx, on_db, on_tx, placeholders};
use futures_util::TryStreamExt;
use liaison_domain::access::FlsSet;
use liaison_domain::dataset::{
    AomRecommendation, DxaStatus, FallsAssessment, FractureSite, Setting, YesNoUnknown,
};
use liaison_domain::kpi::KpiEpisode;
use serde::Serialize;
use sqlx::{AssertSqlSafe, FromRow, Row};
use time::{Date, OffsetDateTime};

/// Only what `KpiEpisode` needs, plus the episode id for patient lists.
const KPI_COLUMNS: &str = "e.id, e.fls_id, e.fracture_date, e.birth_date, e.death_date, e.fracture_site, \
    e.setting, e.fls_assessment_date, e.dxa_status, e.dxa_date, e.falls_assessment, e.aom_recommendation, \
    e.aom_start_date, e.strength_balance_date, e.first_followup_date, e.second_followup_date, \
    e.aom_at_52_weeks, e.refracture_date";

/// Decode one row of `KPI_COLUMNS` (the same code on both engines' row types).
macro_rules! kpi_row {
    ($r:expr) => {{
        let r = &$r;
        let code = |i: usize| -> std::result::Result<Option<&str>, sqlx::Error> { r.try_get(i) };
        let date = |i: usize| -> std::result::Result<Option<Date>, sqlx::Error> { r.try_get(i) };
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
        };
        Ok::<_, sqlx::Error>((id, e))
    }};
}

/// Feed every episode of `scope` with a fracture date in `from..=to` to `f`, one row at a time.
/// Only counts may leave the caller: the rows carry no identifying field but their id.
pub async fn stream(
    db: &Db,
    scope: &FlsSet,
    from: Date,
    to: Date,
    mut f: impl FnMut(i64, KpiEpisode) + Send,
) -> Result<()> {
    let ids: Vec<i64> = match scope {
        FlsSet::All => vec![],
        FlsSet::Only(s) if s.is_empty() => return Ok(()),
        FlsSet::Only(s) => s.iter().copied().collect(),
    };
    let mut sql = format!(
        "SELECT {KPI_COLUMNS} FROM episodes e WHERE e.fracture_date >= $1 AND e.fracture_date <= $2"
    );
    if !ids.is_empty() {
        sql.push_str(&format!(
            " AND e.fls_id IN ({})",
            placeholders(3, ids.len())
        ));
    }
    on_db!(db, p => {
        let mut q = sqlx::query(AssertSqlSafe(sql)).bind(from).bind(to);
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
    if let Some(c) = country {
        let sql = format!(
            "SELECT {DEF_COLUMNS} FROM kpi_definitions WHERE country = $1 ORDER BY id DESC LIMIT 1"
        );
        let r: Option<DefinitionsRow> =
            on_db!(db, p => sqlx::query_as(AssertSqlSafe(sql)).bind(c).fetch_optional(p).await)?;
        if r.is_some() {
            return Ok(r);
        }
    }
    let sql = format!(
        "SELECT {DEF_COLUMNS} FROM kpi_definitions WHERE country IS NULL ORDER BY id DESC LIMIT 1"
    );
    Ok(on_db!(db, p => sqlx::query_as(AssertSqlSafe(sql)).fetch_optional(p).await)?)
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
