//! Mentorship (issue 17): `/mentors`, the directory of certified mentors (signed in);
//! `/mentorship`, where a lead asks for a mentor, the programme pairs one from ranked
//! suggestions and keeps mentor profiles, and each user finds their pairings; and
//! `/mentorship/pairs/{pairing}`, the pair's sessions (shown in the reader's time zone) and
//! actions. Rights and rules are decided in `liaison_app::mentorship`; this file formats them.
//! Every write answers with a redirect, so a reload does not post twice.

use crate::AppState;
use crate::Routes;
use crate::ctx::{Ctx, Signed, deny, html, see_other};
use crate::error::{AppError, PageResult};
use askama::Template;
use axum::extract::{Form, Path, Query, State};
use liaison_app::ServiceError;
use liaison_app::mentorship::{self as svc, DirectoryFilter, ProfileRow};
use liaison_domain::lang::Lang;
use liaison_domain::mentorship::{
    ACTION_STATUSES, ActionInput, LEVELS, MODES, MentorInput, RequestInput, SessionInput, TOPICS,
    local,
};
use liaison_domain::programme::g2g;

pub fn routes(r: Routes) -> Routes {
    r.get("/mentors", directory)
        .get("/mentorship", hub)
        .post("/mentorship/requests", request)
        .post("/mentorship/requests/{request}/pair", pair)
        .post("/mentorship/mentors", save_mentor)
        .get("/mentorship/pairs/{pairing}", show)
        .post("/mentorship/pairs/{pairing}/sessions", session)
        .post("/mentorship/pairs/{pairing}/actions", action)
        .post("/mentorship/pairs/{pairing}/close", close)
}

/// A topic's label: a standard's number, a Getting to Gold step, funding or data.
fn topic_label(ctx: &Ctx, code: &str) -> String {
    match code.strip_prefix("bpf") {
        Some(n) => ctx.tr.ta("mentor-topic-bpf", &[("n", n.to_string())]),
        None if g2g::STEPS.contains(&code) => ctx.tk("g2g-step", code),
        None => ctx.tk("mentor-topic", code),
    }
}

fn language_name(code: &str) -> String {
    Lang::parse(code)
        .map(|l| l.native_name().to_string())
        .unwrap_or_else(|| code.to_string())
}

