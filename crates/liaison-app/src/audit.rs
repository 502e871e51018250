//! The audit trail as the edges use it: a row on its own (a read, an export, a refusal, a
//! failed authentication), the search of the audit pages, and the check of the hash chain.
//! Writes record their rows inside their own transactions.
//!
//! A row on its own never holds up the answer it records (docs/security.md, "The audit
//! trail"): it is written on an impatient connection, and when the database is busy with a
//! long write (on SQLite an import holds the write lock until it commits) it is kept in memory
//! with its time and written by [`flush`]: by the next row on its own, every few seconds by the
//! housekeeping, at the end of every import, and at shutdown ([`App::close`]). Failed
//! authentications from one client address are counted per minute ([`failed_authentication`]),
//! so guessing cannot flood the trail.

use crate::{Actor, App, Result};
use liaison_domain::access::FlsSet;
use liaison_store::StoreError;
pub use liaison_store::audit::{AuditRow, DENIED, Entry, FAILED, Filter, OK, Verified};
use std::collections::HashMap;
use std::sync::Mutex;
use time::OffsetDateTime;

/// Every action code the trail records, declared once: the audit page names each in the
/// reader's language (`audit-action-<code>`, dots as dashes), and a test checks that every
/// code the sources record is listed here.
pub const ACTIONS: &[&str] = &[
    "sign_in",
    "sign_in_second_factor",
    "sign_out",
    "authorisation_denied",
    "api_token_rejected",
    "audit.export",
    "user.create",
    "user.disable",
    "user.enable",
    "user.grant_add",
    "user.grant_remove",
    "user.password_change",
    "user.password_reset",
    "user.totp_reset",
    "user.role_request",
    "user.totp_enable",
    "user.totp_disable",
    "token.create",
    "token.revoke",
    "settings.mfa_required_roles",
    "fls.create",
    "fls.update",
    "episode.create",
    "episode.read",
    "episode.update",
    "episode.delete",
    "episode.list_deleted",
    "episode.restore",
    "episode.purge",
    "episode.letter_printed",
    "episode.list",
    "episode.search",
    "episode.worklist",
    "episode.export",
    "episode.import",
    "import.preview",
    "import.error_file",
    "kpi_definitions.create",
    "calculator.registry_fill",
    "bpf.framework_load",
    "bpf.save",
    "bpf.submit",
    "bpf.comment",
    "bpf.request_changes",
    "bpf.approve",
    "g2g.step",
    "g2g.milestone_create",
    "g2g.milestone_update",
    "notify.settings",
    "notify.queued",
    "notify.unsubscribe",
    "mail.sent",
    "mail.failed",
    "mail.retry",
    "facilities.round_open",
    "facilities.save",
    "facilities.submit",
    "facilities.reopen",
    "settings.objectives_baseline_year",
    "objectives.population_save",
    "fls.close",
    "network.apply",
    "network.status",
    "network.accept",
    "coalition.create",
    "coalition.update",
    "coalition.member",
    "coalition.contact",
    "coalition.activity",
    "coalition.editor_grant",
    "coalition.editor_remove",
    "mentorship.profile",
    "mentorship.request",
    "mentorship.pair",
    "mentorship.close",
    "mentorship.session",
    "mentorship.action",
    "resource.create",
    "resource.update",
    "resource.version",
    "resource.publish",
    "resource.file",
    "resource.category",
    "event.create",
    "event.update",
    "event.register",
    "event.cancel",
    "event.promote",
    "event.attendance",
    "event.export",
    "policy.status",
    "policy.stakeholder",
    "policy.roundtable",
    "policy.action",
];

/// How long a row on its own waits for the database before it is kept for later.
const PATIENCE: std::time::Duration = std::time::Duration::from_millis(200);
/// Rows kept for later beyond this many are written whatever the wait, so memory stays bounded.
const MAX_PENDING: usize = 100_000;
/// Client addresses counted apart in one minute; beyond, they share one count.
const MAX_ADDRESSES: usize = 10_000;

/// The application's side of the trail: rows waiting to be written and the counts of failed
/// authentications of the current minute.
pub struct Trail {
    impatient: liaison_store::Db,
    pending: Mutex<Vec<(OffsetDateTime, Entry)>>,
    failures: Mutex<HashMap<(String, String), Window>>,
}

impl Drop for Trail {
    fn drop(&mut self) {
        let n = self.pending.get_mut().map_or(0, |p| p.len());
        if n > 0 {
            tracing::error!(
                rows = n,
                "audit rows kept for a busy database were never written"
            );
        }
    }
}

/// Failed authentications of one client address and action in one minute: the first is
/// written in full, the others are counted into one row when the minute is over.
struct Window {
    start: OffsetDateTime,
    more: u64,
    first: Entry,
}

impl Trail {
    pub fn new(db: &liaison_store::Db) -> Trail {
        Trail {
            impatient: db.impatient(PATIENCE),
            pending: Mutex::default(),
            failures: Mutex::default(),
        }
    }

    /// The database for writes that should not wait for a long one (`Db::impatient`).
    pub fn impatient(&self) -> &liaison_store::Db {
        &self.impatient
    }

    fn keep(&self, rows: Vec<(OffsetDateTime, Entry)>) {
        let mut p = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        // Oldest first, as they happened.
        let later = std::mem::replace(&mut *p, rows);
        p.extend(later);
    }

