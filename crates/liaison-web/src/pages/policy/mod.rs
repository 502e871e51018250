//! The policy tracker (issue 18): `/policy`, the public world map of published status by
//! country with its data table, and `/policy/{country}`, a country's status items and their
//! history, with its stakeholders, roundtables and actions for those who work on it. Rights and
//! rules are decided in `liaison_app::policy`; this file formats them. Every write answers with
//! a redirect to the country's page, so a reload does not post twice.

pub(crate) mod api;

use crate::AppState;
use crate::Routes;
use crate::ctx::{Ctx, Signed, deny, html, see_other};
use crate::error::PageResult;
use crate::pages::programme::map::{RegionLabel, grid};
use askama::Template;
use axum::extract::{Form, Path, Query, State};
use liaison_app::ServiceError;
use liaison_app::policy::{self as svc, ItemRow};
use liaison_domain::policy::{
    ACTION_STATUSES, ActionInput, ITEMS, ROUNDTABLE_STATUSES, RoundtableInput, STANCES, STATES,
    StakeholderInput, StatusInput, yes_count,
};

pub fn routes(r: Routes) -> Routes {
    r.get("/policy", list)
        .get("/policy/{country}", show)
        .post("/policy/{country}/status", status)
        .post("/policy/{country}/stakeholders", stakeholder)
        .post("/policy/{country}/roundtables", roundtable)
        .post("/policy/{country}/actions", action)
        .get("/api/v1/policy", api::api_policy)
        .get("/api/v1/policy/{country}", api::api_country)
        .get("/api/v1/coalitions", api::api_coalitions)
        .get("/api/v1/coalitions/{coalition}", api::api_coalition)
        .get("/api/v1/coalitions/{coalition}/contacts", api::api_contacts)
}

