//! E-mail (issue 20): the outbox of messages to send, and each user's notification settings.
//! A message is written in the transaction of what caused it; the worker claims it (a
//! committed `sending` mark) before it speaks to the mail server, so two workers never send the
//! same message and a restart finds what was interrupted (docs/decisions-outreach.md, "Outbox").

use crate::{Db, Result, Tx, on_db, on_tx};
use liaison_domain::access::FlsSet;
use sqlx::FromRow;
use time::OffsetDateTime;

pub const PENDING: &str = "pending";
pub const SENDING: &str = "sending";
pub const SENT: &str = "sent";
pub const FAILED: &str = "failed";

/// A message to write.
#[derive(Debug, Clone)]
pub struct NewMessage {
    pub kind: String,
    pub user_id: Option<i64>,
    pub recipient: String,
    pub language: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    /// Unique when given: a scheduled message (a digest of one day, an alert of one quarter)
    /// is written once however often the planner runs.
    pub dedup_key: Option<String>,
    /// A file sent with the message (an event's `.ics`).
    pub attachment: Option<Attachment>,
    /// The signed unsubscribe link, sent as RFC 8058's List-Unsubscribe.
    pub list_unsubscribe: Option<String>,
}

/// A text file attached to a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub name: String,
    pub content_type: String,
    pub content: String,
}

#[derive(Debug, Clone, FromRow)]
pub struct OutboxRow {
    pub id: i64,
    pub kind: String,
    pub user_id: Option<i64>,
    pub recipient: String,
    pub language: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub dedup_key: Option<String>,
    pub status: String,
    pub attempts: i64,
    pub next_attempt_at: OffsetDateTime,
    pub claimed_at: Option<OffsetDateTime>,
    pub last_error: Option<String>,
    pub created_at: OffsetDateTime,
    pub sent_at: Option<OffsetDateTime>,
    pub attachment_name: Option<String>,
    pub attachment_type: Option<String>,
    pub attachment: Option<String>,
    pub list_unsubscribe: Option<String>,
}

const COLUMNS: &str = "id, kind, user_id, recipient, language, subject, body_text, body_html, \
    dedup_key, status, attempts, next_attempt_at, claimed_at, last_error, created_at, sent_at, \
    attachment_name, attachment_type, attachment, list_unsubscribe";

/// Write a message, due now. None when a message with the same `dedup_key` exists already.
pub async fn enqueue(tx: &mut Tx, m: &NewMessage, now: OffsetDateTime) -> Result<Option<i64>> {
    const SQL: &str = "INSERT INTO outbox (kind, user_id, recipient, language, subject, \
        body_text, body_html, dedup_key, status, attempts, next_attempt_at, created_at, \
        attachment_name, attachment_type, attachment, list_unsubscribe) \
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', 0, $9, $9, $10, $11, $12, $13) \
        ON CONFLICT (dedup_key) DO NOTHING RETURNING id";
    let a = m.attachment.as_ref();
    let r: Option<(i64,)> = on_tx!(tx, c => sqlx::query_as(SQL)
        .bind(&m.kind).bind(m.user_id).bind(&m.recipient).bind(&m.language).bind(&m.subject)
        .bind(&m.body_text).bind(&m.body_html).bind(&m.dedup_key).bind(now)
        .bind(a.map(|a| &a.name)).bind(a.map(|a| &a.content_type)).bind(a.map(|a| &a.content))
        .bind(&m.list_unsubscribe)
        .fetch_optional(c).await)?;
    Ok(r.map(|(id,)| id))
}

/// Is a message with this key written already?
pub async fn exists(db: &Db, dedup_key: &str) -> Result<bool> {
    const SQL: &str = "SELECT COUNT(*) FROM outbox WHERE dedup_key = $1";
    let (n,): (i64,) = on_db!(db, p => sqlx::query_as(SQL).bind(dedup_key).fetch_one(p).await)?;
    Ok(n > 0)
}

/// Claim up to `limit` messages due at `now`: pending ones whose time has come, and ones
/// claimed before `stale_before` by a worker that never finished (stopped mid-send). Each
/// claim is its own committed write, so two workers cannot claim the same message.
pub async fn claim_due(
    db: &Db,
    now: OffsetDateTime,
    stale_before: OffsetDateTime,
    limit: i64,
) -> Result<Vec<OutboxRow>> {
    const FIND: &str = "SELECT id FROM outbox WHERE (status = 'pending' AND next_attempt_at <= $1) \
        OR (status = 'sending' AND claimed_at < $2) ORDER BY next_attempt_at, id LIMIT $3";
    const CLAIM: &str = "UPDATE outbox SET status = 'sending', claimed_at = $2, \
        attempts = attempts + 1 WHERE id = $1 AND ((status = 'pending' AND next_attempt_at <= $2) \
        OR (status = 'sending' AND claimed_at < $3))";
    let ids: Vec<(i64,)> = on_db!(db, p => sqlx::query_as(FIND).bind(now).bind(stale_before).bind(limit).fetch_all(p).await)?;
    let mut out = Vec::new();
    for (id,) in ids {
        let n = on_db!(db, p => sqlx::query(CLAIM).bind(id).bind(now).bind(stale_before).execute(p).await.map(|r| r.rows_affected()))?;
        if n == 1
            && let Some(row) = get(db, id).await?
        {
            out.push(row);
        }
    }
    Ok(out)
}

