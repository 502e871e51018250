//! Episode imports: the bulk reads and writes of an import (keys of an FLS, many rows in one
//! statement) and the staged uploads with the state of their background work (`imports`).

use crate::episodes::{DATA, EpisodeRow, N_DATA, bind_episode, search_text, select};
use crate::{Db, Result, Tx, bulk_placeholders, on_db, on_tx};
use liaison_domain::access::FlsSet;
use liaison_domain::dataset::Episode;
use liaison_domain::import_status::ImportStatus;
use serde::Serialize;
use sqlx::{AssertSqlSafe, FromRow};
use std::borrow::Cow;
use time::{Date, OffsetDateTime};

mod copy;
mod tx;
mod writer;

use copy::*;
pub use tx::*;
pub use writer::*;

/// A stored key of an FLS: (id, patient_ref, fracture_date, deleted). A deleted episode keeps
/// its key until it is purged; a live one may share it (the patient registered again).
pub type StoredKey = (i64, String, Date, bool);

/// The keys of an FLS's episodes, live and deleted. Two statements, each along its partial
/// index (migration 0009): one over both would read the whole table.
pub(crate) const KEYS_SQL: &str = "SELECT id, patient_ref, fracture_date, FALSE FROM episodes \
    WHERE fls_id = $1 AND deleted_at IS NULL \
    UNION ALL SELECT id, patient_ref, fracture_date, TRUE FROM episodes \
    WHERE deleted_at IS NOT NULL AND fls_id = $1";

/// The keys of an FLS's episodes (see [`StoredKey`]).
pub async fn keys(tx: &mut Tx, fls_id: i64) -> Result<Vec<StoredKey>> {
    Ok(on_tx!(tx, c => sqlx::query_as(KEYS_SQL).bind(fls_id).fetch_all(&mut *c).await)?)
}

/// The stored episodes with these ids, in one statement (an import reads ahead and asks for
/// the rows its next lines refer to). Rows outside `scope` are left out.
pub async fn rows(tx: &mut Tx, scope: &FlsSet, ids: &[i64]) -> Result<Vec<EpisodeRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sqlite = matches!(tx, Tx::Sqlite(_));
    let sql = format!(
        "{} WHERE e.id IN ({})",
        select(),
        bulk_placeholders(sqlite, 1, ids.len())
    );
    let rows: Vec<EpisodeRow> = on_tx!(tx, c => {
        let mut q = sqlx::query_as(AssertSqlSafe(sql));
        for id in ids {
            q = q.bind(*id);
        }
        q.fetch_all(&mut *c).await
    })?;
    Ok(rows
        .into_iter()
        .filter(|r| scope.contains(r.fls_id))
        .collect())
}

/// New episodes per call of [`insert_many`] that an import gathers (and audits in one row).
pub const BATCH: usize = 500;

/// Parameters per inserted row.
const PER_ROW: usize = N_DATA + 6;

/// Rows per INSERT statement on SQLite: its parameters are anonymous (see
/// [`bulk_placeholders`]), so binding is linear and bigger statements mean fewer round trips to
/// sqlx's SQLite worker thread (bench/import.sh).
const SQLITE_ROWS: usize = 100;

fn insert_sql(sqlite: bool, rows: usize) -> String {
    let data = &*DATA;
    let mut sql = format!(
        "INSERT INTO episodes ({data}, fls_id, search_text, created_at, updated_at, created_by, updated_by, version) VALUES "
    );
    for r in 0..rows {
        if r > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        sql.push_str(&bulk_placeholders(sqlite, r * PER_ROW + 1, PER_ROW));
        sql.push_str(", 1)");
    }
    sql
}

