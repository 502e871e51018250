//! The episode page: its data, pathway steps and history.

use super::*;
use crate::AppState;
use crate::ctx::{Ctx, Signed, deny, html, see_other};
use crate::error::{AppError, PageResult};
use crate::pages::FormErrors;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use liaison_app::ServiceError;
use liaison_app::audit::AuditRow;
use liaison_app::episodes::EpisodeRow;
use liaison_app::episodes::{self as svc, Saved};
use liaison_app::orgs::FlsRow;
use liaison_domain::dataset::EpisodeInput;
use liaison_domain::pathway::{self, Step};
use serde::Deserialize;

// ---- the episode page ----

#[derive(Template)]
#[template(path = "episode.html")]
struct EpisodePage {
    ctx: Ctx,
    f: FlsRow,
    row: EpisodeRow,
    version: i64,
    groups: Vec<Group>,
    steps: Vec<Step>,
    errors: FormErrors,
    stale: bool,
    notice: Option<String>,
    history: Vec<AuditRow>,
    age: i32,
    can_write: bool,
    refracture_link: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct NoticeQuery {
    notice: Option<String>,
}

/// What the episode page shows besides the stored row: the user's input, errors, notices.
#[derive(Default)]
struct PageState {
    input: Option<EpisodeInput>,
    errors: FormErrors,
    stale: bool,
    notice: Option<String>,
}

async fn episode_page(
    app: &AppState,
    who: Signed,
    f: FlsRow,
    row: EpisodeRow,
    st: PageState,
) -> PageResult {
    let e = row.to_episode();
    let today = svc::today_in(app.now(), &f.time_zone);
    let steps = pathway::steps(&e, today);
    let history = svc::history(app, &row).await?;
    let refracture_link = match (e.refracture_date, e.refracture_site) {
        (Some(d), Some(s)) if pathway::is_closed(&e) || d > e.fracture_date => Some(format!(
            "/fls/{}/episodes/new?patient_ref={}&fracture_date={}&sex={}&birth_date={}&fracture_site={}&family_name={}&given_names={}",
            f.code,
            urlencoding::encode(&e.patient_ref),
            d,
            e.sex.code(),
            e.birth_date,
            s.code(),
            urlencoding::encode(&e.family_name),
            urlencoding::encode(&e.given_names)
        )),
        _ => None,
    };
    let PageState {
        input,
        errors,
        stale,
        notice,
    } = st;
    let input = input.unwrap_or_else(|| row.to_input());
    let groups = groups(&who.ctx, &input, &errors);
    let can_write = who.s.access.write_patients.contains(f.id);
    let failed = !errors.is_empty() || stale;
    let mut res = html(EpisodePage {
        version: row.version,
        age: e.age_at_fracture(),
        ctx: who.ctx,
        f,
        row,
        groups,
        steps,
        errors,
        stale,
        notice,
        history,
        can_write,
        refracture_link,
    })?;
    if failed {
        *res.status_mut() = if stale {
            StatusCode::CONFLICT
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
    }
    Ok(res)
}

async fn row_in(app: &AppState, who: &Signed, f: &FlsRow, id: i64) -> Result<EpisodeRow, AppError> {
    match svc::read(app, &who.actor, id).await {
        Ok(r) if r.fls_id == f.id => Ok(r),
        Ok(_) | Err(ServiceError::NotFound) => Err(deny(app, who, "episode").await),
        Err(e) => Err(e.into()),
    }
}

pub async fn show(
    State(app): State<AppState>,
    who: Signed,
    Path((code, id)): Path<(String, i64)>,
    Query(q): Query<NoticeQuery>,
) -> PageResult {
    let f = readable(&app, &who, &code).await?;
    let row = row_in(&app, &who, &f, id).await?;
    let notice = crate::pages::notice(&who.ctx, q.notice.as_ref());
    episode_page(
        &app,
        who,
        f,
        row,
        PageState {
            notice,
            ..Default::default()
        },
    )
    .await
}

pub async fn save(
    State(app): State<AppState>,
    who: Signed,
    Path((code, id)): Path<(String, i64)>,
    body: axum::body::Bytes,
) -> PageResult {
    let f = writable(&app, &who, &code).await?;
    let (mut input, ex) = form_input(&body);
    input.fls_code = f.code.clone();
    let version = extra(&ex, "version")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    match svc::update(&app, &who.actor, id, version, &input).await {
        Ok(Saved::Done { row, .. }) => Ok(see_other(&format!(
            "/fls/{}/episodes/{}?notice=saved",
            f.code, row.id
        ))),
        // Keep what the user typed, show the conflict; the hidden version is the current one,
        // so saving again deliberately overwrites.
        Ok(Saved::Stale(current)) => {
            let st = PageState {
                input: Some(input),
                stale: true,
                ..Default::default()
            };
            episode_page(&app, who, f, current, st).await
        }
        Ok(Saved::Duplicates(_)) => Err(AppError::Internal("duplicates on update".into())),
        // Keep what the user typed, with the version they edited, and say why it was not
        // saved: a rule broken (422), or the database held by a large import (503).
        Err(e) if e.is_busy() || matches!(e, ServiceError::Invalid(_)) => {
            let errors = match &e {
                ServiceError::Invalid(inv) => FormErrors::from_invalid(&who.ctx.tr, inv),
                _ => FormErrors::message("", who.ctx.t("error-busy-form")),
            };
            let mut row = row_in(&app, &who, &f, id).await?;
            row.version = version;
            let st = PageState {
                input: Some(input),
                errors,
                ..Default::default()
            };
            let mut res = episode_page(&app, who, f, row, st).await?;
            if e.is_busy() {
                *res.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
            }
            Ok(res)
        }
        Err(ServiceError::NotFound) => Err(deny(&app, &who, "episode").await),
        Err(e) => Err(e.into()),
    }
}

pub async fn remove(
    State(app): State<AppState>,
    who: Signed,
    Path((code, id)): Path<(String, i64)>,
) -> PageResult {
    let f = writable(&app, &who, &code).await?;
    match svc::delete(&app, &who.actor, id).await {
        Ok(r) if r.fls_id == f.id => Ok(see_other(&format!(
            "/fls/{}/episodes?notice=deleted",
            f.code
        ))),
        Ok(_) => Err(AppError::NotFound),
        Err(ServiceError::NotFound) => Err(deny(&app, &who, "episode").await),
        Err(e) => Err(e.into()),
    }
}