pub async fn get(db: &Db, id: i64) -> Result<Option<OutboxRow>> {
    let sql = format!("SELECT {COLUMNS} FROM outbox WHERE id = $1");
    Ok(on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(p).await)?)
}

/// The server took the message. False when the claim was lost (another worker took over).
pub async fn mark_sent(tx: &mut Tx, id: i64, now: OffsetDateTime) -> Result<bool> {
    const SQL: &str = "UPDATE outbox SET status = 'sent', sent_at = $2, last_error = NULL \
        WHERE id = $1 AND status = 'sending'";
    let n = on_tx!(tx, c => sqlx::query(SQL).bind(id).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// The attempt failed: try again at `next`, or give up (`next` None) as failed.
pub async fn mark_unsent(
    tx: &mut Tx,
    id: i64,
    error: &str,
    next: Option<OffsetDateTime>,
) -> Result<bool> {
    const RETRY: &str = "UPDATE outbox SET status = 'pending', next_attempt_at = $3, \
        last_error = $2, claimed_at = NULL WHERE id = $1 AND status = 'sending'";
    const FAIL: &str = "UPDATE outbox SET status = 'failed', last_error = $2, claimed_at = NULL \
        WHERE id = $1 AND status = 'sending'";
    let n = match next {
        Some(at) => {
            on_tx!(tx, c => sqlx::query(RETRY).bind(id).bind(error).bind(at).execute(c).await.map(|r| r.rows_affected()))?
        }
        None => {
            on_tx!(tx, c => sqlx::query(FAIL).bind(id).bind(error).execute(c).await.map(|r| r.rows_affected()))?
        }
    };
    Ok(n == 1)
}

/// An administrator asks for a failed message to be tried again now, with all its attempts.
pub async fn retry(tx: &mut Tx, id: i64, now: OffsetDateTime) -> Result<bool> {
    const SQL: &str = "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = $2 \
        WHERE id = $1 AND status = 'failed'";
    let n = on_tx!(tx, c => sqlx::query(SQL).bind(id).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// The newest messages, of one status or all.
pub async fn list(db: &Db, status: Option<&str>, limit: i64) -> Result<Vec<OutboxRow>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM outbox WHERE ($1 IS NULL OR status = $1) ORDER BY id DESC LIMIT $2"
    );
    Ok(
        on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(status).bind(limit).fetch_all(p).await)?,
    )
}

/// A user's notification settings.
#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct Prefs {
    pub user_id: i64,
    pub hour: i64,
    pub time_zone: String,
    pub kpi_alerts: bool,
    /// Facilities-round deadline reminders (on unless turned off).
    pub facilities_deadline: bool,
}

pub async fn prefs(db: &Db, user_id: i64) -> Result<Option<Prefs>> {
    const SQL: &str = "SELECT user_id, hour, time_zone, kpi_alerts, facilities_deadline FROM notify_prefs \
        WHERE user_id = $1";
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(user_id).fetch_optional(p).await)?)
}

/// Every user with settings who is not disabled, with the address and language to write in.
#[derive(Debug, Clone, FromRow)]
pub struct Subscriber {
    pub user_id: i64,
    pub email: String,
    pub language: Option<String>,
    pub hour: i64,
    pub time_zone: String,
    pub kpi_alerts: bool,
}

pub async fn subscribers(db: &Db) -> Result<Vec<Subscriber>> {
    const SQL: &str = "SELECT n.user_id, u.email, u.language, n.hour, n.time_zone, n.kpi_alerts \
        FROM notify_prefs n JOIN users u ON u.id = n.user_id WHERE u.disabled = $1 ORDER BY n.user_id";
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(false).fetch_all(p).await)?)
}

