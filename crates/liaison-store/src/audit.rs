//! The audit trail: append-only (triggers refuse UPDATE, DELETE, TRUNCATE and SQLite's
//! REPLACE) and hash-chained (`liaison_domain::audit_chain`): every append locks the chain's
//! head row (`audit_chain`), links the new row to the hash there and moves the head, in the
//! transaction of the row, so concurrent writers chain one after the other on both engines.
//! A write and its audit row go in one transaction, so neither exists without the other.

use crate::{Db, Result, StoreError, Tx, on_db, on_tx, placeholders};
use liaison_domain::access::FlsSet;
use liaison_domain::audit_chain::{self, Broken, Content, Stored, Verifier};
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
    entity_id, fls_id, before_json, after_json, detail, prev_hash, hash) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)";

/// Takes the head's row lock (PostgreSQL) until the transaction ends, and counts the row.
pub(crate) const CHAIN_LOCK: &str =
    "UPDATE audit_chain SET row_count = row_count + 1 WHERE id = 1 RETURNING row_count, hash";
pub(crate) const CHAIN_SET: &str = "UPDATE audit_chain SET hash = $1 WHERE id = 1";

pub(crate) fn json(v: &Option<serde_json::Value>) -> Option<String> {
    v.as_ref().map(|v| v.to_string())
}

/// What both engines keep of a time (PostgreSQL: microseconds), so the hash of a row written
/// is the hash of the row read back.
pub(crate) fn micros(at: OffsetDateTime) -> OffsetDateTime {
    at.replace_nanosecond(at.nanosecond() / 1000 * 1000)
        .unwrap_or(at)
}

/// The hashed content of an entry about to be written at `at` (already [`micros`]).
pub(crate) fn content<'a>(
    at: OffsetDateTime,
    e: &'a Entry,
    before: &'a Option<String>,
    after: &'a Option<String>,
) -> Content<'a> {
    Content {
        at_micros: (at.unix_timestamp_nanos() / 1000) as i64,
        actor_user_id: e.actor_user_id,
        actor: &e.actor,
        ip: &e.ip,
        action: &e.action,
        outcome: e.outcome,
        entity: &e.entity,
        entity_id: &e.entity_id,
        fls_id: e.fls_id,
        before_json: before.as_deref(),
        after_json: after.as_deref(),
        detail: &e.detail,
    }
}

