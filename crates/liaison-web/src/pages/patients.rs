//! `/patients` and `/patients/{slug}`: the patient information pages, public. The content is
//! embedded (`crate::patients`); a page shows in the reader's language, or another language
//! the reader picks from the list of those it exists in (`?lang=`), or English as a fallback.

use crate::Routes;
use crate::ctx::{Ctx, html};
use crate::error::{AppError, PageResult};
use crate::patients::{self, Page, SLUGS};
use askama::Template;
use axum::extract::{Path, Query};
use liaison_domain::format;
use liaison_domain::lang::Lang;

pub fn routes(r: Routes) -> Routes {
    r.get("/patients", index).get("/patients/{slug}", show)
}

#[derive(serde::Deserialize, Default)]
pub struct Choice {
    #[serde(default)]
    lang: String,
}

#[derive(Template)]
#[template(path = "patients.html")]
struct IndexPage {
    ctx: Ctx,
    pages: Vec<&'static Page>,
}

async fn index(ctx: Ctx) -> PageResult {
    let lang = ctx.tr.lang;
    let pages = SLUGS
        .iter()
        .filter_map(|s| patients::best(s, lang))
        .collect();
    html(IndexPage { ctx, pages })
}

#[derive(Template)]
#[template(path = "patient_page.html")]
struct ShowPage {
    ctx: Ctx,
    page: &'static Page,
    body: String,
    /// True when the page is not in the reader's language and no other was asked for.
    fallback: bool,
    updated: String,
    review_by: String,
    /// Every language the page exists in: code, own name, whether it is the one shown.
    languages: Vec<(&'static str, &'static str, bool)>,
}

async fn show(ctx: Ctx, Path(slug): Path<String>, Query(choice): Query<Choice>) -> PageResult {
    let reader = ctx.tr.lang;
    let asked = Lang::parse(&choice.lang);
    let page = asked
        .and_then(|l| patients::page(&slug, l))
        .or_else(|| patients::best(&slug, reader))
        .ok_or(AppError::NotFound)?;
    let languages = patients::languages(&slug)
        .into_iter()
        .map(|l| (l.code(), l.native_name(), l == page.lang))
        .collect();
    html(ShowPage {
        fallback: page.lang != reader && asked.is_none(),
        body: crate::markdown::render(&page.body),
        updated: format::date(reader, page.updated),
        review_by: format::date(reader, page.review_by),
        languages,
        page,
        ctx,
    })
}
