//! The Partnership's objectives (issue 18): FLSs' opening and closing dates, counts of
//! registered fractures and of records per FLS, population figures, and applications to join
//! the network. Counts leave here per FLS; the disclosure rules are applied by the caller.

use crate::{Db, Result, Tx, on_db, on_tx, scope_condition};
use liaison_domain::access::FlsSet;
use serde::Serialize;
use sqlx::{AssertSqlSafe, FromRow};
use time::{Date, OffsetDateTime};

pub const BASELINE_YEAR: &str = "objectives_baseline_year";

/// An FLS's place and dates (not patient data).
#[derive(Debug, Clone, PartialEq, FromRow, Serialize)]
pub struct SpanRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub country: String,
    pub region: String,
    pub start_date: Option<Date>,
    pub closed_on: Option<Date>,
    pub created_at: OffsetDateTime,
}

/// Every FLS's dates: the input of the count of FLSs by year (public, like the map).
pub async fn spans(db: &Db) -> Result<Vec<SpanRow>> {
    const SQL: &str = "SELECT f.id, f.code, f.name, f.country, c.region, f.start_date, \
        f.closed_on, f.created_at FROM fls f JOIN countries c ON c.code = f.country ORDER BY f.id";
    Ok(on_db!(db, p => sqlx::query_as(SQL).fetch_all(p).await)?)
}

/// Set or clear an FLS's closing date; returns the date before. The caller checked the right
/// and writes the audit row in the same transaction.
pub async fn set_closed_on(
    tx: &mut Tx,
    id: i64,
    closed: Option<Date>,
    now: OffsetDateTime,
) -> Result<Option<Date>> {
    const GET: &str = "SELECT closed_on FROM fls WHERE id = $1";
    const SQL: &str = "UPDATE fls SET closed_on = $2, updated_at = $3 WHERE id = $1";
    let (before,): (Option<Date>,) =
        on_tx!(tx, c => sqlx::query_as(GET).bind(id).fetch_one(c).await)?;
    on_tx!(tx, c => sqlx::query(SQL).bind(id).bind(closed).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(before)
}

/// Hip and spine fractures registered per FLS and year of fracture (deleted episodes left out).
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct FractureCount {
    pub fls_id: i64,
    /// Four digits, the year of the fracture date.
    pub year: String,
    /// `hip` or `spine`.
    pub site: String,
    pub n: i64,
}

pub async fn fractures_by_year(db: &Db, scope: &FlsSet) -> Result<Vec<FractureCount>> {
    let Some((cond, ids)) = scope_condition("fls_id", scope, 1) else {
        return Ok(vec![]);
    };
    let and = if cond.is_empty() {
        String::new()
    } else {
        format!(" AND {cond}")
    };
    // The date's text is ISO on both engines, so its first four characters are the year.
    let sql = format!(
        "SELECT fls_id, SUBSTR(CAST(fracture_date AS TEXT), 1, 4) AS year, fracture_site AS site, \
         COUNT(*) AS n FROM episodes WHERE deleted_at IS NULL \
         AND fracture_site IN ('hip', 'spine'){and} GROUP BY fls_id, year, fracture_site"
    );
    Ok(on_db!(db, p => {
        let mut q = sqlx::query_as(AssertSqlSafe(sql));
        for id in &ids {
            q = q.bind(*id);
        }
        q.fetch_all(p).await
    })?)
}

/// How each FLS uses Liaison: when it last saved an episode and how many it created each
/// month since `since`.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct MonthCount {
    pub fls_id: i64,
    /// `YYYY-MM` of the record's creation.
    pub month: String,
    pub n: i64,
}

pub async fn last_saved(db: &Db, scope: &FlsSet) -> Result<Vec<(i64, OffsetDateTime)>> {
    let Some((cond, ids)) = scope_condition("fls_id", scope, 1) else {
        return Ok(vec![]);
    };
    let w = if cond.is_empty() {
        String::new()
    } else {
        format!(" WHERE {cond}")
    };
    let sql = format!("SELECT fls_id, MAX(updated_at) FROM episodes{w} GROUP BY fls_id");
    Ok(on_db!(db, p => {
        let mut q = sqlx::query_as(AssertSqlSafe(sql));
        for id in &ids {
            q = q.bind(*id);
        }
        q.fetch_all(p).await
    })?)
}

pub async fn records_by_month(
    db: &Db,
    scope: &FlsSet,
    since: OffsetDateTime,
) -> Result<Vec<MonthCount>> {
    let Some((cond, ids)) = scope_condition("fls_id", scope, 2) else {
        return Ok(vec![]);
    };
    let and = if cond.is_empty() {
        String::new()
    } else {
        format!(" AND {cond}")
    };
    let sql = format!(
        "SELECT fls_id, SUBSTR(CAST(created_at AS TEXT), 1, 7) AS month, COUNT(*) AS n \
         FROM episodes WHERE created_at >= $1{and} GROUP BY fls_id, month"
    );
    Ok(on_db!(db, p => {
        let mut q = sqlx::query_as(AssertSqlSafe(sql)).bind(since);
        for id in &ids {
            q = q.bind(*id);
        }
        q.fetch_all(p).await
    })?)
}

// ---------------------------------------------------------------------------------------------
// Population figures
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, FromRow, Serialize)]
pub struct PopulationRow {
    pub id: i64,
    pub area: String,
    pub year: i64,
    pub people_50_plus: i64,
    pub hip_fractures: Option<i64>,
    pub source: String,
    #[serde(skip)]
    pub updated_at: OffsetDateTime,
}

const POPULATION_COLUMNS: &str =
    "id, area, year, people_50_plus, hip_fractures, source, updated_at";

pub async fn populations(db: &Db) -> Result<Vec<PopulationRow>> {
    let sql = format!("SELECT {POPULATION_COLUMNS} FROM population_figures ORDER BY area, year");
    Ok(on_db!(db, p => sqlx::query_as(AssertSqlSafe(sql)).fetch_all(p).await)?)
}

/// Enter a figure, or replace the one for the same area and year. Returns (before, after).
pub async fn upsert_population(
    tx: &mut Tx,
    p: &liaison_domain::objectives::Population,
    now: OffsetDateTime,
) -> Result<(Option<PopulationRow>, PopulationRow)> {
    const SQL: &str = "INSERT INTO population_figures \
        (area, year, people_50_plus, hip_fractures, source, updated_at) \
        VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (area, year) DO UPDATE SET \
        people_50_plus = excluded.people_50_plus, hip_fractures = excluded.hip_fractures, \
        source = excluded.source, updated_at = excluded.updated_at";
    let get = format!(
        "SELECT {POPULATION_COLUMNS} FROM population_figures WHERE area = $1 AND year = $2"
    );
    let area = p.area.code();
    let year = i64::from(p.year);
    let before: Option<PopulationRow> = on_tx!(tx, c => sqlx::query_as(AssertSqlSafe(get.clone()))
        .bind(&area).bind(year).fetch_optional(c).await)?;
    on_tx!(tx, c => sqlx::query(SQL)
        .bind(&area)
        .bind(year)
        .bind(p.people_50_plus)
        .bind(p.hip_fractures)
        .bind(&p.source)
        .bind(now)
        .execute(c).await.map(|r| r.rows_affected()))?;
    let after: PopulationRow = on_tx!(tx, c => sqlx::query_as(AssertSqlSafe(get))
        .bind(&area).bind(year).fetch_one(c).await)?;
    Ok((before, after))
}
