//! Exporting the episodes of a scope (issue 4): CSV and XLSX in the import format (export →
//! import changes nothing), and the de-identified research extract (no hospital number, names,
//! contact details or notes; birth date reduced to the year; each FLS under a pseudonym drawn
//! afresh for every extract, so two extracts cannot be linked by FLS).
//!
//! Rights: every format is patient-level, so the actor must read the patients of EVERY FLS of
//! the scope (`read_patients`), else the scope answers "not found". De-identified rows are still
//! patient rows, and no patient-level row crosses an FLS boundary (docs/comparisons.md rule 5):
//! national and regional leads get aggregates, not extracts. Each export is in the audit trail,
//! one row per FLS.
//!
//! A new format is one variant of [`ExportFormat`] and one arm in [`export`].

use super::{Actor, Result, ServiceError};
use crate::app::App;
use liaison_domain::access::FlsSet;
use liaison_domain::dataset::COLUMNS;
use liaison_domain::fhir::{self, BundleOptions, FhirContext};
use liaison_domain::interchange as ic;
use liaison_store::audit;
use liaison_store::episodes::{self, Filter};
use liaison_store::orgs::{self, FlsSummary};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Xlsx,
    /// De-identified research extract (CSV).
    Research,
    /// A FHIR R4 Bundle (docs/fhir.md), without contact details and notes.
    Fhir,
}

impl ExportFormat {
    pub fn parse(s: &str) -> Option<ExportFormat> {
        match s.trim().to_ascii_lowercase().as_str() {
            "csv" => Some(ExportFormat::Csv),
            "xlsx" => Some(ExportFormat::Xlsx),
            "research" => Some(ExportFormat::Research),
            "fhir" => Some(ExportFormat::Fhir),
            _ => None,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Research => "research",
            ExportFormat::Fhir => "fhir",
        }
    }
    pub fn content_type(self) -> &'static str {
        match self {
            ExportFormat::Xlsx => ic::Format::Xlsx.content_type(),
            ExportFormat::Fhir => "application/fhir+json",
            ExportFormat::Csv | ExportFormat::Research => ic::Format::Csv.content_type(),
        }
    }
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Fhir => "json",
            ExportFormat::Csv | ExportFormat::Research => "csv",
        }
    }
}

pub use liaison_domain::org::Scope;

/// The FLSs of a scope, if the actor may read the patients of every one (else not found).
pub async fn scope_fls(app: &App, actor: &Actor, scope: &Scope) -> Result<Vec<FlsSummary>> {
    let all = orgs::list_fls(&app.db, &FlsSet::All).await?;
    let of: Vec<FlsSummary> = all
        .into_iter()
        .filter(|f| scope.contains(&f.code, &f.country, &f.region))
        .collect();
    let exists = !matches!(scope, Scope::Fls(_)) || !of.is_empty();
    if !exists
        || of
            .iter()
            .any(|f| !actor.access.read_patients.contains(f.id))
    {
        return Err(ServiceError::NotFound);
    }
    Ok(of)
}

/// What was exported.
#[derive(Debug, Clone)]
pub struct Exported {
    pub rows: usize,
    pub file_name: String,
    pub content_type: &'static str,
}