/// Insert new episodes of one FLS (the caller checked the right and the keys), many rows per
/// statement (PostgreSQL: all of `eps` up to [`BATCH`]; SQLite: [`SQLITE_ROWS`]).
pub async fn insert_many(
    tx: &mut Tx,
    fls_id: i64,
    eps: &[Episode],
    user: Option<i64>,
    now: OffsetDateTime,
) -> Result<()> {
    static FULL: std::sync::OnceLock<[String; 2]> = std::sync::OnceLock::new();
    let (rows, sqlite) = match tx {
        Tx::Sqlite(_) => (SQLITE_ROWS, true),
        Tx::Postgres(_) => (BATCH, false),
    };
    for chunk in eps.chunks(rows) {
        // The full statement is made once and borrowed: copying it per statement (a large
        // allocation between thousands of small ones) cost more than binding.
        let sql: Cow<'static, str> = if chunk.len() == rows {
            Cow::Borrowed(
                FULL.get_or_init(|| [insert_sql(true, SQLITE_ROWS), insert_sql(false, BATCH)])
                    [usize::from(!sqlite)]
                .as_str(),
            )
        } else {
            Cow::Owned(insert_sql(sqlite, chunk.len()))
        };
        on_tx!(tx, c => {
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for e in chunk {
                q = bind_episode!(q, e).bind(fls_id).bind(search_text(e)).bind(now).bind(now).bind(user).bind(user);
            }
            q.execute(&mut *c).await.map(|_| ())
        })?;
    }
    Ok(())
}

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct ImportRow {
    pub id: i64,
    pub user_id: i64,
    pub file_name: String,
    pub format: String,
    pub options_json: String,
    #[sqlx(try_from = "String")]
    pub status: ImportStatus,
    pub progress: i64,
    pub result_json: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

const COLS: &str = "id, user_id, file_name, format, options_json, status, progress, result_json, created_at, updated_at";

#[allow(clippy::too_many_arguments)]
pub async fn create(
    db: &Db,
    user_id: i64,
    file_name: &str,
    format: &str,
    options_json: &str,
    file_b64: &str,
    status: ImportStatus,
    now: OffsetDateTime,
) -> Result<i64> {
    const SQL: &str = "INSERT INTO imports (user_id, file_name, format, options_json, file_b64, status, progress, result_json, created_at, updated_at) \
        VALUES ($1, $2, $3, $4, $5, $6, 0, '', $7, $7) RETURNING id";
    let (id,): (i64,) = on_db!(db, p => sqlx::query_as(SQL).bind(user_id).bind(file_name).bind(format)
        .bind(options_json).bind(file_b64).bind(status.code()).bind(now).fetch_one(p).await)?;
    Ok(id)
}

/// One import of this user (another user's answers None, like one that does not exist).
pub async fn get(db: &Db, user_id: i64, id: i64) -> Result<Option<ImportRow>> {
    let sql = format!("SELECT {COLS} FROM imports WHERE id = $1 AND user_id = $2");
    Ok(
        on_db!(db, p => sqlx::query_as(AssertSqlSafe(sql)).bind(id).bind(user_id).fetch_optional(p).await)?,
    )
}

/// The user's imports, newest first.
pub async fn list(db: &Db, user_id: i64, limit: i64) -> Result<Vec<ImportRow>> {
    let sql = format!("SELECT {COLS} FROM imports WHERE user_id = $1 ORDER BY id DESC LIMIT $2");
    Ok(
        on_db!(db, p => sqlx::query_as(AssertSqlSafe(sql)).bind(user_id).bind(limit).fetch_all(p).await)?,
    )
}

pub async fn file(db: &Db, id: i64) -> Result<String> {
    const SQL: &str = "SELECT file_b64 FROM imports WHERE id = $1";
    let r: Option<(String,)> =
        on_db!(db, p => sqlx::query_as(SQL).bind(id).fetch_optional(p).await)?;
    Ok(r.map(|r| r.0).unwrap_or_default())
}

pub async fn set_status(
    db: &Db,
    id: i64,
    status: ImportStatus,
    result_json: Option<&str>,
    now: OffsetDateTime,
) -> Result<()> {
    match result_json {
        Some(r) => {
            const SQL: &str = "UPDATE imports SET status = $1, result_json = $2, progress = 0, updated_at = $3 WHERE id = $4";
            on_db!(db, p => sqlx::query(SQL).bind(status.code()).bind(r).bind(now).bind(id).execute(p).await.map(|r| r.rows_affected()))?;
        }
        None => {
            const SQL: &str =
                "UPDATE imports SET status = $1, progress = 0, updated_at = $2 WHERE id = $3";
            on_db!(db, p => sqlx::query(SQL).bind(status.code()).bind(now).bind(id).execute(p).await.map(|r| r.rows_affected()))?;
        }
    }
    Ok(())
}

/// Move from one status to another only if still in the first (a confirmation counts once)
/// and the state machine allows the move (a move it does not allow changes nothing).
pub async fn transition(
    db: &Db,
    id: i64,
    from: ImportStatus,
    to: ImportStatus,
    now: OffsetDateTime,
) -> Result<bool> {
    const SQL: &str = "UPDATE imports SET status = $1, progress = 0, updated_at = $2 WHERE id = $3 AND status = $4";
    if !from.can_move_to(to) {
        return Ok(false);
    }
    let n = on_db!(db, p => sqlx::query(SQL).bind(to.code()).bind(now).bind(id).bind(from.code()).execute(p).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

pub async fn progress(db: &Db, id: i64, permille: i64) -> Result<()> {
    const SQL: &str = "UPDATE imports SET progress = $1 WHERE id = $2";
    on_db!(db, p => sqlx::query(SQL).bind(permille).bind(id).execute(p).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Forget uploads older than `before` (their patient data has no business lingering).
pub async fn expire(db: &Db, before: OffsetDateTime) -> Result<()> {
    let sql = format!(
        "UPDATE imports SET file_b64 = '', status = '{}' \
         WHERE created_at < $1 AND file_b64 <> '' AND status IN ({})",
        ImportStatus::Expired.code(),
        codes(ImportStatus::may_expire)
    );
    on_db!(db, p => sqlx::query(AssertSqlSafe(sql)).bind(before).execute(p).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Imports a stopped server left unfinished: their transaction never committed, so the
/// database is as it was; say so (status `failed`).
pub async fn fail_unfinished(db: &Db, now: OffsetDateTime) -> Result<u64> {
    let sql = format!(
        "UPDATE imports SET status = '{}', progress = 0, updated_at = $1 WHERE status IN ({})",
        ImportStatus::Failed.code(),
        codes(ImportStatus::is_running)
    );
    Ok(
        on_db!(db, p => sqlx::query(AssertSqlSafe(sql)).bind(now).execute(p).await.map(|r| r.rows_affected()))?,
    )
}

/// The quoted codes of the statuses `which` selects, for an `IN (...)` list: the SQL follows
/// the state machine instead of repeating it.
fn codes(which: fn(ImportStatus) -> bool) -> String {
    ImportStatus::ALL
        .into_iter()
        .filter(|s| which(*s))
        .map(|s| format!("'{}'", s.code()))
        .collect::<Vec<_>>()
        .join(", ")
}
