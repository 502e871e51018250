//! Logical backup and restore, the same on both engines, so a registry can move from SQLite to
//! PostgreSQL and back. The file is JSON lines: a header, then per table a line naming its
//! columns followed by one array per row. Restore goes into an empty database in one
//! transaction: it either loads everything or nothing.

use crate::{Db, Result, StoreError, Tx, on_db, on_tx};
use futures_util::TryStreamExt;
use liaison_domain::dataset::{COLUMNS, KINDS, Kind, N_COLUMNS, Storage};
use serde_json::{Value, json};
use sqlx::{AssertSqlSafe, Row};
use std::io::{BufRead, Write};
use time::{Date, OffsetDateTime};

pub const FORMAT: &str = "liaison-backup";
pub const FORMAT_VERSION: i64 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Col {
    Int,
    Real,
    Text,
    Bool,
    Date,
    Timestamp,
    /// Bytes (the library's files), as base64 in the backup's JSON.
    Bytes,
}

mod tables;
pub use tables::TABLES;

/// The episodes table: its keys, the dataset's columns (but `fls_code`, the FLS's) as the
/// dataset declares them, then what the store keeps.
pub(super) const EPISODE_COLUMNS: [(&str, Col); N_COLUMNS + 9] = {
    const fn col(k: Kind) -> Col {
        match k.storage() {
            Storage::Text => Col::Text,
            Storage::Date => Col::Date,
            Storage::Dec => Col::Real,
        }
    }
    let mut out = [("", Col::Int); N_COLUMNS + 9];
    out[0] = ("id", Col::Int);
    out[1] = ("fls_id", Col::Int);
    // Column 0 of the dataset is `fls_code`, stored as `fls_id`.
    let mut i = 1;
    while i < N_COLUMNS {
        out[i + 1] = (COLUMNS[i], col(KINDS[i]));
        i += 1;
    }
    let tail = [
        ("search_text", Col::Text),
        ("version", Col::Int),
        ("created_at", Col::Timestamp),
        ("updated_at", Col::Timestamp),
        ("created_by", Col::Int),
        ("updated_by", Col::Int),
        // A deleted episode is backed up deleted: restored, it is still restorable, or purged.
        ("deleted_at", Col::Timestamp),
        ("deleted_by", Col::Int),
    ];
    let mut j = 0;
    while j < tail.len() {
        out[N_COLUMNS + 1 + j] = tail[j];
        j += 1;
    }
    out
};

/// Tables whose `id` is generated: their sequences move past restored ids on PostgreSQL.
const IDENTITY_TABLES: &[&str] = &[
    "fls",
    "users",
    "user_roles",
    "api_tokens",
    "outbox",
    "audit_log",
    "episodes",
    "bpf_frameworks",
    "bpf_assessments",
    "bpf_reviews",
    "g2g_plans",
    "g2g_milestones",
    "facilities_rounds",
    "facilities_returns",
    "imports",
    "kpi_definitions",
    "population_figures",
    "network_applications",
    "coalitions",
    "coalition_members",
    "coalition_contacts",
    "coalition_activities",
    "mentorship_requests",
    "mentor_pairings",
    "mentor_sessions",
    "mentor_actions",
    "resources",
    "resource_versions",
    "resource_version_history",
    "resource_files",
    "resource_citations",
    "events",
    "event_registrations",
];

fn decode<'r, R>(row: &'r R, i: usize, col: Col) -> std::result::Result<Value, sqlx::Error>
where
    R: Row,
    usize: sqlx::ColumnIndex<R>,
    i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    f64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    bool: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    Date: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    OffsetDateTime: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    Vec<u8>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    Ok(match col {
        Col::Int => json!(row.try_get::<Option<i64>, _>(i)?),
        Col::Real => json!(row.try_get::<Option<f64>, _>(i)?),
        Col::Text => json!(row.try_get::<Option<String>, _>(i)?),
        Col::Bool => json!(row.try_get::<Option<bool>, _>(i)?),
        Col::Date => json!(row.try_get::<Option<Date>, _>(i)?.map(|d| d.to_string())),
        Col::Timestamp => json!(row.try_get::<Option<OffsetDateTime>, _>(i)?.map(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default()
        })),
        Col::Bytes => json!(row.try_get::<Option<Vec<u8>>, _>(i)?.map(|b| {
            use base64::Engine;
            base64::engine::general_purpose::STANDARD.encode(b)
        })),
    })
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Counts(pub Vec<(String, u64)>);

/// The newest migration applied to this database.
pub async fn schema_version(db: &Db) -> Result<i64> {
    const SQL: &str = "SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations";
    let (v,): (i64,) = on_db!(db, p => sqlx::query_as(SQL).fetch_one(p).await)?;
    Ok(v)
}

