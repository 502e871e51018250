//! The resource library (issue 16): `/resources`, the list with its search box and filters,
//! and `/resources/{resource}`, a resource in the reader's language (or the best fallback,
//! named), with its files and, for editors, the forms to change it, add or edit a language
//! version, attach a file and publish. Rights and rules are decided in
//! `liaison_app::library`; this file formats them. Every write answers with a redirect to
//! the resource's page, so a reload does not post twice.

pub mod api;

use crate::AppState;
use crate::Routes;
use crate::ctx::{Ctx, Signed, deny, html, see_other};
use crate::error::{AppError, PageResult};
use askama::Template;
use axum::extract::{Form, Multipart, Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::IntoResponse;
use liaison_app::ServiceError;
use liaison_app::library::{self as svc, Hit};
use liaison_domain::lang::Lang;
use liaison_domain::library::{AUDIENCES, CATEGORIES, ResourceInput, VISIBILITIES, VersionInput};

pub fn routes(r: Routes) -> Routes {
    r.get("/resources", list)
        .post("/resources", create)
        .post("/resources/categories", category)
        .get("/resources/{resource}", show)
        .post("/resources/{resource}", update)
        .post("/resources/{resource}/versions", version)
        .post("/resources/{resource}/publish", publish)
        .post_upload("/resources/{resource}/files", upload)
        .get("/resources/{resource}/files/{file}", download)
        .get("/api/v1/resources", api::list)
        .get("/api/v1/resources/{resource}", api::get)
}

/// The category's label: the programme's in the reader's language, an editor's by its name.
fn category_label(ctx: &Ctx, custom: &[(String, String)], code: &str) -> String {
    match custom.iter().find(|(c, _)| c == code) {
        Some((_, name)) => name.clone(),
        None => ctx.tk("resource-category", code),
    }
}

fn labelled(ctx: &Ctx, prefix: &str, codes: &[&'static str]) -> Vec<(String, String)> {
    codes
        .iter()
        .map(|c| (c.to_string(), ctx.tk(prefix, c)))
        .collect()
}

fn languages() -> Vec<(String, String)> {
    Lang::ALL
        .iter()
        .map(|l| (l.code().to_string(), l.native_name().to_string()))
        .collect()
}

fn language_name(code: &str) -> String {
    Lang::ALL
        .iter()
        .find(|l| l.code() == code)
        .map(|l| l.native_name().to_string())
        .unwrap_or_else(|| code.to_string())
}

pub struct Item {
    pub id: i64,
    pub title: String,
    pub summary: String,
    pub category: String,
    pub language: String,
    pub lang_code: String,
    pub draft: bool,
}

#[derive(Template)]
#[template(path = "resources.html")]
struct ListPage {
    ctx: Ctx,
    q: svc::Query,
    items: Vec<Item>,
    may_edit: bool,
    categories: Vec<(String, String)>,
    audiences: Vec<(String, String)>,
    visibilities: Vec<(String, String)>,
    languages: Vec<(String, String)>,
}

async fn categories(app: &AppState, ctx: &Ctx) -> Result<Vec<(String, String)>, AppError> {
    let mut all = labelled(ctx, "resource-category", &CATEGORIES);
    all.extend(svc::custom_categories(app).await?);
    Ok(all)
}

async fn list(State(app): State<AppState>, ctx: Ctx, Query(q): Query<svc::Query>) -> PageResult {
    let who = Signed::from_ctx(&ctx);
    let actor = who.as_ref().map(|w| &w.actor);
    let custom = svc::custom_categories(&app).await?;
    let hits: Vec<Hit> = svc::search(&app, actor, ctx.tr.lang, &q).await?;
    let items = hits
        .into_iter()
        .map(|h| Item {
            id: h.id,
            category: category_label(&ctx, &custom, &h.category),
            language: language_name(&h.language),
            draft: h.status == "draft",
            lang_code: h.language,
            title: h.title,
            summary: h.summary,
        })
        .collect();
    html(ListPage {
        may_edit: svc::may_edit(actor),
        categories: categories(&app, &ctx).await?,
        audiences: labelled(&ctx, "resource-audience", &AUDIENCES),
        visibilities: labelled(&ctx, "resource-visibility", &VISIBILITIES),
        languages: languages(),
        items,
        q,
        ctx,
    })
}

fn id_of(v: &str) -> Result<i64, AppError> {
    v.trim().parse().map_err(|_| AppError::NotFound)
}

/// A refusal of the service answered as the page does: out of reach is 404, audited.
async fn answer(app: &AppState, who: &Signed, r: Result<i64, ServiceError>) -> PageResult {
    match r {
        Err(ServiceError::NotFound) => Err(deny(app, who, "resource").await),
        Err(e) => Err(e.into()),
        Ok(id) => Ok(see_other(&format!("/resources/{id}"))),
    }
}

/// A form's fields; a repeated one (checkboxes) joined with commas.
fn field(pairs: &[(String, String)], name: &str) -> String {
    pairs
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

fn resource_input(p: &[(String, String)]) -> ResourceInput {
    ResourceInput {
        category: field(p, "category"),
        audiences: field(p, "audiences"),
        tags: field(p, "tags"),
        countries: field(p, "countries"),
        visibility: field(p, "visibility"),
        review_by: field(p, "review_by"),
    }
}

fn version_input(p: &[(String, String)]) -> VersionInput {
    VersionInput {
        language: field(p, "language"),
        title: field(p, "title"),
        summary: field(p, "summary"),
        body: field(p, "body"),
        links: field(p, "links"),
    }
}

async fn create(
    State(app): State<AppState>,
    who: Signed,
    Form(p): Form<Vec<(String, String)>>,
) -> PageResult {
    let r = svc::create(&app, &who.actor, &resource_input(&p), &version_input(&p)).await;
    answer(&app, &who, r).await
}

async fn category(
    State(app): State<AppState>,
    who: Signed,
    Form(p): Form<Vec<(String, String)>>,
) -> PageResult {
    let r = svc::add_category(&app, &who.actor, &field(&p, "code"), &field(&p, "name")).await;
    match r {
        Err(ServiceError::NotFound) => Err(deny(&app, &who, "resource").await),
        Err(e) => Err(e.into()),
        Ok(()) => Ok(see_other("/resources")),
    }
}

pub struct FileView {
    pub id: i64,
    pub filename: String,
    pub language: String,
    pub size_kb: String,
}

#[derive(Template)]
#[template(path = "resource.html")]
struct ShowPage {
    ctx: Ctx,
    id: i64,
    draft: bool,
    title: String,
    summary: String,
    /// Rendered Markdown (safe HTML).
    body: String,
    links: Vec<String>,
    shown_lang: String,
    /// The note naming the language shown when it is not the reader's.
    fallback: Option<String>,
    category: String,
    audiences: Vec<String>,
    tags: String,
    countries: Vec<String>,
    visibility: String,
    review_by: String,
    /// Other languages: (code, native name).
    others: Vec<(String, String)>,
    files: Vec<FileView>,
    /// Kind label, FLS code (empty: not named to this reader), reference.
    citations: Vec<(String, String, String)>,
    may_edit: bool,
    /// Editors: the resource's fields to prefill.
    form_category: String,
    form_audiences: Vec<String>,
    form_countries: String,
    form_visibility: String,
    form_review_by: String,
    /// Editors: each version (code, native name, title, summary, body, links, saved states).
    versions: Vec<(String, String, String, String, String, String, i64)>,
    categories: Vec<(String, String)>,
    audience_options: Vec<(String, String)>,
    visibilities: Vec<(String, String)>,
    languages: Vec<(String, String)>,
}

async fn show(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<LangQuery>,
) -> PageResult {
    let id = id_of(&id)?;
    let who = Signed::from_ctx(&ctx);
    let actor = who.as_ref().map(|w| &w.actor);
    // `?lang=` picks another version; the page's words stay in the reader's language.
    let want = Lang::ALL
        .into_iter()
        .find(|l| l.code() == q.lang)
        .unwrap_or(ctx.tr.lang);
    let p = match svc::page(&app, actor, id, want).await {
        Err(ServiceError::NotFound) => {
            return Err(match &who {
                Some(w) => deny(&app, w, "resource").await,
                None => AppError::NotFound,
            });
        }
        r => r?,
    };
    let custom = svc::custom_categories(&app).await?;
    let r = &p.resource;
    let shown_lang = p.shown.language.clone();
    let fallback = p.fallback.then(|| {
        ctx.tr.ta(
            "resource-fallback",
            &[("language", language_name(&shown_lang))],
        )
    });
    let history: std::collections::HashMap<String, i64> = p.history.iter().cloned().collect();
    let citations = p
        .citations
        .iter()
        .map(|(c, code)| {
            (
                ctx.tk("resource-cited", &c.kind),
                code.clone(),
                if code.is_empty() {
                    String::new()
                } else {
                    c.reference.clone()
                },
            )
        })
        .collect();
    html(ShowPage {
        id,
        draft: r.status == "draft",
        title: p.shown.title.clone(),
        summary: p.shown.summary.clone(),
        body: crate::markdown::render(&p.shown.body),
        links: p.shown.links.lines().map(str::to_string).collect(),
        fallback,
        category: category_label(&ctx, &custom, &r.category),
        audiences: svc::ResourceRow::list(&r.audiences)
            .iter()
            .map(|a| ctx.tk("resource-audience", a))
            .collect(),
        tags: r.tags.clone(),
        countries: svc::ResourceRow::list(&r.countries)
            .iter()
            .map(|c| ctx.country(c))
            .collect(),
        visibility: ctx.tk("resource-visibility", &r.visibility),
        review_by: ctx.tr.opt_date(&r.review_by),
        others: p
            .versions
            .iter()
            .filter(|v| v.language != shown_lang)
            .map(|v| (v.language.clone(), language_name(&v.language)))
            .collect(),
        files: p
            .files
            .iter()
            .map(|f| FileView {
                id: f.id,
                filename: f.filename.clone(),
                language: language_name(&f.language),
                size_kb: ctx.tr.int((f.size + 1023) / 1024),
            })
            .collect(),
        citations,
        may_edit: p.may_edit,
        form_category: r.category.clone(),
        form_audiences: svc::ResourceRow::list(&r.audiences),
        form_countries: svc::ResourceRow::list(&r.countries).join(", "),
        form_visibility: r.visibility.clone(),
        form_review_by: r.review_by.map(|d| d.to_string()).unwrap_or_default(),
        versions: p
            .versions
            .iter()
            .map(|v| {
                (
                    v.language.clone(),
                    language_name(&v.language),
                    v.title.clone(),
                    v.summary.clone(),
                    v.body.clone(),
                    v.links.clone(),
                    history.get(&v.language).copied().unwrap_or(0),
                )
            })
            .collect(),
        categories: categories(&app, &ctx).await?,
        audience_options: labelled(&ctx, "resource-audience", &AUDIENCES),
        visibilities: labelled(&ctx, "resource-visibility", &VISIBILITIES),
        languages: languages(),
        shown_lang,
        ctx,
    })
}

#[derive(serde::Deserialize, Default)]
pub struct LangQuery {
    #[serde(default)]
    lang: String,
}

async fn update(
    State(app): State<AppState>,
    who: Signed,
    Path(id): Path<String>,
    Form(p): Form<Vec<(String, String)>>,
) -> PageResult {
    let id = id_of(&id)?;
    let r = svc::update(&app, &who.actor, id, &resource_input(&p))
        .await
        .map(|()| id);
    answer(&app, &who, r).await
}

/// Add a language version, or (`edit=1`) change the one of that language.
async fn version(
    State(app): State<AppState>,
    who: Signed,
    Path(id): Path<String>,
    Form(p): Form<Vec<(String, String)>>,
) -> PageResult {
    let id = id_of(&id)?;
    let edit = !field(&p, "edit").is_empty();
    let r = svc::save_version(&app, &who.actor, id, &version_input(&p), edit)
        .await
        .map(|()| id);
    answer(&app, &who, r).await
}

async fn publish(State(app): State<AppState>, who: Signed, Path(id): Path<String>) -> PageResult {
    let id = id_of(&id)?;
    let r = svc::publish(&app, &who.actor, id).await.map(|()| id);
    answer(&app, &who, r).await
}

async fn upload(
    State(app): State<AppState>,
    who: Signed,
    Path(id): Path<String>,
    mut mp: Multipart,
) -> PageResult {
    let id = id_of(&id)?;
    let mut language = String::new();
    let mut file: Option<(String, Vec<u8>)> = None;
    loop {
        let field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => return Err(AppError::TooLarge),
        };
        match field.name() {
            Some("language") => language = super::multipart_text(field).await?,
            Some("file") => {
                let name = field.file_name().unwrap_or("file").to_string();
                let bytes = field.bytes().await.map_err(|_| AppError::TooLarge)?;
                file = Some((name, bytes.to_vec()));
            }
            _ => {
                super::multipart_text(field).await?;
            }
        }
    }
    let (name, bytes) = file.unwrap_or_default();
    // Over the library's limit is refused by the service with field, value and rule; beyond
    // the whole request's limit (`--max-upload-mb`) the body is not read at all.
    let r = svc::add_file(&app, &who.actor, id, &language, &name, &bytes)
        .await
        .map(|_| id);
    answer(&app, &who, r).await
}

/// `filename*` of RFC 6266 / RFC 5987: UTF-8, percent-encoded but for the attribute
/// characters.
fn rfc5987(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `Content-Disposition: attachment` with an ASCII fallback name and the UTF-8 name.
pub fn disposition(filename: &str) -> String {
    let ascii: String = filename
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        rfc5987(filename)
    )
}

async fn download(
    State(app): State<AppState>,
    ctx: Ctx,
    Path((id, file)): Path<(String, String)>,
) -> PageResult {
    let (id, file) = (id_of(&id)?, id_of(&file)?);
    let who = Signed::from_ctx(&ctx);
    let (row, bytes) = match svc::file(&app, who.as_ref().map(|w| &w.actor), id, file).await {
        Err(ServiceError::NotFound) => {
            return Err(match &who {
                Some(w) => deny(&app, w, "resource").await,
                None => AppError::NotFound,
            });
        }
        r => r?,
    };
    // Only the types checked at upload are ever stored; anything else is served as bytes.
    let ct = liaison_domain::library::FileKind::from_content_type(&row.content_type)
        .map(|k| k.content_type())
        .unwrap_or("application/octet-stream");
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ct));
    if let Ok(v) = HeaderValue::from_str(&disposition(&row.filename)) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::disposition;

    #[test]
    fn download_names_fall_back_to_ascii_and_carry_utf8() {
        assert_eq!(
            disposition("نشرة.pdf"),
            "attachment; filename=\"____.pdf\"; filename*=UTF-8''%D9%86%D8%B4%D8%B1%D8%A9.pdf"
        );
        assert_eq!(
            disposition("hip guide.pdf"),
            "attachment; filename=\"hip guide.pdf\"; filename*=UTF-8''hip%20guide.pdf"
        );
    }
}