/// Replace a user's settings and digests (FLS id, cadence).
pub async fn save_prefs(
    tx: &mut Tx,
    p: &Prefs,
    digests: &[(i64, String)],
    now: OffsetDateTime,
) -> Result<()> {
    const UPSERT: &str = "INSERT INTO notify_prefs (user_id, hour, time_zone, kpi_alerts, \
        facilities_deadline, updated_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id) \
        DO UPDATE SET hour = excluded.hour, time_zone = excluded.time_zone, \
        kpi_alerts = excluded.kpi_alerts, facilities_deadline = excluded.facilities_deadline, \
        updated_at = excluded.updated_at";
    const CLEAR: &str = "DELETE FROM notify_digests WHERE user_id = $1";
    const ADD: &str = "INSERT INTO notify_digests (user_id, fls_id, cadence) VALUES ($1, $2, $3)";
    on_tx!(tx, c => sqlx::query(UPSERT).bind(p.user_id).bind(p.hour).bind(&p.time_zone)
        .bind(p.kpi_alerts).bind(p.facilities_deadline).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
    on_tx!(tx, c => sqlx::query(CLEAR).bind(p.user_id).execute(c).await.map(|r| r.rows_affected()))?;
    for (fls, cadence) in digests {
        on_tx!(tx, c => sqlx::query(ADD).bind(p.user_id).bind(fls).bind(cadence).execute(c).await.map(|r| r.rows_affected()))?;
    }
    Ok(())
}

/// A user's digests: (FLS id, cadence).
pub async fn digests(db: &Db, user_id: i64) -> Result<Vec<(i64, String)>> {
    const SQL: &str =
        "SELECT fls_id, cadence FROM notify_digests WHERE user_id = $1 ORDER BY fls_id";
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(user_id).fetch_all(p).await)?)
}

/// Stop one digest. False when there was none.
pub async fn remove_digest(tx: &mut Tx, user_id: i64, fls_id: i64) -> Result<bool> {
    const SQL: &str = "DELETE FROM notify_digests WHERE user_id = $1 AND fls_id = $2";
    let n = on_tx!(tx, c => sqlx::query(SQL).bind(user_id).bind(fls_id).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(n > 0)
}

/// Stop KPI alerts. False when they were off.
pub async fn stop_kpi_alerts(tx: &mut Tx, user_id: i64) -> Result<bool> {
    const SQL: &str =
        "UPDATE notify_prefs SET kpi_alerts = $2 WHERE user_id = $1 AND kpi_alerts = $3";
    let n = on_tx!(tx, c => sqlx::query(SQL).bind(user_id).bind(false).bind(true).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(n > 0)
}

/// Stop facilities-round deadline reminders. A user without settings gets a row that says so
/// (the reminders are on by default), with `time_zone` for its hour. False when already off.
pub async fn stop_facilities_deadline(
    tx: &mut Tx,
    user_id: i64,
    time_zone: &str,
    now: OffsetDateTime,
) -> Result<bool> {
    const SQL: &str = "INSERT INTO notify_prefs (user_id, hour, time_zone, kpi_alerts, \
        facilities_deadline, updated_at) VALUES ($1, 7, $2, $3, $3, $4) ON CONFLICT (user_id) \
        DO UPDATE SET facilities_deadline = $3, updated_at = $4 \
        WHERE notify_prefs.facilities_deadline = $5";
    let n = on_tx!(tx, c => sqlx::query(SQL).bind(user_id).bind(time_zone).bind(false).bind(now)
        .bind(true).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(n > 0)
}

/// An FLS lead to remind of a facilities round's deadline: the lead, their FLS, and their
/// settings when they have any.
#[derive(Debug, Clone, FromRow)]
pub struct DeadlineLead {
    pub user_id: i64,
    pub email: String,
    pub language: Option<String>,
    pub fls_id: i64,
    pub fls_code: String,
    pub fls_name: String,
    pub fls_time_zone: String,
    pub hour: Option<i64>,
    pub time_zone: Option<String>,
}

/// The leads (role `fls_lead`, not disabled, reminders not turned off) of every FLS of `scope`
/// whose return of the round is not submitted.
pub async fn deadline_leads(db: &Db, scope: &FlsSet, round_id: i64) -> Result<Vec<DeadlineLead>> {
    let ids: Vec<i64> = match scope {
        FlsSet::All => Vec::new(),
        FlsSet::Only(s) if s.is_empty() => return Ok(Vec::new()),
        FlsSet::Only(s) => s.iter().copied().collect(),
    };
    let filter = if ids.is_empty() {
        String::new()
    } else {
        let marks: Vec<String> = (0..ids.len()).map(|i| format!("${}", i + 4)).collect();
        format!(" AND f.id IN ({})", marks.join(", "))
    };
    let sql = format!(
        "SELECT u.id AS user_id, u.email, u.language, f.id AS fls_id, f.code AS fls_code, \
         f.name AS fls_name, f.time_zone AS fls_time_zone, n.hour, n.time_zone \
         FROM user_roles g JOIN users u ON u.id = g.user_id JOIN fls f ON f.id = g.fls_id \
         LEFT JOIN notify_prefs n ON n.user_id = u.id \
         LEFT JOIN facilities_returns r ON r.fls_id = f.id AND r.round_id = $1 \
         WHERE g.role = 'fls_lead' AND u.disabled = $2 \
         AND (n.facilities_deadline IS NULL OR n.facilities_deadline = $3) \
         AND (r.status IS NULL OR r.status <> 'submitted'){filter} ORDER BY f.code, u.id"
    );
    on_db!(db, p => {
        let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(round_id).bind(false).bind(true);
        for id in &ids {
            q = q.bind(*id);
        }
        Ok(q.fetch_all(p).await?)
    })
}
