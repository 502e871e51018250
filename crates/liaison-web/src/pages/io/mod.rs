//! Data exchange pages and API: imports with preview, exports, background jobs (issue 4).
//!
//! An upload is staged (`imports`), analysed (preview: nothing written) and applied only when
//! its owner confirms, in one transaction. Files over [`import::BACKGROUND_BYTES`] are analysed and
//! applied in a background task; the status page shows the progress and refreshes itself
//! (no JavaScript). Imports belong to the user who uploaded them: anyone else gets 404.

use crate::ctx::{Ctx, Signed, deny, html, see_other};
use crate::error::{AppError, PageResult};
use crate::i18n::Tr;
use crate::{AppState, Routes};
use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use liaison_app::Actor;
use liaison_app::export::{self, ExportFormat, Scope};
use liaison_app::import::{
    self, ImportRow, ImportStatus, Options, Outcome, RowError, Step, Tick, start,
};
use liaison_domain::dataset::DateOrder;
use serde::Deserialize;

pub(crate) mod api;

pub fn routes(r: Routes) -> Routes {
    r.get("/import", import_page)
        .post_upload("/import", upload)
        .get("/import/{id}", status_page)
        .post("/import/{id}/confirm", confirm)
        .post("/import/{id}/cancel", cancel)
        .get("/import/{id}/errors", error_file)
        .get("/fls/{code}/export", fls_export)
        .get("/export", scope_export)
        .post_upload("/api/v1/imports", api::create_import)
        .get("/api/v1/imports/{id}", api::get_import)
        .get("/api/v1/export", api::export)
}

impl Ctx {
    /// May this user import episodes into at least one FLS?
    pub fn can_import(&self) -> bool {
        self.session
            .as_ref()
            .is_some_and(|s| !s.access.import_patients.is_empty())
    }
}

// --- Messages ------------------------------------------------------------------------------

/// "Field “value”: rule", in the reader's language.
pub fn field_message(tr: &Tr, e: &RowError) -> String {
    let mut args: Vec<(&str, String)> = e
        .args
        .iter()
        .map(|(k, v)| (k.as_str(), v.clone()))
        .collect();
    args.push(("value", e.value.clone()));
    let rule = tr.ta(&format!("rule-{}", e.rule), &args);
    tr.ta(
        "error-field",
        &[
            ("field", tr.field(&e.field)),
            ("value", e.value.clone()),
            ("rule", rule),
        ],
    )
}

// --- Upload --------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "io_import.html")]
struct ImportPage {
    ctx: Ctx,
    fls: Vec<(String, String)>,
    imports: Vec<ImportRow>,
    errors: Vec<String>,
}

async fn may_import(app: &AppState, who: &Signed) -> Result<(), AppError> {
    if who.s.access.import_patients.is_empty() {
        Err(deny(app, who, "import").await)
    } else {
        Ok(())
    }
}

async fn import_form(app: &AppState, who: &Signed, errors: Vec<String>) -> PageResult {
    let fls = liaison_app::orgs::list_fls(app, &who.s.access.import_patients)
        .await?
        .into_iter()
        .map(|f| (f.code, f.name))
        .collect();
    let imports = import::list_mine(app, who.user_id(), 50).await?;
    html(ImportPage {
        ctx: who.ctx.clone(),
        fls,
        imports,
        errors,
    })
}

async fn import_page(State(app): State<AppState>, who: Signed) -> PageResult {
    may_import(&app, &who).await?;
    import_form(&app, &who, vec![]).await
}

fn too_large_message(tr: &Tr, max: usize) -> String {
    let mb = max.div_ceil(1024 * 1024);
    let e = RowError {
        line: 0,
        field: "file".into(),
        value: String::new(),
        rule: "file_too_large".into(),
        args: vec![("max".into(), mb.to_string())],
    };
    field_message(tr, &e)
}

