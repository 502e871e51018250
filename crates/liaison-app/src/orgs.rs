//! Managing FLSs: one at a time or from a CSV file (docs/cli.md `fls add`, `fls import`).

use super::{Actor, LineError, Result, ServiceError};
use crate::app::App;
use liaison_domain::access::FlsSet;
use liaison_domain::error::FieldError;
use liaison_domain::org::Region;
use liaison_domain::org::{FlsInput, FlsProfile};
use liaison_store::orgs;
pub use liaison_store::orgs::{FlsRow, FlsSummary};
use liaison_store::{Tx, audit};

fn manage_scope(actor: &Actor) -> FlsSet {
    // Creating and editing FLS profiles is for administrators (and the command line).
    if actor.access.is_admin() {
        FlsSet::All
    } else {
        FlsSet::none()
    }
}

/// Does the stored row already say what the profile says?
fn same(r: &FlsRow, p: &FlsProfile) -> bool {
    let g = p.patient_groups;
    r.name == p.name
        && r.hospital == p.hospital
        && r.city == p.city
        && r.country == p.country.as_str()
        && r.time_zone == p.time_zone
        && r.service_model == p.service_model.code()
        && (
            r.covers_hip,
            r.covers_other_inpatient,
            r.covers_outpatient,
            r.covers_vertebral,
        ) == (g.hip, g.other_inpatient, g.outpatient, g.vertebral)
        && r.catchment_population_50_plus == p.catchment_population_50_plus
        && r.expected_non_spine_per_year == p.expected_non_spine_per_year
        && r.expected_spine_per_year == p.expected_spine_per_year
        && r.start_date == p.start_date
        && r.contact_name == p.contact_name
        && r.contact_email.as_deref() == p.contact_email.as_ref().map(|e| e.as_str())
}

/// Save one profile; an unchanged profile writes nothing (re-importing a file is a no-op).
pub(crate) async fn save_in(
    tx: &mut Tx,
    app: &App,
    actor: &Actor,
    p: &FlsProfile,
) -> Result<(Option<FlsRow>, FlsRow)> {
    if let Some(current) = orgs::fls_by_code_tx(tx, p.code.as_str()).await?
        && manage_scope(actor).contains(current.id)
        && same(&current, p)
    {
        return Ok((Some(current.clone()), current));
    }
    let (before, after) = orgs::upsert_fls(tx, &manage_scope(actor), p, app.now()).await?;
    let e = actor
        .audit(if before.is_some() {
            "fls.update"
        } else {
            "fls.create"
        })
        .entity("fls", &after.code)
        .fls(after.id)
        .change(
            before
                .as_ref()
                .map(|b| serde_json::to_value(b).unwrap_or_default()),
            Some(serde_json::to_value(&after).unwrap_or_default()),
        );
    audit::record(tx, app.now(), &e).await?;
    Ok((before, after))
}

/// Create or update one FLS.
pub async fn save_fls(app: &App, actor: &Actor, input: &FlsInput) -> Result<FlsRow> {
    let p = FlsProfile::parse(input)?;
    let mut tx = app.db.begin().await?;
    let (_, after) = save_in(&mut tx, app, actor, &p).await?;
    tx.commit().await?;
    Ok(after)
}

/// May change whether the FLS's figures are named on the public statistics page: its leads and
/// administrators (the right to manage the FLS's users is exactly that set).
pub fn can_publish(access: &liaison_domain::access::Access, fls_id: i64) -> bool {
    access.manage_fls_users.contains(fls_id)
}

/// Set the FLS's choice to publish its figures, with its audit row (`fls.update`, the profile
/// before and after, as every profile edit), in the caller's transaction.
async fn publish_in(
    tx: &mut Tx,
    app: &App,
    actor: &Actor,
    before: FlsRow,
    publish: bool,
) -> Result<FlsRow> {
    if !can_publish(&actor.access, before.id) {
        return Err(ServiceError::NotFound);
    }
    if before.publish_statistics == publish {
        return Ok(before);
    }
    orgs::set_publish_statistics(tx, before.id, publish, app.now()).await?;
    let after = orgs::fls_by_code_tx(tx, &before.code)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let e = actor
        .audit("fls.update")
        .entity("fls", &after.code)
        .fls(after.id)
        .change(
            Some(serde_json::to_value(&before).unwrap_or_default()),
            Some(serde_json::to_value(&after).unwrap_or_default()),
        );
    audit::record(tx, app.now(), &e).await?;
    Ok(after)
}

/// The administrators' profile form: the profile, the choice to publish its figures and, when
/// given, its closing date (not before its start date), in one transaction.
pub async fn save_fls_admin(
    app: &App,
    actor: &Actor,
    input: &FlsInput,
    publish: bool,
    closed_on: Option<&str>,
) -> Result<FlsRow> {
    let p = FlsProfile::parse(input)?;
    let mut tx = app.db.begin().await?;
    let (_, after) = save_in(&mut tx, app, actor, &p).await?;
    let after = publish_in(&mut tx, app, actor, after, publish).await?;
    if let Some(text) = closed_on {
        if !actor.access.is_admin() {
            return Err(ServiceError::NotFound);
        }
        crate::objectives::close_in(&mut tx, app, actor, &after, text).await?;
    }
    tx.commit().await?;
    Ok(after)
}

/// Whether the FLS's figures are named on the public statistics page: its leads and
/// administrators choose; anyone else is answered as if the FLS did not exist.
pub async fn set_publish_statistics(
    app: &App,
    actor: &Actor,
    code: &str,
    publish: bool,
) -> Result<FlsRow> {
    let mut tx = app.db.begin().await?;
    let before = orgs::fls_by_code_tx(&mut tx, code)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let after = publish_in(&mut tx, app, actor, before, publish).await?;
    tx.commit().await?;
    Ok(after)
}

