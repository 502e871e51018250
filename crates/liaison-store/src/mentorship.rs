//! Mentorship (issue 17): mentor profiles, requests for a mentor, pairings and the pair's
//! sessions and actions. Requests and pairings are bound to an FLS: their reads take the
//! caller's scope (the FLSs whose aggregates they see), and a pairing is also readable by its
//! own mentor.

use crate::{Db, Result, Tx, on_db, on_tx, placeholders};
use liaison_domain::access::FlsSet;
use liaison_domain::mentorship::{Action, Mentor, Request, Session};
use serde::Serialize;
use sqlx::{AssertSqlSafe, FromRow};
use time::{Date, OffsetDateTime};

/// The condition keeping `column` within `scope` (ids bound from `$first`), and its ids.
fn within(column: &str, scope: &FlsSet, first: usize) -> (String, Vec<i64>) {
    match scope {
        FlsSet::All => ("1 = 1".into(), vec![]),
        FlsSet::Only(s) if s.is_empty() => ("1 = 0".into(), vec![]),
        FlsSet::Only(s) => (
            format!("{column} IN ({})", placeholders(first, s.len())),
            s.iter().copied().collect(),
        ),
    }
}

#[derive(Debug, Clone, PartialEq, FromRow, Serialize)]
pub struct ProfileRow {
    pub user_id: i64,
    pub email: String,
    pub display_name: String,
    pub languages: String,
    pub countries: String,
    pub topics: String,
    pub level: String,
    pub capacity: i64,
    pub availability: String,
    pub certified_on: Option<Date>,
    pub cohort: String,
    pub expires_on: Option<Date>,
    pub active: bool,
    /// Pairings open now.
    pub paired: i64,
}

const PROFILE_SELECT: &str = "SELECT m.user_id, u.email, u.display_name, m.languages, \
    m.countries, m.topics, m.level, m.capacity, m.availability, m.certified_on, m.cohort, \
    m.expires_on, m.active, (SELECT COUNT(*) FROM mentor_pairings p WHERE p.mentor_id = m.user_id \
    AND p.status = 'active') AS paired FROM mentor_profiles m JOIN users u ON u.id = m.user_id";

/// Every mentor profile (not patient data), by name.
pub async fn profiles(db: &Db) -> Result<Vec<ProfileRow>> {
    let sql = format!("{PROFILE_SELECT} ORDER BY u.display_name, u.id");
    Ok(on_db!(db, p => sqlx::query_as(AssertSqlSafe(sql)).fetch_all(p).await)?)
}

pub async fn profile_tx(tx: &mut Tx, user_id: i64) -> Result<Option<ProfileRow>> {
    let sql = format!("{PROFILE_SELECT} WHERE m.user_id = $1");
    Ok(on_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql)).bind(user_id).fetch_optional(c).await)?)
}

pub async fn save_profile(
    tx: &mut Tx,
    user_id: i64,
    m: &Mentor,
    now: OffsetDateTime,
) -> Result<()> {
    const SQL: &str = "INSERT INTO mentor_profiles (user_id, languages, countries, topics, level, \
        capacity, availability, certified_on, cohort, expires_on, active, updated_at) \
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (user_id) DO UPDATE \
        SET languages = excluded.languages, countries = excluded.countries, topics = excluded.topics, \
        level = excluded.level, capacity = excluded.capacity, availability = excluded.availability, \
        certified_on = excluded.certified_on, cohort = excluded.cohort, \
        expires_on = excluded.expires_on, active = excluded.active, updated_at = excluded.updated_at";
    on_tx!(tx, c => sqlx::query(SQL)
        .bind(user_id)
        .bind(m.languages.join(","))
        .bind(m.countries.join(","))
        .bind(m.topics.join(","))
        .bind(m.level)
        .bind(m.capacity)
        .bind(&m.availability)
        .bind(m.certified_on)
        .bind(&m.cohort)
        .bind(m.expires_on)
        .bind(m.active)
        .bind(now)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, FromRow, Serialize)]
pub struct RequestRow {
    pub id: i64,
    pub fls_id: i64,
    pub fls_code: String,
    pub fls_name: String,
    pub country: String,
    pub requested_by: i64,
    pub requester: String,
    pub language: String,
    pub needs: String,
    pub g2g_step: String,
    pub preferred_mentor: Option<i64>,
    pub status: String,
    pub created_at: OffsetDateTime,
}

const REQUEST_SELECT: &str = "SELECT r.id, r.fls_id, f.code AS fls_code, f.name AS fls_name, \
    f.country, r.requested_by, u.email AS requester, r.language, r.needs, r.g2g_step, \
    r.preferred_mentor, r.status, r.created_at FROM mentorship_requests r \
    JOIN fls f ON f.id = r.fls_id JOIN users u ON u.id = r.requested_by";

