//! The patient's timeline on the episode page, and the refracture it offers (issue 15).

use super::episode::row_in;
use super::*;
use crate::AppState;
use crate::ctx::{Signed, deny, see_other};
use crate::error::PageResult;
use axum::extract::{Path, State};
use liaison_app::ServiceError;
use liaison_app::episodes::{self as svc, Saved};

/// Record this episode's fracture as the refracture of the patient's earlier episode sent
/// (`earlier`, at `version`), once the user pressed the offer's button; a stale version
/// saves nothing and shows the page again, where the offer is gone or up to date.
pub async fn accept_refracture(
    State(app): State<AppState>,
    who: Signed,
    Path((code, id)): Path<(String, i64)>,
    body: axum::body::Bytes,
) -> PageResult {
    let f = writable(&app, &who, &code).await?;
    let new = row_in(&app, &who, &f, id).await?;
    let (_, ex) = form_input(&body);
    let num = |k: &str| extra(&ex, k).and_then(|v| v.parse::<i64>().ok());
    let back = format!("/fls/{}/episodes/{id}", f.code);
    // A stray post (no offer in it) only leads back to the page.
    let (Some(earlier), Some(version)) = (num("earlier"), num("version")) else {
        return Ok(see_other(&back));
    };
    // Only the episode the page offers: the same patient in the same FLS, still without one.
    let timeline = svc::timeline(&app, &who.actor, &new).await?;
    match svc::refracture_offer(&timeline, &new) {
        Some(e) if e.id == earlier => {}
        _ => return Ok(see_other(&back)),
    }
    match svc::accept_refracture(&app, &who.actor, earlier, version, &new).await {
        Ok(Saved::Done { .. }) => Ok(see_other(&format!(
            "/fls/{}/episodes/{earlier}?notice=refracture-recorded",
            f.code
        ))),
        Ok(_) => Ok(see_other(&back)),
        Err(ServiceError::NotFound) => Err(deny(&app, &who, "episode").await),
        Err(e) => Err(e.into()),
    }
}
