//! Getting to Gold: an FLS's milestones.

use super::*;
use crate::AppState;
use crate::ctx::{Ctx, Signed, deny, html, see_other};
use crate::error::PageResult;
use crate::pages::{FormErrors, form_pairs, notice};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use liaison_app::ServiceError;
use liaison_app::audit::AuditRow;
use liaison_app::orgs::FlsRow;
use liaison_app::programme::MilestoneRow;
use liaison_app::programme::{self as svc};
use liaison_domain::programme::g2g::{self, MilestoneInput};
use serde::Deserialize;

// ---- Getting to Gold ----

struct MilestoneView {
    m: MilestoneRow,
    due: String,
    status: String,
    overdue: bool,
}

struct StepView {
    n: i64,
    name: String,
    current: bool,
    milestones: Vec<MilestoneView>,
}

#[derive(Template)]
#[template(path = "programme_g2g.html")]
struct G2gPage {
    ctx: Ctx,
    /// The page's own address: forms post back to it.
    base: String,
    heading: String,
    links: Vec<(String, String)>,
    step: i64,
    steps: Vec<StepView>,
    can_edit: bool,
    statuses: Vec<(&'static str, String)>,
    form: MilestoneInput,
    form_id: i64,
    errors: FormErrors,
    notice: Option<String>,
    history: Vec<crate::pages::history::Entry>,
}

/// The plan's history, field by field, with the plan page's own labels (issue 12).
fn g2g_history(ctx: &Ctx, rows: &[AuditRow]) -> Vec<crate::pages::history::Entry> {
    let label = |path: &str| {
        let key = match path {
            "step" => "g2g-step",
            "title" => "g2g-milestone",
            "owner" => "g2g-owner",
            "due_date" => "g2g-due",
            "status" => "g2g-status",
            "evidence" => "g2g-evidence",
            "evidence_url" => "g2g-evidence-url",
            // Bookkeeping, not something a person changed.
            "id" | "plan_id" | "fls_id" | "country" | "updated_at" => return String::new(),
            other => return other.to_string(),
        };
        ctx.t(key)
    };
    let value = |path: &str, v: &serde_json::Value| {
        let raw = crate::pages::history::plain(ctx, v);
        match path {
            "status" => ctx.tk("g2g-status", &raw),
            "step" => g2g::STEPS
                .get(raw.parse::<usize>().unwrap_or(0).wrapping_sub(1))
                .map_or(raw.clone(), |c| ctx.tk("g2g-step", c)),
            _ => raw,
        }
    };
    crate::pages::history::entries(ctx, rows, label, value)
}

/// Whose plan a page shows.
enum Whose {
    Fls(Box<FlsRow>),
    Country(String),
}

impl Whose {
    fn target(&self) -> svc::Target<'_> {
        match self {
            Whose::Fls(f) => svc::Target::Fls(f),
            Whose::Country(c) => svc::Target::Country(c),
        }
    }
    fn base(&self) -> String {
        match self {
            Whose::Fls(f) => format!("/fls/{}/g2g", f.code),
            Whose::Country(c) => format!("/g2g/country/{c}"),
        }
    }
}

