//! The import's writer: a thread with SQLite's own API, or a task owning the PostgreSQL transaction.

use super::*;
use crate::audit::Entry;
use crate::episodes::search_text;
use crate::{Db, Result, StoreError, Tx};
use liaison_domain::access::FlsSet;
use time::OffsetDateTime;

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

impl Writer {
    /// Start the SQLite writer thread; returns once it holds the write lock.
    pub(super) async fn start_sqlite(
        path: std::path::PathBuf,
        now: OffsetDateTime,
    ) -> Result<Writer> {
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
    pub(super) async fn start_pg(db: &Db, now: OffsetDateTime) -> Result<Writer> {
        let tx = db.begin().await?;
        let (ops, rx) = tokio::sync::mpsc::channel(QUEUED);
        let (done_tx, done) = tokio::sync::oneshot::channel();
        tokio::spawn(async move {
            let _ = done_tx.send(write_task(tx, now, rx).await);
        });
        Ok(Writer { ops, done })
    }

    /// A read in the writer's transaction (PostgreSQL), after the writes queued before it.
    pub(super) async fn ask<T>(&mut self, op: impl FnOnce(Reply<T>) -> Op) -> Result<T> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        self.send(op(tx)).await?;
        match rx.await {
            Ok(r) => r,
            Err(_) => Err(failure(&mut self.done).await),
        }
    }

    pub(super) async fn commit(mut self) -> Result<()> {
        self.send(Op::Commit).await?;
        self.finished().await
    }

    pub(super) async fn send(&mut self, op: Op) -> Result<()> {
        if self.ops.send(op).await.is_err() {
            return Err(failure(&mut self.done).await);
        }
        Ok(())
    }

    /// Let go of the writer and wait for its outcome.
    pub(super) async fn finished(self) -> Result<()> {
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
    let at = now;
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
                record(&conn, &mut audit, at, &entry)?;
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
                record(&conn, &mut audit, at, &entry)?;
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
    // The audit rows wait for the commit: appending one takes the chain's head row lock until
    // the transaction ends, and every other audited action would wait for the whole import.
    let mut audits: Vec<Entry> = Vec::new();
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
                audits.push(audit);
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
                    crate::episodes::Update::Done(_) => audits.push(audit),
                    crate::episodes::Update::Stale(_) => return Err(changed_meanwhile(id)),
                }
            }
            Op::Keys(fls_id, reply) => {
                let _ = reply.send(keys(&mut tx, fls_id).await);
            }
            Op::Rows(ids, reply) => {
                let _ = reply.send(rows(&mut tx, &FlsSet::All, &ids).await);
            }
            Op::Commit => {
                for a in &audits {
                    crate::audit::record(&mut tx, now, a).await?;
                }
                return tx.commit().await;
            }
        }
        next = rx.recv().await;
    }
    tx.rollback().await
}