fn names(list: &str, f: impl Fn(&str) -> String) -> String {
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(f)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A mentor as the directory and the queue show them.
pub struct MentorView {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub languages: String,
    pub countries: String,
    pub topics: String,
    pub level: String,
    pub free: i64,
    pub availability: String,
    pub certified: String,
}

fn mentor_view(ctx: &Ctx, p: &ProfileRow) -> MentorView {
    MentorView {
        id: p.user_id,
        name: p.display_name.clone(),
        email: p.email.clone(),
        languages: names(&p.languages, language_name),
        countries: names(&p.countries, |c| ctx.country(c)),
        topics: names(&p.topics, |t| topic_label(ctx, t)),
        level: ctx.tk("mentor-level", &p.level),
        free: (p.capacity - p.paired).max(0),
        availability: p.availability.clone(),
        certified: match (&p.certified_on, &p.expires_on) {
            (Some(c), Some(e)) => format!("{} – {}", ctx.tr.date(c), ctx.tr.date(e)),
            (Some(c), None) => ctx.tr.date(c),
            _ => ctx.t("mentor-not-certified"),
        },
    }
}

fn languages() -> Vec<(&'static str, &'static str)> {
    Lang::ALL
        .iter()
        .map(|l| (l.code(), l.native_name()))
        .collect()
}

fn topics(ctx: &Ctx) -> Vec<(&'static str, String)> {
    TOPICS.iter().map(|t| (*t, topic_label(ctx, t))).collect()
}

#[derive(Template)]
#[template(path = "mentors.html")]
struct DirectoryPage {
    ctx: Ctx,
    mentors: Vec<MentorView>,
    filter: DirectoryFilter,
    languages: Vec<(&'static str, &'static str)>,
    topics: Vec<(&'static str, String)>,
}

async fn directory(
    State(app): State<AppState>,
    who: Signed,
    Query(filter): Query<DirectoryFilter>,
) -> PageResult {
    let ctx = who.ctx;
    let mentors = svc::directory(&app, &filter)
        .await?
        .iter()
        .map(|p| mentor_view(&ctx, p))
        .collect();
    html(DirectoryPage {
        mentors,
        filter,
        languages: languages(),
        topics: topics(&ctx),
        ctx,
    })
}

pub struct RequestView {
    pub id: i64,
    pub fls: String,
    pub fls_code: String,
    pub language: String,
    pub needs: String,
    pub step: String,
    pub status: String,
    pub status_code: String,
    pub created: String,
    /// Suggested mentors, best first, with why: language, country, topic.
    pub suggestions: Vec<(MentorView, bool, bool, bool)>,
}

fn request_view(ctx: &Ctx, r: &svc::RequestRow) -> RequestView {
    RequestView {
        id: r.id,
        fls: r.fls_name.clone(),
        fls_code: r.fls_code.clone(),
        language: language_name(&r.language),
        needs: r.needs.clone(),
        step: ctx.tk("g2g-step", &r.g2g_step),
        status: ctx.tk("mentorship-status", &r.status),
        status_code: r.status.clone(),
        created: ctx.tr.datetime(&r.created_at),
        suggestions: vec![],
    }
}

pub struct PairingView {
    pub id: i64,
    pub mentor: String,
    pub fls: String,
    pub status: String,
    pub status_code: String,
    pub paired: String,
}

fn pairing_view(ctx: &Ctx, p: &svc::PairingRow) -> PairingView {
    PairingView {
        id: p.id,
        mentor: p.mentor_name.clone(),
        fls: format!("{} ({})", p.fls_name, p.fls_code),
        status: ctx.tk("mentorship-status", &p.status),
        status_code: p.status.clone(),
        paired: ctx.tr.datetime(&p.paired_at),
    }
}

#[derive(Template)]
#[template(path = "mentorship.html")]
struct HubPage {
    ctx: Ctx,
    /// FLSs the reader leads, where they may ask for a mentor: code, name.
    my_fls: Vec<(String, String)>,
    my_requests: Vec<RequestView>,
    pairings: Vec<PairingView>,
    /// The programme's queue and mentor list; None for everyone else.
    queue: Option<Vec<RequestView>>,
    mentors: Option<Vec<MentorView>>,
    directory: Vec<MentorView>,
    languages: Vec<(&'static str, &'static str)>,
    steps: Vec<(&'static str, String)>,
    levels: Vec<(&'static str, String)>,
}

async fn hub(State(app): State<AppState>, who: Signed) -> PageResult {
    let ctx = who.ctx.clone();
    let actor = &who.actor;
    let my_fls = if actor.access.is_admin() {
        vec![]
    } else {
        liaison_app::orgs::list_fls(&app, &actor.access.manage_fls_users)
            .await?
            .into_iter()
            .map(|f| (f.code, f.name))
            .collect()
    };
    let my_requests = if my_fls.is_empty() {
        vec![]
    } else {
        svc::my_requests(&app, actor)
            .await?
            .iter()
            .map(|r| request_view(&ctx, r))
            .collect()
    };
    let pairings = svc::pairings(&app, actor)
        .await?
        .iter()
        .map(|p| pairing_view(&ctx, p))
        .collect();
    let (queue, mentors) = if svc::is_programme(actor) {
        let q = svc::open_requests(&app, actor)
            .await?
            .iter()
            .map(|o| RequestView {
                suggestions: o
                    .suggestions
                    .iter()
                    .map(|(s, p)| (mentor_view(&ctx, p), s.language, s.country, s.topic))
                    .collect(),
                ..request_view(&ctx, &o.request)
            })
            .collect();
        let m = svc::profiles(&app, actor)
            .await?
            .iter()
            .map(|p| mentor_view(&ctx, p))
            .collect();
        (Some(q), Some(m))
    } else {
        (None, None)
    };
    let directory = svc::directory(&app, &DirectoryFilter::default())
        .await?
        .iter()
        .map(|p| mentor_view(&ctx, p))
        .collect();
    html(HubPage {
        my_fls,
        my_requests,
        pairings,
        queue,
        mentors,
        directory,
        languages: languages(),
        steps: g2g::STEPS
            .iter()
            .map(|s| (*s, ctx.tk("g2g-step", s)))
            .collect(),
        levels: LEVELS
            .iter()
            .map(|l| (*l, ctx.tk("mentor-level", l)))
            .collect(),
        ctx,
    })
}

fn id_of(v: &str) -> Result<i64, AppError> {
    v.trim().parse().map_err(|_| AppError::NotFound)
}

/// A refusal of the service answered as the page does: out of reach is 404, audited.
async fn answer(app: &AppState, who: &Signed, r: Result<String, ServiceError>) -> PageResult {
    match r {
        Err(ServiceError::NotFound) => Err(deny(app, who, "mentorship").await),
        Err(e) => Err(e.into()),
        Ok(to) => Ok(see_other(&to)),
    }
}

#[derive(serde::Deserialize, Default)]
pub struct RequestForm {
    #[serde(default)]
    fls: String,
    #[serde(flatten)]
    input: RequestInput,
}

async fn request(
    State(app): State<AppState>,
    who: Signed,
    Form(f): Form<RequestForm>,
) -> PageResult {
    let fls =
        liaison_app::orgs::fls_by_code(&app, &who.actor.access.manage_fls_users, f.fls.trim())
            .await?;
    let leads = &who.actor.access.manage_fls_users;
    let r = match fls {
        // A lead who names no FLS of theirs is told so; anyone else finds nothing here.
        None if !leads.is_empty() => Err(ServiceError::Invalid(
            liaison_domain::error::FieldError::new("fls", f.fls.trim(), "fls_unknown").into(),
        )),
        None => Err(ServiceError::NotFound),
        Some(fls) => svc::request(&app, &who.actor, fls.id, &f.input)
            .await
            .map(|_| "/mentorship".to_string()),
    };
    answer(&app, &who, r).await
}

#[derive(serde::Deserialize, Default)]
pub struct PairForm {
    #[serde(default)]
    mentor: String,
}

async fn pair(
    State(app): State<AppState>,
    who: Signed,
    Path(id): Path<String>,
    Form(f): Form<PairForm>,
) -> PageResult {
    let id = id_of(&id)?;
    let mentor = f.mentor.trim().parse::<i64>().unwrap_or(0);
    let r = svc::pair(&app, &who.actor, id, mentor)
        .await
        .map(|p| format!("/mentorship/pairs/{p}"));
    answer(&app, &who, r).await
}

async fn save_mentor(
    State(app): State<AppState>,
    who: Signed,
    Form(f): Form<MentorInput>,
) -> PageResult {
    let r = svc::save_profile(&app, &who.actor, &f)
        .await
        .map(|_| "/mentorship".to_string());
    answer(&app, &who, r).await
}

pub struct SessionView {
    /// In the reader's zone.
    pub when: String,
    /// As it was given: local time and zone.
    pub given: String,
    pub mode: String,
    pub notes: String,
    pub upcoming: bool,
}

#[derive(Template)]
#[template(path = "mentorship_pair.html")]
struct PairPage {
    ctx: Ctx,
    p: PairingView,
    fls_code: String,
    mentor_email: String,
    zone: String,
    zone_note: String,
    sessions: Vec<SessionView>,
    /// id, title, owner, due, status label, status code.
    actions: Vec<(i64, String, String, String, String, String)>,
    may_edit: bool,
    may_close: bool,
    /// Links to the FLS's pages, only while they answer (a closed pairing's mentor loses them).
    show_links: bool,
    modes: Vec<(&'static str, String)>,
    statuses: Vec<(&'static str, String)>,
    kpi_link: &'static str,
}

fn when(ctx: &Ctx, at: time::OffsetDateTime, zone: &str) -> String {
    let l = local(at, zone);
    format!(
        "{} {:02}:{:02} ({zone}, UTC{})",
        ctx.tr.date(&l.date),
        l.hour,
        l.minute,
        l.offset
    )
}

async fn show(State(app): State<AppState>, who: Signed, Path(id): Path<String>) -> PageResult {
    let id = id_of(&id)?;
    let page = match svc::page(&app, &who.actor, id).await {
        Err(ServiceError::NotFound) => return Err(deny(&app, &who, "mentorship").await),
        r => r?,
    };
    let ctx = who.ctx.clone();
    let zone = svc::zone_of(&app, who.actor.user_id).await?;
    let now = app.now();
    let sessions = page
        .sessions
        .iter()
        .map(|s| SessionView {
            when: when(&ctx, s.starts_at, &zone),
            given: when(&ctx, s.starts_at, &s.time_zone),
            mode: ctx.tk("mentorship-mode", &s.mode),
            notes: s.notes.clone(),
            upcoming: s.starts_at >= now,
        })
        .collect();
    let actions = page
        .actions
        .iter()
        .map(|a| {
            (
                a.id,
                a.title.clone(),
                a.owner.clone(),
                ctx.tr.opt_date(&a.due_on),
                ctx.tk("mentorship-action", &a.status),
                a.status.clone(),
            )
        })
        .collect();
    html(PairPage {
        p: pairing_view(&ctx, &page.pairing),
        fls_code: page.pairing.fls_code.clone(),
        mentor_email: page.pairing.mentor_email.clone(),
        zone_note: ctx.tr.ta("mentorship-zone-note", &[("zone", zone.clone())]),
        zone,
        sessions,
        actions,
        show_links: page.may_edit || svc::is_programme(&who.actor),
        may_edit: page.may_edit,
        may_close: page.may_close,
        modes: MODES
            .iter()
            .map(|m| (*m, ctx.tk("mentorship-mode", m)))
            .collect(),
        statuses: ACTION_STATUSES
            .iter()
            .map(|s| (*s, ctx.tk("mentorship-action", s)))
            .collect(),
        kpi_link: "kpi3_assessment_12w",
        ctx,
    })
}

async fn session(
    State(app): State<AppState>,
    who: Signed,
    Path(id): Path<String>,
    Form(f): Form<SessionInput>,
) -> PageResult {
    let id = id_of(&id)?;
    let r = svc::add_session(&app, &who.actor, id, &f)
        .await
        .map(|_| format!("/mentorship/pairs/{id}"));
    answer(&app, &who, r).await
}

async fn action(
    State(app): State<AppState>,
    who: Signed,
    Path(id): Path<String>,
    Form(f): Form<ActionInput>,
) -> PageResult {
    let id = id_of(&id)?;
    let r = svc::save_action(&app, &who.actor, id, &f)
        .await
        .map(|_| format!("/mentorship/pairs/{id}"));
    answer(&app, &who, r).await
}

async fn close(State(app): State<AppState>, who: Signed, Path(id): Path<String>) -> PageResult {
    let id = id_of(&id)?;
    let r = svc::close(&app, &who.actor, id)
        .await
        .map(|()| format!("/mentorship/pairs/{id}"));
    answer(&app, &who, r).await
}
