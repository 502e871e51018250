//! The list of episodes and its search.

use super::*;
use crate::AppState;
use crate::ctx::{Ctx, Signed, html};
use crate::error::PageResult;
use crate::pages::FormErrors;
use askama::Template;
use axum::extract::{Path, Query, State};
use liaison_app::episodes::{self as svc};
use liaison_app::episodes::{EpisodeRow, Filter};
use liaison_app::orgs::FlsRow;
use liaison_domain::dataset::{self as ds};
use serde::Deserialize;

// ---- list and search ----

#[derive(Deserialize, Default, Clone)]
pub struct ListQuery {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub site: String,
    #[serde(default)]
    pub page: i64,
    /// A notice to show once (after a deletion).
    #[serde(default)]
    pub notice: Option<String>,
}

#[derive(Template)]
#[template(path = "episodes.html")]
struct ListPage {
    ctx: Ctx,
    f: FlsRow,
    q: ListQuery,
    rows: Vec<EpisodeRow>,
    total: i64,
    page: i64,
    pages: i64,
    sites: Vec<(String, String)>,
    errors: FormErrors,
    can_write: bool,
    /// May restore deleted episodes: the list links to them.
    can_restore: bool,
    notice: Option<String>,
}

const PAGE: i64 = 50;

pub async fn list(
    State(app): State<AppState>,
    who: Signed,
    Path(code): Path<String>,
    Query(q): Query<ListQuery>,
) -> PageResult {
    let f = readable(&app, &who, &code).await?;
    let mut inv = liaison_domain::error::Invalid::default();
    let from = inv
        .take(ds::parse_date("from", &q.from, ds::DateOrder::Ymd))
        .flatten();
    let to = inv
        .take(ds::parse_date("to", &q.to, ds::DateOrder::Ymd))
        .flatten();
    let filter = Filter {
        fls_id: Some(f.id),
        from,
        to,
        // A reference typed with Arabic-Indic digits finds the one stored with ASCII digits.
        search: Some(liaison_domain::numerals::to_ascii(&q.q).into_owned())
            .filter(|s| !s.trim().is_empty()),
        site: ds::FractureSite::parse(&q.site).map(|s| s.code().to_string()),
        sort: Some(("fracture_date".into(), true)),
        ..Default::default()
    };
    let page = q.page.max(0);
    let what = if filter.search.is_some() {
        "episode.search"
    } else {
        "episode.list"
    };
    let (rows, total) = svc::list(&app, &who.actor, &filter, PAGE, page * PAGE, what).await?;
    let can_write = who.s.access.write_patients.contains(f.id);
    let sites = options(&who.ctx, "fracture_site").unwrap_or_default();
    let errors = FormErrors::from_invalid(&who.ctx.tr, &inv);
    let can_restore = who.s.access.restore_patients.contains(f.id);
    let notice = match q.notice.as_deref() {
        Some("episode-deleted") => Some(super::deleted::deleted_notice(&who.ctx)),
        _ => crate::pages::notice(&who.ctx, q.notice.as_ref()),
    };
    html(ListPage {
        pages: (total + PAGE - 1) / PAGE,
        notice,
        ctx: who.ctx,
        f,
        q,
        rows,
        total,
        page,
        sites,
        errors,
        can_write,
        can_restore,
    })
}
