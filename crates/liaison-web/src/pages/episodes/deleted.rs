//! Deleted episodes (issue 12): the episodes of an FLS deleted within the restore period,
//! each with a button that restores it. Only those who may restore (`restore_patients`: the
//! FLS's leads, administrators) see the page or restore; anyone else gets 404, audited.

use crate::AppState;
use crate::ctx::{Ctx, Signed, deny, html, see_other};
use crate::error::{AppError, PageResult};
use askama::Template;
use axum::extract::{Path, Query, State};
use liaison_app::episodes::{self as svc, DeletedRow};
use liaison_app::orgs::FlsRow;
use liaison_app::{ErrorCode, ServiceError};
use liaison_domain::access::FlsSet;
use liaison_domain::deletion::RESTORE_DAYS;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "episodes_deleted.html")]
struct DeletedPage {
    ctx: Ctx,
    f: FlsRow,
    rows: Vec<DeletedRow>,
    /// The period, for the explanation.
    days: String,
    /// Why the last restore was refused.
    refused: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct DeletedQuery {
    #[serde(default)]
    refused: Option<String>,
}

/// The FLS, if the user may restore its episodes.
async fn restorable(app: &AppState, who: &Signed, code: &str) -> Result<FlsRow, AppError> {
    match liaison_app::orgs::fls_by_code(app, &who.s.access.restore_patients, code).await? {
        Some(f) => Ok(f),
        None => Err(deny(app, who, "deleted episodes").await),
    }
}

pub async fn deleted(
    State(app): State<AppState>,
    who: Signed,
    Path(code): Path<String>,
    Query(q): Query<DeletedQuery>,
) -> PageResult {
    let f = restorable(&app, &who, &code).await?;
    let rows = svc::deleted(&app, &who.actor, f.id).await?;
    let refused = match q.refused.as_deref() {
        Some("key-taken") => Some(who.ctx.t("deleted-restore-key-taken")),
        _ => None,
    };
    html(DeletedPage {
        days: who.ctx.tr.int(RESTORE_DAYS),
        ctx: who.ctx,
        f,
        rows,
        refused,
    })
}

/// Restore, then show the patient list with a notice; a clash of keys comes back to the
/// deleted episodes saying why.
pub async fn restore(
    State(app): State<AppState>,
    who: Signed,
    Path((code, id)): Path<(String, i64)>,
) -> PageResult {
    let f = restorable(&app, &who, &code).await?;
    // Only an episode of the FLS in the address: an administrator's wrong code restores nothing.
    let mut actor = who.actor.clone();
    actor.access.restore_patients = FlsSet::Only([f.id].into());
    match svc::restore(&app, &actor, id).await {
        Ok(r) if r.fls_id == f.id => Ok(see_other(&format!(
            "/fls/{}/episodes?notice=episode-restored",
            f.code
        ))),
        Ok(_) => Err(AppError::NotFound),
        Err(ServiceError::Conflict(ErrorCode::EpisodeExists, _)) => Ok(see_other(&format!(
            "/fls/{}/episodes/deleted?refused=key-taken",
            f.code
        ))),
        Err(ServiceError::NotFound) => Err(deny(&app, &who, "deleted episode").await),
        Err(e) => Err(e.into()),
    }
}

/// The notice after a deletion: done, and for how long it can be undone.
pub(super) fn deleted_notice(ctx: &Ctx) -> String {
    ctx.tr.ta(
        "notice-episode-deleted",
        &[("days", ctx.tr.int(RESTORE_DAYS))],
    )
}
