//! Fracture-prevention coalitions (issue 18): not patient data. Public apart from contacts,
//! which the caller shows signed in only; editing rights are checked by the caller, who also
//! writes the audit row in the same transaction.

use crate::{Db, Result, Tx, on_db, on_tx};
use liaison_domain::coalitions::{Activity, Coalition, Contact, Member};
use serde::Serialize;
use sqlx::FromRow;
use time::{Date, OffsetDateTime};

#[derive(Debug, Clone, PartialEq, FromRow, Serialize)]
pub struct CoalitionRow {
    pub id: i64,
    pub name: String,
    pub scope: String,
    pub area: String,
    pub description: String,
    #[serde(skip)]
    pub updated_at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow, Serialize)]
pub struct MemberRow {
    pub id: i64,
    pub coalition_id: i64,
    pub organisation: String,
    pub kind: String,
    pub status: String,
    pub invited_on: Option<Date>,
    pub joined_on: Option<Date>,
    pub left_on: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow, Serialize)]
pub struct ContactRow {
    pub id: i64,
    pub coalition_id: i64,
    pub name: String,
    pub role_title: String,
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow, Serialize)]
pub struct ActivityRow {
    pub id: i64,
    pub coalition_id: i64,
    pub held_on: Date,
    pub kind: String,
    pub outcome: String,
}

/// Every coalition, international first, then regional and national, by name.
pub async fn list(db: &Db) -> Result<Vec<CoalitionRow>> {
    const SQL: &str = "SELECT id, name, scope, area, description, updated_at FROM coalitions \
        ORDER BY CASE scope WHEN 'international' THEN 0 WHEN 'regional' THEN 1 ELSE 2 END, \
        area, name, id";
    Ok(on_db!(db, p => sqlx::query_as(SQL).fetch_all(p).await)?)
}

pub async fn get(db: &Db, id: i64) -> Result<Option<CoalitionRow>> {
    const SQL: &str = "SELECT id, name, scope, area, description, updated_at FROM coalitions \
        WHERE id = $1";
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(id).fetch_optional(p).await)?)
}

pub async fn get_tx(tx: &mut Tx, id: i64) -> Result<Option<CoalitionRow>> {
    const SQL: &str = "SELECT id, name, scope, area, description, updated_at FROM coalitions \
        WHERE id = $1";
    Ok(on_tx!(tx, c => sqlx::query_as(SQL).bind(id).fetch_optional(c).await)?)
}

/// Store a new coalition (`id` None) or change one; returns its id.
pub async fn save(tx: &mut Tx, id: Option<i64>, c: &Coalition, now: OffsetDateTime) -> Result<i64> {
    const INSERT: &str = "INSERT INTO coalitions (name, scope, area, description, created_at, \
        updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id";
    const UPDATE: &str = "UPDATE coalitions SET name = $1, scope = $2, area = $3, \
        description = $4, updated_at = $5 WHERE id = $6 RETURNING id";
    let sql = if id.is_some() { UPDATE } else { INSERT };
    let (id,): (i64,) = on_tx!(tx, c2 => {
        let mut q = sqlx::query_as(sql)
            .bind(&c.name)
            .bind(c.scope)
            .bind(&c.area)
            .bind(&c.description)
            .bind(now);
        if let Some(id) = id {
            q = q.bind(id);
        }
        q.fetch_one(c2).await
    })?;
    Ok(id)
}

pub async fn members(db: &Db, coalition: i64) -> Result<Vec<MemberRow>> {
    const SQL: &str = "SELECT id, coalition_id, organisation, kind, status, invited_on, \
        joined_on, left_on FROM coalition_members WHERE coalition_id = $1 \
        ORDER BY organisation, id";
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(coalition).fetch_all(p).await)?)
}

pub async fn member_tx(tx: &mut Tx, coalition: i64, id: i64) -> Result<Option<MemberRow>> {
    const SQL: &str = "SELECT id, coalition_id, organisation, kind, status, invited_on, \
        joined_on, left_on FROM coalition_members WHERE coalition_id = $1 AND id = $2";
    Ok(on_tx!(tx, c => sqlx::query_as(SQL).bind(coalition).bind(id).fetch_optional(c).await)?)
}

