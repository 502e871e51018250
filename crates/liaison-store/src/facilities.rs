//! The yearly facilities audit: rounds (one per year, with the questionnaire they ask) and
//! each FLS's return. Returns are read through the caller's `FlsSet`.

use crate::{Db, Result, StoreError, Tx, is_unique_violation, on_db, on_tx, placeholders};
use liaison_domain::access::FlsSet;
use serde::Serialize;
use sqlx::{AssertSqlSafe, FromRow};
use time::{Date, OffsetDateTime};

#[derive(Debug, Clone, PartialEq, FromRow, Serialize)]
pub struct RoundRow {
    pub id: i64,
    pub year: i64,
    pub questionnaire_version: String,
    pub questionnaire_sha256: String,
    #[serde(skip)]
    pub questionnaire: String,
    pub deadline: Date,
    #[serde(with = "time::serde::rfc3339")]
    pub opened_at: OffsetDateTime,
    pub opened_by: String,
}

#[derive(Debug, Clone, PartialEq, FromRow, Serialize)]
pub struct ReturnRow {
    pub id: i64,
    pub round_id: i64,
    pub fls_id: i64,
    /// `draft` or `submitted`.
    pub status: String,
    pub answers_json: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub submitted_at: Option<OffsetDateTime>,
}

/// A submitted return with where its FLS sits and its expected caseload.
#[derive(Debug, Clone, PartialEq, FromRow)]
pub struct PlacedReturn {
    pub fls_id: i64,
    pub code: String,
    pub country: String,
    pub region: String,
    pub expected_non_spine_per_year: Option<i64>,
    pub expected_spine_per_year: Option<i64>,
    pub answers_json: String,
}

/// A round's progress line: every FLS of the scope, with its return's status if any.
#[derive(Debug, Clone, PartialEq, FromRow, Serialize)]
pub struct ProgressRow {
    pub fls_id: i64,
    pub code: String,
    pub name: String,
    pub country: String,
    pub status: Option<String>,
}

const RD_COLS: &str = "id, year, questionnaire_version, questionnaire_sha256, questionnaire, \
    deadline, opened_at, opened_by";
const RT_COLS: &str =
    "id, round_id, fls_id, status, answers_json, created_at, updated_at, submitted_at";

/// Every round, newest year first.
pub async fn rounds(db: &Db) -> Result<Vec<RoundRow>> {
    let sql = format!("SELECT {RD_COLS} FROM facilities_rounds ORDER BY year DESC");
    Ok(on_db!(db, p => sqlx::query_as(AssertSqlSafe(sql)).fetch_all(p).await)?)
}

pub async fn round(db: &Db, year: i64) -> Result<Option<RoundRow>> {
    let sql = format!("SELECT {RD_COLS} FROM facilities_rounds WHERE year = $1");
    Ok(on_db!(db, p => sqlx::query_as(AssertSqlSafe(sql)).bind(year).fetch_optional(p).await)?)
}

pub struct NewRound<'a> {
    pub year: i64,
    pub version: &'a str,
    pub sha256: &'a str,
    pub questionnaire: &'a str,
    pub deadline: Date,
    pub by: &'a str,
}

/// Open a round. One a year: a second for the same year is a conflict.
pub async fn insert_round(tx: &mut Tx, r: &NewRound<'_>, now: OffsetDateTime) -> Result<i64> {
    const SQL: &str = "INSERT INTO facilities_rounds (year, questionnaire_version, \
        questionnaire_sha256, questionnaire, deadline, opened_at, opened_by) \
        VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
    let res: std::result::Result<(i64,), sqlx::Error> = on_tx!(tx, c => sqlx::query_as(SQL)
        .bind(r.year).bind(r.version).bind(r.sha256).bind(r.questionnaire).bind(r.deadline)
        .bind(now).bind(r.by).fetch_one(c).await);
    match res {
        Ok((id,)) => Ok(id),
        Err(e) if is_unique_violation(&e) => Err(StoreError::Conflict(r.year.to_string())),
        Err(e) => Err(e.into()),
    }
}

/// The FLS's return of a round, if it is in `scope` and exists.
pub async fn return_of(
    db: &Db,
    scope: &FlsSet,
    round_id: i64,
    fls_id: i64,
) -> Result<Option<ReturnRow>> {
    if !scope.contains(fls_id) {
        return Ok(None);
    }
    let sql =
        format!("SELECT {RT_COLS} FROM facilities_returns WHERE round_id = $1 AND fls_id = $2");
    Ok(
        on_db!(db, p => sqlx::query_as(AssertSqlSafe(sql)).bind(round_id).bind(fls_id)
        .fetch_optional(p).await)?,
    )
}

