//! Webinars and workshops (issue 17): `/events` (upcoming and past; visitors see public ones),
//! `/events/{event}` (register, cancel, the `.ics`; for organisers the edit form, the attendee
//! list with attendance, CSV and XLSX), `/events/registration/{token}` (the confirmation a
//! registrant, visitor or not, keeps: its `.ics` and the cancel button), `/events/report`
//! (people trained per event and country). Rights and rules are `liaison_app::events`'s; times
//! are shown in the signed-in reader's zone, to a visitor in the event's, the zone named.

use crate::AppState;
use crate::Routes;
use crate::ctx::{Ctx, Signed, deny, html, see_other};
use crate::error::{AppError, PageResult};
use askama::Template;
use axum::extract::{Form, Path, State};
use axum::http::header;
use axum::response::IntoResponse;
use liaison_app::ServiceError;
use liaison_app::events::{self as svc, EventView, Registrant};
use liaison_domain::error::FieldError;
use liaison_domain::events::{
    AUDIENCES, EventInput, KINDS, MODES, SPOKEN, TextInput, VisitorInput, wall_time,
};
use liaison_domain::lang::Lang;
use std::collections::HashMap;

pub fn routes(r: Routes) -> Routes {
    r.get("/events", list)
        .post("/events", create)
        .get("/events/report", report)
        .get("/events/registration/{token}", registration)
        .post("/events/registration/{token}/cancel", cancel_by_token)
        .get(
            "/events/registration/{token}/calendar.ics",
            calendar_by_token,
        )
        .get("/events/{event}", show)
        .post("/events/{event}", update)
        .post("/events/{event}/register", register)
        .post("/events/{event}/cancel", cancel)
        .get("/events/{event}/calendar.ics", calendar)
        .post("/events/{event}/attendance", attendance)
        .get("/events/{event}/attendees.csv", attendees_csv)
        .get("/events/{event}/attendees.xlsx", attendees_xlsx)
}

fn id_of(v: &str) -> Result<i64, AppError> {
    v.trim().parse().map_err(|_| AppError::NotFound)
}

/// The zone the reader sees times in: their own when they chose one, else the event's.
async fn reader_zone(app: &AppState, who: Option<&Signed>) -> Option<String> {
    let w = who?;
    let s = liaison_app::notify::settings(app, &w.actor).await.ok()?;
    s.prefs.map(|p| p.time_zone).filter(|z| !z.is_empty())
}

/// `27 March 2026, 06:00–07:30 (America/Sao_Paulo, UTC-03:00)`.
fn when(ctx: &Ctx, e: &liaison_app::events::EventRow, zone: Option<&str>) -> String {
    let z = zone.unwrap_or(&e.time_zone);
    let s = wall_time(e.starts_at, z);
    let end = wall_time(e.ends_at, z);
    let end_text = if end.date == s.date {
        end.clock()
    } else {
        format!("{} {}", ctx.tr.date(&end.date), end.clock())
    };
    format!(
        "{}, {}–{} ({}, UTC{})",
        ctx.tr.date(&s.date),
        s.clock(),
        end_text,
        s.zone,
        s.offset()
    )
}

pub struct Item {
    pub id: i64,
    pub title: String,
    pub kind: String,
    pub when: String,
    pub language: String,
    pub place: String,
}

#[derive(Template)]
#[template(path = "events.html")]
struct ListPage {
    ctx: Ctx,
    upcoming: Vec<Item>,
    past: Vec<Item>,
    may_organise: bool,
    f: Fields,
    choices: Choices,
}

fn item(ctx: &Ctx, v: &EventView, zone: Option<&str>) -> Item {
    Item {
        id: v.event.id,
        title: v.title(ctx.lang_code()),
        kind: ctx.tk("event-kind", &v.event.kind),
        when: when(ctx, &v.event, zone),
        language: ctx.tk("event-lang", &v.event.spoken_language),
        place: if v.event.mode == "online" {
            ctx.t("event-online")
        } else {
            format!("{}, {}", v.event.venue, v.event.city)
        },
    }
}