/// Add a member (`id` None) or change one of this coalition; returns its id.
pub async fn save_member(
    tx: &mut Tx,
    coalition: i64,
    id: Option<i64>,
    m: &Member,
    now: OffsetDateTime,
) -> Result<i64> {
    const INSERT: &str = "INSERT INTO coalition_members (organisation, kind, status, \
        invited_on, joined_on, left_on, updated_at, coalition_id) \
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
    const UPDATE: &str = "UPDATE coalition_members SET organisation = $1, kind = $2, \
        status = $3, invited_on = $4, joined_on = $5, left_on = $6, updated_at = $7 \
        WHERE coalition_id = $8 AND id = $9 RETURNING id";
    let sql = if id.is_some() { UPDATE } else { INSERT };
    let (id,): (i64,) = on_tx!(tx, c => {
        let mut q = sqlx::query_as(sql)
            .bind(&m.organisation)
            .bind(m.kind)
            .bind(m.status)
            .bind(m.invited_on)
            .bind(m.joined_on)
            .bind(m.left_on)
            .bind(now)
            .bind(coalition);
        if let Some(id) = id {
            q = q.bind(id);
        }
        q.fetch_one(c).await
    })?;
    Ok(id)
}

pub async fn contacts(db: &Db, coalition: i64) -> Result<Vec<ContactRow>> {
    const SQL: &str = "SELECT id, coalition_id, name, role_title, email FROM coalition_contacts \
        WHERE coalition_id = $1 ORDER BY name, id";
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(coalition).fetch_all(p).await)?)
}

pub async fn add_contact(tx: &mut Tx, coalition: i64, c: &Contact) -> Result<i64> {
    const SQL: &str = "INSERT INTO coalition_contacts (coalition_id, name, role_title, email) \
        VALUES ($1, $2, $3, $4) RETURNING id";
    let (id,): (i64,) = on_tx!(tx, t => sqlx::query_as(SQL).bind(coalition).bind(&c.name)
        .bind(&c.role_title).bind(c.email.as_str()).fetch_one(t).await)?;
    Ok(id)
}

/// Newest first.
pub async fn activities(db: &Db, coalition: i64) -> Result<Vec<ActivityRow>> {
    const SQL: &str = "SELECT id, coalition_id, held_on, kind, outcome FROM coalition_activities \
        WHERE coalition_id = $1 ORDER BY held_on DESC, id DESC";
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(coalition).fetch_all(p).await)?)
}

pub async fn add_activity(tx: &mut Tx, coalition: i64, a: &Activity) -> Result<i64> {
    const SQL: &str = "INSERT INTO coalition_activities (coalition_id, held_on, kind, outcome) \
        VALUES ($1, $2, $3, $4) RETURNING id";
    let (id,): (i64,) = on_tx!(tx, t => sqlx::query_as(SQL).bind(coalition).bind(a.held_on)
        .bind(a.kind).bind(&a.outcome).fetch_one(t).await)?;
    Ok(id)
}

/// May this user edit this coalition through a grant?
pub async fn is_editor(db: &Db, user: i64, coalition: i64) -> Result<bool> {
    const SQL: &str =
        "SELECT COUNT(*) FROM coalition_editors WHERE user_id = $1 AND coalition_id = $2";
    let (n,): (i64,) =
        on_db!(db, p => sqlx::query_as(SQL).bind(user).bind(coalition).fetch_one(p).await)?;
    Ok(n > 0)
}

/// The coalitions this user was granted.
pub async fn editor_of(db: &Db, user: i64) -> Result<Vec<i64>> {
    const SQL: &str =
        "SELECT coalition_id FROM coalition_editors WHERE user_id = $1 ORDER BY coalition_id";
    let rows: Vec<(i64,)> = on_db!(db, p => sqlx::query_as(SQL).bind(user).fetch_all(p).await)?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

/// The e-mail addresses of this coalition's editors.
pub async fn editors(db: &Db, coalition: i64) -> Result<Vec<(i64, String)>> {
    const SQL: &str = "SELECT u.id, u.email FROM coalition_editors e JOIN users u \
        ON u.id = e.user_id WHERE e.coalition_id = $1 ORDER BY u.email";
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(coalition).fetch_all(p).await)?)
}

/// Grant (or, `grant` false, withdraw) the editing of one coalition; true when it changed.
pub async fn set_editor(tx: &mut Tx, user: i64, coalition: i64, grant: bool) -> Result<bool> {
    const ADD: &str = "INSERT INTO coalition_editors (user_id, coalition_id) VALUES ($1, $2) \
        ON CONFLICT DO NOTHING";
    const REMOVE: &str = "DELETE FROM coalition_editors WHERE user_id = $1 AND coalition_id = $2";
    let sql = if grant { ADD } else { REMOVE };
    let n = on_tx!(tx, c => sqlx::query(sql).bind(user).bind(coalition).execute(c).await
        .map(|r| r.rows_affected()))?;
    Ok(n > 0)
}
