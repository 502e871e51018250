//! `/api/v1/imports` and `/api/v1/export`: the same imports and exports as the pages.

use super::download;
use crate::AppState;
use crate::api::{ApiError, ApiPath, ApiQuery, ApiUser, deny as api_deny};
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use liaison_app::export::{self, ExportFormat, Scope};
use liaison_app::import::{self, ImportRow, ImportStatus, Options, Outcome};
use liaison_app::{ErrorCode, ServiceError};
use liaison_domain::dataset::DateOrder;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// true: answer the preview (counts, changes, invalid rows) and write nothing.
    #[serde(default)]
    dry_run: bool,
    /// ymd (default), dmy or mdy: the order of dates that are not ISO.
    #[serde(default)]
    date_order: String,
    /// true: a blank cell clears the stored value (default: it keeps it).
    #[serde(default)]
    blanks_clear: bool,
}

/// An import: its state and what the file does (or did) to the registry.
#[derive(Serialize, ToSchema)]
pub struct ImportOut {
    pub id: i64,
    pub file_name: String,
    /// csv, xlsx or fhir.
    pub format: String,
    /// uploaded, analysing, preview, importing, done, failed or cancelled.
    pub status: String,
    /// Per mille of the work done.
    pub progress: i64,
    pub result: ImportResult,
}

/// The counts are always complete; `changes` and `errors` list at most the first thousand.
#[derive(Serialize, ToSchema)]
pub struct ImportResult {
    /// Data rows in the file.
    pub rows: usize,
    pub new: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub invalid_rows: usize,
    pub errors: Vec<RowErrorOut>,
    pub changes: Vec<ChangeOut>,
    /// The file could not be read at all (the errors say why).
    pub refused: bool,
    /// The rows were written.
    pub written: bool,
}

/// A value of a row that breaks a rule.
#[derive(Serialize, ToSchema)]
pub struct RowErrorOut {
    /// The file's line (1 = the header).
    pub line: usize,
    pub field: String,
    pub value: String,
    pub rule: String,
    /// The rule's arguments, as `[name, value]` pairs.
    pub args: Vec<(String, String)>,
}

/// A row that changes a stored episode, with the fields it changes.
#[derive(Serialize, ToSchema)]
pub struct ChangeOut {
    pub line: usize,
    pub fls_code: String,
    pub patient_ref: String,
    pub fracture_date: String,
    pub fields: Vec<String>,
}

impl ImportOut {
    fn new(row: &ImportRow, o: Outcome, progress: Option<i64>) -> Self {
        ImportOut {
            id: row.id,
            file_name: row.file_name.clone(),
            format: row.format.clone(),
            status: row.status.code().into(),
            progress: progress.unwrap_or(row.progress),
            result: ImportResult {
                rows: o.rows,
                new: o.new,
                changed: o.changed,
                unchanged: o.unchanged,
                invalid_rows: o.invalid_rows,
                errors: o
                    .errors
                    .into_iter()
                    .map(|e| RowErrorOut {
                        line: e.line,
                        field: e.field,
                        value: e.value,
                        rule: e.rule,
                        args: e.args,
                    })
                    .collect(),
                changes: o
                    .changes
                    .into_iter()
                    .map(|c| ChangeOut {
                        line: c.line,
                        fls_code: c.fls_code,
                        patient_ref: c.patient_ref,
                        fracture_date: c.fracture_date,
                        fields: c.fields,
                    })
                    .collect(),
                refused: o.refused,
                written: o.written,
            },
        }
    }
}

fn invalid(row_id: i64, o: &Outcome) -> ApiError {
    ApiError::new(
        ErrorCode::Invalid,
        format!(
            "Import {row_id}: {} invalid row(s); nothing was changed.",
            o.invalid_rows.max(o.errors.len())
        ),
    )
    .with_details(serde_json::to_value(&o.errors).unwrap_or_default())
}

/// Import episodes from a file (CSV, XLSX or a FHIR R4 Bundle, told apart by content): every
/// row valid and all written in one transaction, or nothing written (422 with every invalid
/// row). `dry_run=true` answers the preview.
#[utoipa::path(post, path = "/api/v1/imports", tag = "imports", operation_id = "createImport",
    params(ImportQuery),
    request_body(description = "The file", content(
        (String = "text/csv"),
        (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (Object = "application/fhir+json"))),
    responses((status = 200, description = "Imported, or the preview of a dry run", body = ImportOut)))]