async fn list(State(app): State<AppState>, ctx: Ctx) -> PageResult {
    let who = Signed::from_ctx(&ctx);
    let zone = reader_zone(&app, who.as_ref()).await;
    let now = app.now();
    let (mut upcoming, mut past) = (Vec::new(), Vec::new());
    for v in svc::list(&app, who.as_ref().map(|w| &w.actor)).await? {
        let i = item(&ctx, &v, zone.as_deref());
        if v.event.ends_at < now {
            past.push(i);
        } else {
            upcoming.push(i);
        }
    }
    past.reverse();
    html(ListPage {
        may_organise: who.as_ref().is_some_and(|w| svc::may_organise(&w.actor)),
        f: Fields::blank(),
        choices: Choices::new(&ctx),
        upcoming,
        past,
        ctx,
    })
}

/// The closed lists of the organiser's form, with their labels.
pub struct Choices {
    pub kinds: Vec<(&'static str, String)>,
    pub modes: Vec<(&'static str, String)>,
    pub audiences: Vec<(&'static str, String)>,
    pub spoken: Vec<(&'static str, String)>,
}

impl Choices {
    fn new(ctx: &Ctx) -> Choices {
        let l = |p: &str, all: &[&'static str]| all.iter().map(|c| (*c, ctx.tk(p, c))).collect();
        Choices {
            kinds: l("event-kind", &KINDS),
            modes: l("event-mode", &MODES),
            audiences: l("event-audience", &AUDIENCES),
            spoken: l("event-lang", &SPOKEN),
        }
    }
}

/// The organiser's form's values: blank, or an event's.
pub struct Fields {
    pub kind: String,
    pub mode: String,
    pub spoken_language: String,
    pub time_zone: String,
    pub starts: String,
    pub ends: String,
    pub deadline: String,
    pub online_url: String,
    pub venue: String,
    pub city: String,
    pub capacity: String,
    pub audience: String,
    pub public: bool,
    pub materials: String,
    pub recording_url: String,
    /// (language code, native name, title, description) for every interface language.
    pub texts: Vec<(&'static str, &'static str, String, String)>,
}

impl Fields {
    fn blank() -> Fields {
        Fields {
            kind: "webinar".into(),
            mode: "online".into(),
            spoken_language: "en".into(),
            time_zone: "UTC".into(),
            starts: String::new(),
            ends: String::new(),
            deadline: String::new(),
            online_url: String::new(),
            venue: String::new(),
            city: String::new(),
            capacity: "100".into(),
            audience: "everyone".into(),
            public: true,
            materials: String::new(),
            recording_url: String::new(),
            texts: Lang::ALL
                .iter()
                .map(|l| (l.code(), l.native_name(), String::new(), String::new()))
                .collect(),
        }
    }

    fn of(v: &EventView) -> Fields {
        let e = &v.event;
        let local = |t| wall_time(t, &e.time_zone).input();
        Fields {
            kind: e.kind.clone(),
            mode: e.mode.clone(),
            spoken_language: e.spoken_language.clone(),
            time_zone: e.time_zone.clone(),
            starts: local(e.starts_at),
            ends: local(e.ends_at),
            deadline: local(e.deadline),
            online_url: e.online_url.clone().unwrap_or_default(),
            venue: e.venue.clone(),
            city: e.city.clone(),
            capacity: e.capacity.to_string(),
            audience: e.audience.clone(),
            public: e.public,
            materials: e.materials.clone(),
            recording_url: e.recording_url.clone().unwrap_or_default(),
            texts: Lang::ALL
                .iter()
                .map(|l| {
                    let t = v.texts.iter().find(|t| t.lang == l.code());
                    (
                        l.code(),
                        l.native_name(),
                        t.map(|t| t.title.clone()).unwrap_or_default(),
                        t.map(|t| t.description.clone()).unwrap_or_default(),
                    )
                })
                .collect(),
        }
    }
}

/// The organiser's form as posted: `title_<lang>` and `description_<lang>` for the texts.
fn input_of(f: &HashMap<String, String>) -> EventInput {
    let g = |k: &str| f.get(k).cloned().unwrap_or_default();
    EventInput {
        kind: g("kind"),
        mode: g("mode"),
        spoken_language: g("spoken_language"),
        time_zone: g("time_zone"),
        starts: g("starts"),
        ends: g("ends"),
        deadline: g("deadline"),
        online_url: g("online_url"),
        venue: g("venue"),
        city: g("city"),
        capacity: g("capacity"),
        audience: g("audience"),
        public: matches!(g("public").as_str(), "on" | "true"),
        materials: g("materials"),
        recording_url: g("recording_url"),
        texts: Lang::ALL
            .iter()
            .map(|l| TextInput {
                lang: l.code().into(),
                title: g(&format!("title_{}", l.code())),
                description: g(&format!("description_{}", l.code())),
            })
            .collect(),
    }
}

/// Out of reach is 404, audited; anything else goes to the event's page.
async fn answer(app: &AppState, who: &Signed, r: Result<i64, ServiceError>) -> PageResult {
    match r {
        Err(ServiceError::NotFound) => Err(deny(app, who, "event").await),
        Err(e) => Err(e.into()),
        Ok(id) => Ok(see_other(&format!("/events/{id}"))),
    }
}

async fn create(
    State(app): State<AppState>,
    who: Signed,
    Form(f): Form<HashMap<String, String>>,
) -> PageResult {
    let r = svc::create(&app, &who.actor, &input_of(&f)).await;
    answer(&app, &who, r).await
}

async fn update(
    State(app): State<AppState>,
    who: Signed,
    Path(id): Path<String>,
    Form(f): Form<HashMap<String, String>>,
) -> PageResult {
    let id = id_of(&id)?;
    let r = svc::update(&app, &who.actor, id, &input_of(&f))
        .await
        .map(|()| id);
    answer(&app, &who, r).await
}

pub struct Attendee {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub status: String,
    pub status_code: String,
    pub attended: bool,
}

#[derive(Template)]
#[template(path = "event.html")]
struct ShowPage {
    ctx: Ctx,
    id: i64,
    title: String,
    description: String,
    kind: String,
    language: String,
    audience: String,
    when: String,
    /// The event's own time when the reader sees another zone.
    own_when: Option<String>,
    online_url: Option<String>,
    venue: String,
    materials: Vec<String>,
    recording_url: Option<String>,
    capacity: i64,
    taken: i64,
    /// Seats taken of the capacity, and people waiting, in words.
    seats: String,
    open: bool,
    public: bool,
    signed_in: bool,
    /// The reader's own live registration: its status label and code.
    mine: Option<(String, String)>,
    may_organise: bool,
    attendees: Vec<Attendee>,
    f: Fields,
    choices: Choices,
}

async fn show(State(app): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> PageResult {
    let id = id_of(&id)?;
    let who = Signed::from_ctx(&ctx);
    let actor = who.as_ref().map(|w| &w.actor);
    let v = svc::get(&app, actor, id).await?;
    let zone = reader_zone(&app, who.as_ref()).await;
    let mine = match actor {
        Some(a) => svc::mine(&app, a, id).await?,
        None => None,
    };
    let may_organise = actor.is_some_and(svc::may_organise);
    let all = match actor {
        Some(a) if may_organise => svc::attendees(&app, a, id).await?,
        _ => Vec::new(),
    };
    let (taken, waiting) = svc::seats(&app, id).await?;
    let e = &v.event;
    let text = v.text(ctx.lang_code()).cloned();
    let own_when = zone
        .as_deref()
        .filter(|z| *z != e.time_zone)
        .map(|_| when(&ctx, e, None));
    html(ShowPage {
        id,
        title: text.as_ref().map(|t| t.title.clone()).unwrap_or_default(),
        description: text.map(|t| t.description).unwrap_or_default(),
        kind: ctx.tk("event-kind", &e.kind),
        language: ctx.tk("event-lang", &e.spoken_language),
        audience: ctx.tk("event-audience", &e.audience),
        when: when(&ctx, e, zone.as_deref()),
        own_when,
        online_url: e.online_url.clone().filter(|_| e.mode == "online"),
        venue: if e.mode == "venue" {
            format!("{}, {}", e.venue, e.city)
        } else {
            String::new()
        },
        materials: e.materials.lines().map(str::to_string).collect(),
        recording_url: e.recording_url.clone(),
        capacity: e.capacity,
        taken,
        seats: if waiting > 0 {
            format!(
                "{} / {} — {} {}",
                ctx.tr.int(taken),
                ctx.tr.int(e.capacity),
                ctx.t("event-waiting-count"),
                ctx.tr.int(waiting)
            )
        } else {
            format!("{} / {}", ctx.tr.int(taken), ctx.tr.int(e.capacity))
        },
        open: app.now() <= e.deadline,
        public: e.public,
        signed_in: who.is_some(),
        mine: mine.map(|r| (ctx.tk("event-status", &r.status), r.status)),
        may_organise,
        attendees: all
            .into_iter()
            .map(|r| Attendee {
                id: r.id,
                name: r.name,
                email: r.email,
                status: ctx.tk("event-status", &r.status),
                status_code: r.status,
                attended: r.attended,
            })
            .collect(),
        f: Fields::of(&v),
        choices: Choices::new(&ctx),
        ctx,
    })
}

/// One click for a signed-in user; name, e-mail and consent for a visitor (public events).
async fn register(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(f): Form<VisitorInput>,
) -> PageResult {
    let id = id_of(&id)?;
    let who = Signed::from_ctx(&ctx);
    let r = match &who {
        Some(w) => {
            svc::register(
                &app,
                Registrant::User(&w.actor),
                id,
                ctx.lang_code(),
                &ctx.ip,
            )
            .await
        }
        None => svc::register(&app, Registrant::Visitor(&f), id, ctx.lang_code(), &ctx.ip).await,
    };
    match r {
        Ok(reg) => Ok(see_other(&format!(
            "/events/registration/{}",
            reg.cancel_token
        ))),
        Err(ServiceError::NotFound) => Err(AppError::NotFound),
        Err(e) => Err(e.into()),
    }
}

async fn cancel(State(app): State<AppState>, who: Signed, Path(id): Path<String>) -> PageResult {
    let id = id_of(&id)?;
    let r = svc::cancel_mine(&app, &who.actor, id).await.map(|()| id);
    answer(&app, &who, r).await
}

#[derive(Template)]
#[template(path = "event_registration.html")]
struct RegistrationPage {
    ctx: Ctx,
    token: String,
    event_id: i64,
    title: String,
    when: String,
    name: String,
    email: String,
    status: String,
    status_code: String,
}

async fn registration_page(app: &AppState, ctx: Ctx, token: String) -> PageResult {
    let (r, v) = svc::by_token(app, &token).await?;
    let who = Signed::from_ctx(&ctx);
    let zone = reader_zone(app, who.as_ref()).await;
    html(RegistrationPage {
        event_id: v.event.id,
        title: v.title(ctx.lang_code()),
        when: when(&ctx, &v.event, zone.as_deref()),
        name: r.name,
        email: r.email,
        status: ctx.tk("event-status", &r.status),
        status_code: r.status,
        token,
        ctx,
    })
}

async fn registration(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> PageResult {
    registration_page(&app, ctx, token).await
}

async fn cancel_by_token(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> PageResult {
    svc::cancel_by_token(&app, &token, &ctx.ip).await?;
    Ok(see_other(&format!("/events/registration/{token}")))
}

fn ics_response(body: String, id: i64) -> PageResult {
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "text/calendar; charset=utf-8".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"event-{id}.ics\""),
            ),
        ],
        body,
    )
        .into_response())
}

fn base(app: &AppState) -> String {
    app.config
        .mail
        .as_ref()
        .map(|m| m.public_url.clone())
        .unwrap_or_default()
}

async fn calendar(State(app): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> PageResult {
    let id = id_of(&id)?;
    let who = Signed::from_ctx(&ctx);
    let v = svc::get(&app, who.as_ref().map(|w| &w.actor), id).await?;
    ics_response(
        svc::calendar(&v, ctx.lang_code(), &base(&app), app.now()),
        id,
    )
}

async fn calendar_by_token(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> PageResult {
    let (_, v) = svc::by_token(&app, &token).await?;
    let id = v.event.id;
    ics_response(
        svc::calendar(&v, ctx.lang_code(), &base(&app), app.now()),
        id,
    )
}

#[derive(serde::Deserialize, Default)]
pub struct AttendanceForm {
    #[serde(default)]
    registration: String,
    /// `yes` marks them present; anything else absent.
    #[serde(default)]
    attended: String,
}

async fn attendance(
    State(app): State<AppState>,
    who: Signed,
    Path(id): Path<String>,
    Form(f): Form<AttendanceForm>,
) -> PageResult {
    let id = id_of(&id)?;
    if !svc::may_organise(&who.actor) {
        return Err(deny(&app, &who, "event").await);
    }
    let rid: i64 = f.registration.trim().parse().map_err(|_| {
        AppError::Invalid(FieldError::new("registration", &f.registration, "integer").into())
    })?;
    let r = svc::set_attended(&app, &who.actor, id, rid, f.attended == "yes")
        .await
        .map(|()| id);
    answer(&app, &who, r).await
}

/// The attendee list's header and rows, in the reader's language.
async fn attendee_table(
    app: &AppState,
    who: &Signed,
    id: i64,
    format: &str,
) -> Result<(Vec<String>, Vec<Vec<String>>), AppError> {
    let rows = match svc::attendees(app, &who.actor, id).await {
        Err(ServiceError::NotFound) => return Err(deny(app, who, "event").await),
        r => r?,
    };
    svc::audit_export(app, &who.actor, id, format).await?;
    let ctx = &who.ctx;
    let header = [
        "field-name",
        "field-email",
        "field-status",
        "event-attended",
        "field-country",
    ]
    .iter()
    .map(|k| ctx.t(k))
    .collect();
    let body = rows
        .into_iter()
        .map(|r| {
            vec![
                r.name,
                r.email,
                ctx.tk("event-status", &r.status),
                if r.attended {
                    ctx.t("event-yes")
                } else {
                    ctx.t("event-no")
                },
                r.country.unwrap_or_default(),
            ]
        })
        .collect();
    Ok((header, body))
}

async fn attendees_csv(
    State(app): State<AppState>,
    who: Signed,
    Path(id): Path<String>,
) -> PageResult {
    let id = id_of(&id)?;
    let (h, rows) = attendee_table(&app, &who, id, "csv").await?;
    let h: Vec<&str> = h.iter().map(String::as_str).collect();
    let mut out = Vec::new();
    liaison_domain::interchange::write_csv(&mut out, &h, rows)
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"event-{id}-attendees.csv\""),
            ),
        ],
        out,
    )
        .into_response())
}

