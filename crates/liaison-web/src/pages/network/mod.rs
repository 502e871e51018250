//! Joining the network (issue 18): `/join`, the public application form (rate limited per
//! address), and `/network`, the pipeline the programme and national leads work through.
//! Everything is decided in `liaison_app::network`; this file formats it.

use crate::AppState;
use crate::Routes;
use crate::ctx::{Ctx, Signed, deny, html};
use crate::error::{AppError, PageResult};
use crate::limits::{Door, Limits, parse_ip};
use askama::Template;
use axum::Extension;
use axum::extract::{Form, State};
use liaison_app::network::{self as svc, AcceptInput, ApplicationRow};
use liaison_domain::error::FieldError;
use liaison_domain::network::{ApplicationInput, Stage};
use liaison_domain::org::PatientGroups;
use std::collections::BTreeMap;
use std::sync::Arc;

pub fn routes(r: Routes) -> Routes {
    r.get("/join", form)
        .post("/join", apply)
        .get("/network", pipeline)
        .post("/network/status", status)
        .post("/network/accept", accept)
}

#[derive(Template)]
#[template(path = "network_join.html")]
struct JoinPage {
    ctx: Ctx,
    groups: Vec<&'static str>,
    done: bool,
}

async fn form(ctx: Ctx) -> PageResult {
    html(JoinPage {
        ctx,
        groups: PatientGroups::CODES.to_vec(),
        done: false,
    })
}

/// The form's fields, with the tick boxes of patient groups gathered into one list.
fn input_of(body: &[u8]) -> ApplicationInput {
    let mut i = ApplicationInput::default();
    let mut groups = Vec::new();
    for (k, v) in super::form_pairs(body) {
        match k.as_str() {
            "hospital" => i.hospital = v,
            "city" => i.city = v,
            "country" => i.country = v,
            "contact_name" => i.contact_name = v,
            "contact_email" => i.contact_email = v,
            "patient_group" => groups.push(v),
            "wants_mentor" => i.wants_mentor = v,
            "message" => i.message = v,
            _ => {}
        }
    }
    i.patient_groups = groups.join(",");
    i
}

async fn apply(
    State(app): State<AppState>,
    ctx: Ctx,
    limits: Extension<Arc<Limits>>,
    body: axum::body::Bytes,
) -> PageResult {
    limits
        .attempt(Door::Join, parse_ip(&ctx.ip))
        .map_err(|w| AppError::RateLimited(w.0))?;
    svc::apply(&app, &ctx.ip, &input_of(&body)).await?;
    html(JoinPage {
        ctx,
        groups: vec![],
        done: true,
    })
}

pub struct Row {
    pub id: i64,
    pub hospital: String,
    pub city: String,
    pub country: String,
    pub contact: String,
    pub groups: String,
    pub mentor: bool,
    pub stage: String,
    pub stage_label: String,
    pub duplicate_of: Option<i64>,
    pub fls: bool,
    /// Where it may move next.
    pub moves: Vec<(&'static str, String)>,
}

#[derive(Template)]
#[template(path = "network_pipeline.html")]
struct PipelinePage {
    ctx: Ctx,
    stages: Vec<(&'static str, String)>,
    /// Per country: its name and the number of applications at each stage.
    countries: Vec<(String, Vec<usize>)>,
    rows: Vec<Row>,
    is_admin: bool,
    accepted: Option<(String, String, Option<String>)>,
}

async fn page(
    app: &AppState,
    who: &Signed,
    accepted: Option<(String, String, Option<String>)>,
) -> PageResult {
    let ctx = &who.ctx;
    let list: Vec<ApplicationRow> = svc::pipeline(app, &who.actor).await?;
    let mut per: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for a in &list {
        let i = Stage::parse(&a.status).map(|s| s as usize).unwrap_or(0);
        per.entry(a.country.clone())
            .or_insert_with(|| vec![0; Stage::ALL.len()])[i] += 1;
    }
    let rows = list
        .iter()
        .map(|a| {
            let from = Stage::parse(&a.status).unwrap_or(Stage::Applied);
            Row {
                id: a.id,
                hospital: a.hospital.clone(),
                city: a.city.clone(),
                country: ctx.country(&a.country),
                contact: format!("{} <{}>", a.contact_name, a.contact_email),
                groups: a
                    .patient_groups
                    .split(',')
                    .filter(|g| !g.is_empty())
                    .map(|g| ctx.tk("group", g))
                    .collect::<Vec<_>>()
                    .join(", "),
                mentor: a.wants_mentor,
                stage: a.status.clone(),
                stage_label: ctx.tk("network-stage", &a.status),
                duplicate_of: a.duplicate_of,
                fls: a.fls_id.is_some(),
                moves: Stage::ALL
                    .iter()
                    .filter(|s| from.may_move_to(**s))
                    .map(|s| (s.code(), ctx.tk("network-stage", s.code())))
                    .collect(),
            }
        })
        .collect();
    html(PipelinePage {
        stages: Stage::ALL
            .iter()
            .map(|s| (s.code(), ctx.tk("network-stage", s.code())))
            .collect(),
        countries: per.into_iter().map(|(c, n)| (ctx.country(&c), n)).collect(),
        rows,
        is_admin: who.s.access.is_admin(),
        accepted,
        ctx: ctx.clone(),
    })
}

async fn pipeline(State(app): State<AppState>, who: Signed) -> PageResult {
    if !svc::may_see(&app, &who.actor).await {
        return Err(deny(&app, &who, "network").await);
    }
    page(&app, &who, None).await
}

fn id_of(v: &str) -> Result<i64, AppError> {
    v.trim()
        .parse()
        .map_err(|_| AppError::Invalid(FieldError::new("id", v, "integer").into()))
}

#[derive(serde::Deserialize, Default)]
pub struct StatusForm {
    #[serde(default)]
    id: String,
    #[serde(default)]
    status: String,
}

async fn status(State(app): State<AppState>, who: Signed, Form(f): Form<StatusForm>) -> PageResult {
    if !svc::may_see(&app, &who.actor).await {
        return Err(deny(&app, &who, "network").await);
    }
    match svc::move_to(&app, &who.actor, id_of(&f.id)?, &f.status).await {
        Err(liaison_app::ServiceError::NotFound) => Err(deny(&app, &who, "application").await),
        r => {
            r?;
            page(&app, &who, None).await
        }
    }
}

#[derive(serde::Deserialize, Default)]
pub struct AcceptForm {
    #[serde(default)]
    id: String,
    #[serde(flatten)]
    input: AcceptInput,
}

async fn accept(State(app): State<AppState>, who: Signed, Form(f): Form<AcceptForm>) -> PageResult {
    if !who.s.access.is_admin() {
        return Err(deny(&app, &who, "network").await);
    }
    match svc::accept(&app, &who.actor, id_of(&f.id)?, &f.input).await {
        Err(liaison_app::ServiceError::NotFound) => Err(deny(&app, &who, "application").await),
        r => {
            let a = r?;
            page(
                &app,
                &who,
                Some((a.fls_code, a.user_email, a.generated_password)),
            )
            .await
        }
    }
}
