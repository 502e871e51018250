//! New episodes streamed to PostgreSQL through `COPY`, and audit rows on the SQLite writer's connection.

use crate::audit::Entry;
use crate::episodes::{DATA, data_cells, search_text};
use crate::{Result, StoreError, Tx};
use liaison_domain::dataset::{Cell, Episode};
use time::{Date, OffsetDateTime};

/// New episodes streamed to PostgreSQL through `COPY ... FROM STDIN` (text format): the server
/// looks up each column's input function once per `COPY` instead of once per bound parameter
/// and builds no expression per row, and the rows flow while the next ones are formatted
/// (bench/import.sh; docs/io.md).
pub(super) struct Copy<'t> {
    copy: sqlx::postgres::PgCopyIn<&'t mut sqlx::PgConnection>,
    now: String,
    user: Option<String>,
    data: Vec<u8>,
}

impl<'t> Copy<'t> {
    pub(super) async fn start(
        tx: &'t mut Tx,
        now: OffsetDateTime,
        user: Option<i64>,
    ) -> Result<Copy<'t>> {
        let Tx::Postgres(t) = tx else {
            return Err(StoreError::Conflict("COPY is PostgreSQL's".into()));
        };
        // PostgreSQL keeps microseconds and sqlx's binary encoding truncates: do the same.
        let now = now
            .replace_nanosecond(now.nanosecond() / 1000 * 1000)
            .unwrap_or(now);
        let data = &*DATA;
        let sql = format!(
            "COPY episodes ({data}, fls_id, search_text, created_at, updated_at, created_by, updated_by, version) FROM STDIN"
        );
        Ok(Copy {
            copy: t.copy_in_raw(&sql).await?,
            now: crate::direct::time_text(now)?,
            user: user.map(|u| u.to_string()),
            data: Vec::new(),
        })
    }

    pub(super) async fn send(&mut self, fls_id: i64, eps: &[Episode]) -> Result<()> {
        self.data.clear();
        for e in eps {
            copy_row(&mut self.data, e, fls_id, &self.now, self.user.as_deref());
        }
        self.copy.send(self.data.as_slice()).await?;
        Ok(())
    }

    pub(super) async fn finish(self) -> Result<()> {
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
    for cell in data_cells(e) {
        match cell {
            Cell::Text(v) => text(out, v),
            Cell::Date(v) => date(out, v),
            Cell::Dec(v) => real(out, v),
        }
    }
    text(out, Some(&fls_id.to_string()));
    text(out, Some(&search_text(e)));
    text(out, Some(now));
    text(out, Some(now));
    text(out, user);
    text(out, user);
    out.extend_from_slice(b"1\n");
}

/// `audit::record` on the writer's connection (which holds the write lock, so the chain's
/// head cannot move meanwhile).
pub(super) fn record(
    conn: &rusqlite::Connection,
    st: &mut rusqlite::Statement<'_>,
    at: OffsetDateTime,
    e: &Entry,
) -> Result<()> {
    use crate::audit::{CHAIN_LOCK, CHAIN_SET, content, json, micros};
    let at = micros(at);
    let head = || -> Result<Option<String>> {
        Ok(conn
            .prepare(CHAIN_LOCK)?
            .query_row([], |r| r.get::<_, Option<String>>(1))?)
    };
    let prev =
        head()?.ok_or_else(|| StoreError::Conflict("the audit chain has not started".into()))?;
    let (before, after) = (json(&e.before), json(&e.after));
    let hash = liaison_domain::audit_chain::link(&prev, &content(at, e, &before, &after));
    st.execute(rusqlite::params![
        crate::direct::time_text(at)?,
        e.actor_user_id,
        e.actor,
        e.ip,
        e.action,
        e.outcome,
        e.entity,
        e.entity_id,
        e.fls_id,
        before,
        after,
        e.detail,
        prev,
        hash
    ])?;
    conn.prepare(CHAIN_SET)?.execute([&hash])?;
    Ok(())
}
