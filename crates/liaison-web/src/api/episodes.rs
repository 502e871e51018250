//! `/api/v1/episodes`: the registry's episodes with the dataset's field names, a page at a
//! time, and their creation, change, deletion and restore under the same rules as the form.

use super::schema::{
    EpisodeBody, EpisodeChange, EpisodeOut, EpisodePatch, ParsedBody, RefractureOffer, SavedEpisode,
};
use super::{ApiError, ApiJson, ApiPath, ApiQuery, ApiUser, Page, deny};
use crate::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use liaison_app::episodes::{DueState, Filter, Saved, Worklist};
use liaison_app::{ErrorCode, ServiceError};
use liaison_domain::dataset as ds;
use liaison_domain::error::{FieldError, Invalid};
use serde::Deserialize;
use serde_json::json;
use utoipa::IntoParams;

/// Filters and paging of the episode list.
#[derive(Deserialize, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EpisodeQuery {
    /// An FLS code (needed with `worklist`).
    #[serde(default)]
    fls: String,
    /// First fracture date, YYYY-MM-DD.
    #[serde(default)]
    from: String,
    /// Last fracture date, YYYY-MM-DD.
    #[serde(default)]
    to: String,
    /// awaiting-assessment, dxa-pending, treatment-not-started, followup-16 or review-52.
    #[serde(default)]
    worklist: String,
    /// A hospital number or a fragment of a name.
    #[serde(default)]
    q: String,
    /// The page, from 1 (default 1); pages past 1,000,000 are empty.
    #[serde(default)]
    page: Option<i64>,
    /// Episodes a page, 1 to 1000 (default 100; more is cut to 1000).
    #[serde(default)]
    per_page: Option<i64>,
}

impl EpisodeQuery {
    /// The same query at another page, for `next`.
    fn at_page(&self, page: i64, per_page: i64) -> String {
        let mut s = format!("/api/v1/episodes?page={page}&per_page={per_page}");
        for (k, v) in [
            ("fls", &self.fls),
            ("from", &self.from),
            ("to", &self.to),
            ("worklist", &self.worklist),
            ("q", &self.q),
        ] {
            if !v.is_empty() {
                s.push_str(&format!("&{k}={}", urlencoding::encode(v)));
            }
        }
        s
    }
}

/// Episodes the caller may read, newest fracture first, a page at a time.
#[utoipa::path(get, path = "/api/v1/episodes", tag = "episodes", operation_id = "listEpisodes",
    params(EpisodeQuery),
    responses((status = 200, description = "A page of episodes", body = Page<EpisodeOut>)))]
pub async fn list(
    State(app): State<AppState>,
    who: ApiUser,
    ApiQuery(q): ApiQuery<EpisodeQuery>,
) -> Result<Json<Page<EpisodeOut>>, ApiError> {
    let mut inv = Invalid::default();
    let from = inv
        .take(ds::parse_date("from", &q.from, ds::DateOrder::Ymd))
        .flatten();
    let to = inv
        .take(ds::parse_date("to", &q.to, ds::DateOrder::Ymd))
        .flatten();
    let fls = if q.fls.is_empty() {
        None
    } else {
        match liaison_app::orgs::fls_by_code(&app, &who.access.read_patients, &q.fls).await? {
            Some(f) => Some(f),
            None => return Err(deny(&app, &who, "episodes", "/api/v1/episodes").await),
        }
    };
    let worklist = match (q.worklist.as_str(), Worklist::parse(&q.worklist), &fls) {
        ("", _, _) => None,
        (_, Some(w), Some(f)) => Some((
            w,
            DueState::All,
            liaison_app::episodes::today_in(app.now(), &f.time_zone),
        )),
        (_, None, _) => {
            inv.push(
                FieldError::new("worklist", &q.worklist, "one_of")
                    .arg("allowed", Worklist::ALL.map(Worklist::code).join(", ")),
            );
            None
        }
        (_, Some(_), None) => {
            inv.push(FieldError::new("fls", "", "required"));
            None
        }
    };
    let (page, per_page) = super::page_bounds(q.page, q.per_page, 100);
    if !inv.is_empty() {
        return Err(ServiceError::Invalid(inv).into());
    }
    let f = Filter {
        fls_id: fls.as_ref().map(|f| f.id),
        from,
        to,
        search: Some(q.q.clone()).filter(|s| !s.is_empty()),
        worklist,
        ..Default::default()
    };
    let (rows, total) = liaison_app::episodes::list(
        &app,
        &who.actor,
        &f,
        per_page,
        (page - 1) * per_page,
        "episode.list",
    )
    .await?;
    let items = rows.iter().map(EpisodeOut::from).collect();
    Ok(Json(Page::new(items, page, per_page, total, |p| {
        q.at_page(p, per_page)
    })))
}

