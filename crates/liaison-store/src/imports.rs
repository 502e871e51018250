//! Episode imports: the bulk reads and writes of an import (keys of an FLS, many rows in one
//! statement) and the staged uploads with the state of their background work (`imports`).

use crate::audit::Entry;
use crate::episodes::{DATA, EpisodeRow, N_DATA, bind_episode, search_text, select};
use crate::{Db, Result, StoreError, Tx, bulk_placeholders, on_db, on_tx};
use liaison_domain::access::FlsSet;
use liaison_domain::dataset::Episode;
use liaison_domain::import_status::ImportStatus;
use serde::Serialize;
use sqlx::{AssertSqlSafe, FromRow};
use std::borrow::Cow;
use time::{Date, OffsetDateTime};

/// The keys of an FLS's episodes: (id, patient_ref, fracture_date).
pub async fn keys(tx: &mut Tx, fls_id: i64) -> Result<Vec<(i64, String, Date)>> {
    const SQL: &str = "SELECT id, patient_ref, fracture_date FROM episodes WHERE fls_id = $1";
    Ok(on_tx!(tx, c => sqlx::query_as(SQL).bind(fls_id).fetch_all(&mut *c).await)?)
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
    let mut sql = format!(
        "INSERT INTO episodes ({DATA}, fls_id, search_text, created_at, updated_at, created_by, updated_by, version) VALUES "
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

// ---------------------------------------------------------------------------------------------
// The import's transaction.

/// An import's reads and writes, all-or-nothing: nothing is visible to anyone until
/// [`ImportTx::commit`], and dropping it (or [`ImportTx::rollback`]) undoes everything.
///
/// Writes are handed to a writer of their own, so the import reads and validates the next
/// rows while the previous ones are written:
/// - on a SQLite file, a thread with SQLite's own API that takes the write lock first
///   (`BEGIN IMMEDIATE`); the stored episodes are read on a read-only connection that starts
///   after the lock is held: with every other writer kept out it sees exactly what the
///   import's transaction started from. The import never reads back what it wrote itself (a
///   key seen twice in a file is an invalid row), so those reads need not see its own writes;
/// - on PostgreSQL, a task owning the sqlx transaction, which also answers the reads in order.
///
/// A preview on PostgreSQL, or an in-memory SQLite database, is one plain sqlx transaction.
pub enum ImportTx {
    Sqlx(Tx),
    Sqlite {
        reader: Option<rusqlite::Connection>,
        writer: Option<Writer>,
    },
    Postgres(Writer),
}

/// What an import hands to its writer (the SQLite thread or the PostgreSQL task).
enum Op {
    Insert {
        fls_id: i64,
        eps: Vec<Episode>,
        user: Option<i64>,
        audit: Entry,
    },
    Update {
        id: i64,
        version: i64,
        e: Box<Episode>,
        user: Option<i64>,
        audit: Entry,
    },
    /// PostgreSQL only: reads in the transaction, answered in turn.
    Keys(i64, Reply<Vec<(i64, String, Date)>>),
    Rows(Vec<i64>, Reply<Vec<EpisodeRow>>),
    Commit,
}

type Reply<T> = tokio::sync::oneshot::Sender<Result<T>>;

/// The import's end of its writer (a thread on SQLite, a task on PostgreSQL).
pub struct Writer {
    ops: tokio::sync::mpsc::Sender<Op>,
    done: tokio::sync::oneshot::Receiver<Result<()>>,
}

/// Batches queued for the writer: enough to keep it busy, few enough to bound memory.
const QUEUED: usize = 8;

/// The writer's page cache: an import touches the table and a dozen indexes at once; with a
/// small cache SQLite writes pages to the WAL and reads them back mid-transaction.
const WRITER_CACHE_MIB: i64 = 256;

impl ImportTx {
    /// Start an import that writes (`write`) or only reads (a preview). `now` stamps every
    /// row and audit entry it writes.
    pub async fn begin(db: &Db, write: bool, now: OffsetDateTime) -> Result<ImportTx> {
        let Some(path) = crate::direct::file_of(db) else {
            return Ok(match (db, write) {
                (Db::Postgres(_), true) => ImportTx::Postgres(Writer::start_pg(db, now).await?),
                (_, true) => ImportTx::Sqlx(db.begin().await?),
                (_, false) => ImportTx::Sqlx(db.begin_read().await?),
            });
        };
        let writer = if write {
            Some(Writer::start_sqlite(path.clone(), now).await?)
        } else {
            None
        };
        let reader = tokio::task::spawn_blocking(move || -> Result<rusqlite::Connection> {
            let c = crate::direct::open(&path, true, 32)?;
            // A read transaction: one snapshot for the whole import.
            c.execute_batch("BEGIN; SELECT COUNT(*) FROM fls;")?;
            Ok(c)
        })
        .await
        .map_err(|e| StoreError::Conflict(format!("import reader: {e}")))??;
        Ok(ImportTx::Sqlite {
            reader: Some(reader),
            writer,
        })
    }

    /// The keys of an FLS's stored episodes: (id, patient_ref, fracture_date).
    pub async fn keys(&mut self, fls_id: i64) -> Result<Vec<(i64, String, Date)>> {
        match self {
            ImportTx::Sqlx(tx) => keys(tx, fls_id).await,
            ImportTx::Postgres(w) => w.ask(|r| Op::Keys(fls_id, r)).await,
            ImportTx::Sqlite { reader, .. } => {
                on_reader(reader, move |c| {
                    let mut st = c.prepare(
                        "SELECT id, patient_ref, fracture_date FROM episodes WHERE fls_id = ?1",
                    )?;
                    let mut rows = st.query([fls_id])?;
                    let mut out = Vec::new();
                    while let Some(r) = rows.next()? {
                        let d: String = r.get(2)?;
                        let d = crate::direct::iso_date(&d)
                            .ok_or_else(|| StoreError::Conflict(format!("bad date {d:?}")))?;
                        out.push((r.get(0)?, r.get(1)?, d));
                    }
                    Ok(out)
                })
                .await
            }
        }
    }

    /// The stored episodes with these ids; rows outside `scope` are left out.
    pub async fn rows(&mut self, scope: &FlsSet, ids: &[i64]) -> Result<Vec<EpisodeRow>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows = match self {
            ImportTx::Sqlx(tx) => return rows(tx, scope, ids).await,
            ImportTx::Postgres(w) => {
                let ids = ids.to_vec();
                w.ask(|r| Op::Rows(ids, r)).await?
            }
            ImportTx::Sqlite { reader, .. } => {
                let ids = ids.to_vec();
                on_reader(reader, move |c| {
                    // One statement of a fixed size, the last one padded with an id that
                    // cannot exist.
                    const N: usize = 100;
                    let sql = format!("{} WHERE e.id IN ({})", select(), vec!["?"; N].join(", "));
                    let mut st = c.prepare(&sql)?;
                    let mut out = Vec::with_capacity(ids.len());
                    for chunk in ids.chunks(N) {
                        let padded = chunk.iter().copied().chain(std::iter::repeat(-1));
                        let mut rows = st.query(rusqlite::params_from_iter(padded.take(N)))?;
                        while let Some(r) = rows.next()? {
                            out.push(crate::direct::episode_row(r)?);
                        }
                    }
                    Ok(out)
                })
                .await?
            }
        };
        Ok(rows
            .into_iter()
            .filter(|r| scope.contains(r.fls_id))
            .collect())
    }

    /// Insert new episodes of one FLS (the caller checked the right and the keys) and record
    /// `audit` for them.
    pub async fn insert_many(
        &mut self,
        fls_id: i64,
        eps: Vec<Episode>,
        user: Option<i64>,
        now: OffsetDateTime,
        audit: Entry,
    ) -> Result<()> {
        match self {
            ImportTx::Sqlx(tx) => {
                insert_many(tx, fls_id, &eps, user, now).await?;
                crate::audit::record(tx, now, &audit).await
            }
            _ => {
                self.writer()?
                    .send(Op::Insert {
                        fls_id,
                        eps,
                        user,
                        audit,
                    })
                    .await
            }
        }
    }

    /// Write an episode the caller read at `row.version` and record `audit`. Someone else
    /// having saved it since is an error: the import must not overwrite unseen changes.
    pub async fn update(
        &mut self,
        row: &EpisodeRow,
        e: Episode,
        user: Option<i64>,
        now: OffsetDateTime,
        audit: Entry,
    ) -> Result<()> {
        match self {
            ImportTx::Sqlx(tx) => {
                let scope = FlsSet::Only([row.fls_id].into());
                match crate::episodes::update(tx, &scope, row.id, row.version, &e, user, now)
                    .await?
                {
                    crate::episodes::Update::Done(_) => crate::audit::record(tx, now, &audit).await,
                    crate::episodes::Update::Stale(_) => Err(changed_meanwhile(row.id)),
                }
            }
            _ => {
                self.writer()?
                    .send(Op::Update {
                        id: row.id,
                        version: row.version,
                        e: Box::new(e),
                        user,
                        audit,
                    })
                    .await
            }
        }
    }

    /// Make every write visible at once.
    pub async fn commit(self) -> Result<()> {
        match self {
            ImportTx::Sqlx(tx) => tx.commit().await,
            ImportTx::Postgres(w)
            | ImportTx::Sqlite {
                writer: Some(w), ..
            } => w.commit().await,
            ImportTx::Sqlite { writer: None, .. } => Ok(()),
        }
    }

    /// Undo every write, and wait until they are undone.
    pub async fn rollback(self) -> Result<()> {
        match self {
            ImportTx::Sqlx(tx) => tx.rollback().await,
            ImportTx::Postgres(w)
            | ImportTx::Sqlite {
                writer: Some(w), ..
            } => {
                // The writer's own error, if any, is moot: nothing is kept either way.
                let _ = w.finished().await;
                Ok(())
            }
            ImportTx::Sqlite { writer: None, .. } => Ok(()),
        }
    }

    /// The writer the import's writes go to (none in a preview).
    fn writer(&mut self) -> Result<&mut Writer> {
        match self {
            ImportTx::Postgres(w)
            | ImportTx::Sqlite {
                writer: Some(w), ..
            } => Ok(w),
            _ => Err(StoreError::Conflict("a preview does not write".into())),
        }
    }
}

fn changed_meanwhile(id: i64) -> StoreError {
    StoreError::Conflict(format!("episode {id} was changed during the import"))
}

fn reads_elsewhere() -> StoreError {
    StoreError::Conflict("a SQLite import reads on its own connection".into())
}

/// Run `f` on the import's read-only connection off the async threads.
async fn on_reader<T: Send + 'static>(
    reader: &mut Option<rusqlite::Connection>,
    f: impl FnOnce(&rusqlite::Connection) -> Result<T> + Send + 'static,
) -> Result<T> {
    let c = reader
        .take()
        .ok_or_else(|| StoreError::Conflict("import reader lost".into()))?;
    let (c, r) = tokio::task::spawn_blocking(move || {
        let r = f(&c);
        (c, r)
    })
    .await
    .map_err(|e| StoreError::Conflict(format!("import reader: {e}")))?;
    *reader = Some(c);
    r
}

