//! Deployment settings an administrator changes at run time (key → text value).

use crate::{Db, Result, Tx, on_db, on_tx};

pub const MFA_REQUIRED_ROLES: &str = "mfa_required_roles";

pub async fn get(db: &Db, key: &str) -> Result<Option<String>> {
    const SQL: &str = "SELECT value FROM settings WHERE key = $1";
    let r: Option<(String,)> =
        on_db!(db, p => sqlx::query_as(SQL).bind(key).fetch_optional(p).await)?;
    Ok(r.map(|(v,)| v))
}

pub async fn set(tx: &mut Tx, key: &str, value: &str) -> Result<Option<String>> {
    const GET: &str = "SELECT value FROM settings WHERE key = $1";
    const SQL: &str = "INSERT INTO settings (key, value) VALUES ($1, $2) \
        ON CONFLICT (key) DO UPDATE SET value = excluded.value";
    let before: Option<(String,)> =
        on_tx!(tx, c => sqlx::query_as(GET).bind(key).fetch_optional(c).await)?;
    on_tx!(tx, c => sqlx::query(SQL).bind(key).bind(value).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(before.map(|(v,)| v))
}

/// Write `key` only when it has no value yet (a key made once, by whoever comes first).
pub async fn insert_absent(tx: &mut Tx, key: &str, value: &str) -> Result<()> {
    const SQL: &str =
        "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING";
    on_tx!(tx, c => sqlx::query(SQL).bind(key).bind(value).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}
