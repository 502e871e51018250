//! Fracture-prevention coalitions (issue 18): `/coalitions`, the public list, and
//! `/coalitions/{coalition}`, a coalition's members and activities, with its contacts for
//! signed-in users and its forms for those who may edit it. Rights and rules are decided in
//! `liaison_app::coalitions`; this file formats them. Every write answers with a redirect to
//! the coalition's page, so a reload does not post twice.

use crate::AppState;
use crate::Routes;
use crate::ctx::{Ctx, Signed, deny, html, see_other};
use crate::error::{AppError, PageResult};
use askama::Template;
use axum::extract::{Form, Path, State};
use liaison_app::ServiceError;
use liaison_app::coalitions::{self as svc, CoalitionRow};
use liaison_domain::coalitions::{
    ACTIVITY_KINDS, ActivityInput, CoalitionInput, ContactInput, MEMBER_KINDS, MEMBER_STATUSES,
    MemberInput, SCOPES,
};
use liaison_domain::org::Region;

pub fn routes(r: Routes) -> Routes {
    r.get("/coalitions", list)
        .post("/coalitions", create)
        .get("/coalitions/{coalition}", show)
        .post("/coalitions/{coalition}", update)
        .post("/coalitions/{coalition}/members", member)
        .post("/coalitions/{coalition}/contacts", contact)
        .post("/coalitions/{coalition}/activities", activity)
        .post("/coalitions/{coalition}/editors", editor)
}

/// Where a coalition works, in the reader's language.
fn area_of(ctx: &Ctx, c: &CoalitionRow) -> String {
    match c.scope.as_str() {
        "regional" => ctx.tk("region", &c.area),
        "national" => ctx.country(&c.area),
        _ => ctx.t("coalition-worldwide"),
    }
}

