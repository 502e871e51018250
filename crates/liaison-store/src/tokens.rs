//! API bearer tokens: shown once, stored as SHA-256, revocable.

use crate::{Db, Result, Tx, on_db, on_tx};
use serde::Serialize;
use sqlx::FromRow;
use time::OffsetDateTime;

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct TokenRow {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    #[serde(skip)]
    pub token_hash: String,
    pub created_at: OffsetDateTime,
    pub last_used_at: Option<OffsetDateTime>,
    pub revoked_at: Option<OffsetDateTime>,
}

pub async fn create(
    tx: &mut Tx,
    user_id: i64,
    name: &str,
    token_hash: &str,
    now: OffsetDateTime,
) -> Result<i64> {
    const SQL: &str = "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id";
    let (id,): (i64,) = on_tx!(tx, c => sqlx::query_as(SQL).bind(user_id).bind(name).bind(token_hash).bind(now).fetch_one(c).await)?;
    Ok(id)
}

/// The live (not revoked) token with this hash.
pub async fn find_live(db: &Db, token_hash: &str) -> Result<Option<TokenRow>> {
    const SQL: &str = "SELECT id, user_id, name, token_hash, created_at, last_used_at, revoked_at \
        FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL";
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(token_hash).fetch_optional(p).await)?)
}

pub async fn list_for_user(db: &Db, user_id: i64) -> Result<Vec<TokenRow>> {
    const SQL: &str = "SELECT id, user_id, name, token_hash, created_at, last_used_at, revoked_at \
        FROM api_tokens WHERE user_id = $1 ORDER BY id DESC";
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(user_id).fetch_all(p).await)?)
}

/// Revoke one of the user's own tokens. Returns false when there was none to revoke.
pub async fn revoke(tx: &mut Tx, user_id: i64, id: i64, now: OffsetDateTime) -> Result<bool> {
    const SQL: &str = "UPDATE api_tokens SET revoked_at = $3 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL";
    let r = on_tx!(tx, c => sqlx::query(SQL).bind(id).bind(user_id).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(r > 0)
}

pub async fn touch(db: &Db, id: i64, now: OffsetDateTime) -> Result<()> {
    const SQL: &str = "UPDATE api_tokens SET last_used_at = $2 WHERE id = $1";
    on_db!(db, p => sqlx::query(SQL).bind(id).bind(now).execute(p).await.map(|r| r.rows_affected()))?;
    Ok(())
}
