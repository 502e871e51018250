//! Regions, countries and FLSs.

use crate::{Db, Result, StoreError, Tx, on_db, on_tx, placeholders, scope_condition};
use liaison_domain::access::{FlsPlace, FlsSet};
use liaison_domain::org::{COUNTRIES, FlsProfile, Region};
use serde::Serialize;
use sqlx::{AssertSqlSafe, FromRow};
use time::{Date, OffsetDateTime};

#[derive(Debug, Clone, PartialEq, FromRow, Serialize)]
pub struct FlsRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub hospital: String,
    pub city: String,
    pub country: String,
    pub time_zone: String,
    pub service_model: String,
    pub covers_hip: bool,
    pub covers_other_inpatient: bool,
    pub covers_outpatient: bool,
    pub covers_vertebral: bool,
    pub catchment_population_50_plus: Option<i64>,
    pub expected_non_spine_per_year: Option<i64>,
    pub expected_spine_per_year: Option<i64>,
    pub start_date: Option<Date>,
    pub contact_name: String,
    pub contact_email: Option<String>,
    /// The FLS's own figures are named on the public statistics page (its lead's choice).
    pub publish_statistics: bool,
    #[serde(skip)]
    pub created_at: OffsetDateTime,
    #[serde(skip)]
    pub updated_at: OffsetDateTime,
}

/// An FLS with its region, as lists show it.
#[derive(Debug, Clone, PartialEq, FromRow, Serialize)]
pub struct FlsSummary {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub city: String,
    pub country: String,
    pub region: String,
}

const FLS_COLUMNS: &str = "id, code, name, hospital, city, country, time_zone, service_model, \
    covers_hip, covers_other_inpatient, covers_outpatient, covers_vertebral, \
    catchment_population_50_plus, expected_non_spine_per_year, expected_spine_per_year, \
    start_date, contact_name, contact_email, publish_statistics, created_at, updated_at";

pub(crate) async fn seed_countries(db: &Db) -> Result<()> {
    const SQL: &str =
        "INSERT INTO countries (code, region) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING";
    let mut tx = db.begin().await?;
    for (code, _, region) in COUNTRIES {
        on_tx!(&mut tx, c => sqlx::query(SQL).bind(*code).bind(region.code()).execute(c).await.map(|r| r.rows_affected()))?;
    }
    tx.commit().await
}

/// Every country with its current region (an administrator may have moved one).
pub async fn countries(db: &Db) -> Result<Vec<(String, String)>> {
    const SQL: &str = "SELECT code, region FROM countries ORDER BY code";
    Ok(on_db!(db, p => sqlx::query_as(SQL).fetch_all(p).await)?)
}

pub async fn country_region(db: &Db, code: &str) -> Result<Option<Region>> {
    const SQL: &str = "SELECT region FROM countries WHERE code = $1";
    let r: Option<(String,)> =
        on_db!(db, p => sqlx::query_as(SQL).bind(code).fetch_optional(p).await)?;
    Ok(r.and_then(|(s,)| Region::parse(&s)))
}

/// Where the FLSs of these countries and regions sit: the input of rights computation (not
/// patient data, so unscoped). Rights are computed on every request; a user whose grants name
/// FLSs only needs none, so nothing is read for them.
pub async fn places_in(db: &Db, countries: &[String], regions: &[String]) -> Result<Vec<FlsPlace>> {
    if countries.is_empty() && regions.is_empty() {
        return Ok(vec![]);
    }
    let mut cond = Vec::new();
    if !countries.is_empty() {
        cond.push(format!(
            "f.country IN ({})",
            placeholders(1, countries.len())
        ));
    }
    if !regions.is_empty() {
        cond.push(format!(
            "c.region IN ({})",
            placeholders(countries.len() + 1, regions.len())
        ));
    }
    let sql = format!(
        "SELECT f.id, f.country, c.region FROM fls f JOIN countries c ON c.code = f.country WHERE {}",
        cond.join(" OR ")
    );
    let binds: Vec<&String> = countries.iter().chain(regions).collect();
    let rows: Vec<(i64, String, String)> = on_db!(db, p => {
        let mut q = sqlx::query_as(AssertSqlSafe(sql));
        for b in &binds {
            q = q.bind(*b);
        }
        q.fetch_all(p).await
    })?;
    Ok(rows
        .into_iter()
        .map(|(id, country, region)| FlsPlace {
            id,
            country,
            region: Region::parse(&region).unwrap_or(Region::Europe),
        })
        .collect())
}

/// The FLSs of `scope`, ordered by country then code.
pub async fn list_fls(db: &Db, scope: &FlsSet) -> Result<Vec<FlsSummary>> {
    let base = "SELECT f.id, f.code, f.name, f.city, f.country, c.region \
                FROM fls f JOIN countries c ON c.code = f.country";
    let Some((cond, ids)) = scope_condition("f.id", scope, 1) else {
        return Ok(vec![]);
    };
    let where_ = if cond.is_empty() {
        String::new()
    } else {
        format!(" WHERE {cond}")
    };
    let sql = format!("{base}{where_} ORDER BY f.country, f.code");
    on_db!(db, p => {
        let mut q = sqlx::query_as(AssertSqlSafe(sql));
        for id in &ids {
            q = q.bind(*id);
        }
        Ok(q.fetch_all(p).await?)
    })
}