    fn take(&self) -> Vec<(OffsetDateTime, Entry)> {
        std::mem::take(&mut *self.pending.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Rows of the minutes that are over (all of them with `all`), to be written.
    fn ended_windows(&self, now: OffsetDateTime, all: bool) -> Vec<(OffsetDateTime, Entry)> {
        let current = minute(now);
        let mut f = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let ended: Vec<(String, String)> = f
            .iter()
            .filter(|(_, w)| all || w.start < current)
            .map(|(k, _)| k.clone())
            .collect();
        ended
            .into_iter()
            .filter_map(|k| f.remove(&k))
            .filter(|w| w.more > 0)
            .map(|w| {
                let end = w.start + time::Duration::minutes(1);
                let mut e = w.first;
                e.entity = "failures".into();
                e.entity_id = w.more.to_string();
                e.actor_user_id = None;
                e.actor = "unknown".into();
                e.detail = format!(
                    "{} more from this address in the minute from {} (first: {})",
                    w.more,
                    fmt_time(w.start),
                    e.detail
                );
                (end.min(now), e)
            })
            .collect()
    }
}

fn minute(t: OffsetDateTime) -> OffsetDateTime {
    t.replace_second(0)
        .and_then(|t| t.replace_nanosecond(0))
        .unwrap_or(t)
}

fn fmt_time(t: OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// Record one audit row in a transaction of its own, with the rows waiting before it. When the
/// database is busy the rows are kept for [`flush`] and the caller goes on: nothing is lost
/// unless the process dies before the next flush.
pub async fn record(app: &App, e: &Entry) -> Result<()> {
    let now = app.now();
    let mut rows = app.audit.take();
    rows.extend(app.audit.ended_windows(now, false));
    rows.push((now, e.clone()));
    write(app, rows, false).await
}

async fn write(app: &App, rows: Vec<(OffsetDateTime, Entry)>, patient: bool) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let db = if patient || rows.len() > MAX_PENDING {
        &app.db
    } else {
        &app.audit.impatient
    };
    // Put back unless written, also when this future is dropped midway (a request cancelled,
    // the housekeeping stopped at shutdown): the transaction then rolled back.
    let mut held = Held {
        trail: &app.audit,
        rows: Some(rows),
    };
    let r = liaison_store::audit::record_many(db, held.rows.as_deref().unwrap_or_default()).await;
    match r {
        Ok(()) => {
            held.rows = None;
            Ok(())
        }
        Err(StoreError::Busy) if !patient => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// Rows taken to be written, kept again when dropped unwritten.
struct Held<'a> {
    trail: &'a Trail,
    rows: Option<Vec<(OffsetDateTime, Entry)>>,
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        if let Some(rows) = self.rows.take() {
            self.trail.keep(rows);
        }
    }
}

/// Write the rows kept while the database was busy and the counts of the minutes that are
/// over, waiting for the database as any write does.
pub async fn flush(app: &App) -> Result<()> {
    let mut rows = app.audit.take();
    rows.extend(app.audit.ended_windows(app.now(), false));
    write(app, rows, true).await
}

/// [`flush`], and the counts of the current minute too (at shutdown).
pub async fn flush_all(app: &App) -> Result<()> {
    let mut rows = app.audit.take();
    rows.extend(app.audit.ended_windows(app.now(), true));
    write(app, rows, true).await
}

/// Record a failed authentication (a rejected bearer token, a sign-in as an unknown e-mail or
/// a locked account): the first of its client address, action and reason in a minute in full, the
/// others as one count when the minute is over.
pub async fn failed_authentication(app: &App, e: Entry) -> Result<()> {
    let now = app.now();
    let start = minute(now);
    // The minutes that are over first, so the window found below is this minute's.
    let mut rows = app.audit.take();
    rows.extend(app.audit.ended_windows(now, false));
    let first = {
        let mut f = app.audit.failures.lock().unwrap_or_else(|e| e.into_inner());
        // The reason is part of the key: each kind of failure keeps its first row in full.
        let mut key = (e.ip.clone(), format!("{} {}", e.action, e.detail));
        if f.len() >= MAX_ADDRESSES && !f.contains_key(&key) {
            key.0 = "*".into();
        }
        match f.get_mut(&key) {
            Some(w) if w.start == start => {
                w.more += 1;
                false
            }
            _ => {
                f.insert(
                    key,
                    Window {
                        start,
                        more: 0,
                        first: e.clone(),
                    },
                );
                true
            }
        }
    };
    if first {
        rows.push((now, e));
    }
    write(app, rows, false).await
}

/// Record a refused authorisation; `what` says what was asked for (e.g. "import /import").
pub async fn deny(app: &App, actor: &Actor, what: impl Into<String>) -> Result<()> {
    record(
        app,
        &actor.audit("authorisation_denied").denied().detail(what),
    )
    .await
}

/// The rows `scope` may see that match `f`, newest first.
pub async fn search(
    app: &App,
    scope: &FlsSet,
    f: &Filter,
    limit: i64,
    offset: i64,
) -> Result<Vec<AuditRow>> {
    Ok(liaison_store::audit::search(&app.db, scope, f, limit, offset).await?)
}

/// Check the hash chain of the whole trail (`liaison audit verify`), after writing what waits.
pub async fn verify(app: &App) -> Result<Verified> {
    flush_all(app).await?;
    Ok(liaison_store::audit::verify(&app.db).await?)
}
