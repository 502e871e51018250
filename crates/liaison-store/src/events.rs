//! Webinars and workshops (issue 17): events, their texts per language and their
//! registrations. Not patient data; who may read and write is the caller's to check, who also
//! writes the audit row in the same transaction. Seats are counted after [`lock_seats`], a
//! write on the event's row that serialises registrations and cancellations of one event on
//! both engines (SQLite's write lock, PostgreSQL's row lock).

use crate::{Db, Result, Tx, on_db, on_tx};
use liaison_domain::events::Event;
use serde::Serialize;
use sqlx::FromRow;
use time::OffsetDateTime;

pub const CONFIRMED: &str = "confirmed";
pub const WAITING: &str = "waiting";
pub const CANCELLED: &str = "cancelled";

#[derive(Debug, Clone, PartialEq, FromRow, Serialize)]
pub struct EventRow {
    pub id: i64,
    pub kind: String,
    pub mode: String,
    pub spoken_language: String,
    pub time_zone: String,
    pub starts_at: OffsetDateTime,
    pub ends_at: OffsetDateTime,
    pub deadline: OffsetDateTime,
    pub online_url: Option<String>,
    pub venue: String,
    pub city: String,
    pub capacity: i64,
    pub audience: String,
    pub public: bool,
    pub materials: String,
    pub recording_url: Option<String>,
    pub organiser_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow, Serialize)]
pub struct TextRow {
    pub event_id: i64,
    pub lang: String,
    pub title: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow, Serialize)]
pub struct RegistrationRow {
    pub id: i64,
    pub event_id: i64,
    pub user_id: Option<i64>,
    pub name: String,
    pub email: String,
    pub language: String,
    pub country: Option<String>,
    pub status: String,
    pub attended: bool,
    pub created_at: OffsetDateTime,
}

const EVENT: &str = "id, kind, mode, spoken_language, time_zone, starts_at, ends_at, deadline, \
    online_url, venue, city, capacity, audience, public, materials, recording_url, organiser_id";
const REGISTRATION: &str =
    "id, event_id, user_id, name, email, language, country, status, attended, created_at";

/// Every event (`public_only`: those shown to visitors), by start.
pub async fn list(db: &Db, public_only: bool) -> Result<Vec<EventRow>> {
    let sql =
        format!("SELECT {EVENT} FROM events WHERE public = $1 OR $2 = 0 ORDER BY starts_at, id");
    let all = i64::from(public_only);
    Ok(
        on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(true).bind(all).fetch_all(p).await)?,
    )
}

pub async fn get(db: &Db, id: i64) -> Result<Option<EventRow>> {
    let sql = format!("SELECT {EVENT} FROM events WHERE id = $1");
    Ok(on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(p).await)?)
}

pub async fn get_tx(tx: &mut Tx, id: i64) -> Result<Option<EventRow>> {
    let sql = format!("SELECT {EVENT} FROM events WHERE id = $1");
    Ok(on_tx!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(c).await)?)
}

/// The texts of every event, or of one.
pub async fn texts(db: &Db, event: Option<i64>) -> Result<Vec<TextRow>> {
    const SQL: &str = "SELECT event_id, lang, title, description FROM event_texts \
        WHERE $1 IS NULL OR event_id = $1 ORDER BY event_id, lang";
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(event).fetch_all(p).await)?)
}