/// Write the episodes of `scope` in `format` to `out`.
pub async fn export(
    app: &App,
    actor: &Actor,
    scope: &Scope,
    format: ExportFormat,
    out: &mut Vec<u8>,
    progress: super::import::Progress<'_>,
) -> Result<Exported> {
    let fls = scope_fls(app, actor, scope).await?;
    let pseudonyms = pseudonyms(fls.len());
    let total: u64 = {
        let mut n = 0;
        for f in &fls {
            n += episodes::list(&app.db, &actor.access.read_patients, &filter(f.id), 0, 0)
                .await?
                .1 as u64;
        }
        n
    };
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut fhir: Vec<(liaison_domain::dataset::Episode, FhirContext)> = Vec::new();
    let mut per_fls = Vec::new();
    let mut csv_started = false;
    for (i, f) in fls.iter().enumerate() {
        let mut after: Option<(String, time::Date)> = None;
        let mut n = 0;
        loop {
            let page = episodes::key_page(
                &app.db,
                &actor.access.read_patients,
                f.id,
                after.as_ref().map(|(r, d)| (r.as_str(), *d)),
                PAGE,
            )
            .await?;
            after = page
                .last()
                .map(|r| (r.patient_ref.clone(), r.fracture_date));
            n += page.len();
            for r in &page {
                if format == ExportFormat::Fhir {
                    let ctx = FhirContext {
                        fls_name: Some(f.name.clone()),
                        last_updated: r
                            .updated_at
                            .format(&time::format_description::well_known::Rfc3339)
                            .ok(),
                    };
                    fhir.push((r.to_episode(), ctx));
                    continue;
                }
                let input = r.to_input();
                rows.push(match format {
                    ExportFormat::Csv | ExportFormat::Xlsx | ExportFormat::Fhir => {
                        ic::row_of(&input)
                    }
                    ExportFormat::Research => ic::research_row(&input, &pseudonyms[i]),
                });
            }
            // CSV streams out page by page; XLSX and FHIR are built at the end.
            if matches!(format, ExportFormat::Csv | ExportFormat::Research) {
                write_csv_rows(out, format, &mut rows, &mut csv_started)?;
            }
            progress((rows.len() + fhir.len()) as u64, total);
            if (page.len() as i64) < PAGE {
                break;
            }
        }
        per_fls.push((f.id, n));
    }
    let count: usize = per_fls.iter().map(|(_, n)| n).sum();
    match format {
        ExportFormat::Csv | ExportFormat::Research => {
            write_csv_rows(out, format, &mut rows, &mut csv_started)?;
        }
        ExportFormat::Xlsx => {
            let bytes = ic::write_xlsx(&COLUMNS, rows)
                .map_err(|e| ServiceError::Conflict(crate::ErrorCode::ExportFailed, e))?;
            out.extend(bytes);
        }
        ExportFormat::Fhir => {
            let b = fhir::bundle(&fhir, &BundleOptions::default());
            let bytes = serde_json::to_vec_pretty(&b).map_err(|e| {
                ServiceError::Conflict(crate::ErrorCode::ExportFailed, e.to_string())
            })?;
            out.extend(bytes);
        }
    }
    let mut tx = app.db.begin().await?;
    for (fls_id, n) in per_fls {
        let a = actor
            .audit("episode.export")
            .entity("episode", "")
            .fls(fls_id)
            .detail(format!(
                "{n} episodes; format {}; scope {}",
                format.code(),
                scope.code()
            ));
        audit::record(&mut tx, app.now(), &a).await?;
    }
    tx.commit().await?;
    Ok(Exported {
        rows: count,
        file_name: format!(
            "episodes-{}{}.{}",
            scope.file_stem(),
            if format == ExportFormat::Research {
                "-research"
            } else {
                ""
            },
            format.extension()
        ),
        content_type: format.content_type(),
    })
}

const PAGE: i64 = 5000;

fn filter(fls_id: i64) -> Filter {
    Filter {
        fls_id: Some(fls_id),
        sort: Some(("patient_ref".into(), false)),
        // Only counted: the rows are read by key (`episodes::key_page`).
        ..Default::default()
    }
}

fn write_csv_rows(
    out: &mut Vec<u8>,
    format: ExportFormat,
    rows: &mut Vec<Vec<String>>,
    started: &mut bool,
) -> Result<()> {
    let research = ic::research_columns();
    let headers: &[&str] = match format {
        ExportFormat::Research => &research,
        _ => &COLUMNS,
    };
    let io =
        |e: std::io::Error| ServiceError::Conflict(crate::ErrorCode::ExportFailed, e.to_string());
    if !*started {
        *started = true;
        ic::write_csv(&mut *out, headers, std::mem::take(rows)).map_err(io)?;
    } else {
        // Rows only: the header went out with the first page.
        let mut w = Vec::new();
        ic::write_csv(&mut w, headers, std::mem::take(rows)).map_err(io)?;
        let skip = w
            .iter()
            .position(|b| *b == b'\n')
            .map_or(w.len(), |i| i + 1);
        out.extend_from_slice(&w[skip..]);
    }
    Ok(())
}

/// `FLS-01`, `FLS-02`, ... shuffled afresh for each extract.
fn pseudonyms(n: usize) -> Vec<String> {
    use rand::seq::SliceRandom;
    let width = n.to_string().len().max(2);
    let mut v: Vec<String> = (1..=n).map(|i| format!("FLS-{i:0width$}")).collect();
    v.shuffle(&mut rand::rng());
    v
}