pub async fn insert_request(
    tx: &mut Tx,
    fls_id: i64,
    by: i64,
    r: &Request,
    now: OffsetDateTime,
) -> Result<i64> {
    const SQL: &str = "INSERT INTO mentorship_requests (fls_id, requested_by, language, needs, \
        g2g_step, preferred_mentor, status, created_at, updated_at) \
        VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $7)";
    const LAST: &str = "SELECT MAX(id) FROM mentorship_requests WHERE fls_id = $1";
    on_tx!(tx, c => sqlx::query(SQL).bind(fls_id).bind(by).bind(r.language).bind(&r.needs)
        .bind(r.g2g_step).bind(r.preferred_mentor).bind(now)
        .execute(c).await.map(|r| r.rows_affected()))?;
    let (id,): (i64,) = on_tx!(tx, c => sqlx::query_as(LAST).bind(fls_id).fetch_one(c).await)?;
    Ok(id)
}

/// The requests of the FLSs in `scope` with this status (`None`: any), newest first.
pub async fn requests(db: &Db, scope: &FlsSet, status: Option<&str>) -> Result<Vec<RequestRow>> {
    let (cond, ids) = within("r.fls_id", scope, 2);
    let sql =
        format!("{REQUEST_SELECT} WHERE {cond} AND ($1 = '' OR r.status = $1) ORDER BY r.id DESC");
    Ok(on_db!(db, p => {
        let mut q = sqlx::query_as(AssertSqlSafe(sql)).bind(status.unwrap_or(""));
        for id in &ids {
            q = q.bind(*id);
        }
        q.fetch_all(p).await
    })?)
}

pub async fn request_tx(tx: &mut Tx, scope: &FlsSet, id: i64) -> Result<Option<RequestRow>> {
    let (cond, ids) = within("r.fls_id", scope, 2);
    let sql = format!("{REQUEST_SELECT} WHERE r.id = $1 AND {cond}");
    Ok(on_tx!(tx, c => {
        let mut q = sqlx::query_as(AssertSqlSafe(sql)).bind(id);
        for i in &ids {
            q = q.bind(*i);
        }
        q.fetch_optional(c).await
    })?)
}

pub async fn set_request_status(
    tx: &mut Tx,
    id: i64,
    status: &str,
    now: OffsetDateTime,
) -> Result<()> {
    const SQL: &str = "UPDATE mentorship_requests SET status = $2, updated_at = $3 WHERE id = $1";
    on_tx!(tx, c => sqlx::query(SQL).bind(id).bind(status).bind(now)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, FromRow, Serialize)]
pub struct PairingRow {
    pub id: i64,
    pub request_id: Option<i64>,
    pub mentor_id: i64,
    pub mentor_email: String,
    pub mentor_name: String,
    pub fls_id: i64,
    pub fls_code: String,
    pub fls_name: String,
    pub grant_id: Option<i64>,
    pub status: String,
    pub paired_at: OffsetDateTime,
    pub closed_at: Option<OffsetDateTime>,
}

const PAIRING_SELECT: &str = "SELECT p.id, p.request_id, p.mentor_id, u.email AS mentor_email, \
    u.display_name AS mentor_name, p.fls_id, f.code AS fls_code, f.name AS fls_name, p.grant_id, \
    p.status, p.paired_at, p.closed_at FROM mentor_pairings p \
    JOIN users u ON u.id = p.mentor_id JOIN fls f ON f.id = p.fls_id";

pub async fn insert_pairing(
    tx: &mut Tx,
    request_id: Option<i64>,
    mentor_id: i64,
    fls_id: i64,
    grant_id: Option<i64>,
    now: OffsetDateTime,
) -> Result<i64> {
    const SQL: &str = "INSERT INTO mentor_pairings (request_id, mentor_id, fls_id, grant_id, \
        status, paired_at) VALUES ($1, $2, $3, $4, 'active', $5)";
    const LAST: &str = "SELECT MAX(id) FROM mentor_pairings WHERE mentor_id = $1";
    on_tx!(tx, c => sqlx::query(SQL).bind(request_id).bind(mentor_id).bind(fls_id).bind(grant_id)
        .bind(now).execute(c).await.map(|r| r.rows_affected()))?;
    let (id,): (i64,) = on_tx!(tx, c => sqlx::query_as(LAST).bind(mentor_id).fetch_one(c).await)?;
    Ok(id)
}

/// The pairings of FLSs in `scope`, or whose mentor is `mentor`, newest first.
pub async fn pairings(db: &Db, scope: &FlsSet, mentor: i64) -> Result<Vec<PairingRow>> {
    let (cond, ids) = within("p.fls_id", scope, 2);
    let sql = format!("{PAIRING_SELECT} WHERE ({cond} OR p.mentor_id = $1) ORDER BY p.id DESC");
    Ok(on_db!(db, p => {
        let mut q = sqlx::query_as(AssertSqlSafe(sql)).bind(mentor);
        for id in &ids {
            q = q.bind(*id);
        }
        q.fetch_all(p).await
    })?)
}