/// The same, inside a write (the caller has checked the right to write it).
pub async fn return_tx(tx: &mut Tx, round_id: i64, fls_id: i64) -> Result<Option<ReturnRow>> {
    let sql =
        format!("SELECT {RT_COLS} FROM facilities_returns WHERE round_id = $1 AND fls_id = $2");
    Ok(
        on_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql)).bind(round_id).bind(fls_id)
        .fetch_optional(c).await)?,
    )
}

pub async fn insert_return(
    tx: &mut Tx,
    round_id: i64,
    fls_id: i64,
    now: OffsetDateTime,
) -> Result<ReturnRow> {
    const SQL: &str = "INSERT INTO facilities_returns (round_id, fls_id, status, answers_json, \
        created_at, updated_at) VALUES ($1, $2, 'draft', '{}', $3, $3)";
    on_tx!(tx, c => sqlx::query(SQL).bind(round_id).bind(fls_id).bind(now)
        .execute(c).await.map(|r| r.rows_affected()))?;
    return_tx(tx, round_id, fls_id)
        .await?
        .ok_or(StoreError::NotFound)
}

/// Write a return's status, answers and times.
pub async fn update_return(tx: &mut Tx, r: &ReturnRow) -> Result<()> {
    const SQL: &str = "UPDATE facilities_returns SET status = $2, answers_json = $3, \
        updated_at = $4, submitted_at = $5 WHERE id = $1";
    on_tx!(tx, c => sqlx::query(SQL).bind(r.id).bind(&r.status).bind(&r.answers_json)
        .bind(r.updated_at).bind(r.submitted_at).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

fn scope_filter(scope: &FlsSet, first: usize) -> Option<(String, Vec<i64>)> {
    match scope {
        FlsSet::All => Some((String::new(), vec![])),
        FlsSet::Only(s) if s.is_empty() => None,
        FlsSet::Only(s) => Some((
            format!(" AND f.id IN ({})", placeholders(first, s.len())),
            s.iter().copied().collect(),
        )),
    }
}

/// The submitted returns of a round among the FLSs of `scope`, by FLS code.
pub async fn submitted(db: &Db, scope: &FlsSet, round_id: i64) -> Result<Vec<PlacedReturn>> {
    let Some((filter, ids)) = scope_filter(scope, 2) else {
        return Ok(vec![]);
    };
    let sql = format!(
        "SELECT f.id AS fls_id, f.code, f.country, c.region, f.expected_non_spine_per_year, \
         f.expected_spine_per_year, r.answers_json FROM facilities_returns r \
         JOIN fls f ON f.id = r.fls_id JOIN countries c ON c.code = f.country \
         WHERE r.round_id = $1 AND r.status = 'submitted'{filter} ORDER BY f.code"
    );
    on_db!(db, p => {
        let mut q = sqlx::query_as(AssertSqlSafe(sql)).bind(round_id);
        for id in &ids {
            q = q.bind(*id);
        }
        Ok(q.fetch_all(p).await?)
    })
}

/// Every FLS of `scope` with the status of its return of the round (none when not started).
pub async fn progress(db: &Db, scope: &FlsSet, round_id: i64) -> Result<Vec<ProgressRow>> {
    let Some((filter, ids)) = scope_filter(scope, 2) else {
        return Ok(vec![]);
    };
    let sql = format!(
        "SELECT f.id AS fls_id, f.code, f.name, f.country, r.status FROM fls f \
         LEFT JOIN facilities_returns r ON r.fls_id = f.id AND r.round_id = $1 \
         WHERE 1 = 1{filter} ORDER BY f.country, f.code"
    );
    on_db!(db, p => {
        let mut q = sqlx::query_as(AssertSqlSafe(sql)).bind(round_id);
        for id in &ids {
            q = q.bind(*id);
        }
        Ok(q.fetch_all(p).await?)
    })
}

/// The FLS's latest submitted return of a year before `year`, with that year.
pub async fn previous_submitted(
    db: &Db,
    scope: &FlsSet,
    fls_id: i64,
    year: i64,
) -> Result<Option<(i64, String)>> {
    if !scope.contains(fls_id) {
        return Ok(None);
    }
    const SQL: &str = "SELECT d.year, r.answers_json FROM facilities_returns r \
        JOIN facilities_rounds d ON d.id = r.round_id \
        WHERE r.fls_id = $1 AND d.year < $2 AND r.status = 'submitted' \
        ORDER BY d.year DESC LIMIT 1";
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(fls_id).bind(year).fetch_optional(p).await)?)
}