pub async fn create_import(
    State(app): State<AppState>,
    who: ApiUser,
    ApiQuery(q): ApiQuery<ImportQuery>,
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Response, ApiError> {
    if who.access.import_patients.is_empty() {
        return Err(api_deny(&app, &who, "import", "/api/v1/imports").await);
    }
    let Ok(bytes) = body else {
        return Err(ApiError::new(
            ErrorCode::FileTooLarge,
            format!(
                "The file is larger than the limit of {} MB.",
                app.config.max_upload_bytes.div_ceil(1024 * 1024)
            ),
        ));
    };
    let opts = Options {
        date_order: DateOrder::parse(&q.date_order).unwrap_or_default(),
        blanks_clear: q.blanks_clear,
    };
    let uid = who.user.id;
    let id = import::stage(&app, uid, "api", &bytes, opts).await?;
    let row = import::get_mine(&app, uid, id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let o = import::analyse(&app, &who.actor, &row, &|_, _| {}).await?;
    if o.refused || (!q.dry_run && !o.all_valid()) {
        if !o.refused {
            import::transition(&app, id, ImportStatus::Preview, ImportStatus::Failed).await?;
        }
        return Err(invalid(id, &o));
    }
    let row = import::get_mine(&app, uid, id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    if q.dry_run {
        return Ok(Json(ImportOut::new(&row, o, None)).into_response());
    }
    if !import::transition(&app, id, ImportStatus::Preview, ImportStatus::Importing).await? {
        return Err(ApiError::not_found());
    }
    let o = import::apply(&app, &who.actor, &row, false, &[], &|_, _| {}).await?;
    let row = import::get_mine(&app, uid, id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    if !o.written {
        return Err(invalid(id, &o));
    }
    Ok(Json(ImportOut::new(&row, o, None)).into_response())
}

/// One of the caller's imports: its state, progress and result. Another user's import
/// answers 404.
#[utoipa::path(get, path = "/api/v1/imports/{id}", tag = "imports", operation_id = "getImport",
    params(("id" = i64, Path, description = "The import's id")),
    responses((status = 200, description = "The import", body = ImportOut)))]
pub async fn get_import(
    State(app): State<AppState>,
    who: ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<ImportOut>, ApiError> {
    match import::get_mine(&app, who.user.id, id).await? {
        Some(row) => {
            if !row.status.is_running() {
                // The answer lists patient data, as the preview page does: audited.
                import::preview_viewed(&app, &who.actor, &row).await?;
            }
            let o: Outcome = serde_json::from_str(&row.result_json).unwrap_or_default();
            let progress = app.jobs.progress(id);
            Ok(Json(ImportOut::new(&row, o, progress)))
        }
        None => Err(api_deny(&app, &who, "import", &format!("/api/v1/imports/{id}")).await),
    }
}

#[derive(Deserialize, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// fls:CODE, country:CC, region:NAME or global.
    #[serde(default)]
    #[param(required = true)]
    scope: String,
    /// csv, xlsx, research (de-identified CSV) or fhir.
    #[serde(default)]
    #[param(required = true)]
    format: String,
}

/// Export the episodes of a scope; the caller must read the patients of every FLS in it.
#[utoipa::path(get, path = "/api/v1/export", tag = "imports", operation_id = "export",
    params(ExportQuery),
    responses((status = 200, description = "The file", content(
        (String = "text/csv"),
        (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (Object = "application/fhir+json")))))]
pub async fn export(
    State(app): State<AppState>,
    who: ApiUser,
    ApiQuery(q): ApiQuery<ExportQuery>,
) -> Result<Response, ApiError> {
    let (Some(scope), Some(format)) = (Scope::parse(&q.scope), ExportFormat::parse(&q.format))
    else {
        return Err(ApiError::new(
            ErrorCode::Invalid,
            "scope (fls:CODE, country:CC, region:NAME or global) and format (csv, xlsx, research or fhir) are required.",
        ));
    };
    let nop = |_: u64, _: u64| {};
    let mut out = Vec::new();
    match export::export(&app, &who.actor, &scope, format, &mut out, &nop).await {
        Ok(done) => Ok(download(done.content_type, &done.file_name, out)),
        Err(ServiceError::NotFound) => Err(api_deny(
            &app,
            &who,
            "export",
            &format!("/api/v1/export?scope={}", scope.code()),
        )
        .await),
        Err(e) => Err(e.into()),
    }
}