impl Writer {
    /// Start the SQLite writer thread; returns once it holds the write lock.
    async fn start_sqlite(path: std::path::PathBuf, now: OffsetDateTime) -> Result<Writer> {
        let (ops, rx) = tokio::sync::mpsc::channel(QUEUED);
        let (ready_tx, ready) = tokio::sync::oneshot::channel();
        let (done_tx, done) = tokio::sync::oneshot::channel();
        std::thread::Builder::new()
            .name("liaison-import-writer".into())
            .spawn(move || {
                let r = write_thread(&path, now, rx, ready_tx);
                let _ = done_tx.send(r);
            })
            .map_err(|e| StoreError::Conflict(format!("import writer: {e}")))?;
        match ready.await {
            Ok(r) => r?,
            Err(_) => return Err(failure(&mut { done }).await),
        }
        Ok(Writer { ops, done })
    }

    /// Start the PostgreSQL writer task on a transaction of its own.
    async fn start_pg(db: &Db, now: OffsetDateTime) -> Result<Writer> {
        let tx = db.begin().await?;
        let (ops, rx) = tokio::sync::mpsc::channel(QUEUED);
        let (done_tx, done) = tokio::sync::oneshot::channel();
        tokio::spawn(async move {
            let _ = done_tx.send(write_task(tx, now, rx).await);
        });
        Ok(Writer { ops, done })
    }

