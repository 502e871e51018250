//! The episode page: its data, pathway steps and history.

use super::changes::{self, Conflict, HistoryView};
use super::*;
use crate::AppState;
use crate::ctx::{Ctx, Signed, deny, html, see_other};
use crate::error::{AppError, PageResult};
use crate::pages::FormErrors;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use liaison_app::ServiceError;
use liaison_app::episodes::EpisodeRow;
use liaison_app::episodes::{self as svc, Saved};
use liaison_app::orgs::FlsRow;
use liaison_domain::dataset::EpisodeInput;
use liaison_domain::kpi::{HighRiskWhy, high_risk_why};
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
    /// What another user saved after this user opened the episode.
    conflicts: Vec<Conflict>,
    /// The values as this user opened them (JSON): a save sends only what differs from them.
    base_json: String,
    notice: Option<String>,
    /// The section whose save button was pressed: the page opens there, notice and all.
    section: Option<&'static str>,
    history: Vec<HistoryView>,
    age: i32,
    can_write: bool,
    refracture_link: Option<String>,
    /// Dataset version 2's high-risk rule: why the episode is high-risk, `None` when not.
    high_risk: Option<HighRiskWhy>,
    /// The FRAX threshold of the FLS's country's KPI definitions (shown with a FRAX reason).
    frax_threshold: String,
    /// The patient's episodes in this FLS, this one included (issue 15).
    timeline: Vec<EpisodeRow>,
    /// The earlier episode offered this fracture as its refracture: id, version, fracture date.
    offer: Option<(i64, i64, time::Date)>,
}

#[derive(Deserialize, Default)]
pub struct NoticeQuery {
    notice: Option<String>,
    section: Option<String>,
}

/// What the episode page shows besides the stored row: the user's input, errors, notices.
#[derive(Default)]
struct PageState {
    input: Option<EpisodeInput>,
    /// The values the user's edit started from (default: the row shown).
    base: Option<EpisodeInput>,
    errors: FormErrors,
    stale: bool,
    conflicts: Vec<Conflict>,
    notice: Option<String>,
    section: Option<&'static str>,
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
    let defs = liaison_app::kpi::definitions(app, Some(&f.country)).await?;
    let high_risk = high_risk_why(&e, defs.frax_high_risk_threshold);
    let t = defs.frax_high_risk_threshold;
    let frax_threshold =
        liaison_domain::format::decimal(who.ctx.tr.lang, t, if t.fract() == 0.0 { 0 } else { 1 });
    let history = changes::history(&who.ctx, &svc::history(app, &row).await?);
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
        base,
        errors,
        stale,
        conflicts,
        notice,
        section,
    } = st;
    let base_json =
        serde_json::to_string(&base.unwrap_or_else(|| row.to_input())).unwrap_or_default();
    let input = input.unwrap_or_else(|| row.to_input());
    let groups = groups(&who.ctx, &input, &errors);
    let can_write = who.s.access.write_patients.contains(f.id);
    let timeline = svc::timeline(app, &who.actor, &row).await?;
    let offer = svc::refracture_offer(&timeline, &row)
        .filter(|_| can_write)
        .map(|e| (e.id, e.version, e.fracture_date));
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
        conflicts,
        base_json,
        notice,
        section,
        history,
        can_write,
        refracture_link,
        high_risk,
        frax_threshold,
        timeline,
        offer,
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

pub(super) async fn row_in(
    app: &AppState,
    who: &Signed,
    f: &FlsRow,
    id: i64,
) -> Result<EpisodeRow, AppError> {
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
            section: q.section.as_deref().and_then(group_key),
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
    // Only what the user changed is sent: a value another user saved meanwhile is never
    // written back just because it was in this user's form. (A form without its base, from an
    // older page, sends every field, as before.)
    let base: Option<EpisodeInput> = extra(&ex, "base").and_then(|b| serde_json::from_str(b).ok());
    let mine: Vec<(String, String)> = match &base {
        Some(b) => changes::differing(b, &input)
            .into_iter()
            .filter(|c| *c != "fls_code")
            .map(|c| (c.to_string(), input.get(c).unwrap_or("").to_string()))
            .collect(),
        None => liaison_domain::dataset::COLUMNS
            .iter()
            .map(|c| (c.to_string(), input.get(c).unwrap_or("").to_string()))
            .collect(),
    };
    match svc::patch(&app, &who.actor, id, version, &mine).await {
        // Back to the section saved, not the top of a long page (issue 12).
        Ok(Saved::Done { row, .. }) => Ok(see_other(
            &match extra(&ex, "section").and_then(group_key) {
                Some(g) => format!(
                    "/fls/{}/episodes/{}?notice=saved&section={g}#g-{g}",
                    f.code, row.id
                ),
                None => format!("/fls/{}/episodes/{}?notice=saved", f.code, row.id),
            },
        )),
        // Show field by field what the other user saved, and a form holding their values with
        // this user's changes on top. Its base and version are now the stored ones, so saving
        // again sends only this user's changes, never a stale copy of the others.
        Ok(Saved::Stale(current)) => {
            let now = current.to_input();
            let conflicts = base
                .as_ref()
                .map(|b| changes::conflicts(&who.ctx, b, &now, &mine))
                .unwrap_or_default();
            let mut merged = now.clone();
            for (k, v) in &mine {
                merged.set(k, v.clone());
            }
            let st = PageState {
                input: Some(merged),
                base: Some(now),
                stale: true,
                conflicts,
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
                base,
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

#[derive(Template)]
#[template(path = "episode_delete.html")]
struct ConfirmDelete {
    ctx: Ctx,
    f: FlsRow,
    row: EpisodeRow,
    /// Who can undo it, and for how long.
    restorable: String,
}

/// The question before a deletion: which episode, and for how long it can be undone.
pub async fn confirm_remove(
    State(app): State<AppState>,
    who: Signed,
    Path((code, id)): Path<(String, i64)>,
) -> PageResult {
    let f = writable(&app, &who, &code).await?;
    let row = row_in(&app, &who, &f, id).await?;
    let restorable = who.ctx.tr.ta(
        "episode-delete-restorable",
        &[(
            "days",
            who.ctx.tr.int(liaison_domain::deletion::RESTORE_DAYS),
        )],
    );
    html(ConfirmDelete {
        ctx: who.ctx,
        f,
        row,
        restorable,
    })
}

/// Delete, when the confirmation page sent `confirm`; a bare post (an old page, a stray
/// click) only leads to the question.
pub async fn remove(
    State(app): State<AppState>,
    who: Signed,
    Path((code, id)): Path<(String, i64)>,
    body: axum::body::Bytes,
) -> PageResult {
    let f = writable(&app, &who, &code).await?;
    let (_, ex) = form_input(&body);
    if extra(&ex, "confirm") != Some("yes") {
        return Ok(see_other(&format!("/fls/{}/episodes/{id}/delete", f.code)));
    }
    // Only an episode of the FLS in the address, which is where the notice sends the user.
    let mut actor = who.actor.clone();
    actor.access.write_patients = liaison_domain::access::FlsSet::Only([f.id].into());
    match svc::delete(&app, &actor, id).await {
        Ok(r) if r.fls_id == f.id => Ok(see_other(&format!(
            "/fls/{}/episodes?notice=episode-deleted",
            f.code
        ))),
        Ok(_) => Err(AppError::NotFound),
        Err(ServiceError::NotFound) => Err(deny(&app, &who, "episode").await),
        Err(e) => Err(e.into()),
    }
}