/// One episode.
#[utoipa::path(get, path = "/api/v1/episodes/{id}", tag = "episodes", operation_id = "getEpisode",
    params(("id" = i64, Path, description = "The episode's id")),
    responses((status = 200, description = "The episode", body = EpisodeOut)))]
pub async fn get(
    State(app): State<AppState>,
    who: ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<EpisodeOut>, ApiError> {
    match liaison_app::episodes::read(&app, &who.actor, id).await {
        Ok(row) => Ok(Json(EpisodeOut::from(&row))),
        Err(ServiceError::NotFound) => {
            Err(deny(&app, &who, "episode", &format!("/api/v1/episodes/{id}")).await)
        }
        Err(e) => Err(e.into()),
    }
}

fn saved(s: Saved, created: bool) -> Result<Response, ApiError> {
    match s {
        Saved::Done { row, warnings } => {
            let status = if created {
                StatusCode::CREATED
            } else {
                StatusCode::OK
            };
            Ok((status, Json(SavedEpisode::new(&row, &warnings))).into_response())
        }
        Saved::Duplicates(d) => Err(ApiError::new(
            ErrorCode::LikelyDuplicate,
            "Likely duplicates exist in this FLS; send again with \"confirm_duplicate\": true to keep this episode.",
        )
        .with_details(json!(d.iter().map(|r| json!({ "id": r.id, "patient_ref": r.patient_ref, "fracture_date": r.fracture_date.to_string() })).collect::<Vec<_>>()))),
        Saved::Stale(current) => Err(ApiError::new(
            ErrorCode::VersionConflict,
            "The episode was changed since the version you sent; nothing was saved.",
        )
        .with_details(json!(EpisodeOut::from(&current)))),
    }
}

/// Register an episode. Likely duplicates in the FLS answer 409 `likely_duplicate` unless
/// `confirm_duplicate` is true.
#[utoipa::path(post, path = "/api/v1/episodes", tag = "episodes", operation_id = "createEpisode",
    request_body(content = EpisodeBody, content_type = "application/json"),
    responses((status = 201, description = "Registered", body = SavedEpisode)))]
pub async fn create(
    State(app): State<AppState>,
    who: ApiUser,
    ApiJson(body): ApiJson<EpisodeBody>,
) -> Result<Response, ApiError> {
    let body = body.parse()?;
    // An FLS the user may not write to is, to them, an FLS that does not exist.
    if liaison_app::orgs::fls_by_code(&app, &who.access.write_patients, body.input.fls_code.trim())
        .await?
        .is_none()
    {
        return Err(deny(&app, &who, "episodes write", "/api/v1/episodes").await);
    }
    match liaison_app::episodes::create(&app, &who.actor, &body.input, body.confirm_duplicate)
        .await?
    {
        // The answer lists the refracture the patient's earlier episode is offered (issue 15).
        Saved::Done { row, warnings } => {
            let timeline = liaison_app::episodes::timeline(&app, &who.actor, &row).await?;
            let mut out = SavedEpisode::new(&row, &warnings);
            out.refracture_offers = liaison_app::episodes::refracture_offer(&timeline, &row)
                .map(|e| RefractureOffer::new(e, &row))
                .into_iter()
                .collect();
            Ok((StatusCode::CREATED, Json(out)).into_response())
        }
        s => saved(s, true),
    }
}

/// Change an episode: send every field and the `version` you edited; a stale version answers
/// 409 `version_conflict` with what is stored now, and nothing is saved.
#[utoipa::path(put, path = "/api/v1/episodes/{id}", tag = "episodes", operation_id = "updateEpisode",
    params(("id" = i64, Path, description = "The episode's id")),
    request_body(content = EpisodeChange, content_type = "application/json"),
    responses((status = 200, description = "Saved", body = SavedEpisode)))]