    /// A read in the writer's transaction (PostgreSQL), after the writes queued before it.
    async fn ask<T>(&mut self, op: impl FnOnce(Reply<T>) -> Op) -> Result<T> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        self.send(op(tx)).await?;
        match rx.await {
            Ok(r) => r,
            Err(_) => Err(failure(&mut self.done).await),
        }
    }

    async fn commit(mut self) -> Result<()> {
        self.send(Op::Commit).await?;
        self.finished().await
    }

    async fn send(&mut self, op: Op) -> Result<()> {
        if self.ops.send(op).await.is_err() {
            return Err(failure(&mut self.done).await);
        }
        Ok(())
    }

    /// Let go of the writer and wait for its outcome.
    async fn finished(self) -> Result<()> {
        drop(self.ops);
        self.done.await.unwrap_or_else(|_| Err(went_away()))
    }
}

/// Why a writer stopped: its error, or that it went away without saying.
async fn failure(done: &mut tokio::sync::oneshot::Receiver<Result<()>>) -> StoreError {
    match done.await {
        Ok(Err(e)) => e,
        _ => went_away(),
    }
}

fn went_away() -> StoreError {
    StoreError::Conflict("the import's writer stopped".into())
}

/// The writer thread: take the lock, say so, write what comes, commit on [`Op::Commit`]. It
/// returns on the first error or when the import lets go of it; either way SQLite rolls
/// back whatever was not committed.
fn write_thread(
    path: &std::path::Path,
    now: OffsetDateTime,
    mut rx: tokio::sync::mpsc::Receiver<Op>,
    ready: tokio::sync::oneshot::Sender<Result<()>>,
) -> Result<()> {
    use crate::direct;
    let begin = || -> Result<rusqlite::Connection> {
        let c = direct::open(path, false, WRITER_CACHE_MIB)?;
        c.execute_batch("BEGIN IMMEDIATE")?;
        Ok(c)
    };
    let conn = match begin() {
        Ok(c) => c,
        Err(e) => {
            let _ = ready.send(Err(e));
            return Ok(());
        }
    };
    if ready.send(Ok(())).is_err() {
        return Ok(());
    }
    let now = direct::time_text(now)?;
    // Statements prepared once for the whole import.
    let mut full = conn.prepare(&insert_sql(true, SQLITE_ROWS))?;
    let mut audit = direct::prepare_numbered(&conn, crate::audit::INSERT)?;
    let mut update = None;
    while let Some(op) = rx.blocking_recv() {
        match op {
            Op::Commit => {
                drop((full, audit, update));
                conn.execute_batch("COMMIT")?;
                return Ok(());
            }
            Op::Insert {
                fls_id,
                eps,
                user,
                audit: entry,
            } => {
                for chunk in eps.chunks(SQLITE_ROWS) {
                    let mut part;
                    let st: &mut rusqlite::Statement<'_> = if chunk.len() == SQLITE_ROWS {
                        &mut full
                    } else {
                        part = conn.prepare(&insert_sql(true, chunk.len()))?;
                        &mut part
                    };
                    let mut p = 1;
                    for e in chunk {
                        p = direct::bind_episode(st, p, e)?;
                        st.raw_bind_parameter(p, fls_id)?;
                        st.raw_bind_parameter(p + 1, search_text(e))?;
                        st.raw_bind_parameter(p + 2, &now)?;
                        st.raw_bind_parameter(p + 3, &now)?;
                        st.raw_bind_parameter(p + 4, user)?;
                        st.raw_bind_parameter(p + 5, user)?;
                        p += 6;
                    }
                    st.raw_execute()?;
                }
                record(&mut audit, &now, &entry)?;
            }
            Op::Keys(_, reply) => {
                let _ = reply.send(Err(reads_elsewhere()));
            }
            Op::Rows(_, reply) => {
                let _ = reply.send(Err(reads_elsewhere()));
            }
            Op::Update {
                id,
                version,
                e,
                user,
                audit: entry,
            } => {
                let st = match &mut update {
                    Some(st) => st,
                    None => update.insert(direct::prepare_numbered(
                        &conn,
                        &crate::episodes::update_sql(),
                    )?),
                };
                let p = direct::bind_episode(st, 1, &e)?;
                st.raw_bind_parameter(p, search_text(&e))?;
                st.raw_bind_parameter(p + 1, &now)?;
                st.raw_bind_parameter(p + 2, user)?;
                st.raw_bind_parameter(p + 3, id)?;
                st.raw_bind_parameter(p + 4, version)?;
                if st.raw_execute()? != 1 {
                    return Err(changed_meanwhile(id));
                }
                record(&mut audit, &now, &entry)?;
            }
        }
    }
    // Let go of without a commit: the connection closes and SQLite rolls back.
    Ok(())
}

