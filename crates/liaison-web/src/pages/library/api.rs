//! `GET /api/v1/resources` and `/api/v1/resources/{resource}`: the library as JSON. Without a
//! token the caller is a visitor (public published resources only); with one, the token's
//! user, as on the pages.

use crate::AppState;
use crate::api::{ApiError, ApiPath, ApiQuery, ApiUser};
use axum::Json;
use axum::extract::State;
use liaison_app::ServiceError;
use liaison_app::library::{self as svc, ResourceRow};
use liaison_domain::lang::Lang;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Words to find (accents, case and Arabic diacritics ignored; Chinese and Japanese by
    /// substring).
    #[serde(default)]
    pub q: String,
    /// A category code.
    #[serde(default)]
    pub category: String,
    /// A language code (en, es, fr, pt, ar, zh-Hans, ja): only resources with a version in it.
    #[serde(default)]
    pub language: String,
    /// fls_staff, patients, policy_makers or mentors.
    #[serde(default)]
    pub audience: String,
    /// An ISO country code: resources for that country or for every country.
    #[serde(default)]
    pub country: String,
}

/// One resource found.
#[derive(Serialize, ToSchema)]
pub struct ResourceHit {
    pub id: i64,
    /// The language of the version that matched (the reader's own when several did).
    pub language: String,
    pub title: String,
    pub summary: String,
    pub category: String,
    /// public, signed_in or mentors.
    pub visibility: String,
    /// draft (editors only) or published.
    pub status: String,
}

#[derive(Serialize, ToSchema)]
pub struct ResourceList {
    pub items: Vec<ResourceHit>,
}

fn reader(who: Option<&ApiUser>) -> Lang {
    who.and_then(|w| w.user.language.as_deref().and_then(Lang::parse))
        .unwrap_or(Lang::En)
}

/// Resources the caller may see matching the words and filters, best first.
#[utoipa::path(get, path = "/api/v1/resources", tag = "library", operation_id = "listResources",
    params(ListQuery),
    responses((status = 200, description = "The resources found", body = ResourceList)))]
pub(crate) async fn list(
    State(app): State<AppState>,
    who: Option<ApiUser>,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> Result<Json<ResourceList>, ApiError> {
    let query = svc::Query {
        q: q.q,
        category: q.category,
        language: q.language,
        audience: q.audience,
        country: q.country,
    };
    let hits = svc::search(
        &app,
        who.as_ref().map(|w| &w.actor),
        reader(who.as_ref()),
        &query,
    )
    .await?;
    Ok(Json(ResourceList {
        items: hits
            .into_iter()
            .map(|h| ResourceHit {
                id: h.id,
                language: h.language,
                title: h.title,
                summary: h.summary,
                category: h.category,
                visibility: h.visibility,
                status: h.status,
            })
            .collect(),
    }))
}

/// A language version of a resource.
#[derive(Serialize, ToSchema)]
pub struct VersionOut {
    pub language: String,
    pub title: String,
    pub summary: String,
    /// Markdown.
    pub body: String,
    pub links: Vec<String>,
    pub revision: i64,
}

/// A file of a resource; download it from `/resources/{id}/files/{file}`.
#[derive(Serialize, ToSchema)]
pub struct FileOut {
    pub id: i64,
    pub language: String,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
}

#[derive(Serialize, ToSchema)]
pub struct ResourceOut {
    pub id: i64,
    pub category: String,
    pub audiences: Vec<String>,
    pub tags: String,
    pub countries: Vec<String>,
    pub visibility: String,
    pub status: String,
    /// YYYY-MM-DD.
    pub review_by: Option<String>,
    pub versions: Vec<VersionOut>,
    pub files: Vec<FileOut>,
}

/// A resource with every language version and its files, if the caller may see it.
#[utoipa::path(get, path = "/api/v1/resources/{resource}", tag = "library",
    operation_id = "getResource",
    params(("resource" = i64, Path, description = "The resource's id")),
    responses((status = 200, description = "The resource", body = ResourceOut)))]
pub(crate) async fn get(
    State(app): State<AppState>,
    who: Option<ApiUser>,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<ResourceOut>, ApiError> {
    let Ok(id) = id.trim().parse::<i64>() else {
        return Err(ApiError::not_found());
    };
    let actor = who.as_ref().map(|w| &w.actor);
    let p = match svc::page(&app, actor, id, reader(who.as_ref())).await {
        Err(ServiceError::NotFound) => {
            return Err(match &who {
                Some(w) => {
                    crate::api::deny(&app, w, "resource", &format!("/api/v1/resources/{id}")).await
                }
                None => ApiError::not_found(),
            });
        }
        r => r?,
    };
    let r = &p.resource;
    Ok(Json(ResourceOut {
        id: r.id,
        category: r.category.clone(),
        audiences: ResourceRow::list(&r.audiences),
        tags: r.tags.clone(),
        countries: ResourceRow::list(&r.countries),
        visibility: r.visibility.clone(),
        status: r.status.clone(),
        review_by: r.review_by.map(|d| d.to_string()),
        versions: p
            .versions
            .into_iter()
            .map(|v| VersionOut {
                language: v.language,
                title: v.title,
                summary: v.summary,
                body: v.body,
                links: v.links.lines().map(str::to_string).collect(),
                revision: v.revision,
            })
            .collect(),
        files: p
            .files
            .into_iter()
            .map(|f| FileOut {
                id: f.id,
                language: f.language,
                filename: f.filename,
                content_type: f.content_type,
                size: f.size,
            })
            .collect(),
    }))
}