async fn g2g_page(
    app: &AppState,
    who: Signed,
    whose: Whose,
    form: Option<(i64, MilestoneInput)>,
    errors: FormErrors,
    notice_key: Option<String>,
) -> PageResult {
    let target = whose.target();
    let plan = match svc::plan(app, &who.actor, target).await {
        Err(ServiceError::NotFound) => return Err(deny(app, &who, "g2g_plan").await),
        r => r?,
    };
    let step = plan.plan.as_ref().map(|p| p.step).unwrap_or(0);
    let today = match &whose {
        Whose::Fls(f) => liaison_app::episodes::today_in(app.now(), &f.time_zone),
        Whose::Country(_) => app.now().date(),
    };
    let ctx = &who.ctx;
    let steps = g2g::STEPS
        .iter()
        .enumerate()
        .map(|(i, code)| {
            let n = i as i64 + 1;
            StepView {
                n,
                name: ctx.tk("g2g-step", code),
                current: n == step,
                milestones: plan
                    .milestones
                    .iter()
                    .filter(|m| m.step == n)
                    .map(|m| MilestoneView {
                        due: ctx.tr.opt_date(&m.due_date),
                        status: ctx.tk("g2g-status", &m.status),
                        overdue: m.status != "done" && m.due_date.is_some_and(|d| d < today),
                        m: m.clone(),
                    })
                    .collect(),
            }
        })
        .collect();
    let statuses = g2g::STATUSES
        .iter()
        .map(|s| (*s, ctx.tk("g2g-status", s)))
        .collect();
    let can_edit = match &whose {
        Whose::Fls(f) => svc::can_edit_plan(&who.s.access, f.id),
        Whose::Country(c) => svc::country_rights(app, &who.actor, c).await?.1,
    };
    let history = g2g_history(ctx, &svc::plan_history(app, target).await?);
    let (heading, links) = match &whose {
        Whose::Fls(f) => (
            f.name.clone(),
            vec![
                (format!("/fls/{}", f.code), f.name.clone()),
                (format!("/fls/{}/bpf", f.code), ctx.t("bpf-title")),
                (
                    format!("/g2g/country/{}", f.country),
                    ctx.country(&f.country),
                ),
            ],
        ),
        Whose::Country(c) => (
            ctx.country(c),
            vec![(format!("/g2g?country={c}"), ctx.t("g2g-overview-title"))],
        ),
    };
    let failed = !errors.is_empty();
    let notice = notice(ctx, notice_key.as_ref());
    let (form_id, form) = form.unwrap_or((
        0,
        MilestoneInput {
            step: step.max(1).to_string(),
            status: "planned".into(),
            ..Default::default()
        },
    ));
    let base = whose.base();
    let mut res = html(G2gPage {
        ctx: who.ctx,
        base,
        heading,
        links,
        step,
        steps,
        can_edit,
        statuses,
        form,
        form_id,
        errors,
        notice,
        history,
    })?;
    if failed {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
}

pub async fn g2g_show(
    State(app): State<AppState>,
    who: Signed,
    Path(code): Path<String>,
    Query(q): Query<NoticeQuery>,
) -> PageResult {
    let f = visible(&app, &who, &code).await?;
    g2g_page(
        &app,
        who,
        Whose::Fls(Box::new(f)),
        None,
        FormErrors::default(),
        q.notice,
    )
    .await
}

pub async fn g2g_country_show(
    State(app): State<AppState>,
    who: Signed,
    Path(country): Path<String>,
    Query(q): Query<NoticeQuery>,
) -> PageResult {
    let c = Whose::Country(country.to_uppercase());
    g2g_page(&app, who, c, None, FormErrors::default(), q.notice).await
}

pub async fn g2g_save(
    State(app): State<AppState>,
    who: Signed,
    Path(code): Path<String>,
    body: Bytes,
) -> PageResult {
    let f = visible(&app, &who, &code).await?;
    if !svc::can_edit_plan(&who.s.access, f.id) {
        return Err(deny(&app, &who, "g2g_plan").await);
    }
    g2g_post(&app, who, Whose::Fls(Box::new(f)), &body).await
}

pub async fn g2g_country_save(
    State(app): State<AppState>,
    who: Signed,
    Path(country): Path<String>,
    body: Bytes,
) -> PageResult {
    let country = country.to_uppercase();
    if !svc::country_rights(&app, &who.actor, &country).await?.1 {
        return Err(deny(&app, &who, "g2g_plan").await);
    }
    g2g_post(&app, who, Whose::Country(country), &body).await
}

async fn g2g_post(app: &AppState, who: Signed, whose: Whose, body: &Bytes) -> PageResult {
    let m = pairs_map(&form_pairs(body));
    let get = |k: &str| m.get(k).cloned().unwrap_or_default();
    let back = format!("{}?notice=saved", whose.base());
    if get("what") == "step" {
        return match svc::set_step(app, &who.actor, whose.target(), &get("step")).await {
            Ok(_) => Ok(see_other(&back)),
            Err(ServiceError::Invalid(inv)) => {
                let errors = FormErrors::from_invalid(&who.ctx.tr, &inv);
                g2g_page(app, who, whose, None, errors, None).await
            }
            Err(e) => Err(e.into()),
        };
    }
    let input = MilestoneInput {
        step: get("step"),
        title: get("title"),
        owner: get("owner"),
        due_date: get("due_date"),
        status: get("status"),
        evidence: get("evidence"),
        evidence_url: get("evidence_url"),
    };
    let id = get("id").parse::<i64>().ok().filter(|i| *i > 0);
    match svc::save_milestone(app, &who.actor, whose.target(), id, &input).await {
        Ok(_) => Ok(see_other(&back)),
        Err(ServiceError::Invalid(inv)) => {
            let errors = FormErrors::from_invalid(&who.ctx.tr, &inv);
            g2g_page(
                app,
                who,
                whose,
                Some((id.unwrap_or(0), input)),
                errors,
                None,
            )
            .await
        }
        Err(ServiceError::NotFound) => Err(deny(app, &who, "g2g_milestone").await),
        Err(e) => Err(e.into()),
    }
}

struct OverviewStep {
    name: String,
    rows: Vec<svc::OverviewRow>,
}

#[derive(Template)]
#[template(path = "programme_g2g_overview.html")]
struct OverviewPage {
    ctx: Ctx,
    steps: Vec<OverviewStep>,
    country: String,
    countries: Vec<(String, String)>,
    can_review: bool,
    /// Country plans the user may read: (code, name, step name).
    country_plans: Vec<(String, String, String)>,
}

#[derive(Deserialize, Default)]
pub struct OverviewQuery {
    #[serde(default)]
    country: String,
}

pub async fn g2g_overview(
    State(app): State<AppState>,
    who: Signed,
    Query(q): Query<OverviewQuery>,
) -> PageResult {
    let rows = svc::overview(&app, &who.actor).await?;
    let mut countries: Vec<(String, String)> = rows
        .iter()
        .map(|r| (r.fls.country.clone(), who.ctx.country(&r.fls.country)))
        .collect();
    countries.sort();
    countries.dedup();
    let country_plans = svc::country_plans(&app, &who.actor)
        .await?
        .into_iter()
        .filter_map(|p| {
            let c = p.country?;
            let step = g2g::step_code(p.step)
                .map(|s| who.ctx.tk("g2g-step", s))
                .unwrap_or_default();
            Some((c.clone(), who.ctx.country(&c), step))
        })
        .collect();
    let country = q.country.trim().to_uppercase();
    let mut steps: Vec<OverviewStep> = std::iter::once(who.ctx.t("g2g-not-started"))
        .chain(g2g::STEPS.iter().map(|c| who.ctx.tk("g2g-step", c)))
        .map(|name| OverviewStep { name, rows: vec![] })
        .collect();
    for r in rows {
        if !country.is_empty() && r.fls.country != country {
            continue;
        }
        let i = r.step.unwrap_or(0).clamp(0, 4) as usize;
        steps[i].rows.push(r);
    }
    let can_review = svc::can_review(&who.s.access);
    html(OverviewPage {
        ctx: who.ctx,
        steps,
        country,
        countries,
        can_review,
        country_plans,
    })
}