async fn attendees_xlsx(
    State(app): State<AppState>,
    who: Signed,
    Path(id): Path<String>,
) -> PageResult {
    let id = id_of(&id)?;
    let (h, rows) = attendee_table(&app, &who, id, "xlsx").await?;
    let h: Vec<&str> = h.iter().map(String::as_str).collect();
    let out = liaison_domain::interchange::write_xlsx(&h, rows).map_err(AppError::Internal)?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"event-{id}-attendees.xlsx\""),
            ),
        ],
        out,
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "events_report.html")]
struct ReportPage {
    ctx: Ctx,
    /// Event title, country, people trained.
    rows: Vec<(String, String, String)>,
}

/// People trained per event and country: national leads for their countries, the programme
/// for all. Counts only.
async fn report(State(app): State<AppState>, who: Signed) -> PageResult {
    let counts = match svc::trained(&app, &who.actor).await {
        Err(ServiceError::NotFound) => return Err(deny(&app, &who, "events report").await),
        r => r?,
    };
    let events = svc::list(&app, Some(&liaison_app::Actor::operator())).await?;
    let ctx = who.ctx;
    let rows = counts
        .into_iter()
        .map(|(eid, country, n)| {
            let title = events
                .iter()
                .find(|v| v.event.id == eid)
                .map(|v| v.title(ctx.lang_code()))
                .unwrap_or_default();
            (title, ctx.country(&country), ctx.tr.int(n))
        })
        .collect();
    html(ReportPage { ctx, rows })
}