#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ImportCounts {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

const REQUIRED: [&str; 5] = [
    "code",
    "name",
    "country",
    "expected_non_spine_per_year",
    "expected_spine_per_year",
];
const OPTIONAL: [&str; 9] = [
    "hospital",
    "city",
    "time_zone",
    "service_model",
    "patient_groups",
    "catchment_population_50_plus",
    "start_date",
    "contact_name",
    "contact_email",
];

fn set(input: &mut FlsInput, col: &str, v: String) {
    match col {
        "code" => input.code = v,
        "name" => input.name = v,
        "country" => input.country = v,
        "expected_non_spine_per_year" => input.expected_non_spine_per_year = v,
        "expected_spine_per_year" => input.expected_spine_per_year = v,
        "hospital" => input.hospital = v,
        "city" => input.city = v,
        "time_zone" => input.time_zone = v,
        "service_model" => input.service_model = v,
        "patient_groups" => input.patient_groups = v,
        "catchment_population_50_plus" => input.catchment_population_50_plus = v,
        "start_date" => input.start_date = v,
        "contact_name" => input.contact_name = v,
        "contact_email" => input.contact_email = v,
        _ => {}
    }
}

/// Read an FLS CSV (UTF-8 with or without BOM, comma or semicolon, headers in any case and
/// order). Every bad row is reported; nothing is written unless every row is valid.
pub fn parse_fls_csv(
    bytes: &[u8],
) -> std::result::Result<Vec<(usize, FlsProfile)>, Vec<LineError>> {
    let err = |line: usize, field: &str, value: &str, rule: &'static str| {
        vec![LineError {
            line,
            error: FieldError::new(field, value, rule),
        }]
    };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Err(err(1, "file", "", "file_not_utf8"));
    };
    let header_line = text.lines().next().unwrap_or("");
    let delim = if header_line.matches(';').count() > header_line.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delim)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match rdr.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_ascii_lowercase()).collect(),
        Err(_) => return Err(err(1, "file", "", "file_not_csv")),
    };
    let mut errors = Vec::new();
    for h in &headers {
        if !REQUIRED.contains(&h.as_str()) && !OPTIONAL.contains(&h.as_str()) {
            errors.push(LineError {
                line: 1,
                error: FieldError::new("header", h, "column_unknown"),
            });
        }
    }
    for r in REQUIRED {
        if !headers.iter().any(|h| h == r) {
            errors.push(LineError {
                line: 1,
                error: FieldError::new("header", r, "column_missing"),
            });
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut rows = Vec::new();
    let mut seen: std::collections::HashMap<String, usize> = Default::default();
    for rec in rdr.records() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize + 1).unwrap_or(0);
                errors.push(LineError {
                    line,
                    error: FieldError::new("file", "", "file_not_csv"),
                });
                continue;
            }
        };
        // csv counts the lines before the record; people count from the header as line 1.
        let line = rec.position().map(|p| p.line() as usize + 1).unwrap_or(0);
        if rec.len() != headers.len() {
            errors.push(LineError {
                line,
                error: FieldError::new("row", rec.len().to_string(), "row_length")
                    .arg("expected", headers.len()),
            });
            continue;
        }
        let mut input = FlsInput::default();
        for (h, v) in headers.iter().zip(rec.iter()) {
            set(&mut input, h, v.to_string());
        }
        match FlsProfile::parse(&input) {
            Ok(p) => {
                if let Some(first) = seen.insert(p.code.as_str().to_string(), line) {
                    errors.push(LineError {
                        line,
                        error: FieldError::new("code", p.code.as_str(), "duplicate_in_file")
                            .arg("line", first),
                    });
                }
                rows.push((line, p));
            }
            Err(inv) => errors.extend(inv.0.into_iter().map(|error| LineError { line, error })),
        }
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

/// Import many FLSs, all or nothing.
pub async fn import_fls(app: &App, actor: &Actor, bytes: &[u8]) -> Result<ImportCounts> {
    let rows = parse_fls_csv(bytes).map_err(ServiceError::InvalidRows)?;
    let mut counts = ImportCounts::default();
    let mut tx = app.db.begin().await?;
    for (_, p) in &rows {
        let (before, after) = save_in(&mut tx, app, actor, p).await?;
        match before {
            None => counts.created += 1,
            Some(b) if b == after => counts.unchanged += 1,
            Some(_) => counts.updated += 1,
        }
    }
    tx.commit().await?;
    Ok(counts)
}

// --- Reads for the pages and the API ------------------------------------------------------

/// The FLS with this code, if `scope` includes it.
pub async fn fls_by_code(app: &App, scope: &FlsSet, code: &str) -> Result<Option<FlsRow>> {
    Ok(orgs::fls_by_code(&app.db, scope, code).await?)
}

/// The FLSs `scope` includes, by code.
pub async fn list_fls(app: &App, scope: &FlsSet) -> Result<Vec<FlsSummary>> {
    Ok(orgs::list_fls(&app.db, scope).await?)
}

/// The region a country belongs to (None for a code not in the table).
pub async fn country_region(app: &App, country: &str) -> Result<Option<Region>> {
    Ok(orgs::country_region(&app.db, country).await?)
}

/// Every country with its region, by code.
pub async fn countries(app: &App) -> Result<Vec<(String, String)>> {
    Ok(orgs::countries(&app.db).await?)
}
