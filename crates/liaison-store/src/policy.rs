//! The policy tracker per country (issue 18): not patient data. Rights (who edits a country,
//! who sees unpublished items and the working lists) are checked by the caller, who also
//! writes the audit row in the same transaction.

use crate::{Db, Result, Tx, on_db, on_tx};
use liaison_domain::policy::{Action, Roundtable, Stakeholder, Status};
use serde::Serialize;
use sqlx::FromRow;
use time::{Date, OffsetDateTime};

#[derive(Debug, Clone, PartialEq, Eq, FromRow, Serialize)]
pub struct ItemRow {
    pub id: i64,
    pub country: String,
    pub item: String,
    pub state: String,
    pub as_of: Date,
    pub source_text: String,
    pub source_url: String,
    pub published: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow, Serialize)]
pub struct VersionRow {
    pub id: i64,
    pub item_id: i64,
    pub state: String,
    pub as_of: Date,
    pub source_text: String,
    pub source_url: String,
    pub published: bool,
    pub changed_by: String,
    #[serde(with = "time::serde::rfc3339")]
    pub changed_at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow, Serialize)]
pub struct StakeholderRow {
    pub id: i64,
    pub country: String,
    pub organisation: String,
    pub role_title: String,
    pub stance: String,
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow, Serialize)]
pub struct RoundtableRow {
    pub id: i64,
    pub country: String,
    pub held_on: Date,
    pub status: String,
    pub subject: String,
    pub participants: String,
    pub agenda: String,
    pub outcomes: String,
    pub documents: String,
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow, Serialize)]
pub struct ActionRow {
    pub id: i64,
    pub country: String,
    pub subject: String,
    pub owner: String,
    pub due_on: Option<Date>,
    pub status: String,
}

const ITEM_COLS: &str =
    "id, country, item, state, as_of, source_text, source_url, published FROM policy_items";

/// Every country's items (`published_only`: the public's), by country.
pub async fn items(db: &Db, published_only: bool) -> Result<Vec<ItemRow>> {
    let sql = format!("SELECT {ITEM_COLS} WHERE published = $1 OR $2 ORDER BY country, item, id");
    Ok(
        on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(true)
        .bind(!published_only).fetch_all(p).await)?,
    )
}

pub async fn items_of(db: &Db, country: &str, published_only: bool) -> Result<Vec<ItemRow>> {
    let sql = format!(
        "SELECT {ITEM_COLS} WHERE country = $1 AND (published = $2 OR $3) ORDER BY item, id"
    );
    Ok(
        on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(country)
        .bind(true).bind(!published_only).fetch_all(p).await)?,
    )
}

pub async fn item_tx(tx: &mut Tx, country: &str, item: &str) -> Result<Option<ItemRow>> {
    let sql = format!("SELECT {ITEM_COLS} WHERE country = $1 AND item = $2");
    Ok(
        on_tx!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(country)
        .bind(item).fetch_optional(c).await)?,
    )
}

/// Set an item of a country (created on first save) and keep the version; returns its id.
pub async fn save_item(
    tx: &mut Tx,
    country: &str,
    s: &Status,
    by: &str,
    now: OffsetDateTime,
) -> Result<i64> {
    const UPSERT: &str = "INSERT INTO policy_items (country, item, state, as_of, source_text, \
        source_url, published, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
        ON CONFLICT (country, item) DO UPDATE SET state = excluded.state, \
        as_of = excluded.as_of, source_text = excluded.source_text, \
        source_url = excluded.source_url, published = excluded.published, \
        updated_at = excluded.updated_at RETURNING id";
    const VERSION: &str = "INSERT INTO policy_item_versions (item_id, state, as_of, \
        source_text, source_url, published, changed_by, changed_at) \
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
    let (id,): (i64,) = on_tx!(tx, c => sqlx::query_as(UPSERT).bind(country).bind(s.item)
        .bind(s.state).bind(s.as_of).bind(&s.source_text).bind(&s.source_url)
        .bind(s.published).bind(now).fetch_one(c).await)?;
    on_tx!(tx, c => sqlx::query(VERSION).bind(id).bind(s.state).bind(s.as_of)
        .bind(&s.source_text).bind(&s.source_url).bind(s.published).bind(by).bind(now)
        .execute(c).await.map(|_| ()))?;
    Ok(id)
}

/// Every version of a country's items, newest first.
pub async fn versions(db: &Db, country: &str) -> Result<Vec<(String, VersionRow)>> {
    const SQL: &str = "SELECT i.item, v.id, v.item_id, v.state, v.as_of, v.source_text, \
        v.source_url, v.published, v.changed_by, v.changed_at FROM policy_item_versions v \
        JOIN policy_items i ON i.id = v.item_id WHERE i.country = $1 ORDER BY v.id DESC";
    #[derive(FromRow)]
    struct Versioned {
        item: String,
        #[sqlx(flatten)]
        v: VersionRow,
    }
    let rows: Vec<Versioned> =
        on_db!(db, p => sqlx::query_as(SQL).bind(country).fetch_all(p).await)?;
    Ok(rows.into_iter().map(|r| (r.item, r.v)).collect())
}

pub async fn stakeholders(db: &Db, country: &str) -> Result<Vec<StakeholderRow>> {
    const SQL: &str = "SELECT id, country, organisation, role_title, stance \
        FROM policy_stakeholders WHERE country = $1 ORDER BY organisation, id";
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(country).fetch_all(p).await)?)
}

