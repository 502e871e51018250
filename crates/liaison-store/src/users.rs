//! Users, their role grants, sign-in attempt counters and second factors.

use crate::{Db, Result, StoreError, Tx, is_unique_violation, on_db, on_tx, scope_condition};
use liaison_domain::access::{FlsSet, Grant};
use liaison_domain::auth::Role;
use liaison_domain::org::Region;
use serde::Serialize;
use sqlx::{AssertSqlSafe, FromRow};
use time::OffsetDateTime;

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    #[serde(skip)]
    pub password_hash: String,
    pub language: Option<String>,
    #[serde(skip)]
    pub totp_secret: Option<String>,
    pub totp_enabled: bool,
    #[serde(skip)]
    pub totp_last_step: Option<i64>,
    pub failed_attempts: i64,
    pub locked_until: Option<OffsetDateTime>,
    pub disabled: bool,
    pub created_at: OffsetDateTime,
    pub password_changed_at: OffsetDateTime,
}

const USER_COLUMNS: &str = "id, email, display_name, password_hash, language, totp_secret, \
    totp_enabled, totp_last_step, failed_attempts, locked_until, disabled, created_at, password_changed_at";

#[derive(Debug, Clone, FromRow, Serialize, PartialEq, Eq)]
pub struct GrantRow {
    pub id: i64,
    pub user_id: i64,
    pub role: String,
    pub fls_id: Option<i64>,
    pub fls_code: Option<String>,
    pub country: Option<String>,
    pub region: Option<String>,
}

impl GrantRow {
    pub fn to_grant(&self) -> Option<Grant> {
        Some(Grant {
            role: Role::parse("role", &self.role).ok()?,
            fls_id: self.fls_id,
            country: self.country.clone(),
            region: self.region.as_deref().and_then(Region::parse),
        })
    }
}

pub async fn create_user(
    tx: &mut Tx,
    email: &str,
    display_name: &str,
    password_hash: &str,
    now: OffsetDateTime,
) -> Result<UserRow> {
    const SQL: &str = "INSERT INTO users (email, display_name, password_hash, created_at, password_changed_at) \
        VALUES ($1, $2, $3, $4, $4)";
    let r = on_tx!(tx, c => sqlx::query(SQL).bind(email).bind(display_name).bind(password_hash).bind(now).execute(c).await.map(|r| r.rows_affected()));
    match r {
        Err(e) if is_unique_violation(&e) => {
            return Err(StoreError::Conflict(format!("user {email} exists")));
        }
        r => {
            r?;
        }
    }
    user_by_email_tx(tx, email)
        .await?
        .ok_or(StoreError::NotFound)
}

pub async fn user_by_email(db: &Db, email: &str) -> Result<Option<UserRow>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1");
    Ok(on_db!(db, p => sqlx::query_as(AssertSqlSafe(sql)).bind(email).fetch_optional(p).await)?)
}

pub async fn user_by_email_tx(tx: &mut Tx, email: &str) -> Result<Option<UserRow>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1");
    Ok(on_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql)).bind(email).fetch_optional(c).await)?)
}

pub async fn user_by_id(db: &Db, id: i64) -> Result<Option<UserRow>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
    Ok(on_db!(db, p => sqlx::query_as(AssertSqlSafe(sql)).bind(id).fetch_optional(p).await)?)
}

/// Users visible to someone who manages the users of `scope`: for a subset of FLSs, those
/// holding a grant at one of them.
pub async fn list_users(db: &Db, scope: &FlsSet) -> Result<Vec<UserRow>> {
    let Some((cond, ids)) = scope_condition("fls_id", scope, 1) else {
        return Ok(vec![]);
    };
    let sql = if cond.is_empty() {
        format!("SELECT {USER_COLUMNS} FROM users ORDER BY email")
    } else {
        format!(
            "SELECT {USER_COLUMNS} FROM users WHERE id IN (SELECT user_id FROM user_roles WHERE {cond}) ORDER BY email"
        )
    };
    on_db!(db, p => {
        let mut q = sqlx::query_as(AssertSqlSafe(sql));
        for id in &ids {
            q = q.bind(*id);
        }
        Ok(q.fetch_all(p).await?)
    })
}

const GRANT_SELECT: &str = "SELECT r.id, r.user_id, r.role, r.fls_id, f.code AS fls_code, r.country, r.region \
    FROM user_roles r LEFT JOIN fls f ON f.id = r.fls_id";

pub async fn grants_of(db: &Db, user_id: i64) -> Result<Vec<GrantRow>> {
    let sql = format!("{GRANT_SELECT} WHERE r.user_id = $1 ORDER BY r.id");
    Ok(on_db!(db, p => sqlx::query_as(AssertSqlSafe(sql)).bind(user_id).fetch_all(p).await)?)
}

pub async fn grants_of_tx(tx: &mut Tx, user_id: i64) -> Result<Vec<GrantRow>> {
    let sql = format!("{GRANT_SELECT} WHERE r.user_id = $1 ORDER BY r.id");
    Ok(on_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql)).bind(user_id).fetch_all(c).await)?)
}