/// Store a new event (`id` None) or change one, with its texts; returns its id.
pub async fn save(
    tx: &mut Tx,
    id: Option<i64>,
    e: &Event,
    organiser: Option<i64>,
    now: OffsetDateTime,
) -> Result<i64> {
    const INSERT: &str = "INSERT INTO events (kind, mode, spoken_language, time_zone, \
        starts_at, ends_at, deadline, online_url, venue, city, capacity, audience, public, \
        materials, recording_url, updated_at, organiser_id, created_at) VALUES ($1, $2, $3, $4, \
        $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $16) RETURNING id";
    const UPDATE: &str = "UPDATE events SET kind = $1, mode = $2, spoken_language = $3, \
        time_zone = $4, starts_at = $5, ends_at = $6, deadline = $7, online_url = $8, \
        venue = $9, city = $10, capacity = $11, audience = $12, public = $13, materials = $14, \
        recording_url = $15, updated_at = $16 WHERE id = $17 RETURNING id";
    let materials = e.materials.join("\n");
    let (sql, last) = match id {
        Some(id) => (UPDATE, Some(id)),
        None => (INSERT, organiser),
    };
    let (id,): (i64,) = on_tx!(tx, c => sqlx::query_as(sql)
        .bind(e.kind).bind(e.mode).bind(e.spoken_language).bind(&e.time_zone)
        .bind(e.starts_at).bind(e.ends_at).bind(e.deadline).bind(&e.online_url)
        .bind(&e.venue).bind(&e.city).bind(e.capacity).bind(e.audience).bind(e.public)
        .bind(&materials).bind(&e.recording_url).bind(now).bind(last)
        .fetch_one(c).await)?;
    const CLEAR: &str = "DELETE FROM event_texts WHERE event_id = $1";
    const TEXT: &str =
        "INSERT INTO event_texts (event_id, lang, title, description) VALUES ($1, $2, $3, $4)";
    on_tx!(tx, c => sqlx::query(CLEAR).bind(id).execute(c).await.map(|_| ()))?;
    for t in &e.texts {
        on_tx!(tx, c => sqlx::query(TEXT).bind(id).bind(t.lang).bind(&t.title)
            .bind(&t.description).execute(c).await.map(|_| ()))?;
    }
    Ok(id)
}

/// Take the event's seats for this transaction: later registrations and cancellations of the
/// same event wait until it ends. False when the event does not exist.
pub async fn lock_seats(tx: &mut Tx, event: i64) -> Result<bool> {
    const SQL: &str = "UPDATE events SET seats_version = seats_version + 1 WHERE id = $1";
    let n =
        on_tx!(tx, c => sqlx::query(SQL).bind(event).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

pub async fn confirmed_count(tx: &mut Tx, event: i64) -> Result<i64> {
    const SQL: &str =
        "SELECT COUNT(*) FROM event_registrations WHERE event_id = $1 AND status = 'confirmed'";
    let (n,): (i64,) = on_tx!(tx, c => sqlx::query_as(SQL).bind(event).fetch_one(c).await)?;
    Ok(n)
}

/// Who is registering: a user (`user_id`) or a visitor.
pub struct NewRegistration<'a> {
    pub user_id: Option<i64>,
    pub name: &'a str,
    pub email: &'a str,
    pub language: &'a str,
    pub country: Option<&'a str>,
    pub status: &'static str,
}

/// None when this address holds a live registration of the event already.
pub async fn register(
    tx: &mut Tx,
    event: i64,
    r: &NewRegistration<'_>,
    now: OffsetDateTime,
) -> Result<Option<i64>> {
    const SQL: &str = "INSERT INTO event_registrations (event_id, user_id, name, email, \
        language, country, status, created_at, updated_at) \
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) ON CONFLICT DO NOTHING RETURNING id";
    let row: Option<(i64,)> = on_tx!(tx, c => sqlx::query_as(SQL).bind(event).bind(r.user_id)
        .bind(r.name).bind(r.email).bind(r.language).bind(r.country).bind(r.status).bind(now)
        .fetch_optional(c).await)?;
    Ok(row.map(|(id,)| id))
}

pub async fn registration_tx(tx: &mut Tx, id: i64) -> Result<Option<RegistrationRow>> {
    let sql = format!("SELECT {REGISTRATION} FROM event_registrations WHERE id = $1");
    Ok(on_tx!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(c).await)?)
}

