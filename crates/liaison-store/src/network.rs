//! Applications to join the network (issue 18) and where each stands in the pipeline. Not
//! patient data: read by country for national leads, whole for the programme.

use crate::{Db, Result, Tx, on_db, on_tx, placeholders};
use liaison_domain::network::{Application, Stage};
use serde::Serialize;
use sqlx::{AssertSqlSafe, FromRow};
use time::OffsetDateTime;

#[derive(Debug, Clone, PartialEq, FromRow, Serialize)]
pub struct ApplicationRow {
    pub id: i64,
    pub hospital: String,
    pub city: String,
    pub country: String,
    pub contact_name: String,
    pub contact_email: String,
    pub patient_groups: String,
    pub wants_mentor: bool,
    pub message: String,
    pub status: String,
    /// The first application for the same hospital, when this one repeats it.
    pub duplicate_of: Option<i64>,
    /// The FLS the application became.
    pub fls_id: Option<i64>,
    #[serde(skip)]
    pub created_at: OffsetDateTime,
    #[serde(skip)]
    pub updated_at: OffsetDateTime,
}

const COLUMNS: &str = "id, hospital, city, country, contact_name, contact_email, \
    patient_groups, wants_mentor, message, status, duplicate_of, fls_id, created_at, updated_at";

/// Store an application (stage `applied`), flagged as a duplicate of the first application
/// with the same hospital key if there is one. Returns the stored row.
pub async fn insert(tx: &mut Tx, a: &Application, now: OffsetDateTime) -> Result<ApplicationRow> {
    const FIRST: &str = "SELECT MIN(id) FROM network_applications WHERE hospital_key = $1";
    const SQL: &str = "INSERT INTO network_applications (hospital, hospital_key, city, country, \
        contact_name, contact_email, patient_groups, wants_mentor, message, status, duplicate_of, \
        created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)";
    let key = a.hospital_key();
    let (first,): (Option<i64>,) =
        on_tx!(tx, c => sqlx::query_as(FIRST).bind(&key).fetch_one(c).await)?;
    on_tx!(tx, c => sqlx::query(SQL)
        .bind(&a.hospital)
        .bind(&key)
        .bind(&a.city)
        .bind(a.country.as_str())
        .bind(&a.contact_name)
        .bind(a.contact_email.as_str())
        .bind(a.patient_groups.codes().join(","))
        .bind(a.wants_mentor)
        .bind(&a.message)
        .bind(Stage::Applied.code())
        .bind(first)
        .bind(now)
        .execute(c).await.map(|r| r.rows_affected()))?;
    let sql = format!(
        "SELECT {COLUMNS} FROM network_applications WHERE id = \
         (SELECT MAX(id) FROM network_applications WHERE hospital_key = $1)"
    );
    Ok(on_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql)).bind(&key).fetch_one(c).await)?)
}

/// The applications of these countries (`None`: all), newest first.
pub async fn list(db: &Db, countries: Option<&[String]>) -> Result<Vec<ApplicationRow>> {
    let cond = match countries {
        None => String::new(),
        Some([]) => return Ok(vec![]),
        Some(c) => format!(" WHERE country IN ({})", placeholders(1, c.len())),
    };
    let sql = format!("SELECT {COLUMNS} FROM network_applications{cond} ORDER BY id DESC");
    Ok(on_db!(db, p => {
        let mut q = sqlx::query_as(AssertSqlSafe(sql));
        for c in countries.unwrap_or(&[]) {
            q = q.bind(c);
        }
        q.fetch_all(p).await
    })?)
}

pub async fn get_tx(tx: &mut Tx, id: i64) -> Result<Option<ApplicationRow>> {
    let sql = format!("SELECT {COLUMNS} FROM network_applications WHERE id = $1");
    Ok(on_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql)).bind(id).fetch_optional(c).await)?)
}

/// Move an application to `stage`, recording the FLS it became when given.
pub async fn set_stage(
    tx: &mut Tx,
    id: i64,
    stage: Stage,
    fls_id: Option<i64>,
    now: OffsetDateTime,
) -> Result<()> {
    const SQL: &str = "UPDATE network_applications SET status = $2, \
        fls_id = COALESCE($3, fls_id), updated_at = $4 WHERE id = $1";
    on_tx!(tx, c => sqlx::query(SQL).bind(id).bind(stage.code()).bind(fls_id).bind(now)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}