/// The PostgreSQL writer task: the import's writes (and reads) in order in one transaction,
/// committed on [`Op::Commit`]; on the first error, or when the import lets go of it, the
/// transaction is dropped and rolls back.
async fn write_task(
    mut tx: Tx,
    now: OffsetDateTime,
    mut rx: tokio::sync::mpsc::Receiver<Op>,
) -> Result<()> {
    let mut next = rx.recv().await;
    while let Some(op) = next.take() {
        match op {
            Op::Insert {
                fls_id,
                eps,
                user,
                audit,
            } => {
                // New episodes stream into one `COPY` for as long as they come, so the server
                // never waits for the next batch; their audit rows follow it.
                let mut audits = vec![audit];
                let mut copy = Copy::start(&mut tx, now, user).await?;
                copy.send(fls_id, &eps).await?;
                loop {
                    match rx.recv().await {
                        Some(Op::Insert {
                            fls_id,
                            eps,
                            user: u,
                            audit,
                        }) if u == user => {
                            copy.send(fls_id, &eps).await?;
                            audits.push(audit);
                        }
                        other => {
                            next = other;
                            break;
                        }
                    }
                }
                copy.finish().await?;
                for a in &audits {
                    crate::audit::record(&mut tx, now, a).await?;
                }
                continue;
            }
            Op::Update {
                id,
                version,
                e,
                user,
                audit,
            } => {
                match crate::episodes::update(&mut tx, &FlsSet::All, id, version, &e, user, now)
                    .await?
                {
                    crate::episodes::Update::Done(_) => {
                        crate::audit::record(&mut tx, now, &audit).await?
                    }
                    crate::episodes::Update::Stale(_) => return Err(changed_meanwhile(id)),
                }
            }
            Op::Keys(fls_id, reply) => {
                let _ = reply.send(keys(&mut tx, fls_id).await);
            }
            Op::Rows(ids, reply) => {
                let _ = reply.send(rows(&mut tx, &FlsSet::All, &ids).await);
            }
            Op::Commit => return tx.commit().await,
        }
        next = rx.recv().await;
    }
    tx.rollback().await
}