/// Record inside the transaction of the change it describes, chained to the row before it.
pub async fn record(tx: &mut Tx, at: OffsetDateTime, e: &Entry) -> Result<()> {
    let at = micros(at);
    let lock = async |tx: &mut Tx| -> Result<Option<String>> {
        let (_, prev): (i64, Option<String>) =
            on_tx!(tx, c => sqlx::query_as(CHAIN_LOCK).fetch_one(c).await)?;
        Ok(prev)
    };
    let prev = match lock(tx).await? {
        Some(p) => p,
        None => {
            // Not started (a database migrated by hand): start it, then count this row.
            start_chain_tx(tx).await?;
            lock(tx).await?.unwrap_or_default()
        }
    };
    let (before, after) = (json(&e.before), json(&e.after));
    let hash = audit_chain::link(&prev, &content(at, e, &before, &after));
    on_tx!(tx, c => sqlx::query(INSERT)
        .bind(at).bind(e.actor_user_id).bind(&e.actor).bind(&e.ip).bind(&e.action)
        .bind(e.outcome).bind(&e.entity).bind(&e.entity_id).bind(e.fls_id)
        .bind(&before).bind(&after).bind(&e.detail).bind(&prev).bind(&hash)
        .execute(c).await.map(|r| r.rows_affected()))?;
    on_tx!(tx, c => sqlx::query(CHAIN_SET).bind(&hash).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Record on its own (reads, sign-ins, refusals): a transaction of its own.
pub async fn record_now(db: &Db, at: OffsetDateTime, e: &Entry) -> Result<()> {
    record_many(db, &[(at, e.clone())]).await
}

/// Record several rows on their own, in one transaction (rows kept while the database was busy).
pub async fn record_many(db: &Db, rows: &[(OffsetDateTime, Entry)]) -> Result<()> {
    let mut tx = db.begin().await?;
    for (at, e) in rows {
        record(&mut tx, *at, e).await?;
    }
    tx.commit().await
}

/// Start the chain if it has not started: the rows written before it (none in a new database)
/// are hashed in id order, and the head takes the result. Run after every migration.
pub async fn start_chain(db: &Db) -> Result<()> {
    let mut tx = db.begin().await?;
    let (_, prev): (i64, Option<String>) = on_tx!(&mut tx, c => sqlx::query_as("SELECT row_count, hash FROM audit_chain WHERE id = 1").fetch_one(c).await)?;
    if prev.is_none() {
        start_chain_tx(&mut tx).await?;
    }
    tx.commit().await
}

/// After a restore from a backup without the chain: its rows are the chain's start.
pub(crate) async fn restart_chain(tx: &mut Tx) -> Result<()> {
    start_chain_tx(tx).await.map(|_| ())
}

/// Hash every row there is (rows from before the chain), set the head, return its hash.
async fn start_chain_tx(tx: &mut Tx) -> Result<String> {
    let mut v = Verifier::default();
    let mut after = 0i64;
    loop {
        let rows: Vec<ChainRow> = on_tx!(tx, c => sqlx::query_as(SELECT_CHAIN)
            .bind(after).bind(PAGE).fetch_all(c).await)?;
        for r in &rows {
            v.push(&r.stored())
                .map_err(|b| StoreError::Conflict(format!("{b:?}")))?;
        }
        match rows.last() {
            Some(r) => after = r.id,
            None => break,
        }
    }
    let (n, h) = v.head();
    let h = h.to_string();
    on_tx!(tx, c => sqlx::query("UPDATE audit_chain SET row_count = $1, hash = $2 WHERE id = 1")
        .bind(n).bind(&h).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(h)
}

const PAGE: i64 = 5000;
const SELECT_CHAIN: &str = "SELECT id, at, actor_user_id, actor, ip, action, outcome, entity, entity_id, \
    fls_id, before_json, after_json, detail, prev_hash, hash FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2";

#[derive(Debug, FromRow)]
struct ChainRow {
    id: i64,
    at: OffsetDateTime,
    actor_user_id: Option<i64>,
    actor: String,
    ip: String,
    action: String,
    outcome: String,
    entity: String,
    entity_id: String,
    fls_id: Option<i64>,
    before_json: Option<String>,
    after_json: Option<String>,
    detail: String,
    prev_hash: Option<String>,
    hash: Option<String>,
}

impl ChainRow {
    fn stored(&self) -> Stored<'_> {
        Stored {
            id: self.id,
            prev_hash: self.prev_hash.as_deref(),
            hash: self.hash.as_deref(),
            content: Content {
                at_micros: (self.at.unix_timestamp_nanos() / 1000) as i64,
                actor_user_id: self.actor_user_id,
                actor: &self.actor,
                ip: &self.ip,
                action: &self.action,
                outcome: &self.outcome,
                entity: &self.entity,
                entity_id: &self.entity_id,
                fls_id: self.fls_id,
                before_json: self.before_json.as_deref(),
                after_json: self.after_json.as_deref(),
                detail: &self.detail,
            },
        }
    }
}

/// The outcome of [`verify`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verified {
    /// Every row and the head check: how many rows, and the head's hash (to note down
    /// elsewhere, so a later check can tell the trail was not rewritten as a whole).
    Intact { rows: i64, head: String },
    /// The first row that does not check (None: the rows check but the head does not).
    Broken { id: Option<i64>, reason: String },
}

/// Check the whole chain: every row's hashes in id order, then the head.
pub async fn verify(db: &Db) -> Result<Verified> {
    let mut tx = db.begin_read().await?;
    let mut v = Verifier::default();
    let mut after = 0i64;
    loop {
        let rows: Vec<ChainRow> = on_tx!(&mut tx, c => sqlx::query_as(SELECT_CHAIN)
            .bind(after).bind(PAGE).fetch_all(c).await)?;
        for r in &rows {
            if let Err(b) = v.push(&r.stored()) {
                return Ok(broken(b));
            }
        }
        match rows.last() {
            Some(r) => after = r.id,
            None => break,
        }
    }
    let head: Option<(i64, Option<String>)> = on_tx!(&mut tx, c => sqlx::query_as(
        "SELECT row_count, hash FROM audit_chain WHERE id = 1").fetch_optional(c).await)?;
    let (n, h) = match head {
        Some((n, Some(h))) => (n, h),
        _ => {
            return Ok(Verified::Broken {
                id: None,
                reason: "the chain's head is missing".into(),
            });
        }
    };
    if let Err(b) = v.finish(n, &h) {
        return Ok(broken(b));
    }
    Ok(Verified::Intact { rows: n, head: h })
}

fn broken(b: Broken) -> Verified {
    match b {
        Broken::Row { id, reason } => Verified::Broken {
            id: Some(id),
            reason: reason.into(),
        },
        Broken::Head { reason } => Verified::Broken {
            id: None,
            reason: reason.into(),
        },
    }
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
