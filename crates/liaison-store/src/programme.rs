//! The programme: Best Practice Framework versions (immutable once loaded), assessments with
//! their reviews, and Getting to Gold plans with milestones. Rows tied to an FLS are read
//! through the caller's `FlsSet`; the public map reads only approved, published assessments.

use crate::{Db, Result, StoreError, Tx, is_unique_violation, on_db, on_tx, placeholders};
use liaison_domain::access::FlsSet;
use serde::Serialize;
use sqlx::{AssertSqlSafe, FromRow};
use time::{Date, OffsetDateTime};

#[derive(Debug, Clone, PartialEq, FromRow, Serialize)]
pub struct FrameworkRow {
    pub id: i64,
    pub version: String,
    pub sha256: String,
    #[serde(skip)]
    pub body: String,
    #[serde(with = "time::serde::rfc3339")]
    pub loaded_at: OffsetDateTime,
    pub loaded_by: String,
}

#[derive(Debug, Clone, PartialEq, FromRow, Serialize)]
pub struct AssessmentRow {
    pub id: i64,
    pub fls_id: i64,
    pub framework_version: String,
    pub framework_sha256: String,
    /// `draft`, `submitted`, `changes_requested`, `approved`.
    pub status: String,
    pub answers_json: String,
    pub prefill_json: String,
    pub score_json: Option<String>,
    pub approved_json: Option<String>,
    pub publish: bool,
    pub publish_city: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub submitted_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub decided_at: Option<OffsetDateTime>,
}

#[derive(Debug, Clone, PartialEq, FromRow, Serialize)]
pub struct ReviewRow {
    pub id: i64,
    pub assessment_id: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub actor_user_id: Option<i64>,
    pub actor: String,
    /// `submit`, `comment`, `request_changes`, `approve`.
    pub action: String,
    pub comment: String,
    pub levels_json: Option<String>,
}

#[derive(Debug, Clone, PartialEq, FromRow, Serialize)]
pub struct PlanRow {
    pub id: i64,
    pub fls_id: Option<i64>,
    pub country: Option<String>,
    pub step: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, FromRow, Serialize)]
pub struct MilestoneRow {
    pub id: i64,
    pub plan_id: i64,
    pub step: i64,
    pub title: String,
    pub owner: String,
    pub due_date: Option<Date>,
    pub status: String,
    pub evidence: String,
    pub evidence_url: Option<String>,
    #[serde(skip)]
    pub created_at: OffsetDateTime,
    #[serde(skip)]
    pub updated_at: OffsetDateTime,
}

const FW_COLS: &str = "id, version, sha256, body, loaded_at, loaded_by";
const A_COLS: &str = "id, fls_id, framework_version, framework_sha256, status, answers_json, \
    prefill_json, score_json, approved_json, publish, publish_city, created_at, updated_at, \
    submitted_at, decided_at";
const R_COLS: &str = "id, assessment_id, at, actor_user_id, actor, action, comment, levels_json";
const P_COLS: &str = "id, fls_id, country, step, updated_at";
const M_COLS: &str = "id, plan_id, step, title, owner, due_date, status, evidence, evidence_url, \
    created_at, updated_at";

// ---- frameworks ----

/// Every loaded framework, newest first.
pub async fn frameworks(db: &Db) -> Result<Vec<FrameworkRow>> {
    let sql = format!("SELECT {FW_COLS} FROM bpf_frameworks ORDER BY id DESC");
    Ok(on_db!(db, p => sqlx::query_as(AssertSqlSafe(sql)).fetch_all(p).await)?)
}

pub async fn framework(db: &Db, version: &str) -> Result<Option<FrameworkRow>> {
    let sql = format!("SELECT {FW_COLS} FROM bpf_frameworks WHERE version = $1");
    Ok(on_db!(db, p => sqlx::query_as(AssertSqlSafe(sql)).bind(version).fetch_optional(p).await)?)
}

/// Load a framework version. A version is never replaced: loading one that exists is a
/// conflict.
pub async fn insert_framework(
    tx: &mut Tx,
    version: &str,
    sha256: &str,
    body: &str,
    now: OffsetDateTime,
    by: &str,
) -> Result<i64> {
    const SQL: &str = "INSERT INTO bpf_frameworks (version, sha256, body, loaded_at, loaded_by) \
        VALUES ($1, $2, $3, $4, $5) RETURNING id";
    let r: std::result::Result<(i64,), sqlx::Error> = on_tx!(tx, c => sqlx::query_as(SQL)
        .bind(version).bind(sha256).bind(body).bind(now).bind(by).fetch_one(c).await);
    match r {
        Ok((id,)) => Ok(id),
        Err(e) if is_unique_violation(&e) => Err(StoreError::Conflict(version.to_string())),
        Err(e) => Err(e.into()),
    }
}

