//! Browser sessions. The cookie holds a random token; only its SHA-256 is stored.

use crate::{Db, Result, on_db};
use liaison_domain::auth::SecondFactor;
use sqlx::FromRow;
use time::OffsetDateTime;

#[derive(Debug, Clone, FromRow)]
pub struct SessionRow {
    pub token_hash: String,
    pub user_id: i64,
    #[sqlx(try_from = "String")]
    pub mfa_state: SecondFactor,
    pub created_at: OffsetDateTime,
    pub last_seen_at: OffsetDateTime,
    pub ip: String,
}

pub async fn create(
    db: &Db,
    token_hash: &str,
    user_id: i64,
    mfa_state: SecondFactor,
    now: OffsetDateTime,
    ip: &str,
) -> Result<()> {
    const SQL: &str = "INSERT INTO sessions (token_hash, user_id, mfa_state, created_at, last_seen_at, ip) \
        VALUES ($1, $2, $3, $4, $4, $5)";
    on_db!(db, p => sqlx::query(SQL).bind(token_hash).bind(user_id).bind(mfa_state.code()).bind(now).bind(ip).execute(p).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn get(db: &Db, token_hash: &str) -> Result<Option<SessionRow>> {
    const SQL: &str = "SELECT token_hash, user_id, mfa_state, created_at, last_seen_at, ip \
        FROM sessions WHERE token_hash = $1";
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(token_hash).fetch_optional(p).await)?)
}

pub async fn touch(db: &Db, token_hash: &str, now: OffsetDateTime) -> Result<()> {
    const SQL: &str = "UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1";
    on_db!(db, p => sqlx::query(SQL).bind(token_hash).bind(now).execute(p).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn set_mfa_state(db: &Db, token_hash: &str, state: SecondFactor) -> Result<()> {
    const SQL: &str = "UPDATE sessions SET mfa_state = $2 WHERE token_hash = $1";
    on_db!(db, p => sqlx::query(SQL).bind(token_hash).bind(state.code()).execute(p).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn delete(db: &Db, token_hash: &str) -> Result<()> {
    const SQL: &str = "DELETE FROM sessions WHERE token_hash = $1";
    on_db!(db, p => sqlx::query(SQL).bind(token_hash).execute(p).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// End every session of a user (password change, account disabled).
pub async fn delete_for_user(db: &Db, user_id: i64) -> Result<()> {
    const SQL: &str = "DELETE FROM sessions WHERE user_id = $1";
    on_db!(db, p => sqlx::query(SQL).bind(user_id).execute(p).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Drop sessions idle since before `idle_cutoff` or started before `absolute_cutoff`.
pub async fn purge(
    db: &Db,
    idle_cutoff: OffsetDateTime,
    absolute_cutoff: OffsetDateTime,
) -> Result<u64> {
    const SQL: &str = "DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2";
    let r = on_db!(db, p => sqlx::query(SQL).bind(idle_cutoff).bind(absolute_cutoff).execute(p).await.map(|r| r.rows_affected()))?;
    Ok(r)
}
