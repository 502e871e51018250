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

/// Every table, parents before children, with its columns. A test compares this with the
/// migrated schema, so a new column cannot be forgotten here.
pub const TABLES: &[(&str, &[(&str, Col)])] = &[
    ("countries", &[("code", Col::Text), ("region", Col::Text)]),
    (
        "fls",
        &[
            ("id", Col::Int),
            ("code", Col::Text),
            ("name", Col::Text),
            ("hospital", Col::Text),
            ("city", Col::Text),
            ("country", Col::Text),
            ("time_zone", Col::Text),
            ("service_model", Col::Text),
            ("covers_hip", Col::Bool),
            ("covers_other_inpatient", Col::Bool),
            ("covers_outpatient", Col::Bool),
            ("covers_vertebral", Col::Bool),
            ("catchment_population_50_plus", Col::Int),
            ("expected_non_spine_per_year", Col::Int),
            ("expected_spine_per_year", Col::Int),
            ("start_date", Col::Date),
            ("contact_name", Col::Text),
            ("contact_email", Col::Text),
            ("created_at", Col::Timestamp),
            ("updated_at", Col::Timestamp),
            ("kpi_generation", Col::Int),
            ("publish_statistics", Col::Bool),
            ("closed_on", Col::Date),
        ],
    ),
    (
        "users",
        &[
            ("id", Col::Int),
            ("email", Col::Text),
            ("display_name", Col::Text),
            ("password_hash", Col::Text),
            ("language", Col::Text),
            ("totp_secret", Col::Text),
            ("totp_enabled", Col::Bool),
            ("totp_last_step", Col::Int),
            ("failed_attempts", Col::Int),
            ("locked_until", Col::Timestamp),
            ("disabled", Col::Bool),
            ("created_at", Col::Timestamp),
            ("password_changed_at", Col::Timestamp),
        ],
    ),
    (
        "user_roles",
        &[
            ("id", Col::Int),
            ("user_id", Col::Int),
            ("role", Col::Text),
            ("fls_id", Col::Int),
            ("country", Col::Text),
            ("region", Col::Text),
        ],
    ),
    (
        "sessions",
        &[
            ("token_hash", Col::Text),
            ("user_id", Col::Int),
            ("mfa_state", Col::Text),
            ("created_at", Col::Timestamp),
            ("last_seen_at", Col::Timestamp),
            ("ip", Col::Text),
        ],
    ),
    (
        "api_tokens",
        &[
            ("id", Col::Int),
            ("user_id", Col::Int),
            ("name", Col::Text),
            ("token_hash", Col::Text),
            ("created_at", Col::Timestamp),
            ("last_used_at", Col::Timestamp),
            ("revoked_at", Col::Timestamp),
        ],
    ),
    ("settings", &[("key", Col::Text), ("value", Col::Text)]),
    (
        "outbox",
        &[
            ("id", Col::Int),
            ("kind", Col::Text),
            ("user_id", Col::Int),
            ("recipient", Col::Text),
            ("language", Col::Text),
            ("subject", Col::Text),
            ("body_text", Col::Text),
            ("body_html", Col::Text),
            ("dedup_key", Col::Text),
            ("status", Col::Text),
            ("attempts", Col::Int),
            ("next_attempt_at", Col::Timestamp),
            ("claimed_at", Col::Timestamp),
            ("last_error", Col::Text),
            ("created_at", Col::Timestamp),
            ("sent_at", Col::Timestamp),
            ("attachment_name", Col::Text),
            ("attachment_type", Col::Text),
            ("attachment", Col::Text),
            ("list_unsubscribe", Col::Text),
        ],
    ),
    (
        "notify_prefs",
        &[
            ("user_id", Col::Int),
            ("hour", Col::Int),
            ("time_zone", Col::Text),
            ("kpi_alerts", Col::Bool),
            ("facilities_deadline", Col::Bool),
            ("updated_at", Col::Timestamp),
        ],
    ),
    (
        "notify_digests",
        &[
            ("user_id", Col::Int),
            ("fls_id", Col::Int),
            ("cadence", Col::Text),
        ],
    ),
    ("episodes", &EPISODE_COLUMNS),
    (
        "audit_log",
        &[
            ("id", Col::Int),
            ("at", Col::Timestamp),
            ("actor_user_id", Col::Int),
            ("actor", Col::Text),
            ("ip", Col::Text),
            ("action", Col::Text),
            ("outcome", Col::Text),
            ("entity", Col::Text),
            ("entity_id", Col::Text),
            ("fls_id", Col::Int),
            ("before_json", Col::Text),
            ("after_json", Col::Text),
            ("detail", Col::Text),
            ("prev_hash", Col::Text),
            ("hash", Col::Text),
        ],
    ),
    (
        "audit_chain",
        &[
            ("id", Col::Int),
            ("row_count", Col::Int),
            ("hash", Col::Text),
        ],
    ),
    (
        "bpf_frameworks",
        &[
            ("id", Col::Int),
            ("version", Col::Text),
            ("sha256", Col::Text),
            ("body", Col::Text),
            ("loaded_at", Col::Timestamp),
            ("loaded_by", Col::Text),
        ],
    ),
    (
        "bpf_assessments",
        &[
            ("id", Col::Int),
            ("fls_id", Col::Int),
            ("framework_version", Col::Text),
            ("framework_sha256", Col::Text),
            ("status", Col::Text),
            ("answers_json", Col::Text),
            ("prefill_json", Col::Text),
            ("score_json", Col::Text),
            ("approved_json", Col::Text),
            ("publish", Col::Bool),
            ("publish_city", Col::Bool),
            ("created_at", Col::Timestamp),
            ("updated_at", Col::Timestamp),
            ("submitted_at", Col::Timestamp),
            ("decided_at", Col::Timestamp),
        ],
    ),
    (
        "bpf_reviews",
        &[
            ("id", Col::Int),
            ("assessment_id", Col::Int),
            ("at", Col::Timestamp),
            ("actor_user_id", Col::Int),
            ("actor", Col::Text),
            ("action", Col::Text),
            ("comment", Col::Text),
            ("levels_json", Col::Text),
        ],
    ),
    (
        "g2g_plans",
        &[
            ("id", Col::Int),
            ("fls_id", Col::Int),
            ("country", Col::Text),
            ("step", Col::Int),
            ("updated_at", Col::Timestamp),
        ],
    ),
    (
        "g2g_milestones",
        &[
            ("id", Col::Int),
            ("plan_id", Col::Int),
            ("step", Col::Int),
            ("title", Col::Text),
            ("owner", Col::Text),
            ("due_date", Col::Date),
            ("status", Col::Text),
            ("evidence", Col::Text),
            ("evidence_url", Col::Text),
            ("created_at", Col::Timestamp),
            ("updated_at", Col::Timestamp),
        ],
    ),
    (
        "facilities_rounds",
        &[
            ("id", Col::Int),
            ("year", Col::Int),
            ("questionnaire_version", Col::Text),
            ("questionnaire_sha256", Col::Text),
            ("questionnaire", Col::Text),
            ("deadline", Col::Date),
            ("opened_at", Col::Timestamp),
            ("opened_by", Col::Text),
        ],
    ),
    (
        "facilities_returns",
        &[
            ("id", Col::Int),
            ("round_id", Col::Int),
            ("fls_id", Col::Int),
            ("status", Col::Text),
            ("answers_json", Col::Text),
            ("created_at", Col::Timestamp),
            ("updated_at", Col::Timestamp),
            ("submitted_at", Col::Timestamp),
        ],
    ),
    (
        "imports",
        &[
            ("id", Col::Int),
            ("user_id", Col::Int),
            ("file_name", Col::Text),
            ("format", Col::Text),
            ("options_json", Col::Text),
            ("file_b64", Col::Text),
            ("status", Col::Text),
            ("progress", Col::Int),
            ("result_json", Col::Text),
            ("created_at", Col::Timestamp),
            ("updated_at", Col::Timestamp),
        ],
    ),
    (
        "kpi_definitions",
        &[
            ("id", Col::Int),
            ("country", Col::Text),
            ("version", Col::Text),
            ("json", Col::Text),
            ("created_at", Col::Timestamp),
            ("created_by", Col::Int),
        ],
    ),
    (
        "population_figures",
        &[
            ("id", Col::Int),
            ("area", Col::Text),
            ("year", Col::Int),
            ("people_50_plus", Col::Int),
            ("hip_fractures", Col::Int),
            ("source", Col::Text),
            ("updated_at", Col::Timestamp),
        ],
    ),
    (
        "network_applications",
        &[
            ("id", Col::Int),
            ("hospital", Col::Text),
            ("hospital_key", Col::Text),
            ("city", Col::Text),
            ("country", Col::Text),
            ("contact_name", Col::Text),
            ("contact_email", Col::Text),
            ("patient_groups", Col::Text),
            ("wants_mentor", Col::Bool),
            ("message", Col::Text),
            ("status", Col::Text),
            ("duplicate_of", Col::Int),
            ("fls_id", Col::Int),
            ("created_at", Col::Timestamp),
            ("updated_at", Col::Timestamp),
        ],
    ),
    (
        "coalitions",
        &[
            ("id", Col::Int),
            ("name", Col::Text),
            ("scope", Col::Text),
            ("area", Col::Text),
            ("description", Col::Text),
            ("created_at", Col::Timestamp),
            ("updated_at", Col::Timestamp),
        ],
    ),
    (
        "coalition_members",
        &[
            ("id", Col::Int),
            ("coalition_id", Col::Int),
            ("organisation", Col::Text),
            ("kind", Col::Text),
            ("status", Col::Text),
            ("invited_on", Col::Date),
            ("joined_on", Col::Date),
            ("left_on", Col::Date),
            ("updated_at", Col::Timestamp),
        ],
    ),
    (
        "coalition_contacts",
        &[
            ("id", Col::Int),
            ("coalition_id", Col::Int),
            ("name", Col::Text),
            ("role_title", Col::Text),
            ("email", Col::Text),
        ],
    ),
    (
        "coalition_activities",
        &[
            ("id", Col::Int),
            ("coalition_id", Col::Int),
            ("held_on", Col::Date),
            ("kind", Col::Text),
            ("outcome", Col::Text),
        ],
    ),
    (
        "coalition_editors",
        &[("user_id", Col::Int), ("coalition_id", Col::Int)],
    ),
    (
        "mentor_profiles",
        &[
            ("user_id", Col::Int),
            ("languages", Col::Text),
            ("countries", Col::Text),
            ("topics", Col::Text),
            ("level", Col::Text),
            ("capacity", Col::Int),
            ("availability", Col::Text),
            ("certified_on", Col::Date),
            ("cohort", Col::Text),
            ("expires_on", Col::Date),
            ("active", Col::Bool),
            ("updated_at", Col::Timestamp),
        ],
    ),
    (
        "mentorship_requests",
        &[
            ("id", Col::Int),
            ("fls_id", Col::Int),
            ("requested_by", Col::Int),
            ("language", Col::Text),
            ("needs", Col::Text),
            ("g2g_step", Col::Text),
            ("preferred_mentor", Col::Int),
            ("status", Col::Text),
            ("created_at", Col::Timestamp),
            ("updated_at", Col::Timestamp),
        ],
    ),
    (
        "mentor_pairings",
        &[
            ("id", Col::Int),
            ("request_id", Col::Int),
            ("mentor_id", Col::Int),
            ("fls_id", Col::Int),
            ("grant_id", Col::Int),
            ("status", Col::Text),
            ("paired_at", Col::Timestamp),
            ("closed_at", Col::Timestamp),
        ],
    ),
    (
        "mentor_sessions",
        &[
            ("id", Col::Int),
            ("pairing_id", Col::Int),
            ("starts_at", Col::Timestamp),
            ("time_zone", Col::Text),
            ("mode", Col::Text),
            ("notes", Col::Text),
            ("created_at", Col::Timestamp),
        ],
    ),
    (
        "mentor_actions",
        &[
            ("id", Col::Int),
            ("pairing_id", Col::Int),
            ("title", Col::Text),
            ("owner", Col::Text),
            ("due_on", Col::Date),
            ("status", Col::Text),
            ("updated_at", Col::Timestamp),
        ],
    ),
    (
        "resource_categories",
        &[("code", Col::Text), ("name", Col::Text)],
    ),
    (
        "resources",
        &[
            ("id", Col::Int),
            ("category", Col::Text),
            ("audiences", Col::Text),
            ("tags", Col::Text),
            ("countries", Col::Text),
            ("visibility", Col::Text),
            ("owner_id", Col::Int),
            ("review_by", Col::Date),
            ("status", Col::Text),
            ("created_at", Col::Timestamp),
            ("updated_at", Col::Timestamp),
        ],
    ),
    (
        "resource_versions",
        &[
            ("id", Col::Int),
            ("resource_id", Col::Int),
            ("language", Col::Text),
            ("title", Col::Text),
            ("summary", Col::Text),
            ("body", Col::Text),
            ("links", Col::Text),
            ("search_title", Col::Text),
            ("search_text", Col::Text),
            ("revision", Col::Int),
            ("created_at", Col::Timestamp),
            ("updated_at", Col::Timestamp),
        ],
    ),
    (
        "resource_version_history",
        &[
            ("id", Col::Int),
            ("version_id", Col::Int),
            ("revision", Col::Int),
            ("title", Col::Text),
            ("summary", Col::Text),
            ("body", Col::Text),
            ("links", Col::Text),
            ("edited_by", Col::Int),
            ("edited_at", Col::Timestamp),
        ],
    ),
    (
        "resource_files",
        &[
            ("id", Col::Int),
            ("resource_id", Col::Int),
            ("language", Col::Text),
            ("filename", Col::Text),
            ("content_type", Col::Text),
            ("size", Col::Int),
            ("content", Col::Bytes),
            ("uploaded_by", Col::Int),
            ("uploaded_at", Col::Timestamp),
        ],
    ),
    (
        "resource_citations",
        &[
            ("id", Col::Int),
            ("resource_id", Col::Int),
            ("kind", Col::Text),
            ("fls_id", Col::Int),
            ("reference", Col::Text),
            ("created_at", Col::Timestamp),
        ],
    ),
    (
        "events",
        &[
            ("id", Col::Int),
            ("kind", Col::Text),
            ("mode", Col::Text),
            ("spoken_language", Col::Text),
            ("time_zone", Col::Text),
            ("starts_at", Col::Timestamp),
            ("ends_at", Col::Timestamp),
            ("deadline", Col::Timestamp),
            ("online_url", Col::Text),
            ("venue", Col::Text),
            ("city", Col::Text),
            ("capacity", Col::Int),
            ("audience", Col::Text),
            ("public", Col::Bool),
            ("materials", Col::Text),
            ("recording_url", Col::Text),
            ("organiser_id", Col::Int),
            ("seats_version", Col::Int),
            ("created_at", Col::Timestamp),
            ("updated_at", Col::Timestamp),
        ],
    ),
    (
        "event_texts",
        &[
            ("event_id", Col::Int),
            ("lang", Col::Text),
            ("title", Col::Text),
            ("description", Col::Text),
        ],
    ),
    (
        "event_registrations",
        &[
            ("id", Col::Int),
            ("event_id", Col::Int),
            ("user_id", Col::Int),
            ("name", Col::Text),
            ("email", Col::Text),
            ("language", Col::Text),
            ("country", Col::Text),
            ("status", Col::Text),
            ("attended", Col::Bool),
            ("created_at", Col::Timestamp),
            ("updated_at", Col::Timestamp),
        ],
    ),
    (
        "policy_items",
        &[
            ("id", Col::Int),
            ("country", Col::Text),
            ("item", Col::Text),
            ("state", Col::Text),
            ("as_of", Col::Date),
            ("source_text", Col::Text),
            ("source_url", Col::Text),
            ("published", Col::Bool),
            ("updated_at", Col::Timestamp),
        ],
    ),
    (
        "policy_item_versions",
        &[
            ("id", Col::Int),
            ("item_id", Col::Int),
            ("state", Col::Text),
            ("as_of", Col::Date),
            ("source_text", Col::Text),
            ("source_url", Col::Text),
            ("published", Col::Bool),
            ("changed_by", Col::Text),
            ("changed_at", Col::Timestamp),
        ],
    ),
    (
        "policy_stakeholders",
        &[
            ("id", Col::Int),
            ("country", Col::Text),
            ("organisation", Col::Text),
            ("role_title", Col::Text),
            ("stance", Col::Text),
            ("updated_at", Col::Timestamp),
        ],
    ),
    (
        "policy_roundtables",
        &[
            ("id", Col::Int),
            ("country", Col::Text),
            ("held_on", Col::Date),
            ("status", Col::Text),
            ("subject", Col::Text),
            ("participants", Col::Text),
            ("agenda", Col::Text),
            ("outcomes", Col::Text),
            ("documents", Col::Text),
            ("updated_at", Col::Timestamp),
        ],
    ),
    (
        "policy_actions",
        &[
            ("id", Col::Int),
            ("country", Col::Text),
            ("subject", Col::Text),
            ("owner", Col::Text),
            ("due_on", Col::Date),
            ("status", Col::Text),
            ("updated_at", Col::Timestamp),
        ],
    ),
];

/// The episodes table: its keys, the dataset's columns (but `fls_code`, the FLS's) as the
/// dataset declares them, then what the store keeps.
const EPISODE_COLUMNS: [(&str, Col); N_COLUMNS + 9] = {
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