pub async fn registration(db: &Db, id: i64) -> Result<Option<RegistrationRow>> {
    let sql = format!("SELECT {REGISTRATION} FROM event_registrations WHERE id = $1");
    Ok(on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(p).await)?)
}

/// A user's live registration of an event.
pub async fn live_of_user(db: &Db, event: i64, user: i64) -> Result<Option<RegistrationRow>> {
    let sql = format!(
        "SELECT {REGISTRATION} FROM event_registrations WHERE event_id = $1 AND user_id = $2 \
         AND status <> 'cancelled'"
    );
    Ok(
        on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(event).bind(user).fetch_optional(p).await)?,
    )
}

/// Every registration of an event, confirmed first, then the waiting list in its order.
pub async fn registrations(db: &Db, event: i64) -> Result<Vec<RegistrationRow>> {
    let sql = format!(
        "SELECT {REGISTRATION} FROM event_registrations WHERE event_id = $1 ORDER BY \
         CASE status WHEN 'confirmed' THEN 0 WHEN 'waiting' THEN 1 ELSE 2 END, id"
    );
    Ok(on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(event).fetch_all(p).await)?)
}

/// Move a live registration to `status`; false when it was not live.
pub async fn set_status(tx: &mut Tx, id: i64, status: &str, now: OffsetDateTime) -> Result<bool> {
    const SQL: &str = "UPDATE event_registrations SET status = $2, updated_at = $3 \
        WHERE id = $1 AND status <> 'cancelled'";
    let n = on_tx!(tx, c => sqlx::query(SQL).bind(id).bind(status).bind(now).execute(c).await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// The first on the waiting list.
pub async fn next_waiting(tx: &mut Tx, event: i64) -> Result<Option<i64>> {
    const SQL: &str = "SELECT id FROM event_registrations WHERE event_id = $1 \
        AND status = 'waiting' ORDER BY id LIMIT 1";
    let r: Option<(i64,)> =
        on_tx!(tx, c => sqlx::query_as(SQL).bind(event).fetch_optional(c).await)?;
    Ok(r.map(|(id,)| id))
}

/// Mark whether a confirmed registrant of this event came; false when there is no such one.
pub async fn set_attended(tx: &mut Tx, event: i64, id: i64, attended: bool) -> Result<bool> {
    const SQL: &str = "UPDATE event_registrations SET attended = $3 \
        WHERE event_id = $1 AND id = $2 AND status = 'confirmed'";
    let n = on_tx!(tx, c => sqlx::query(SQL).bind(event).bind(id).bind(attended).execute(c).await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// People who attended, per event and country: in these countries, or (None) in every one.
pub async fn trained(db: &Db, countries: Option<&[String]>) -> Result<Vec<(i64, String, i64)>> {
    const SQL: &str = "SELECT event_id, country, COUNT(*) FROM event_registrations \
        WHERE attended = $1 AND country IS NOT NULL GROUP BY event_id, country";
    let rows: Vec<(i64, String, i64)> =
        on_db!(db, p => sqlx::query_as(SQL).bind(true).fetch_all(p).await)?;
    let mut out: Vec<_> = rows
        .into_iter()
        .filter(|(_, c, _)| countries.is_none_or(|cs| cs.contains(c)))
        .collect();
    out.sort();
    Ok(out)
}

/// Seats taken and people waiting.
pub async fn seats(db: &Db, event: i64) -> Result<(i64, i64)> {
    const SQL: &str = "SELECT status, COUNT(*) FROM event_registrations WHERE event_id = $1 \
        AND status <> 'cancelled' GROUP BY status";
    let rows: Vec<(String, i64)> =
        on_db!(db, p => sqlx::query_as(SQL).bind(event).fetch_all(p).await)?;
    let n = |s: &str| rows.iter().find(|r| r.0 == s).map_or(0, |r| r.1);
    Ok((n(CONFIRMED), n(WAITING)))
}