async fn upload(State(app): State<AppState>, who: Signed, mut mp: Multipart) -> PageResult {
    may_import(&app, &who).await?;
    let max = app.config.max_upload_bytes;
    let mut opts = Options::default();
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut too_large = false;
    loop {
        let field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => {
                too_large = true;
                break;
            }
        };
        match field.name() {
            Some("date_order") => {
                let v = super::multipart_text(field).await?;
                opts.date_order = DateOrder::parse(&v).unwrap_or_default();
            }
            Some("blanks_clear") => {
                opts.blanks_clear = !super::multipart_text(field).await?.is_empty();
            }
            Some("file") => {
                let name = field.file_name().unwrap_or("upload").to_string();
                match field.bytes().await {
                    Ok(b) if b.len() <= max => file = Some((name, b.to_vec())),
                    _ => {
                        too_large = true;
                        break;
                    }
                }
            }
            _ => {
                super::multipart_text(field).await?;
            }
        }
    }
    if too_large {
        let mut r = import_form(&app, &who, vec![too_large_message(&who.ctx.tr, max)]).await?;
        *r.status_mut() = StatusCode::PAYLOAD_TOO_LARGE;
        return Ok(r);
    }
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        let e = RowError {
            line: 0,
            field: "file".into(),
            value: String::new(),
            rule: "file_empty".into(),
            args: vec![],
        };
        let mut r = import_form(&app, &who, vec![field_message(&who.ctx.tr, &e)]).await?;
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(r);
    };
    let id = import::stage(&app, who.user_id(), &name, &bytes, opts).await?;
    let row = import::get_mine(&app, who.user_id(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    start(&app, &who.actor, row, Step::Analyse, bytes.len()).await?;
    Ok(see_other(&format!("/import/{id}")))
}

// --- Status, preview, confirmation ---------------------------------------------------------

#[derive(Template)]
#[template(path = "io_status.html")]
struct StatusPage {
    ctx: Ctx,
    row: ImportRow,
    o: Outcome,
    running: bool,
    progress: i64,
    errors: Vec<(usize, String, String, String)>,
    more: usize,
}

/// Invalid rows listed on the page (all are in the error file).
const SHOWN: usize = 2000;

async fn own(app: &AppState, who: &Signed, id: i64) -> Result<ImportRow, AppError> {
    match import::get_mine(app, who.user_id(), id).await? {
        Some(r) => Ok(r),
        None => Err(deny(app, who, "import").await),
    }
}

async fn status_page(State(app): State<AppState>, who: Signed, Path(id): Path<i64>) -> PageResult {
    let row = own(&app, &who, id).await?;
    let o: Outcome = serde_json::from_str(&row.result_json).unwrap_or_default();
    let running = row.status.is_running();
    if !running {
        // The page lists patient data (stored episodes' keys, the file's values): audited.
        import::preview_viewed(&app, &who.actor, &row).await?;
    }
    let progress = app.jobs.progress(id).unwrap_or(row.progress);
    let tr = &who.ctx.tr;
    let errors = o
        .errors
        .iter()
        .take(SHOWN)
        .map(|e| {
            let mut args: Vec<(&str, String)> = e
                .args
                .iter()
                .map(|(k, v)| (k.as_str(), v.clone()))
                .collect();
            args.push(("value", e.value.clone()));
            (
                e.line,
                tr.field(&e.field),
                e.value.clone(),
                tr.ta(&format!("rule-{}", e.rule), &args),
            )
        })
        .collect();
    let more = o.errors.len().saturating_sub(SHOWN);
    html(StatusPage {
        ctx: who.ctx.clone(),
        row,
        o,
        running,
        progress,
        errors,
        more,
    })
}

async fn confirm(
    State(app): State<AppState>,
    who: Signed,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> PageResult {
    let row = own(&app, &who, id).await?;
    let fields = super::form_pairs(&body);
    let valid_only = fields
        .iter()
        .any(|(k, v)| k == "valid_only" && !v.is_empty());
    let o: Outcome = serde_json::from_str(&row.result_json).unwrap_or_default();
    // All-or-nothing needs every row valid; a confirmation counts once.
    if row.status != ImportStatus::Preview || (!valid_only && !o.all_valid()) {
        return Ok(see_other(&format!("/import/{id}")));
    }
    // The refracture offers ticked: only offers this preview listed, each for the episode it
    // named. Anything else (another FLS's episode, say) is refused and nothing is imported.
    let mut ticks: Vec<Tick> = Vec::new();
    for (_, v) in fields.iter().filter(|(k, _)| k == "refracture") {
        let listed = Tick::parse(v)
            .filter(|t| t.episode_id != 0 && o.offers.iter().any(|x| Tick::of(x) == *t));
        match listed {
            Some(t) if !ticks.contains(&t) => ticks.push(t),
            Some(_) => {}
            None => return Err(deny(&app, &who, "import refracture").await),
        }
    }
    if !import::transition(&app, id, ImportStatus::Preview, ImportStatus::Importing).await? {
        return Ok(see_other(&format!("/import/{id}")));
    }
    let size = import::staged_bytes(&app, id).await?.len();
    start(
        &app,
        &who.actor,
        row,
        Step::Apply { valid_only, ticks },
        size,
    )
    .await?;
    Ok(see_other(&format!("/import/{id}")))
}

async fn cancel(State(app): State<AppState>, who: Signed, Path(id): Path<i64>) -> PageResult {
    own(&app, &who, id).await?;
    import::transition(&app, id, ImportStatus::Preview, ImportStatus::Cancelled).await?;
    Ok(see_other("/import"))
}

async fn error_file(State(app): State<AppState>, who: Signed, Path(id): Path<i64>) -> PageResult {
    let row = own(&app, &who, id).await?;
    if matches!(row.status, ImportStatus::Refused | ImportStatus::Expired) {
        return Err(AppError::NotFound);
    }
    let tr = who.ctx.tr.clone();
    let (bytes, ext) =
        import::staged_error_file(&app, &who.actor, &row, |e| field_message(&tr, e)).await?;
    let ctype = if ext == "xlsx" {
        liaison_domain::interchange::Format::Xlsx.content_type()
    } else {
        liaison_domain::interchange::Format::Csv.content_type()
    };
    Ok(download(
        ctype,
        &format!("import-{id}-invalid-rows.{ext}"),
        bytes,
    ))
}

fn download(ctype: &str, name: &str, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, ctype.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

// --- Export --------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "io_export.html")]
struct ExportPage {
    ctx: Ctx,
    /// The FLS, for an FLS's export page (with the FLS's tabs); None: the scope form.
    fls: Option<liaison_app::orgs::FlsRow>,
    scope: String,
    formats: Vec<&'static str>,
}

const FORMATS: [&str; 4] = ["csv", "xlsx", "research", "fhir"];

#[derive(Deserialize, Default)]
struct ExportQuery {
    #[serde(default)]
    format: String,
    #[serde(default)]
    scope: String,
}

async fn send_export(
    app: &AppState,
    actor: &Actor,
    scope: &Scope,
    format: ExportFormat,
) -> PageResult {
    let nop = |_: u64, _: u64| {};
    let mut out = Vec::new();
    let done = export::export(app, actor, scope, format, &mut out, &nop).await?;
    Ok(download(done.content_type, &done.file_name, out))
}

async fn fls_export(
    State(app): State<AppState>,
    who: Signed,
    Path(code): Path<String>,
    Query(q): Query<ExportQuery>,
) -> PageResult {
    let Some(f) = liaison_app::orgs::fls_by_code(&app, &who.s.access.read_patients, &code).await?
    else {
        return Err(deny(&app, &who, "export").await);
    };
    match ExportFormat::parse(&q.format) {
        Some(format) => send_export(&app, &who.actor, &Scope::Fls(f.code), format).await,
        None => html(ExportPage {
            ctx: who.ctx.clone(),
            fls: Some(f),
            scope: String::new(),
            formats: FORMATS.to_vec(),
        }),
    }
}

async fn scope_export(
    State(app): State<AppState>,
    who: Signed,
    Query(q): Query<ExportQuery>,
) -> PageResult {
    if !who.s.access.is_admin() {
        return Err(deny(&app, &who, "export").await);
    }
    let scope = Scope::parse(&q.scope);
    match (scope, ExportFormat::parse(&q.format)) {
        (Some(scope), Some(format)) => send_export(&app, &who.actor, &scope, format).await,
        _ => html(ExportPage {
            ctx: who.ctx.clone(),
            fls: None,
            scope: if q.scope.is_empty() {
                "global".into()
            } else {
                q.scope
            },
            formats: FORMATS.to_vec(),
        }),
    }
}