/// The shipped default, when no framework is loaded yet (idempotent).
pub async fn ensure_framework(
    db: &Db,
    version: &str,
    sha256: &str,
    body: &str,
    now: OffsetDateTime,
) -> Result<()> {
    const SQL: &str = "INSERT INTO bpf_frameworks (version, sha256, body, loaded_at, loaded_by) \
        VALUES ($1, $2, $3, $4, 'liaison') ON CONFLICT (version) DO NOTHING";
    on_db!(db, p => sqlx::query(SQL).bind(version).bind(sha256).bind(body).bind(now)
        .execute(p).await.map(|r| r.rows_affected()))?;
    Ok(())
}

// ---- assessments ----

fn scope_ids(scope: &FlsSet) -> Option<Vec<i64>> {
    match scope {
        FlsSet::All => Some(vec![]),
        FlsSet::Only(s) if s.is_empty() => None,
        FlsSet::Only(s) => Some(s.iter().copied().collect()),
    }
}

/// The assessments of an FLS in `scope`, newest first.
pub async fn assessments(db: &Db, scope: &FlsSet, fls_id: i64) -> Result<Vec<AssessmentRow>> {
    if !scope.contains(fls_id) {
        return Ok(vec![]);
    }
    let sql = format!("SELECT {A_COLS} FROM bpf_assessments WHERE fls_id = $1 ORDER BY id DESC");
    Ok(on_db!(db, p => sqlx::query_as(AssertSqlSafe(sql)).bind(fls_id).fetch_all(p).await)?)
}

/// Assessments of `scope` with a status, oldest first (the review queue).
pub async fn assessments_with_status(
    db: &Db,
    scope: &FlsSet,
    status: &str,
) -> Result<Vec<AssessmentRow>> {
    let Some(ids) = scope_ids(scope) else {
        return Ok(vec![]);
    };
    let filter = if ids.is_empty() {
        String::new()
    } else {
        format!(" AND fls_id IN ({})", placeholders(2, ids.len()))
    };
    let sql = format!("SELECT {A_COLS} FROM bpf_assessments WHERE status = $1{filter} ORDER BY id");
    on_db!(db, p => {
        let mut q = sqlx::query_as(AssertSqlSafe(sql)).bind(status);
        for id in &ids {
            q = q.bind(*id);
        }
        Ok(q.fetch_all(p).await?)
    })
}

/// Every approved assessment, oldest decision first. The public map keeps the latest per FLS
/// and shows it only when that one is published (so withdrawing consent takes effect).
pub async fn approvals(db: &Db) -> Result<Vec<AssessmentRow>> {
    let sql = format!(
        "SELECT {A_COLS} FROM bpf_assessments WHERE status = $1 \
         AND approved_json IS NOT NULL ORDER BY decided_at, id"
    );
    Ok(on_db!(db, p => sqlx::query_as(AssertSqlSafe(sql)).bind("approved").fetch_all(p).await)?)
}

pub async fn assessment_tx(tx: &mut Tx, id: i64) -> Result<Option<AssessmentRow>> {
    let sql = format!("SELECT {A_COLS} FROM bpf_assessments WHERE id = $1");
    Ok(on_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql)).bind(id).fetch_optional(c).await)?)
}

pub struct NewAssessment<'a> {
    pub fls_id: i64,
    pub framework_version: &'a str,
    pub framework_sha256: &'a str,
}

pub async fn insert_assessment(
    tx: &mut Tx,
    a: &NewAssessment<'_>,
    now: OffsetDateTime,
) -> Result<AssessmentRow> {
    const SQL: &str = "INSERT INTO bpf_assessments (fls_id, framework_version, framework_sha256, \
        status, answers_json, prefill_json, publish, publish_city, created_at, updated_at) \
        VALUES ($1, $2, $3, 'draft', '{}', '{}', $4, $4, $5, $5) RETURNING id";
    let (id,): (i64,) = on_tx!(tx, c => sqlx::query_as(SQL).bind(a.fls_id)
        .bind(a.framework_version).bind(a.framework_sha256).bind(true).bind(now)
        .fetch_one(c).await)?;
    assessment_tx(tx, id).await?.ok_or(StoreError::NotFound)
}