/// Add a grant unless the same one exists. Returns true when added.
pub async fn add_grant(tx: &mut Tx, user_id: i64, g: &Grant) -> Result<bool> {
    let existing = grants_of_tx(tx, user_id).await?;
    if existing
        .iter()
        .filter_map(GrantRow::to_grant)
        .any(|e| e == *g)
    {
        return Ok(false);
    }
    const SQL: &str = "INSERT INTO user_roles (user_id, role, fls_id, country, region) VALUES ($1, $2, $3, $4, $5)";
    on_tx!(tx, c => sqlx::query(SQL)
        .bind(user_id)
        .bind(g.role.code())
        .bind(g.fls_id)
        .bind(g.country.as_deref())
        .bind(g.region.map(Region::code))
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(true)
}

pub async fn remove_grant(tx: &mut Tx, user_id: i64, grant_id: i64) -> Result<Option<GrantRow>> {
    let before = grants_of_tx(tx, user_id)
        .await?
        .into_iter()
        .find(|g| g.id == grant_id);
    if before.is_some() {
        const SQL: &str = "DELETE FROM user_roles WHERE id = $1 AND user_id = $2";
        on_tx!(tx, c => sqlx::query(SQL).bind(grant_id).bind(user_id).execute(c).await.map(|r| r.rows_affected()))?;
    }
    Ok(before)
}

pub async fn set_password(
    tx: &mut Tx,
    user_id: i64,
    hash: &str,
    now: OffsetDateTime,
) -> Result<()> {
    const SQL: &str = "UPDATE users SET password_hash = $2, password_changed_at = $3, \
        failed_attempts = 0, locked_until = NULL WHERE id = $1";
    on_tx!(tx, c => sqlx::query(SQL).bind(user_id).bind(hash).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn set_language(db: &Db, user_id: i64, lang: Option<&str>) -> Result<()> {
    const SQL: &str = "UPDATE users SET language = $2 WHERE id = $1";
    on_db!(db, p => sqlx::query(SQL).bind(user_id).bind(lang).execute(p).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn set_disabled(tx: &mut Tx, user_id: i64, disabled: bool) -> Result<()> {
    const SQL: &str = "UPDATE users SET disabled = $2 WHERE id = $1";
    on_tx!(tx, c => sqlx::query(SQL).bind(user_id).bind(disabled).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Count a failed sign-in; lock the account until `lock_until` when the count reaches `limit`.
/// Returns the lock time when this failure caused a lock.
pub async fn record_failed_sign_in(
    db: &Db,
    user_id: i64,
    limit: i64,
    lock_until: OffsetDateTime,
) -> Result<Option<OffsetDateTime>> {
    const BUMP: &str = "UPDATE users SET failed_attempts = failed_attempts + 1 WHERE id = $1";
    const LOCK: &str = "UPDATE users SET failed_attempts = 0, locked_until = $2 \
        WHERE id = $1 AND failed_attempts >= $3";
    let locked = on_db!(db, p => {
        sqlx::query(BUMP).bind(user_id).execute(p).await?;
        sqlx::query(LOCK).bind(user_id).bind(lock_until).bind(limit).execute(p).await?.rows_affected()
    });
    Ok((locked > 0).then_some(lock_until))
}

pub async fn record_good_sign_in(db: &Db, user_id: i64) -> Result<()> {
    const SQL: &str = "UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = $1";
    on_db!(db, p => sqlx::query(SQL).bind(user_id).execute(p).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn set_totp(
    tx: &mut Tx,
    user_id: i64,
    secret: Option<&str>,
    enabled: bool,
) -> Result<()> {
    const SQL: &str = "UPDATE users SET totp_secret = $2, totp_enabled = $3 WHERE id = $1";
    on_tx!(tx, c => sqlx::query(SQL).bind(user_id).bind(secret).bind(enabled).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// TOTP secrets not yet in the encrypted form (`v1:`): stored before encryption at rest.
pub async fn plaintext_totp_secrets(db: &Db) -> Result<Vec<(i64, String)>> {
    const SQL: &str = "SELECT id, totp_secret FROM users \
        WHERE totp_secret IS NOT NULL AND totp_secret NOT LIKE 'v1:%' ORDER BY id";
    Ok(on_db!(db, p => sqlx::query_as(SQL).fetch_all(p).await)?)
}

/// Replace a TOTP secret by its new stored form, if it is still `old`; true when replaced.
pub async fn replace_totp_secret(tx: &mut Tx, user_id: i64, old: &str, new: &str) -> Result<bool> {
    const SQL: &str = "UPDATE users SET totp_secret = $3 WHERE id = $1 AND totp_secret = $2";
    let n = on_tx!(tx, c => sqlx::query(SQL).bind(user_id).bind(old).bind(new).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Remember the TOTP step just used so the same code cannot be replayed.
pub async fn set_totp_last_step(db: &Db, user_id: i64, step: i64) -> Result<()> {
    const SQL: &str = "UPDATE users SET totp_last_step = $2 WHERE id = $1";
    on_db!(db, p => sqlx::query(SQL).bind(user_id).bind(step).execute(p).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn count_users(db: &Db) -> Result<i64> {
    const SQL: &str = "SELECT COUNT(*) FROM users";
    let (n,): (i64,) = on_db!(db, p => sqlx::query_as(SQL).fetch_one(p).await)?;
    Ok(n)
}
