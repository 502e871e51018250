//! SQLite's own API (rusqlite) for the bulk work sqlx makes slow: sqlx hands every SQLite row
//! and every bound value across to its worker thread one at a time (about 20-30 µs a row),
//! which made a cold KPI pass over 10 million episodes take minutes and a 1M-row import spend
//! 40 s binding parameters. Used only on SQLite files; the SQL is the same text as elsewhere
//! and the values are stored exactly as sqlx stores them (dates `YYYY-MM-DD`, times RFC 3339),
//! which `tests/it/io.rs` checks by comparing rows written both ways.

use crate::episodes::{EpisodeRow, N_DATA, data_cells};
use crate::{Db, Result, StoreError};
use liaison_domain::dataset::{Cell, Episode, KINDS, N_COLUMNS, OwnedCell, Storage};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags, Statement};
use std::path::PathBuf;
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime};

/// The file behind a SQLite pool (None for PostgreSQL or an in-memory database).
pub(crate) fn file_of(db: &Db) -> Option<PathBuf> {
    match db {
        Db::Sqlite(pool) => {
            let path = pool.connect_options().get_filename().to_path_buf();
            path.is_file().then_some(path)
        }
        Db::Postgres(_) => None,
    }
}

/// A connection with the pool's settings (`Db::connect`): foreign keys on, WAL's
/// `synchronous=NORMAL`, the same busy timeout. `cache_mib`: the page cache.
pub(crate) fn open(path: &std::path::Path, read_only: bool, cache_mib: i64) -> Result<Connection> {
    let flags = if read_only {
        OpenFlags::SQLITE_OPEN_READ_ONLY
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE
    } | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(Db::BUSY_TIMEOUT)?;
    conn.execute_batch(&format!(
        "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY; \
         PRAGMA cache_size = -{};",
        cache_mib * 1024
    ))?;
    Ok(conn)
}

/// `YYYY-MM-DD` without the generality (and cost) of a format description.
pub(crate) fn iso_date(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i32> {
        b[r].iter().try_fold(0i32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + i32::from(c - b'0'))
        })
    };
    let month = time::Month::try_from(u8::try_from(num(5..7)?).ok()?).ok()?;
    Date::from_calendar_date(num(0..4)?, month, u8::try_from(num(8..10)?).ok()?).ok()
}

/// A date as sqlx writes it on SQLite (`[year]-[month]-[day]`), without a format
/// description for the years a registry holds. (Also PostgreSQL's ISO input, for `COPY`.)
pub(crate) fn date_text(d: Date) -> String {
    let y = d.year();
    if !(0..=9999).contains(&y) {
        let f = time::macros::format_description!("[year]-[month]-[day]");
        return d.format(&f).unwrap_or_default();
    }
    let mut s = String::with_capacity(10);
    let (m, day) = (u8::from(d.month()), d.day());
    for v in [y / 1000, y / 100 % 10, y / 10 % 10, y % 10] {
        s.push(char::from(b'0' + v as u8));
    }
    s.push('-');
    s.push(char::from(b'0' + m / 10));
    s.push(char::from(b'0' + m % 10));
    s.push('-');
    s.push(char::from(b'0' + day / 10));
    s.push(char::from(b'0' + day % 10));
    s
}

/// A time as sqlx writes `OffsetDateTime` on SQLite (RFC 3339).
pub(crate) fn time_text(t: OffsetDateTime) -> Result<String> {
    t.format(&Rfc3339)
        .map_err(|e| StoreError::Conflict(format!("time not writable: {e}")))
}

fn parse_time(s: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(s, &Rfc3339).ok()
}

/// Bind an episode's data columns in `episodes::DATA` order from parameter `first` on (the
/// order of `bind_episode!`). Returns the next free parameter.
pub(crate) fn bind_episode(st: &mut Statement<'_>, first: usize, e: &Episode) -> Result<usize> {
    let mut i = first;
    for c in data_cells(e) {
        match c {
            Cell::Text(v) => st.raw_bind_parameter(i, v)?,
            Cell::Date(v) => st.raw_bind_parameter(i, v.map(date_text))?,
            Cell::Dec(v) => st.raw_bind_parameter(i, v)?,
        }
        i += 1;
    }
    debug_assert_eq!(i, first + N_DATA);
    Ok(i)
}

/// Prepare a statement written with `$n` placeholders for positional binding: SQLite numbers
/// named parameters in order of first appearance, so `$1..$n` must first appear in order.
pub(crate) fn prepare_numbered<'c>(conn: &'c Connection, sql: &str) -> Result<Statement<'c>> {
    let st = conn.prepare(sql)?;
    for i in 1..=st.parameter_count() {
        if st.parameter_name(i) != Some(format!("${i}").as_str()) {
            return Err(StoreError::Conflict(format!(
                "parameter {i} of a statement is not ${i}"
            )));
        }
    }
    Ok(st)
}

/// One row of `episodes::select()` from SQLite's own API.
pub(crate) fn episode_row(r: &rusqlite::Row<'_>) -> Result<EpisodeRow> {
    let text = |i: usize| -> Result<Option<&str>> {
        Ok(match r.get_ref(i)? {
            ValueRef::Text(t) => Some(
                std::str::from_utf8(t)
                    .map_err(|_| StoreError::Conflict(format!("column {i} is not UTF-8")))?,
            ),
            ValueRef::Null => None,
            _ => return Err(StoreError::Conflict(format!("column {i} is not text"))),
        })
    };
    let od = |i: usize| -> Result<Option<Date>> {
        text(i)?
            .map(|t| iso_date(t).ok_or_else(|| StoreError::Conflict(format!("bad date {t:?}"))))
            .transpose()
    };
    let t = |i: usize| -> Result<OffsetDateTime> {
        let v = text(i)?.unwrap_or_default();
        parse_time(v).ok_or_else(|| StoreError::Conflict(format!("bad time {v:?}")))
    };
    // `id, fls_id`, the dataset's columns from 2 on, then `version, created_at, updated_at`.
    let mut cells = Vec::with_capacity(N_COLUMNS);
    for (i, kind) in KINDS.iter().enumerate() {
        let at = i + 2;
        cells.push(match kind.storage() {
            Storage::Text => OwnedCell::Text(text(at)?.map(str::to_string)),
            Storage::Date => OwnedCell::Date(od(at)?),
            Storage::Dec => OwnedCell::Dec(r.get(at)?),
        });
    }
    let n = N_COLUMNS + 2;
    Ok(EpisodeRow {
        id: r.get(0)?,
        fls_id: r.get(1)?,
        episode: Episode::from_cells(cells).map_err(|e| StoreError::Conflict(e.to_string()))?,
        version: r.get(n)?,
        created_at: t(n + 1)?,
        updated_at: t(n + 2)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_as_sqlx_writes_them() {
        let f = time::macros::format_description!("[year]-[month]-[day]");
        for d in [
            time::macros::date!(2024 - 02 - 29),
            time::macros::date!(1900 - 01 - 01),
            time::macros::date!(0999 - 12 - 31),
            time::macros::date!(9999 - 10 - 09),
        ] {
            assert_eq!(date_text(d), d.format(&f).unwrap());
            assert_eq!(iso_date(&date_text(d)), Some(d));
        }
    }
}