/// Write the whole database to `out`, inside one read transaction so the copy is consistent.
pub async fn dump(db: &Db, out: &mut (dyn Write + Send)) -> Result<Counts> {
    let io = |e: std::io::Error| StoreError::Backup(e.to_string());
    let mut tx = db.begin_read().await?;
    let header = json!({ "format": FORMAT, "version": FORMAT_VERSION, "schema_version": schema_version(db).await?, "engine": db.engine() });
    writeln!(out, "{header}").map_err(io)?;
    let mut counts = Counts::default();
    for (table, cols) in TABLES {
        let names: Vec<&str> = cols.iter().map(|c| c.0).collect();
        writeln!(out, "{}", json!({ "table": table, "columns": names })).map_err(io)?;
        let order = if cols.iter().any(|c| c.0 == "id") {
            "id"
        } else {
            cols[0].0
        };
        let sql = format!("SELECT {} FROM {table} ORDER BY {order}", names.join(", "));
        let mut n = 0u64;
        on_tx!(&mut tx, c => {
            let mut rows = sqlx::query(AssertSqlSafe(sql)).fetch(c);
            while let Some(row) = rows.try_next().await? {
                let vals = cols
                    .iter()
                    .enumerate()
                    .map(|(i, (_, col))| decode(&row, i, *col))
                    .collect::<std::result::Result<Vec<_>, _>>()?;
                writeln!(out, "{}", Value::Array(vals)).map_err(io)?;
                n += 1;
            }
        });
        counts.0.push((table.to_string(), n));
    }
    out.flush().map_err(io)?;
    drop(tx);
    Ok(counts)
}

fn bad(line: usize, msg: impl std::fmt::Display) -> StoreError {
    StoreError::Backup(format!("line {line}: {msg}"))
}

/// Load a backup into this (migrated, empty) database: everything or nothing.
pub async fn restore(db: &Db, input: &mut (dyn BufRead + Send)) -> Result<Counts> {
    if !is_empty(db).await? {
        return Err(StoreError::NotEmpty);
    }
    let mut lines = input.lines().enumerate();
    let (_, first) = lines.next().ok_or_else(|| bad(1, "empty file"))?;
    let header: Value =
        serde_json::from_str(&first.map_err(|e| bad(1, e))?).map_err(|e| bad(1, e))?;
    if header["format"] != FORMAT || header["version"] != FORMAT_VERSION {
        return Err(bad(
            1,
            "not a Liaison backup of a version this program reads",
        ));
    }
    let ours = schema_version(db).await?;
    if header["schema_version"].as_i64().unwrap_or(i64::MAX) > ours {
        return Err(bad(
            1,
            "the backup comes from a newer Liaison; upgrade this one first",
        ));
    }
    let mut tx = db.begin().await?;
    let mut counts = Counts::default();
    // The table being loaded: its columns and its INSERT statement.
    let mut current: Option<(Vec<(String, Col)>, String)> = None;
    // Triggers bump `fls.kpi_generation` as episodes are inserted; the stored stamps are put
    // back afterwards so the restored database equals the backed-up one.
    let mut generations: Vec<(i64, i64)> = Vec::new();
    let mut chain_restored = false;
    for (i, line) in lines {
        let ln = i + 1;
        let v: Value =
            serde_json::from_str(&line.map_err(|e| bad(ln, e))?).map_err(|e| bad(ln, e))?;
        if let Some(t) = v.get("table").and_then(Value::as_str) {
            let (name, spec) = TABLES
                .iter()
                .find(|(n, _)| *n == t)
                .ok_or_else(|| bad(ln, format!("unknown table {t}")))?;
            let mut cols = Vec::new();
            for c in v["columns"]
                .as_array()
                .ok_or_else(|| bad(ln, "no columns"))?
            {
                let c = c.as_str().unwrap_or_default();
                let col = spec
                    .iter()
                    .find(|(n, _)| *n == c)
                    .ok_or_else(|| bad(ln, format!("unknown column {t}.{c}")))?;
                cols.push((c.to_string(), col.1));
            }
            let names: Vec<&str> = cols.iter().map(|c| c.0.as_str()).collect();
            // Countries and the audit chain's head exist in a migrated database: the backup's
            // values replace them.
            let conflict = match *name {
                "countries" => " ON CONFLICT (code) DO UPDATE SET region = excluded.region",
                "audit_chain" => {
                    chain_restored = true;
                    " ON CONFLICT (id) DO UPDATE SET row_count = excluded.row_count, hash = excluded.hash"
                }
                _ => "",
            };
            let sql = format!(
                "INSERT INTO {name} ({}) VALUES ({}){conflict}",
                names.join(", "),
                crate::placeholders(1, names.len())
            );
            counts.0.push((name.to_string(), 0));
            current = Some((cols, sql));
            continue;
        }
        let (cols, sql) = current
            .as_ref()
            .ok_or_else(|| bad(ln, "row before any table"))?;
        let vals = v
            .as_array()
            .ok_or_else(|| bad(ln, "a row must be an array"))?;
        if vals.len() != cols.len() {
            return Err(bad(ln, "wrong number of values"));
        }
        if counts.0.last().is_some_and(|(t, _)| t == "fls") {
            let at = |name: &str| {
                cols.iter()
                    .position(|(c, _)| c == name)
                    .and_then(|i| vals[i].as_i64())
            };
            if let (Some(id), Some(g)) = (at("id"), at("kpi_generation")) {
                generations.push((id, g));
            }
        }
        insert_row(&mut tx, sql, cols, vals)
            .await
            .map_err(|e| match e {
                StoreError::Sql(e) => bad(ln, e),
                e => e,
            })?;
        if let Some(last) = counts.0.last_mut() {
            last.1 += 1;
        }
    }
    for (id, g) in generations {
        const SQL: &str = "UPDATE fls SET kpi_generation = $2 WHERE id = $1";
        on_tx!(&mut tx, c => sqlx::query(SQL).bind(id).bind(g).execute(c).await.map(|r| r.rows_affected()))?;
    }
    if !chain_restored {
        // A backup from before the hash chain: its rows are the chain's start.
        crate::audit::restart_chain(&mut tx).await?;
    }
    if let Tx::Postgres(t) = &mut tx {
        for table in IDENTITY_TABLES {
            // PostgreSQL only: identities do not follow explicitly inserted ids.
            let sql = format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            );
            sqlx::query(AssertSqlSafe(sql)).execute(&mut **t).await?;
        }
    }
    tx.commit().await?;
    Ok(counts)
}

