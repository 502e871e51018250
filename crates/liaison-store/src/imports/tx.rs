//! The import's transaction: its reads, and the writes it hands to its writer.

use super::*;
use crate::audit::Entry;
use crate::episodes::{EpisodeRow, select};
use crate::{Db, Result, StoreError, Tx};
use liaison_domain::access::FlsSet;
use liaison_domain::dataset::Episode;
use time::OffsetDateTime;

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
pub(super) enum Op {
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
    Keys(i64, Reply<Vec<StoredKey>>),
    Rows(Vec<i64>, Reply<Vec<EpisodeRow>>),
    Commit,
}

pub(super) type Reply<T> = tokio::sync::oneshot::Sender<Result<T>>;

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

    /// The keys of an FLS's stored episodes, live and deleted (see [`StoredKey`]).
    pub async fn keys(&mut self, fls_id: i64) -> Result<Vec<StoredKey>> {
        match self {
            ImportTx::Sqlx(tx) => keys(tx, fls_id).await,
            ImportTx::Postgres(w) => w.ask(|r| Op::Keys(fls_id, r)).await,
            ImportTx::Sqlite { reader, .. } => {
                on_reader(reader, move |c| {
                    let mut st = crate::direct::prepare_numbered(c, KEYS_SQL)?;
                    let mut rows = st.query([fls_id])?;
                    let mut out = Vec::new();
                    while let Some(r) = rows.next()? {
                        let d: String = r.get(2)?;
                        let d = crate::direct::iso_date(&d)
                            .ok_or_else(|| StoreError::Conflict(format!("bad date {d:?}")))?;
                        out.push((r.get(0)?, r.get(1)?, d, r.get(3)?));
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

pub(super) fn changed_meanwhile(id: i64) -> StoreError {
    StoreError::Conflict(format!("episode {id} was changed during the import"))
}

pub(super) fn reads_elsewhere() -> StoreError {
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