/// The codes of a closed list with their labels.
fn labelled(ctx: &Ctx, prefix: &str, codes: &[&'static str]) -> Vec<(&'static str, String)> {
    codes.iter().map(|c| (*c, ctx.tk(prefix, c))).collect()
}

pub struct Item {
    pub id: i64,
    pub name: String,
    pub scope: String,
    pub scope_label: String,
    pub area: String,
}

#[derive(Template)]
#[template(path = "coalitions.html")]
struct ListPage {
    ctx: Ctx,
    items: Vec<Item>,
    may_create: bool,
    /// The coalition the shared fields are prefilled with: none on the list.
    current: Option<CoalitionRow>,
    scopes: Vec<(&'static str, String)>,
    regions: Vec<(&'static str, String)>,
}

async fn list(State(app): State<AppState>, ctx: Ctx) -> PageResult {
    let who = Signed::from_ctx(&ctx);
    let items = svc::list(&app)
        .await?
        .iter()
        .map(|c| Item {
            id: c.id,
            name: c.name.clone(),
            scope: c.scope.clone(),
            scope_label: ctx.tk("coalition-scope", &c.scope),
            area: area_of(&ctx, c),
        })
        .collect();
    html(ListPage {
        items,
        may_create: who.is_some_and(|w| svc::may_create(&w.actor)),
        current: None,
        scopes: labelled(&ctx, "coalition-scope", &SCOPES),
        regions: Region::ALL
            .iter()
            .map(|r| (r.code(), ctx.tk("region", r.code())))
            .collect(),
        ctx,
    })
}

fn id_of(v: &str) -> Result<i64, AppError> {
    v.trim().parse().map_err(|_| AppError::NotFound)
}

/// A refusal of the service answered as the page does: out of reach is 404, audited.
async fn answer(app: &AppState, who: &Signed, r: Result<i64, ServiceError>) -> PageResult {
    match r {
        Err(ServiceError::NotFound) => Err(deny(app, who, "coalition").await),
        Err(e) => Err(e.into()),
        Ok(id) => Ok(see_other(&format!("/coalitions/{id}"))),
    }
}

async fn create(
    State(app): State<AppState>,
    who: Signed,
    Form(f): Form<CoalitionInput>,
) -> PageResult {
    let r = svc::create(&app, &who.actor, &f).await;
    answer(&app, &who, r).await
}

pub struct MemberView {
    pub id: i64,
    pub organisation: String,
    pub kind: String,
    pub status: String,
    pub status_code: String,
    pub invited_on: String,
    pub joined_on: String,
    pub left_on: String,
}

#[derive(Template)]
#[template(path = "coalition.html")]
struct ShowPage {
    ctx: Ctx,
    c: CoalitionRow,
    current: Option<CoalitionRow>,
    scope_label: String,
    area: String,
    members: Vec<MemberView>,
    /// Date, kind, outcome.
    activities: Vec<(String, String, String)>,
    /// Name, role, e-mail; `None` for a visitor.
    contacts: Option<Vec<(String, String, String)>>,
    may_edit: bool,
    editors: Option<Vec<String>>,
    scopes: Vec<(&'static str, String)>,
    regions: Vec<(&'static str, String)>,
    kinds: Vec<(&'static str, String)>,
    statuses: Vec<(&'static str, String)>,
    activity_kinds: Vec<(&'static str, String)>,
}

async fn show(State(app): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> PageResult {
    let id = id_of(&id)?;
    let who = Signed::from_ctx(&ctx);
    let p = svc::page(&app, who.as_ref().map(|w| &w.actor), id).await?;
    let members = p
        .members
        .iter()
        .map(|m| MemberView {
            id: m.id,
            organisation: m.organisation.clone(),
            kind: ctx.tk("coalition-kind", &m.kind),
            status: ctx.tk("coalition-status", &m.status),
            status_code: m.status.clone(),
            invited_on: ctx.tr.opt_date(&m.invited_on),
            joined_on: ctx.tr.opt_date(&m.joined_on),
            left_on: ctx.tr.opt_date(&m.left_on),
        })
        .collect();
    let activities = p
        .activities
        .iter()
        .map(|a| {
            (
                ctx.tr.date(&a.held_on),
                ctx.tk("coalition-activity", &a.kind),
                a.outcome.clone(),
            )
        })
        .collect();
    let contacts = who.as_ref().map(|_| {
        p.contacts
            .iter()
            .map(|c| (c.name.clone(), c.role_title.clone(), c.email.clone()))
            .collect()
    });
    html(ShowPage {
        scope_label: ctx.tk("coalition-scope", &p.coalition.scope),
        area: area_of(&ctx, &p.coalition),
        members,
        activities,
        contacts,
        may_edit: p.may_edit,
        editors: p
            .editors
            .map(|e| e.into_iter().map(|(_, email)| email).collect()),
        scopes: labelled(&ctx, "coalition-scope", &SCOPES),
        regions: Region::ALL
            .iter()
            .map(|r| (r.code(), ctx.tk("region", r.code())))
            .collect(),
        kinds: labelled(&ctx, "coalition-kind", &MEMBER_KINDS),
        statuses: labelled(&ctx, "coalition-status", &MEMBER_STATUSES),
        activity_kinds: labelled(&ctx, "coalition-activity", &ACTIVITY_KINDS),
        current: Some(p.coalition.clone()),
        c: p.coalition,
        ctx,
    })
}

async fn update(
    State(app): State<AppState>,
    who: Signed,
    Path(id): Path<String>,
    Form(f): Form<CoalitionInput>,
) -> PageResult {
    let id = id_of(&id)?;
    let r = svc::update(&app, &who.actor, id, &f).await.map(|()| id);
    answer(&app, &who, r).await
}

async fn member(
    State(app): State<AppState>,
    who: Signed,
    Path(id): Path<String>,
    Form(f): Form<MemberInput>,
) -> PageResult {
    let id = id_of(&id)?;
    let r = svc::save_member(&app, &who.actor, id, &f).await.map(|_| id);
    answer(&app, &who, r).await
}

async fn contact(
    State(app): State<AppState>,
    who: Signed,
    Path(id): Path<String>,
    Form(f): Form<ContactInput>,
) -> PageResult {
    let id = id_of(&id)?;
    let r = svc::add_contact(&app, &who.actor, id, &f).await.map(|_| id);
    answer(&app, &who, r).await
}

async fn activity(
    State(app): State<AppState>,
    who: Signed,
    Path(id): Path<String>,
    Form(f): Form<ActivityInput>,
) -> PageResult {
    let id = id_of(&id)?;
    let r = svc::add_activity(&app, &who.actor, id, &f)
        .await
        .map(|_| id);
    answer(&app, &who, r).await
}

#[derive(serde::Deserialize, Default)]
pub struct EditorForm {
    #[serde(default)]
    email: String,
    /// `remove` withdraws the grant; anything else grants it.
    #[serde(default)]
    action: String,
}

async fn editor(
    State(app): State<AppState>,
    who: Signed,
    Path(id): Path<String>,
    Form(f): Form<EditorForm>,
) -> PageResult {
    let id = id_of(&id)?;
    let r = svc::set_editor(&app, &who.actor, id, &f.email, f.action != "remove")
        .await
        .map(|()| id);
    answer(&app, &who, r).await
}
