//! The annual report of a scope (issue 19), beside the scope pages:
//! `/kpis/country/{cc}/report`, `/kpis/region/{region}/report`, `/kpis/global/report`, with
//! `?year=YYYY&lang=LL&format=html|pdf`. The same document for the command line
//! (`liaison report`, [`render`]). A scope the reader sees no service of answers 404.

mod doc;

use crate::AppState;
use crate::Routes;
use crate::ctx::{Ctx, Signed, deny, html};
use crate::error::{AppError, PageResult};
use crate::i18n::Tr;
use crate::report::{Block, Doc, fonts, pdf};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use liaison_app::app::App;
use liaison_app::kpi::{Scope, Viewer};
use liaison_app::report::{self as svc, ReportAsk};
use liaison_domain::lang::Lang;
use serde::Deserialize;

pub use doc::scope_name;

pub fn routes(r: Routes) -> Routes {
    r.get("/kpis/global/report", report_global)
        .get("/kpis/country/{cc}/report", report_country)
        .get("/kpis/region/{region}/report", report_region)
}

#[derive(Deserialize, Default)]
pub struct ReportQuery {
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub lang: String,
    #[serde(default)]
    pub format: String,
}

/// The two forms of the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Html,
    Pdf,
}

/// A context for a document made outside a request (the command line): the reader's
/// language, nobody signed in.
pub fn offline_ctx(lang: Lang) -> Ctx {
    Ctx {
        tr: Tr::new(lang),
        session: None,
        csrf: String::new(),
        ip: String::new(),
        path: String::new(),
        here: String::new(),
        secure: false,
    }
}

/// The PDF of a document with the configured fonts; a missing font names its package.
pub fn to_pdf(d: &Doc) -> Result<Vec<u8>, String> {
    let fonts = fonts::load(&fonts::font_dir(), d.lang).map_err(|e| e.to_string())?;
    pdf::render(d, &fonts)
}

/// The report for the command line, as the operator: the document's bytes, or None when the
/// scope has no service.
pub async fn render(app: &App, ask: ReportAsk, format: Format) -> Result<Option<Vec<u8>>, String> {
    let lang = ask.lang;
    let Some(r) = svc::annual(app, &Viewer::operator(), ask)
        .await
        .map_err(|e| e.to_string())?
    else {
        return Ok(None);
    };
    let ctx = offline_ctx(lang);
    let d = doc::build(&ctx, &r);
    match format {
        Format::Pdf => to_pdf(&d).map(Some),
        Format::Html => ReportFile { doc: d, ctx }
            .render()
            .map(|s| Some(s.into_bytes()))
            .map_err(|e| e.to_string()),
    }
}

/// The year, language and format a reader may change.
pub struct ReportForm {
    pub year: String,
    pub lang: &'static str,
    pub path: String,
}

#[derive(Template)]
#[template(path = "report.html")]
struct ReportPage {
    ctx: Ctx,
    doc: Doc,
    form: Option<ReportForm>,
}

impl ReportPage {
    fn blocks(&self) -> &[Block] {
        &self.doc.blocks
    }

    /// The languages a report can be written in, each in its own name.
    fn langs(&self) -> Vec<(&'static str, &'static str)> {
        Lang::ALL
            .iter()
            .map(|l| (l.code(), l.native_name()))
            .collect()
    }
}

/// The file the command line writes: the document alone, without the site around it.
#[derive(Template)]
#[template(path = "report_file.html")]
struct ReportFile {
    ctx: Ctx,
    doc: Doc,
}

impl ReportFile {
    fn blocks(&self) -> &[Block] {
        &self.doc.blocks
    }
}

async fn report(app: AppState, who: Signed, scope: Scope, q: ReportQuery) -> PageResult {
    let today = app.now().date();
    let year = if q.year.is_empty() {
        (today.year() - 1).to_string()
    } else {
        q.year.clone()
    };
    let lang = if q.lang.is_empty() {
        who.ctx.tr.lang.code().to_string()
    } else {
        q.lang.clone()
    };
    let format = match q.format.as_str() {
        "" | "html" => Format::Html,
        "pdf" => Format::Pdf,
        other => {
            return Err(AppError::Invalid(liaison_domain::error::Invalid(vec![
                liaison_domain::error::FieldError::new("format", other, "one_of")
                    .arg("allowed", "html, pdf"),
            ])));
        }
    };
    let path = report_path(&scope);
    let ask = svc::check(scope, &year, &lang, today)?;
    let lang = ask.lang;
    let viewer = Viewer::of_grants(&who.actor, &who.s.grants);
    let Some(r) = svc::annual(&app, &viewer, ask).await? else {
        return Err(deny(&app, &who, "kpis").await);
    };
    let ctx = Ctx {
        tr: Tr::new(lang),
        ..who.ctx.clone()
    };
    let d = doc::build(&ctx, &r);
    if format == Format::Pdf {
        let bytes = to_pdf(&d).map_err(AppError::Internal)?;
        let name = format!(
            "report-{}-{}-{}.pdf",
            r.ask.scope.file_stem(),
            r.ask.year,
            lang.code()
        );
        return Ok((
            [
                (header::CONTENT_TYPE, "application/pdf".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}\""),
                ),
            ],
            bytes,
        )
            .into_response());
    }
    html(ReportPage {
        form: Some(ReportForm {
            year: r.ask.year.to_string(),
            lang: lang.code(),
            path,
        }),
        doc: d,
        ctx,
    })
}

/// Where a scope's report lives (the scope page links to it).
pub fn report_path(scope: &Scope) -> String {
    match scope {
        Scope::Country(c) => format!("/kpis/country/{c}/report"),
        Scope::Region(r) => format!("/kpis/region/{}/report", r.code()),
        _ => "/kpis/global/report".to_string(),
    }
}

pub async fn report_global(
    State(app): State<AppState>,
    who: Signed,
    Query(q): Query<ReportQuery>,
) -> PageResult {
    report(app, who, Scope::Global, q).await
}

pub async fn report_country(
    State(app): State<AppState>,
    who: Signed,
    Path(cc): Path<String>,
    Query(q): Query<ReportQuery>,
) -> PageResult {
    report(app, who, Scope::Country(cc.to_ascii_uppercase()), q).await
}

pub async fn report_region(
    State(app): State<AppState>,
    who: Signed,
    Path(region): Path<String>,
    Query(q): Query<ReportQuery>,
) -> PageResult {
    match Scope::parse(&format!("region:{region}")) {
        Some(s) => report(app, who, s, q).await,
        None => Err(deny(&app, &who, "kpis").await),
    }
}
