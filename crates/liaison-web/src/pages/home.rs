//! The home page (each role's start of work: issue 12), health and metrics.

use super::nav::{Link, LinkGroup};
use crate::AppState;
use crate::api::ApiUser;
use crate::ctx::{Ctx, Signed, html};
use crate::error::{AppError, PageResult};
use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use liaison_app::home::FlsToday;
use liaison_app::orgs::FlsSummary;
use liaison_app::users::GrantRow;
use liaison_domain::access::Access;
use liaison_domain::auth::Role;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    ctx: Ctx,
    roles: Vec<String>,
    fls: Vec<FlsSummary>,
    more: usize,
    /// The FLSs the user works at: today's worklists, search, and what they may do there.
    work: Vec<WorkView>,
    /// Links to the rest of their work, by kind (comparisons, programme, administration).
    groups: Vec<LinkGroup>,
}

/// One FLS on a clinician's or lead's home.
pub struct WorkView {
    pub code: String,
    pub name: String,
    /// (worklist code, due, overdue)
    pub lists: Vec<(&'static str, i64, i64)>,
    pub links: Vec<Link>,
}

/// FLS roles whose holders work with the FLS's patients.
const WORKING_ROLES: [Role; 2] = [Role::FlsLead, Role::FlsClinician];

pub async fn home(State(app): State<AppState>, ctx: Ctx) -> PageResult {
    if !ctx.signed_in() {
        return html(HomePage {
            ctx,
            roles: vec![],
            fls: vec![],
            more: 0,
            work: vec![],
            groups: vec![],
        });
    }
    let Some(who) = Signed::from_ctx(&ctx) else {
        return Err(AppError::SignIn("/".into()));
    };
    let s = who.s.clone();
    let mut fls = liaison_app::orgs::list_fls(&app, &s.access.view_aggregates).await?;
    let more = fls.len().saturating_sub(12);
    fls.truncate(12);
    let roles = s
        .grants
        .iter()
        .map(|g| {
            let scope = g
                .fls_code
                .clone()
                .or_else(|| g.country.clone())
                .or_else(|| g.region.as_ref().map(|r| ctx.t(&format!("region-{r}"))));
            match scope {
                Some(sc) => format!("{} · {sc}", ctx.t(&format!("role-{}", g.role))),
                None => ctx.t(&format!("role-{}", g.role)),
            }
        })
        .collect();
    let mut working: Vec<i64> = s
        .grants
        .iter()
        .filter(|g| role_of(g).is_some_and(|r| WORKING_ROLES.contains(&r)))
        .filter_map(|g| g.fls_id)
        .collect();
    working.dedup();
    let today = liaison_app::home::worklists_today(&app, &who.actor, &working).await?;
    let work = today
        .iter()
        .map(|t| work_view(&ctx, &s.access, t))
        .collect();
    let groups = groups(&ctx, &s.access, &s.grants);
    html(HomePage {
        ctx,
        roles,
        fls,
        more,
        work,
        groups,
    })
}

fn role_of(g: &GrantRow) -> Option<Role> {
    Role::parse("role", &g.role).ok()
}

fn work_view(ctx: &Ctx, a: &Access, t: &FlsToday) -> WorkView {
    let (id, code) = (t.fls.id, t.fls.code.as_str());
    let mut links = Vec::new();
    if a.write_patients.contains(id) {
        links.push(Link::new(
            format!("/fls/{code}/episodes/new"),
            ctx.t("episodes-new"),
        ));
    }
    links.push(Link::new(
        format!("/fls/{code}/episodes"),
        ctx.t("fls-tab-patients"),
    ));
    links.push(Link::new(
        format!("/fls/{code}/kpis"),
        ctx.t("fls-tab-kpis"),
    ));
    if a.import_patients.contains(id) {
        links.push(Link::new("/import", ctx.t("io-nav")));
    }
    links.push(Link::new(
        format!("/fls/{code}/export"),
        ctx.t("io-export-title"),
    ));
    if a.manage_fls_users.contains(id) {
        links.push(Link::new(
            format!("/fls/{code}/users"),
            ctx.t("fls-users-link"),
        ));
    }
    WorkView {
        code: code.to_string(),
        name: t.fls.name.clone(),
        lists: t
            .lists
            .iter()
            .map(|l| (l.list.code(), l.due, l.overdue))
            .collect(),
        links,
    }
}

/// The links of the roles that look across services: comparisons for national and regional
/// leads, mentors and reviewers, programme work, and administration.
fn groups(ctx: &Ctx, a: &Access, grants: &[GrantRow]) -> Vec<LinkGroup> {
    let mut compare = Vec::new();
    let mut programme = Vec::new();
    for g in grants {
        match role_of(g) {
            Some(Role::NationalLead) => {
                if let Some(cc) = &g.country {
                    compare.push(Link::new(
                        format!("/kpis/country/{cc}"),
                        ctx.tr
                            .ta("kpi-scope-country", &[("country", ctx.country(cc))]),
                    ));
                    programme.push(Link::new(
                        format!("/g2g/country/{cc}"),
                        format!("{} · {}", ctx.t("g2g-country-plan"), ctx.country(cc)),
                    ));
                }
            }
            Some(Role::RegionalLead) => {
                if let Some(r) = &g.region {
                    compare.push(Link::new(
                        format!("/kpis/region/{r}"),
                        ctx.tr
                            .ta("kpi-scope-region", &[("region", ctx.tk("region", r))]),
                    ));
                }
            }
            Some(Role::Mentor) => {
                if let Some(code) = &g.fls_code {
                    compare.push(
                        Link::new(format!("/fls/{code}/kpis"), ctx.t("fls-tab-kpis")).about(code),
                    );
                    programme.push(
                        Link::new(format!("/fls/{code}/g2g"), ctx.t("g2g-title")).about(code),
                    );
                }
            }
            _ => {}
        }
    }
    let across = [
        Role::Administrator,
        Role::ProgrammeReviewer,
        Role::NationalLead,
        Role::RegionalLead,
        Role::Mentor,
    ];
    let looks_across = across.iter().any(|r| a.has_role(*r));
    if looks_across && !a.view_aggregates.is_empty() {
        compare.push(Link::new("/kpis/global", ctx.t("kpi-scope-global")));
        compare.push(Link::new("/kpis", ctx.t("kpi-index-title")));
        programme.push(Link::new("/g2g", ctx.t("g2g-overview-title")));
    }
    if a.has_role(Role::ProgrammeReviewer) || a.is_admin() {
        programme.insert(0, Link::new("/bpf/review", ctx.t("bpf-queue-title")));
    }
    // Editors' work is the library (a programme editor has nothing else on this page).
    if liaison_domain::library::is_editor(a) {
        programme.push(Link::new("/resources", ctx.t("resources-title")));
    }
    let mut out = Vec::new();
    if !compare.is_empty() {
        out.push(LinkGroup {
            title: ctx.t("home-compare-title"),
            links: compare,
        });
    }
    if !programme.is_empty() {
        out.push(LinkGroup {
            title: ctx.t("home-programme-title"),
            links: programme,
        });
    }
    if a.is_admin() {
        out.push(LinkGroup {
            title: ctx.t("nav-admin"),
            links: admin_links(ctx),
        });
    }
    out
}

/// The administration pages, as the home page and the administration sub-navigation list them.
pub fn admin_links(ctx: &Ctx) -> Vec<Link> {
    vec![
        Link::new("/admin/users", ctx.t("users-title")),
        Link::new("/fls", ctx.t("fls-list-title")),
        Link::new("/admin/kpi-definitions", ctx.t("kpi-definitions-title")),
        Link::new("/admin/bpf", ctx.t("bpf-frameworks-title")),
        Link::new("/audit", ctx.t("audit-title")),
        Link::new("/export", ctx.t("io-export-title")),
        Link::new("/admin/security", ctx.t("security-title")),
    ]
}

/// 200 when the server and its database are usable, 503 otherwise.
pub async fn health(State(app): State<AppState>) -> Response {
    if let Some(engine) = app.health().await {
        (
            StatusCode::OK,
            Json(serde_json::json!({ "status": "ok", "database": engine })),
        )
            .into_response()
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(serde_json::json!({ "status": "unavailable" })),
        )
            .into_response()
    }
}

/// Prometheus metrics, for administrators (signed in, or with an administrator's API token).
pub async fn metrics(State(app): State<AppState>, ctx: Ctx, api: Option<ApiUser>) -> PageResult {
    let admin = api.as_ref().is_some_and(|a| a.access.is_admin()) || ctx.is_admin();
    if !admin {
        if ctx.signed_in() {
            let who = crate::ctx::Signed::from_ctx(&ctx);
            if let Some(who) = who {
                return Err(crate::ctx::deny(&app, &who, "metrics").await);
            }
        }
        return Err(AppError::NotFound);
    }
    let body = crate::metrics::handle()
        .map(|h| h.render())
        .unwrap_or_default();
    Ok(([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], body).into_response())
}