/// One FLS by code, if `scope` may see it. Not-visible and not-existing look the same.
pub async fn fls_by_code(db: &Db, scope: &FlsSet, code: &str) -> Result<Option<FlsRow>> {
    let sql = format!("SELECT {FLS_COLUMNS} FROM fls WHERE code = $1");
    let row: Option<FlsRow> =
        on_db!(db, p => sqlx::query_as(AssertSqlSafe(sql)).bind(code).fetch_optional(p).await)?;
    Ok(row.filter(|r| scope.contains(r.id)))
}

pub async fn fls_by_id(db: &Db, scope: &FlsSet, id: i64) -> Result<Option<FlsRow>> {
    if !scope.contains(id) {
        return Ok(None);
    }
    let sql = format!("SELECT {FLS_COLUMNS} FROM fls WHERE id = $1");
    Ok(on_db!(db, p => sqlx::query_as(AssertSqlSafe(sql)).bind(id).fetch_optional(p).await)?)
}

pub async fn fls_by_code_tx(tx: &mut Tx, code: &str) -> Result<Option<FlsRow>> {
    let sql = format!("SELECT {FLS_COLUMNS} FROM fls WHERE code = $1");
    Ok(on_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql)).bind(code).fetch_optional(c).await)?)
}

/// Create the FLS, or update the one with the same code. Returns (before, after).
/// `scope` is the caller's right to manage FLSs: updating one outside it is refused.
pub async fn upsert_fls(
    tx: &mut Tx,
    scope: &FlsSet,
    p: &FlsProfile,
    now: OffsetDateTime,
) -> Result<(Option<FlsRow>, FlsRow)> {
    const INSERT: &str = "INSERT INTO fls (code, name, hospital, city, country, time_zone, \
        service_model, covers_hip, covers_other_inpatient, covers_outpatient, covers_vertebral, \
        catchment_population_50_plus, expected_non_spine_per_year, expected_spine_per_year, \
        start_date, contact_name, contact_email, created_at, updated_at) \
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18)";
    const UPDATE: &str = "UPDATE fls SET name = $2, hospital = $3, city = $4, country = $5, \
        time_zone = $6, service_model = $7, covers_hip = $8, covers_other_inpatient = $9, \
        covers_outpatient = $10, covers_vertebral = $11, catchment_population_50_plus = $12, \
        expected_non_spine_per_year = $13, expected_spine_per_year = $14, start_date = $15, \
        contact_name = $16, contact_email = $17, updated_at = $18 WHERE code = $1";
    let before = fls_by_code_tx(tx, p.code.as_str()).await?;
    if let Some(b) = &before {
        if !scope.contains(b.id) {
            return Err(StoreError::NotFound);
        }
    } else if *scope != FlsSet::All {
        // Only those who manage every FLS may create one.
        return Err(StoreError::NotFound);
    }
    let sql = if before.is_some() { UPDATE } else { INSERT };
    let g = p.patient_groups;
    on_tx!(tx, c => sqlx::query(sql)
        .bind(p.code.as_str())
        .bind(&p.name)
        .bind(&p.hospital)
        .bind(&p.city)
        .bind(p.country.as_str())
        .bind(&p.time_zone)
        .bind(p.service_model.code())
        .bind(g.hip)
        .bind(g.other_inpatient)
        .bind(g.outpatient)
        .bind(g.vertebral)
        .bind(p.catchment_population_50_plus)
        .bind(p.expected_non_spine_per_year)
        .bind(p.expected_spine_per_year)
        .bind(p.start_date)
        .bind(&p.contact_name)
        .bind(p.contact_email.as_ref().map(|e| e.as_str().to_string()))
        .bind(now)
        .execute(c).await.map(|r| r.rows_affected()))?;
    let after = fls_by_code_tx(tx, p.code.as_str())
        .await?
        .ok_or(StoreError::NotFound)?;
    Ok((before, after))
}

/// Whether the FLS's figures are named on the public statistics page. The caller checked the
/// right (the FLS's leads and administrators) and writes the audit row in the same transaction.
pub async fn set_publish_statistics(
    tx: &mut Tx,
    id: i64,
    publish: bool,
    now: OffsetDateTime,
) -> Result<()> {
    const SQL: &str = "UPDATE fls SET publish_statistics = $2, updated_at = $3 WHERE id = $1";
    on_tx!(tx, c => sqlx::query(SQL).bind(id).bind(publish).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// The FLSs whose leads publish their figures (public: what the statistics page names).
pub async fn publishing_statistics(db: &Db) -> Result<Vec<i64>> {
    const SQL: &str = "SELECT id FROM fls WHERE publish_statistics = $1 ORDER BY id";
    let rows: Vec<(i64,)> = on_db!(db, p => sqlx::query_as(SQL).bind(true).fetch_all(p).await)?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

pub async fn count_fls(db: &Db) -> Result<i64> {
    const SQL: &str = "SELECT COUNT(*) FROM fls";
    let (n,): (i64,) = on_db!(db, p => sqlx::query_as(SQL).fetch_one(p).await)?;
    Ok(n)
}