async fn insert_row(tx: &mut Tx, sql: &str, cols: &[(String, Col)], vals: &[Value]) -> Result<()> {
    let parse_err = |c: &str, v: &Value| StoreError::Backup(format!("bad value for {c}: {v}"));
    on_tx!(tx, c => {
        let mut q = sqlx::query(AssertSqlSafe(sql.to_string()));
        for ((name, col), v) in cols.iter().zip(vals) {
            q = match col {
                Col::Int => q.bind(if v.is_null() { None } else { Some(v.as_i64().ok_or_else(|| parse_err(name, v))?) }),
                Col::Real => q.bind(if v.is_null() { None } else { Some(v.as_f64().ok_or_else(|| parse_err(name, v))?) }),
                Col::Text => q.bind(if v.is_null() { None } else { Some(v.as_str().ok_or_else(|| parse_err(name, v))?.to_string()) }),
                Col::Bool => q.bind(if v.is_null() { None } else { Some(v.as_bool().ok_or_else(|| parse_err(name, v))?) }),
                Col::Date => q.bind(match v.as_str() {
                    None => None,
                    Some(s) => Some(Date::parse(s, time::macros::format_description!("[year]-[month]-[day]")).map_err(|_| parse_err(name, v))?),
                }),
                Col::Timestamp => q.bind(match v.as_str() {
                    None => None,
                    Some(s) => Some(OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).map_err(|_| parse_err(name, v))?),
                }),
                Col::Bytes => q.bind(match v.as_str() {
                    None => None,
                    Some(s) => {
                        use base64::Engine;
                        Some(base64::engine::general_purpose::STANDARD.decode(s).map_err(|_| parse_err(name, v))?)
                    }
                }),
            };
        }
        q.execute(c).await?;
    });
    Ok(())
}

/// No user, FLS or audit row yet (countries are seeded by the migration and do not count).
pub async fn is_empty(db: &Db) -> Result<bool> {
    const SQL: &str = "SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM fls) + (SELECT COUNT(*) FROM audit_log) + (SELECT COUNT(*) FROM episodes)";
    let (n,): (i64,) = on_db!(db, p => sqlx::query_as(SQL).fetch_one(p).await)?;
    Ok(n == 0)
}

/// The columns of a table as the engine reports them (for the schema-drift test).
pub async fn table_columns(db: &Db, table: &str) -> Result<Vec<String>> {
    Ok(match db {
        Db::Sqlite(p) => {
            let sql = format!("SELECT name FROM pragma_table_info('{table}') ORDER BY cid");
            let rows: Vec<(String,)> = sqlx::query_as(AssertSqlSafe(sql)).fetch_all(p).await?;
            rows.into_iter().map(|r| r.0).collect()
        }
        Db::Postgres(p) => {
            const SQL: &str = "SELECT column_name::text FROM information_schema.columns \
                WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position";
            let rows: Vec<(String,)> = sqlx::query_as(SQL).bind(table).fetch_all(p).await?;
            rows.into_iter().map(|r| r.0).collect()
        }
    })
}

/// Every application table (for the schema-drift test).
pub async fn table_names(db: &Db) -> Result<Vec<String>> {
    let rows: Vec<(String,)> = match db {
        Db::Sqlite(p) => {
            const SQL: &str = "SELECT name FROM sqlite_master WHERE type = 'table' \
                AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%' ORDER BY name";
            sqlx::query_as(SQL).fetch_all(p).await?
        }
        Db::Postgres(p) => {
            const SQL: &str = "SELECT table_name::text FROM information_schema.tables \
                WHERE table_schema = current_schema() AND table_name NOT LIKE '\\_sqlx%' ORDER BY table_name";
            sqlx::query_as(SQL).fetch_all(p).await?
        }
    };
    Ok(rows.into_iter().map(|r| r.0).collect())
}
