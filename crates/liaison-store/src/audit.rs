//! The audit trail: append-only (triggers refuse UPDATE and DELETE on both engines).
//! A write and its audit row go in one transaction, so neither exists without the other.

use crate::{Db, Result, Tx, on_db, on_tx, placeholders};
use liaison_domain::access::FlsSet;
use serde::Serialize;
use sqlx::{AssertSqlSafe, FromRow};
use time::OffsetDateTime;

/// Outcome of an audited action.
pub const OK: &str = "ok";
pub const DENIED: &str = "denied";
pub const FAILED: &str = "failed";

#[derive(Debug, Clone, Default)]
pub struct Entry {
    pub actor_user_id: Option<i64>,
    /// The actor as known at the time: an e-mail, or `operator` for the command line.
    pub actor: String,
    pub ip: String,
    /// Stable action code, e.g. `sign_in`, `fls.update`, `patient.read`.
    pub action: String,
    pub outcome: &'static str,
    pub entity: String,
    pub entity_id: String,
    pub fls_id: Option<i64>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub detail: String,
}

/// Builders, so a call site says what it records in one expression rather than mutating
/// fields one by one (`actor.audit("episode.delete").entity("episode", id).fls(fls_id)`).
impl Entry {
    pub fn denied(mut self) -> Self {
        self.outcome = DENIED;
        self
    }

    pub fn failed(mut self) -> Self {
        self.outcome = FAILED;
        self
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = detail.into();
        self
    }

    pub fn entity(mut self, kind: &str, id: impl ToString) -> Self {
        self.entity = kind.to_string();
        self.entity_id = id.to_string();
        self
    }

    pub fn fls(mut self, fls_id: impl Into<Option<i64>>) -> Self {
        self.fls_id = fls_id.into();
        self
    }

    pub fn change(
        mut self,
        before: Option<serde_json::Value>,
        after: Option<serde_json::Value>,
    ) -> Self {
        self.before = before;
        self.after = after;
        self
    }
}

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct AuditRow {
    pub id: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub actor_user_id: Option<i64>,
    pub actor: String,
    pub ip: String,
    pub action: String,
    pub outcome: String,
    pub entity: String,
    pub entity_id: String,
    pub fls_id: Option<i64>,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
    pub detail: String,
}

pub(crate) const INSERT: &str = "INSERT INTO audit_log (at, actor_user_id, actor, ip, action, outcome, entity, \
    entity_id, fls_id, before_json, after_json, detail) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";

pub(crate) fn json(v: &Option<serde_json::Value>) -> Option<String> {
    v.as_ref().map(|v| v.to_string())
}

/// Record inside the transaction of the change it describes.
pub async fn record(tx: &mut Tx, at: OffsetDateTime, e: &Entry) -> Result<()> {
    on_tx!(tx, c => sqlx::query(INSERT)
        .bind(at).bind(e.actor_user_id).bind(&e.actor).bind(&e.ip).bind(&e.action)
        .bind(e.outcome).bind(&e.entity).bind(&e.entity_id).bind(e.fls_id)
        .bind(json(&e.before)).bind(json(&e.after)).bind(&e.detail)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Record on its own (reads, sign-ins, refusals).
pub async fn record_now(db: &Db, at: OffsetDateTime, e: &Entry) -> Result<()> {
    on_db!(db, p => sqlx::query(INSERT)
        .bind(at).bind(e.actor_user_id).bind(&e.actor).bind(&e.ip).bind(&e.action)
        .bind(e.outcome).bind(&e.entity).bind(&e.entity_id).bind(e.fls_id)
        .bind(json(&e.before)).bind(json(&e.after)).bind(&e.detail)
        .execute(p).await.map(|r| r.rows_affected()))?;
    Ok(())
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub from: Option<OffsetDateTime>,
    /// Exclusive upper bound.
    pub to: Option<OffsetDateTime>,
    pub actor: Option<String>,
    pub action: Option<String>,
    pub fls_id: Option<i64>,
    pub entity_id: Option<String>,
}

/// Search the rows `scope` may see, newest first. A scope short of every FLS sees only rows
/// tied to one of its FLSs.
pub async fn search(
    db: &Db,
    scope: &FlsSet,
    f: &Filter,
    limit: i64,
    offset: i64,
) -> Result<Vec<AuditRow>> {
    let mut conds: Vec<String> = Vec::new();
    let mut n = 0usize;
    let mut next = || {
        n += 1;
        n
    };
    if f.from.is_some() {
        conds.push(format!("at >= ${}", next()));
    }
    if f.to.is_some() {
        conds.push(format!("at < ${}", next()));
    }
    if f.actor.is_some() {
        conds.push(format!("actor = ${}", next()));
    }
    if f.action.is_some() {
        conds.push(format!("action = ${}", next()));
    }
    if f.fls_id.is_some() {
        conds.push(format!("fls_id = ${}", next()));
    }
    if f.entity_id.is_some() {
        conds.push(format!("entity_id = ${}", next()));
    }
    let scope_ids: Vec<i64> = match scope {
        FlsSet::All => vec![],
        FlsSet::Only(s) if s.is_empty() => return Ok(vec![]),
        FlsSet::Only(s) => {
            let first = next();
            conds.push(format!("fls_id IN ({})", placeholders(first, s.len())));
            for _ in 1..s.len() {
                next();
            }
            s.iter().copied().collect()
        }
    };
    let where_ = if conds.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conds.join(" AND "))
    };
    let sql = format!(
        "SELECT id, at, actor_user_id, actor, ip, action, outcome, entity, entity_id, fls_id, \
         before_json, after_json, detail FROM audit_log {where_} ORDER BY id DESC LIMIT ${} OFFSET ${}",
        next(),
        next()
    );
    on_db!(db, p => {
        let mut q = sqlx::query_as(AssertSqlSafe(sql));
        if let Some(v) = f.from { q = q.bind(v); }
        if let Some(v) = f.to { q = q.bind(v); }
        if let Some(v) = &f.actor { q = q.bind(v.clone()); }
        if let Some(v) = &f.action { q = q.bind(v.clone()); }
        if let Some(v) = f.fls_id { q = q.bind(v); }
        if let Some(v) = &f.entity_id { q = q.bind(v.clone()); }
        for id in &scope_ids { q = q.bind(*id); }
        Ok(q.bind(limit).bind(offset).fetch_all(p).await?)
    })
}
