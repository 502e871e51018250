//! Liaison's persistence. One SQL text runs on SQLite and PostgreSQL: statements are `const`
//! strings with `$n` placeholders and only the subset both engines share; dates and "now" come
//! from Rust as bind parameters. Functions that touch FLS-bound rows take the caller's
//! [`FlsSet`](liaison_domain::access::FlsSet), so no query can run unscoped.

pub mod audit;
pub mod backup;
pub mod coalitions;
mod direct;
pub mod episodes;
pub mod events;
pub mod facilities;
pub mod imports;
pub mod kpi;
pub mod library;
pub mod mentorship;
pub mod network;
pub mod objectives;
pub mod orgs;
pub mod outbox;
pub mod policy;
pub mod programme;
pub mod sessions;
pub mod settings;
pub mod tokens;
pub mod users;

use liaison_domain::access::FlsSet;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, Postgres, Sqlite, SqlitePool};
use std::str::FromStr;
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("database URL not understood: {0} (use sqlite://PATH or postgres://...)")]
    BadUrl(String),
    #[error("the database is not empty")]
    NotEmpty,
    #[error("backup file: {0}")]
    Backup(String),
    /// Another write held the database for longer than the busy timeout (on SQLite, a large
    /// import holds the write lock until it commits). Nothing was written; try again.
    #[error("the database is busy with another write")]
    Busy,
    #[error(transparent)]
    Sql(sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// SQLite's own API (`direct.rs`).
    #[error("sqlite: {0}")]
    Sqlite(rusqlite::Error),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        // SQLITE_BUSY and SQLITE_LOCKED, with their extended codes (code & 0xff).
        let busy = match &e {
            sqlx::Error::Database(d)
                if d.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some() =>
            {
                d.code()
                    .and_then(|c| c.parse::<i32>().ok())
                    .is_some_and(|c| matches!(c & 0xff, 5 | 6))
            }
            _ => false,
        };
        if busy {
            StoreError::Busy
        } else {
            StoreError::Sql(e)
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode::{DatabaseBusy, DatabaseLocked};
        match e.sqlite_error_code() {
            Some(DatabaseBusy | DatabaseLocked) => StoreError::Busy,
            _ => StoreError::Sqlite(e),
        }
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// A pool on either engine.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// A transaction on either engine.
pub enum Tx {
    Sqlite(sqlx::Transaction<'static, Sqlite>),
    Postgres(sqlx::Transaction<'static, Postgres>),
}

/// Run the same expression against whichever engine the pool holds: `on_db!(db, p => q.fetch_all(p))`.
#[macro_export]
macro_rules! on_db {
    ($db:expr, $p:ident => $body:expr) => {
        match $db {
            $crate::Db::Sqlite($p) => $body,
            $crate::Db::Postgres($p) => $body,
        }
    };
}

/// The same inside a transaction: `on_tx!(tx, c => q.execute(c))`.
#[macro_export]
macro_rules! on_tx {
    ($tx:expr, $c:ident => $body:expr) => {
        match $tx {
            $crate::Tx::Sqlite(t) => {
                let $c = &mut **t;
                $body
            }
            $crate::Tx::Postgres(t) => {
                let $c = &mut **t;
                $body
            }
        }
    };
}

/// Create a new SQLite database file readable by its owner only (0600, whatever the umask):
/// it holds patient data. SQLite gives the `-wal` and `-shm` files the database file's
/// permissions. An existing file is left as it is; an in-memory database has none.
fn create_private(path: &std::path::Path) {
    let name = path.to_string_lossy();
    if name.is_empty() || name == ":memory:" || path.exists() {
        return;
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    // A failure here (no such directory, a race) is reported by SQLite's own open.
    let _ = opts.open(path);
}

impl Db {
    /// How long a write waits for another to finish before it gives up with
    /// [`StoreError::Busy`] (SQLite's busy timeout).
    pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

    /// Open (and for SQLite create) the database at `url`.
    pub async fn connect(url: &str) -> Result<Db> {
        Db::connect_with(url, Db::BUSY_TIMEOUT).await
    }

    /// [`Db::connect`] with another busy timeout.
    pub async fn connect_with(url: &str, busy_timeout: Duration) -> Result<Db> {
        if url.starts_with("sqlite:") {
            let opts = SqliteConnectOptions::from_str(url)
                .map_err(|_| StoreError::BadUrl(url.to_string()))?;
            create_private(opts.get_filename());
            let opts = opts
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(busy_timeout)
                // A large import touches a dozen indexes: with SQLite's default 2 MiB page
                // cache it spilled pages to the WAL mid-transaction and wrote its statement
                // journal to a temporary file (bench/import.sh, docs/io.md).
                .pragma("cache_size", "-32768")
                .pragma("temp_store", "memory");
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                .connect_with(opts)
                .await?;
            Ok(Db::Sqlite(pool))
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            // TLS is the URL's: `sslmode` (default `prefer`), `sslrootcert`, `sslcert` and
            // `sslkey` are parsed here and must not be overridden below (README, "Using
            // PostgreSQL"; tests/it/tls.rs).
            let opts =
                PgConnectOptions::from_str(url).map_err(|_| StoreError::BadUrl(url.to_string()))?;
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(opts)
                .await?;
            Ok(Db::Postgres(pool))
        } else {
            Err(StoreError::BadUrl(url.to_string()))
        }
    }

    /// The same database for writes that must not wait long (audit rows of reads): on a
    /// SQLite file, a small pool of its own whose busy timeout is `wait`, so a write that meets
    /// a long one (an import holds the write lock until it commits) fails at once with
    /// [`StoreError::Busy`] instead of holding up a request. Elsewhere, this database.
    pub fn impatient(&self, wait: Duration) -> Db {
        match self {
            Db::Sqlite(p) if direct::file_of(self).is_some() => {
                let opts = (*p.connect_options()).clone().busy_timeout(wait);
                Db::Sqlite(
                    SqlitePoolOptions::new()
                        .max_connections(2)
                        .connect_lazy_with(opts),
                )
            }
            _ => self.clone(),
        }
    }

    pub fn engine(&self) -> &'static str {
        match self {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(_) => "postgres",
        }
    }

    /// Apply the migrations of this engine, make sure every ISO country exists, and start the
    /// audit trail's hash chain if it has not started.
    pub async fn migrate(&self) -> Result<()> {
        match self {
            Db::Sqlite(p) => sqlx::migrate!("./migrations/sqlite").run(p).await?,
            Db::Postgres(p) => sqlx::migrate!("./migrations/postgres").run(p).await?,
        }
        orgs::seed_countries(self).await?;
        audit::start_chain(self).await
    }

    /// A transaction that will write. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`): a deferred transaction that reads, then writes after another
    /// connection wrote, fails at once with SQLITE_BUSY (its snapshot is stale, so waiting
    /// cannot help); taking the lock first makes it wait its turn instead (busy timeout).
    pub async fn begin(&self) -> Result<Tx> {
        Ok(match self {
            Db::Sqlite(p) => Tx::Sqlite(p.begin_with("BEGIN IMMEDIATE").await?),
            Db::Postgres(p) => Tx::Postgres(p.begin().await?),
        })
    }

    /// A transaction that only reads (a consistent snapshot; on SQLite it blocks no writer).
    pub async fn begin_read(&self) -> Result<Tx> {
        Ok(match self {
            Db::Sqlite(p) => Tx::Sqlite(p.begin().await?),
            Db::Postgres(p) => Tx::Postgres(p.begin().await?),
        })
    }

    /// True when the database answers a trivial query.
    pub async fn ping(&self) -> bool {
        on_db!(self, p => sqlx::query("SELECT 1").execute(p).await.is_ok())
    }

    pub async fn close(&self) {
        on_db!(self, p => p.close().await)
    }
}

impl Tx {
    pub async fn commit(self) -> Result<()> {
        match self {
            Tx::Sqlite(t) => t.commit().await?,
            Tx::Postgres(t) => t.commit().await?,
        }
        Ok(())
    }

    pub async fn rollback(self) -> Result<()> {
        match self {
            Tx::Sqlite(t) => t.rollback().await?,
            Tx::Postgres(t) => t.rollback().await?,
        }
        Ok(())
    }
}

/// `$first, $first+1, ...` placeholders for an `IN (...)` list of `n` values. Only placeholders
/// are generated, never values, so the SQL stays injection-free.
pub(crate) fn placeholders(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Placeholders for a statement whose every parameter is bound in order: `$first, ...` on
/// PostgreSQL, anonymous `?` on SQLite. sqlx asks SQLite the name of each parameter and SQLite
/// finds a name by walking the statement's list of named parameters, so with `$n` binding
/// costs grow with the square of the parameter count; anonymous ones have no names to walk.
/// Never mix with `$n` in one statement.
pub(crate) fn bulk_placeholders(sqlite: bool, first: usize, n: usize) -> String {
    if sqlite {
        vec!["?"; n].join(", ")
    } else {
        placeholders(first, n)
    }
}

/// The condition restricting `column` to a scope, with its ids bound from `$first` on.
/// `None` when the scope is empty (the query would find nothing); an empty condition for all.
pub(crate) fn scope_condition(
    column: &str,
    scope: &FlsSet,
    first: usize,
) -> Option<(String, Vec<i64>)> {
    match scope {
        FlsSet::All => Some((String::new(), vec![])),
        FlsSet::Only(s) if s.is_empty() => None,
        FlsSet::Only(s) => Some((
            format!("{column} IN ({})", placeholders(first, s.len())),
            s.iter().copied().collect(),
        )),
    }
}

/// Is a unique constraint violated? (The two engines word it differently.)
pub(crate) fn is_unique_violation(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(d) => d.is_unique_violation(),
        _ => false,
    }
}