pub async fn stakeholder_tx(tx: &mut Tx, country: &str, id: i64) -> Result<Option<StakeholderRow>> {
    const SQL: &str = "SELECT id, country, organisation, role_title, stance \
        FROM policy_stakeholders WHERE country = $1 AND id = $2";
    Ok(on_tx!(tx, c => sqlx::query_as(SQL).bind(country).bind(id).fetch_optional(c).await)?)
}

/// Add a stakeholder (`id` None) or change one of this country; returns its id.
pub async fn save_stakeholder(
    tx: &mut Tx,
    country: &str,
    id: Option<i64>,
    s: &Stakeholder,
    now: OffsetDateTime,
) -> Result<i64> {
    const INSERT: &str = "INSERT INTO policy_stakeholders (organisation, role_title, stance, \
        updated_at, country) VALUES ($1, $2, $3, $4, $5) RETURNING id";
    const UPDATE: &str = "UPDATE policy_stakeholders SET organisation = $1, role_title = $2, \
        stance = $3, updated_at = $4 WHERE country = $5 AND id = $6 RETURNING id";
    let sql = if id.is_some() { UPDATE } else { INSERT };
    let (id,): (i64,) = on_tx!(tx, c => {
        let mut q = sqlx::query_as(sql).bind(&s.organisation).bind(&s.role_title)
            .bind(s.stance).bind(now).bind(country);
        if let Some(id) = id {
            q = q.bind(id);
        }
        q.fetch_one(c).await
    })?;
    Ok(id)
}

const ROUNDTABLE_COLS: &str = "id, country, held_on, status, subject, participants, agenda, \
    outcomes, documents FROM policy_roundtables";

/// Newest first.
pub async fn roundtables(db: &Db, country: &str) -> Result<Vec<RoundtableRow>> {
    let sql = format!("SELECT {ROUNDTABLE_COLS} WHERE country = $1 ORDER BY held_on DESC, id DESC");
    Ok(
        on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(country)
        .fetch_all(p).await)?,
    )
}

pub async fn roundtable_tx(tx: &mut Tx, country: &str, id: i64) -> Result<Option<RoundtableRow>> {
    let sql = format!("SELECT {ROUNDTABLE_COLS} WHERE country = $1 AND id = $2");
    Ok(
        on_tx!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(country)
        .bind(id).fetch_optional(c).await)?,
    )
}

pub async fn save_roundtable(
    tx: &mut Tx,
    country: &str,
    id: Option<i64>,
    r: &Roundtable,
    now: OffsetDateTime,
) -> Result<i64> {
    const INSERT: &str = "INSERT INTO policy_roundtables (held_on, status, subject, participants, \
        agenda, outcomes, documents, updated_at, country) \
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";
    const UPDATE: &str = "UPDATE policy_roundtables SET held_on = $1, status = $2, subject = $3, \
        participants = $4, agenda = $5, outcomes = $6, documents = $7, updated_at = $8 \
        WHERE country = $9 AND id = $10 RETURNING id";
    let sql = if id.is_some() { UPDATE } else { INSERT };
    let (id,): (i64,) = on_tx!(tx, c => {
        let mut q = sqlx::query_as(sql).bind(r.held_on).bind(r.status).bind(&r.subject)
            .bind(&r.participants).bind(&r.agenda).bind(&r.outcomes).bind(&r.documents)
            .bind(now).bind(country);
        if let Some(id) = id {
            q = q.bind(id);
        }
        q.fetch_one(c).await
    })?;
    Ok(id)
}

const ACTION_COLS: &str = "id, country, subject, owner, due_on, status FROM policy_actions";

/// Open ones first, by due date.
pub async fn actions(db: &Db, country: &str) -> Result<Vec<ActionRow>> {
    let sql = format!(
        "SELECT {ACTION_COLS} WHERE country = $1 ORDER BY CASE status WHEN 'open' THEN 0 \
         WHEN 'in_progress' THEN 0 ELSE 1 END, due_on, id"
    );
    Ok(
        on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(country)
        .fetch_all(p).await)?,
    )
}

pub async fn action_tx(tx: &mut Tx, country: &str, id: i64) -> Result<Option<ActionRow>> {
    let sql = format!("SELECT {ACTION_COLS} WHERE country = $1 AND id = $2");
    Ok(
        on_tx!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(country)
        .bind(id).fetch_optional(c).await)?,
    )
}

pub async fn save_action(
    tx: &mut Tx,
    country: &str,
    id: Option<i64>,
    a: &Action,
    now: OffsetDateTime,
) -> Result<i64> {
    const INSERT: &str = "INSERT INTO policy_actions (subject, owner, due_on, status, updated_at, \
        country) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
    const UPDATE: &str = "UPDATE policy_actions SET subject = $1, owner = $2, due_on = $3, \
        status = $4, updated_at = $5 WHERE country = $6 AND id = $7 RETURNING id";
    let sql = if id.is_some() { UPDATE } else { INSERT };
    let (id,): (i64,) = on_tx!(tx, c => {
        let mut q = sqlx::query_as(sql).bind(&a.subject).bind(&a.owner).bind(a.due_on)
            .bind(a.status).bind(now).bind(country);
        if let Some(id) = id {
            q = q.bind(id);
        }
        q.fetch_one(c).await
    })?;
    Ok(id)
}