/// One pairing, when its FLS is in `scope` or its mentor is `mentor`.
pub async fn pairing(db: &Db, scope: &FlsSet, mentor: i64, id: i64) -> Result<Option<PairingRow>> {
    let (cond, ids) = within("p.fls_id", scope, 3);
    let sql = format!("{PAIRING_SELECT} WHERE p.id = $1 AND ({cond} OR p.mentor_id = $2)");
    Ok(on_db!(db, p => {
        let mut q = sqlx::query_as(AssertSqlSafe(sql)).bind(id).bind(mentor);
        for i in &ids {
            q = q.bind(*i);
        }
        q.fetch_optional(p).await
    })?)
}

pub async fn pairing_tx(tx: &mut Tx, id: i64) -> Result<Option<PairingRow>> {
    let sql = format!("{PAIRING_SELECT} WHERE p.id = $1");
    Ok(on_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql)).bind(id).fetch_optional(c).await)?)
}

/// The active pairings of one mentor, inside a transaction (capacity is judged there).
pub async fn active_of_mentor_tx(tx: &mut Tx, mentor: i64) -> Result<Vec<PairingRow>> {
    let sql = format!("{PAIRING_SELECT} WHERE p.mentor_id = $1 AND p.status = 'active'");
    Ok(on_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql)).bind(mentor).fetch_all(c).await)?)
}

/// Close a pairing; its grant is forgotten (the caller removes the grant row).
pub async fn close_pairing(tx: &mut Tx, id: i64, now: OffsetDateTime) -> Result<()> {
    const SQL: &str = "UPDATE mentor_pairings SET status = 'closed', closed_at = $2, grant_id = NULL \
        WHERE id = $1 AND status = 'active'";
    on_tx!(tx, c => sqlx::query(SQL).bind(id).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, FromRow, Serialize)]
pub struct SessionRow {
    pub id: i64,
    pub pairing_id: i64,
    pub starts_at: OffsetDateTime,
    pub time_zone: String,
    pub mode: String,
    pub notes: String,
}

pub async fn insert_session(
    tx: &mut Tx,
    pairing_id: i64,
    s: &Session,
    now: OffsetDateTime,
) -> Result<i64> {
    const SQL: &str = "INSERT INTO mentor_sessions (pairing_id, starts_at, time_zone, mode, notes, \
        created_at) VALUES ($1, $2, $3, $4, $5, $6)";
    const LAST: &str = "SELECT MAX(id) FROM mentor_sessions WHERE pairing_id = $1";
    on_tx!(tx, c => sqlx::query(SQL).bind(pairing_id).bind(s.starts_at).bind(&s.time_zone)
        .bind(s.mode).bind(&s.notes).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
    let (id,): (i64,) = on_tx!(tx, c => sqlx::query_as(LAST).bind(pairing_id).fetch_one(c).await)?;
    Ok(id)
}

/// A pairing's sessions, in time order.
pub async fn sessions(db: &Db, pairing_id: i64) -> Result<Vec<SessionRow>> {
    const SQL: &str = "SELECT id, pairing_id, starts_at, time_zone, mode, notes FROM mentor_sessions \
        WHERE pairing_id = $1 ORDER BY starts_at, id";
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(pairing_id).fetch_all(p).await)?)
}

#[derive(Debug, Clone, PartialEq, FromRow, Serialize)]
pub struct ActionRow {
    pub id: i64,
    pub pairing_id: i64,
    pub title: String,
    pub owner: String,
    pub due_on: Option<Date>,
    pub status: String,
}

/// Add an action, or change the one `id` names (of this pairing). Returns its id, None when
/// `id` is not this pairing's.
pub async fn save_action(
    tx: &mut Tx,
    pairing_id: i64,
    id: Option<i64>,
    a: &Action,
    now: OffsetDateTime,
) -> Result<Option<i64>> {
    match id {
        Some(id) => {
            const SQL: &str = "UPDATE mentor_actions SET title = $3, owner = $4, due_on = $5, \
                status = $6, updated_at = $7 WHERE id = $1 AND pairing_id = $2";
            let n = on_tx!(tx, c => sqlx::query(SQL).bind(id).bind(pairing_id).bind(&a.title)
                .bind(&a.owner).bind(a.due_on).bind(a.status).bind(now)
                .execute(c).await.map(|r| r.rows_affected()))?;
            Ok((n == 1).then_some(id))
        }
        None => {
            const SQL: &str = "INSERT INTO mentor_actions (pairing_id, title, owner, due_on, \
                status, updated_at) VALUES ($1, $2, $3, $4, $5, $6)";
            const LAST: &str = "SELECT MAX(id) FROM mentor_actions WHERE pairing_id = $1";
            on_tx!(tx, c => sqlx::query(SQL).bind(pairing_id).bind(&a.title).bind(&a.owner)
                .bind(a.due_on).bind(a.status).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
            let (id,): (i64,) =
                on_tx!(tx, c => sqlx::query_as(LAST).bind(pairing_id).fetch_one(c).await)?;
            Ok(Some(id))
        }
    }
}

pub async fn actions(db: &Db, pairing_id: i64) -> Result<Vec<ActionRow>> {
    const SQL: &str = "SELECT id, pairing_id, title, owner, due_on, status FROM mentor_actions \
        WHERE pairing_id = $1 ORDER BY id";
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(pairing_id).fetch_all(p).await)?)
}