/// Write every changeable column of an assessment.
pub async fn update_assessment(tx: &mut Tx, a: &AssessmentRow) -> Result<()> {
    const SQL: &str = "UPDATE bpf_assessments SET status = $2, answers_json = $3, \
        prefill_json = $4, score_json = $5, approved_json = $6, publish = $7, publish_city = $8, \
        updated_at = $9, submitted_at = $10, decided_at = $11 WHERE id = $1";
    on_tx!(tx, c => sqlx::query(SQL).bind(a.id).bind(&a.status).bind(&a.answers_json)
        .bind(&a.prefill_json).bind(&a.score_json).bind(&a.approved_json).bind(a.publish)
        .bind(a.publish_city).bind(a.updated_at).bind(a.submitted_at).bind(a.decided_at)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn reviews(db: &Db, assessment_id: i64) -> Result<Vec<ReviewRow>> {
    let sql = format!("SELECT {R_COLS} FROM bpf_reviews WHERE assessment_id = $1 ORDER BY id");
    Ok(on_db!(db, p => sqlx::query_as(AssertSqlSafe(sql)).bind(assessment_id).fetch_all(p).await)?)
}

pub async fn insert_review(tx: &mut Tx, r: &ReviewRow) -> Result<i64> {
    const SQL: &str = "INSERT INTO bpf_reviews (assessment_id, at, actor_user_id, actor, action, \
        comment, levels_json) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
    let (id,): (i64,) = on_tx!(tx, c => sqlx::query_as(SQL).bind(r.assessment_id).bind(r.at)
        .bind(r.actor_user_id).bind(&r.actor).bind(&r.action).bind(&r.comment)
        .bind(&r.levels_json).fetch_one(c).await)?;
    Ok(id)
}

// ---- Getting to Gold ----

/// The plans of the FLSs in `scope` (country plans are not FLS-bound and come separately).
pub async fn fls_plans(db: &Db, scope: &FlsSet) -> Result<Vec<PlanRow>> {
    let Some(ids) = scope_ids(scope) else {
        return Ok(vec![]);
    };
    let filter = if ids.is_empty() {
        "fls_id IS NOT NULL".to_string()
    } else {
        format!("fls_id IN ({})", placeholders(1, ids.len()))
    };
    let sql = format!("SELECT {P_COLS} FROM g2g_plans WHERE {filter} ORDER BY id");
    on_db!(db, p => {
        let mut q = sqlx::query_as(AssertSqlSafe(sql));
        for id in &ids {
            q = q.bind(*id);
        }
        Ok(q.fetch_all(p).await?)
    })
}

pub async fn country_plans(db: &Db) -> Result<Vec<PlanRow>> {
    let sql = format!("SELECT {P_COLS} FROM g2g_plans WHERE country IS NOT NULL ORDER BY country");
    Ok(on_db!(db, p => sqlx::query_as(AssertSqlSafe(sql)).fetch_all(p).await)?)
}

pub async fn plan_of_fls(db: &Db, scope: &FlsSet, fls_id: i64) -> Result<Option<PlanRow>> {
    if !scope.contains(fls_id) {
        return Ok(None);
    }
    let sql = format!("SELECT {P_COLS} FROM g2g_plans WHERE fls_id = $1");
    Ok(on_db!(db, p => sqlx::query_as(AssertSqlSafe(sql)).bind(fls_id).fetch_optional(p).await)?)
}

pub async fn plan_of_country(db: &Db, country: &str) -> Result<Option<PlanRow>> {
    let sql = format!("SELECT {P_COLS} FROM g2g_plans WHERE country = $1");
    Ok(on_db!(db, p => sqlx::query_as(AssertSqlSafe(sql)).bind(country).fetch_optional(p).await)?)
}

/// The plan of an FLS or a country, created at step 1 when there is none.
pub async fn ensure_plan_tx(
    tx: &mut Tx,
    fls_id: Option<i64>,
    country: Option<&str>,
    now: OffsetDateTime,
) -> Result<PlanRow> {
    let (col, sel) = if fls_id.is_some() {
        ("fls_id", "fls_id = $1")
    } else {
        ("country", "country = $1")
    };
    let find = format!("SELECT {P_COLS} FROM g2g_plans WHERE {sel}");
    let existing: Option<PlanRow> = match fls_id {
        Some(id) => {
            on_tx!(tx, c => sqlx::query_as(AssertSqlSafe(find.clone())).bind(id).fetch_optional(c).await)?
        }
        None => {
            on_tx!(tx, c => sqlx::query_as(AssertSqlSafe(find.clone())).bind(country).fetch_optional(c).await)?
        }
    };
    if let Some(p) = existing {
        return Ok(p);
    }
    let ins = format!("INSERT INTO g2g_plans ({col}, step, updated_at) VALUES ($1, 1, $2)");
    match fls_id {
        Some(id) => {
            on_tx!(tx, c => sqlx::query(AssertSqlSafe(ins)).bind(id).bind(now).execute(c).await.map(|r| r.rows_affected()))?
        }
        None => {
            on_tx!(tx, c => sqlx::query(AssertSqlSafe(ins)).bind(country).bind(now).execute(c).await.map(|r| r.rows_affected()))?
        }
    };
    let got: Option<PlanRow> = match fls_id {
        Some(id) => {
            on_tx!(tx, c => sqlx::query_as(AssertSqlSafe(find)).bind(id).fetch_optional(c).await)?
        }
        None => {
            on_tx!(tx, c => sqlx::query_as(AssertSqlSafe(find)).bind(country).fetch_optional(c).await)?
        }
    };
    got.ok_or(StoreError::NotFound)
}

pub async fn set_step(tx: &mut Tx, plan_id: i64, step: i64, now: OffsetDateTime) -> Result<()> {
    const SQL: &str = "UPDATE g2g_plans SET step = $2, updated_at = $3 WHERE id = $1";
    on_tx!(tx, c => sqlx::query(SQL).bind(plan_id).bind(step).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// The milestones of plans, by step then due date.
pub async fn milestones(db: &Db, plan_ids: &[i64]) -> Result<Vec<MilestoneRow>> {
    if plan_ids.is_empty() {
        return Ok(vec![]);
    }
    let sql = format!(
        "SELECT {M_COLS} FROM g2g_milestones WHERE plan_id IN ({}) ORDER BY step, due_date, id",
        placeholders(1, plan_ids.len())
    );
    on_db!(db, p => {
        let mut q = sqlx::query_as(AssertSqlSafe(sql));
        for id in plan_ids {
            q = q.bind(*id);
        }
        Ok(q.fetch_all(p).await?)
    })
}

pub async fn milestone_tx(tx: &mut Tx, plan_id: i64, id: i64) -> Result<Option<MilestoneRow>> {
    let sql = format!("SELECT {M_COLS} FROM g2g_milestones WHERE id = $1 AND plan_id = $2");
    Ok(
        on_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql)).bind(id).bind(plan_id).fetch_optional(c).await)?,
    )
}

/// Insert (`m.id == 0`) or update a milestone of `m.plan_id`; returns it as stored.
pub async fn save_milestone(tx: &mut Tx, m: &MilestoneRow) -> Result<MilestoneRow> {
    const INSERT: &str = "INSERT INTO g2g_milestones (plan_id, step, title, owner, due_date, \
        status, evidence, evidence_url, created_at, updated_at) \
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id";
    const UPDATE: &str = "UPDATE g2g_milestones SET step = $2, title = $3, owner = $4, \
        due_date = $5, status = $6, evidence = $7, evidence_url = $8, updated_at = $9 \
        WHERE id = $10 AND plan_id = $1 RETURNING id";
    let sql = if m.id == 0 { INSERT } else { UPDATE };
    let r: Option<(i64,)> = on_tx!(tx, c => {
        let q = sqlx::query_as(sql).bind(m.plan_id).bind(m.step).bind(&m.title).bind(&m.owner)
            .bind(m.due_date).bind(&m.status).bind(&m.evidence).bind(&m.evidence_url)
            .bind(m.updated_at);
        let q = if m.id == 0 { q } else { q.bind(m.id) };
        q.fetch_optional(c).await
    })?;
    let (id,) = r.ok_or(StoreError::NotFound)?;
    milestone_tx(tx, m.plan_id, id)
        .await?
        .ok_or(StoreError::NotFound)
}