/// The codes of a closed list with their labels.
fn labelled(ctx: &Ctx, prefix: &str, codes: &[&'static str]) -> Vec<(&'static str, String)> {
    codes.iter().map(|c| (*c, ctx.tk(prefix, c))).collect()
}

struct Tile {
    x: i64,
    y: i64,
    code: String,
    /// `pol-0` .. `pol-5`, or `lvl-none` for a country without a published item.
    class: String,
    /// Countries with a published item are links to their page.
    linked: bool,
    label: String,
}

/// One row of the data table under the map.
struct CountryRow {
    code: String,
    name: String,
    yes: usize,
    /// Each item's state label, in `ITEMS` order ("" when not published).
    states: Vec<String>,
}

#[derive(Template)]
#[template(path = "policy.html")]
struct ListPage {
    ctx: Ctx,
    width: i64,
    height: i64,
    tiles: Vec<Tile>,
    labels: Vec<RegionLabel>,
    rows: Vec<CountryRow>,
    items: Vec<(&'static str, String)>,
    countries: Vec<(String, String)>,
}

#[derive(serde::Deserialize, Default)]
struct ListQuery {
    /// The country chooser's answer (a form without JavaScript).
    #[serde(default)]
    country: String,
}

async fn list(State(app): State<AppState>, ctx: Ctx, Query(q): Query<ListQuery>) -> PageResult {
    if !q.country.trim().is_empty() {
        let c = q.country.trim().to_ascii_uppercase();
        if c.len() == 2 && c.chars().all(|x| x.is_ascii_alphabetic()) {
            return Ok(see_other(&format!("/policy/{c}")));
        }
    }
    let published = svc::published(&app).await?;
    let all = liaison_app::orgs::countries(&app).await?;
    let g = grid(&ctx, &all);
    let mut rows: Vec<CountryRow> = Vec::new();
    for (code, _) in &all {
        let here: Vec<&ItemRow> = published.iter().filter(|i| &i.country == code).collect();
        if here.is_empty() {
            continue;
        }
        rows.push(CountryRow {
            code: code.clone(),
            name: ctx.country(code),
            yes: yes_count(here.iter().map(|i| i.state.as_str())),
            states: ITEMS
                .iter()
                .map(|it| {
                    here.iter()
                        .find(|i| i.item == *it)
                        .map(|i| ctx.tk("policy-state", &i.state))
                        .unwrap_or_default()
                })
                .collect(),
        });
    }
    rows.sort_by(|a, b| a.name.cmp(&b.name));
    let tiles = g
        .places
        .into_iter()
        .map(|p| {
            let row = rows.iter().find(|r| r.code == p.code);
            let name = ctx.country(&p.code);
            Tile {
                x: p.x,
                y: p.y,
                class: row.map_or("lvl-none".into(), |r| format!("pol-{}", r.yes)),
                linked: row.is_some(),
                label: match row {
                    Some(r) => ctx.tr.ta(
                        "policy-map-label",
                        &[("country", name), ("count", r.yes.to_string())],
                    ),
                    None => name,
                },
                code: p.code,
            }
        })
        .collect();
    let mut countries: Vec<(String, String)> = all
        .iter()
        .map(|(c, _)| (c.clone(), ctx.country(c)))
        .collect();
    countries.sort_by(|a, b| a.1.cmp(&b.1));
    html(ListPage {
        width: g.width,
        height: g.height,
        tiles,
        labels: g.labels,
        rows,
        items: labelled(&ctx, "policy-item", &ITEMS),
        countries,
        ctx,
    })
}

struct ItemView {
    code: &'static str,
    label: String,
    state: String,
    state_code: String,
    as_of: String,
    source_text: String,
    source_url: String,
    published: bool,
}

struct VersionView {
    item: String,
    state: String,
    as_of: String,
    source_text: String,
    source_url: String,
    published: bool,
    by: String,
    at: String,
}

struct RoundtableView {
    id: i64,
    held_on: String,
    held_on_iso: String,
    status: String,
    status_code: String,
    subject: String,
    participants: String,
    agenda: String,
    outcomes: String,
    documents: Vec<String>,
}

struct ActionView {
    id: i64,
    subject: String,
    owner: String,
    due_on: String,
    status: String,
    status_code: String,
}

#[derive(Template)]
#[template(path = "policy_country.html")]
struct ShowPage {
    ctx: Ctx,
    code: String,
    name: String,
    items: Vec<ItemView>,
    history: Vec<VersionView>,
    /// Stakeholders (id, organisation, role, stance), roundtables and actions: `None` for a
    /// reader who does not work on the country.
    stakeholders: Option<Vec<(i64, String, String, String)>>,
    roundtables: Vec<RoundtableView>,
    actions: Vec<ActionView>,
    may_edit: bool,
    item_codes: Vec<(&'static str, String)>,
    states: Vec<(&'static str, String)>,
    stances: Vec<(&'static str, String)>,
    roundtable_statuses: Vec<(&'static str, String)>,
    action_statuses: Vec<(&'static str, String)>,
}

async fn show(State(app): State<AppState>, ctx: Ctx, Path(country): Path<String>) -> PageResult {
    let who = Signed::from_ctx(&ctx);
    let p = svc::page(&app, who.as_ref().map(|w| &w.actor), &country).await?;
    let items = ITEMS
        .iter()
        .map(|it| {
            let row = p.items.iter().find(|i| i.item == *it);
            ItemView {
                code: it,
                label: ctx.tk("policy-item", it),
                state: row.map_or(ctx.t("policy-not-recorded"), |r| {
                    ctx.tk("policy-state", &r.state)
                }),
                state_code: row.map_or("none".into(), |r| r.state.clone()),
                as_of: row.map(|r| ctx.tr.date(&r.as_of)).unwrap_or_default(),
                source_text: row.map(|r| r.source_text.clone()).unwrap_or_default(),
                source_url: row.map(|r| r.source_url.clone()).unwrap_or_default(),
                published: row.is_some_and(|r| r.published),
            }
        })
        .collect();
    let history = p
        .history
        .iter()
        .map(|(item, v)| VersionView {
            item: ctx.tk("policy-item", item),
            state: ctx.tk("policy-state", &v.state),
            as_of: ctx.tr.date(&v.as_of),
            source_text: v.source_text.clone(),
            source_url: v.source_url.clone(),
            published: v.published,
            by: v.changed_by.clone(),
            at: ctx.tr.date(&v.changed_at.date()),
        })
        .collect();
    let may_edit = p.work.is_some();
    let (stakeholders, roundtables, actions) = match p.work {
        None => (None, vec![], vec![]),
        Some(w) => (
            Some(
                w.stakeholders
                    .iter()
                    .map(|s| {
                        (
                            s.id,
                            s.organisation.clone(),
                            s.role_title.clone(),
                            ctx.tk("policy-stance", &s.stance),
                        )
                    })
                    .collect(),
            ),
            w.roundtables
                .iter()
                .map(|r| RoundtableView {
                    id: r.id,
                    held_on: ctx.tr.date(&r.held_on),
                    held_on_iso: r.held_on.to_string(),
                    status: ctx.tk("policy-roundtable", &r.status),
                    status_code: r.status.clone(),
                    subject: r.subject.clone(),
                    participants: r.participants.clone(),
                    agenda: r.agenda.clone(),
                    outcomes: r.outcomes.clone(),
                    documents: r.documents.lines().map(str::to_string).collect(),
                })
                .collect(),
            w.actions
                .iter()
                .map(|a| ActionView {
                    id: a.id,
                    subject: a.subject.clone(),
                    owner: a.owner.clone(),
                    due_on: ctx.tr.opt_date(&a.due_on),
                    status: ctx.tk("policy-action", &a.status),
                    status_code: a.status.clone(),
                })
                .collect(),
        ),
    };
    html(ShowPage {
        name: ctx.country(&p.country),
        code: p.country,
        items,
        history,
        stakeholders,
        roundtables,
        actions,
        may_edit,
        item_codes: labelled(&ctx, "policy-item", &ITEMS),
        states: labelled(&ctx, "policy-state", &STATES),
        stances: labelled(&ctx, "policy-stance", &STANCES),
        roundtable_statuses: labelled(&ctx, "policy-roundtable", &ROUNDTABLE_STATUSES),
        action_statuses: labelled(&ctx, "policy-action", &ACTION_STATUSES),
        ctx,
    })
}

/// A refusal of the service answered as the page does: out of reach is 404, audited.
async fn answer(
    app: &AppState,
    who: &Signed,
    country: &str,
    r: Result<i64, ServiceError>,
) -> PageResult {
    match r {
        Err(ServiceError::NotFound) => Err(deny(app, who, "policy").await),
        Err(e) => Err(e.into()),
        Ok(_) => Ok(see_other(&format!(
            "/policy/{}",
            country.trim().to_ascii_uppercase()
        ))),
    }
}

async fn status(
    State(app): State<AppState>,
    who: Signed,
    Path(country): Path<String>,
    Form(f): Form<StatusInput>,
) -> PageResult {
    let r = svc::save_status(&app, &who.actor, &country, &f).await;
    answer(&app, &who, &country, r).await
}

async fn stakeholder(
    State(app): State<AppState>,
    who: Signed,
    Path(country): Path<String>,
    Form(f): Form<StakeholderInput>,
) -> PageResult {
    let r = svc::save_stakeholder(&app, &who.actor, &country, &f).await;
    answer(&app, &who, &country, r).await
}

async fn roundtable(
    State(app): State<AppState>,
    who: Signed,
    Path(country): Path<String>,
    Form(f): Form<RoundtableInput>,
) -> PageResult {
    let r = svc::save_roundtable(&app, &who.actor, &country, &f).await;
    answer(&app, &who, &country, r).await
}

async fn action(
    State(app): State<AppState>,
    who: Signed,
    Path(country): Path<String>,
    Form(f): Form<ActionInput>,
) -> PageResult {
    let r = svc::save_action(&app, &who.actor, &country, &f).await;
    answer(&app, &who, &country, r).await
}