pub async fn update(
    State(app): State<AppState>,
    who: ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<EpisodeBody>,
) -> Result<Response, ApiError> {
    let body = body.parse()?;
    let version = version_of(&body)?;
    let r = liaison_app::episodes::update(&app, &who.actor, id, version, &body.input).await;
    changed(&app, &who, id, r).await
}

/// Change some fields of an episode: send only the fields to change and the `version` you
/// read; a field left out keeps its stored value. A stale version answers 409
/// `version_conflict` with what is stored now, and nothing is saved.
#[utoipa::path(patch, path = "/api/v1/episodes/{id}", tag = "episodes", operation_id = "patchEpisode",
    params(("id" = i64, Path, description = "The episode's id")),
    request_body(content = EpisodePatch, content_type = "application/json"),
    responses((status = 200, description = "Saved", body = SavedEpisode)))]
pub async fn patch(
    State(app): State<AppState>,
    who: ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<EpisodeBody>,
) -> Result<Response, ApiError> {
    let body = body.parse()?;
    let version = version_of(&body)?;
    let r = liaison_app::episodes::patch(&app, &who.actor, id, version, &body.sent).await;
    changed(&app, &who, id, r).await
}

/// The version a change was based on: required, so a stale copy can be told apart.
fn version_of(body: &ParsedBody) -> Result<i64, ApiError> {
    body.version.ok_or_else(|| {
        ApiError::invalid_field(
            "version",
            "",
            "required",
            "The version you read is required.",
        )
    })
}

/// The answer to a change: the saved episode, a conflict, or 404 (audited) for an episode
/// the caller may not change.
async fn changed(
    app: &AppState,
    who: &ApiUser,
    id: i64,
    r: Result<Saved, ServiceError>,
) -> Result<Response, ApiError> {
    match r {
        Err(ServiceError::NotFound) => {
            Err(deny(app, who, "episode", &format!("/api/v1/episodes/{id}")).await)
        }
        r => saved(r?, false),
    }
}

/// Delete an episode. It leaves every list, read and KPI at once; the FLS's leads can restore
/// it for 30 days (`POST /api/v1/episodes/{id}/restore`), then it is removed for good.
#[utoipa::path(delete, path = "/api/v1/episodes/{id}", tag = "episodes", operation_id = "deleteEpisode",
    params(("id" = i64, Path, description = "The episode's id")),
    responses((status = 204, description = "Deleted")))]
pub async fn delete(
    State(app): State<AppState>,
    who: ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, ApiError> {
    match liaison_app::episodes::delete(&app, &who.actor, id).await {
        Ok(_) => Ok(StatusCode::NO_CONTENT.into_response()),
        Err(ServiceError::NotFound) => {
            Err(deny(&app, &who, "episode", &format!("/api/v1/episodes/{id}")).await)
        }
        Err(e) => Err(e.into()),
    }
}

/// Restore an episode deleted within the restore period (30 days): FLS leads of its FLS and
/// administrators. An episode that is not deleted, deleted longer ago, or not the caller's to
/// restore answers 404; a live episode with the same key (the patient registered again)
/// answers 409 `episode_exists` and nothing changes.
#[utoipa::path(post, path = "/api/v1/episodes/{id}/restore", tag = "episodes", operation_id = "restoreEpisode",
    params(("id" = i64, Path, description = "The deleted episode's id")),
    responses(
        (status = 200, description = "Restored: the episode as it is now", body = EpisodeOut),
        (status = 409, description = "`episode_exists`: a live episode of the FLS has the same hospital number and fracture date.", body = super::error::ErrorBody),
    ))]
pub async fn restore(
    State(app): State<AppState>,
    who: ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<EpisodeOut>, ApiError> {
    match liaison_app::episodes::restore(&app, &who.actor, id).await {
        Ok(row) => Ok(Json(EpisodeOut::from(&row))),
        Err(ServiceError::NotFound) => Err(deny(
            &app,
            &who,
            "deleted episode",
            &format!("/api/v1/episodes/{id}/restore"),
        )
        .await),
        Err(e) => Err(e.into()),
    }
}