/// New episodes streamed to PostgreSQL through `COPY ... FROM STDIN` (text format): the server
/// looks up each column's input function once per `COPY` instead of once per bound parameter
/// and builds no expression per row, and the rows flow while the next ones are formatted
/// (bench/import.sh; docs/io.md).
struct Copy<'t> {
    copy: sqlx::postgres::PgCopyIn<&'t mut sqlx::PgConnection>,
    now: String,
    user: Option<String>,
    data: Vec<u8>,
}

impl<'t> Copy<'t> {
    async fn start(tx: &'t mut Tx, now: OffsetDateTime, user: Option<i64>) -> Result<Copy<'t>> {
        let Tx::Postgres(t) = tx else {
            return Err(StoreError::Conflict("COPY is PostgreSQL's".into()));
        };
        // PostgreSQL keeps microseconds and sqlx's binary encoding truncates: do the same.
        let now = now
            .replace_nanosecond(now.nanosecond() / 1000 * 1000)
            .unwrap_or(now);
        let sql = format!(
            "COPY episodes ({DATA}, fls_id, search_text, created_at, updated_at, created_by, updated_by, version) FROM STDIN"
        );
        Ok(Copy {
            copy: t.copy_in_raw(&sql).await?,
            now: crate::direct::time_text(now)?,
            user: user.map(|u| u.to_string()),
            data: Vec::new(),
        })
    }

    async fn send(&mut self, fls_id: i64, eps: &[Episode]) -> Result<()> {
        self.data.clear();
        for e in eps {
            copy_row(&mut self.data, e, fls_id, &self.now, self.user.as_deref());
        }
        self.copy.send(self.data.as_slice()).await?;
        Ok(())
    }

    async fn finish(self) -> Result<()> {
        self.copy.finish().await?;
        Ok(())
    }
}

/// One row of `COPY` text: tab-separated, `\N` for NULL, backslash escapes in text.
fn copy_row(out: &mut Vec<u8>, e: &Episode, fls_id: i64, now: &str, user: Option<&str>) {
    fn text(out: &mut Vec<u8>, v: Option<&str>) {
        let Some(v) = v else {
            out.extend_from_slice(b"\\N\t");
            return;
        };
        for b in v.bytes() {
            match b {
                b'\\' => out.extend_from_slice(b"\\\\"),
                b'\n' => out.extend_from_slice(b"\\n"),
                b'\r' => out.extend_from_slice(b"\\r"),
                b'\t' => out.extend_from_slice(b"\\t"),
                b => out.push(b),
            }
        }
        out.push(b'\t');
    }
    let date =
        |out: &mut Vec<u8>, d: Option<Date>| text(out, d.map(crate::direct::date_text).as_deref());
    let real = |out: &mut Vec<u8>, v: Option<f64>| text(out, v.map(|v| v.to_string()).as_deref());
    text(out, Some(&e.patient_ref));
    date(out, Some(e.fracture_date));
    text(out, Some(e.sex.code()));
    date(out, Some(e.birth_date));
    date(out, e.death_date);
    text(out, Some(&e.family_name));
    text(out, Some(&e.given_names));
    text(out, Some(&e.phone));
    text(out, Some(&e.primary_care_contact));
    text(out, Some(e.fracture_site.code()));
    text(out, e.spine_detection.map(|v| v.code()));
    text(out, e.fracture_icd10.as_deref());
    text(out, Some(e.setting.code()));
    date(out, e.identified_date);
    text(out, e.identification_route.map(|v| v.code()));
    date(out, e.fls_assessment_date);
    text(out, e.dxa_status.map(|v| v.code()));
    date(out, e.dxa_date);
    real(out, e.t_score_lumbar_spine);
    real(out, e.t_score_total_hip);
    real(out, e.t_score_femoral_neck);
    real(out, e.frax_major_pct);
    real(out, e.frax_hip_pct);
    text(out, e.falls_assessment.map(|v| v.code()));
    text(out, e.aom_recommendation.map(|v| v.code()));
    text(out, e.aom_recommended_atc.as_deref());
    date(out, e.aom_start_date);
    text(out, e.aom_start_atc.as_deref());
    date(out, e.strength_balance_date);
    date(out, e.first_followup_date);
    date(out, e.second_followup_date);
    text(out, e.aom_at_52_weeks.map(|v| v.code()));
    date(out, e.refracture_date);
    text(out, e.refracture_site.map(|v| v.code()));
    text(out, Some(&e.notes));
    text(out, Some(&fls_id.to_string()));
    text(out, Some(&search_text(e)));
    text(out, Some(now));
    text(out, Some(now));
    text(out, user);
    text(out, user);
    out.extend_from_slice(b"1\n");
}

/// `audit::record` on the writer's connection.
fn record(st: &mut rusqlite::Statement<'_>, now: &str, e: &Entry) -> Result<()> {
    use crate::audit::json;
    st.execute(rusqlite::params![
        now,
        e.actor_user_id,
        e.actor,
        e.ip,
        e.action,
        e.outcome,
        e.entity,
        e.entity_id,
        e.fls_id,
        json(&e.before),
        json(&e.after),
        e.detail
    ])?;
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
