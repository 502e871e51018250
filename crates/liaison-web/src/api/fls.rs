//! `/api/v1/me` and `/api/v1/fls`: who the token is, and the FLSs they may see.

use super::{ApiError, ApiPath, ApiQuery, ApiUser, Page, page_bounds, visible_fls};
use crate::AppState;
use axum::Json;
use axum::extract::State;
use liaison_app::orgs::{FlsRow, FlsSummary};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// The user a token belongs to.
#[derive(Serialize, ToSchema)]
pub struct Me {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    /// Role codes: administrator, programme_reviewer, national_lead, regional_lead, mentor,
    /// fls_lead, fls_clinician.
    pub roles: Vec<String>,
}

/// The user the token belongs to, with their roles.
#[utoipa::path(get, path = "/api/v1/me", tag = "users", operation_id = "getMe",
    responses((status = 200, description = "The token's user", body = Me)))]
pub async fn me(who: ApiUser) -> Json<Me> {
    Json(Me {
        id: who.user.id,
        email: who.user.email.clone(),
        display_name: who.user.display_name.clone(),
        roles: who.access.roles.iter().map(|r| r.code().into()).collect(),
    })
}

/// An FLS in a list.
#[derive(Serialize, ToSchema)]
pub struct FlsItem {
    pub code: String,
    pub name: String,
    pub city: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub region: String,
}

impl From<FlsSummary> for FlsItem {
    fn from(f: FlsSummary) -> Self {
        FlsItem {
            code: f.code,
            name: f.name,
            city: f.city,
            country: f.country,
            region: f.region,
        }
    }
}

#[derive(Deserialize, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// The page, from 1 (default 1).
    #[serde(default)]
    page: Option<i64>,
    /// Items a page, 1 to 1000 (default 200; more is cut to 1000).
    #[serde(default)]
    per_page: Option<i64>,
}

/// The FLSs whose profile and aggregates the user may see, by code.
#[utoipa::path(get, path = "/api/v1/fls", tag = "fls", operation_id = "listFls",
    params(PageQuery),
    responses((status = 200, description = "A page of FLSs", body = Page<FlsItem>)))]
pub async fn list(
    State(app): State<AppState>,
    who: ApiUser,
    ApiQuery(q): ApiQuery<PageQuery>,
) -> Result<Json<Page<FlsItem>>, ApiError> {
    let all = liaison_app::orgs::list_fls(&app, &who.access.view_aggregates).await?;
    let (page, per_page) = page_bounds(q.page, q.per_page, 200);
    let total = all.len() as i64;
    let items = all
        .into_iter()
        .skip(((page - 1) * per_page) as usize)
        .take(per_page as usize)
        .map(FlsItem::from)
        .collect();
    Ok(Json(Page::new(items, page, per_page, total, |p| {
        format!("/api/v1/fls?page={p}&per_page={per_page}")
    })))
}

/// An FLS's profile: what it covers and whom to contact.
#[derive(Serialize, ToSchema)]
pub struct FlsProfile {
    pub code: String,
    pub name: String,
    pub hospital: String,
    pub city: String,
    pub country: String,
    /// An IANA time zone; worklists count days in it.
    pub time_zone: String,
    pub service_model: String,
    pub covers_hip: bool,
    pub covers_other_inpatient: bool,
    pub covers_outpatient: bool,
    pub covers_vertebral: bool,
    pub catchment_population_50_plus: Option<i64>,
    pub expected_non_spine_per_year: Option<i64>,
    pub expected_spine_per_year: Option<i64>,
    /// YYYY-MM-DD.
    pub start_date: Option<String>,
    pub contact_name: String,
    pub contact_email: Option<String>,
    /// The FLS's own figures are named on the public statistics page (`/statistics`); its
    /// leads and administrators tick it on the FLS's page.
    pub publish_statistics: bool,
}

impl From<FlsRow> for FlsProfile {
    fn from(f: FlsRow) -> Self {
        FlsProfile {
            code: f.code,
            name: f.name,
            hospital: f.hospital,
            city: f.city,
            country: f.country,
            time_zone: f.time_zone,
            service_model: f.service_model,
            covers_hip: f.covers_hip,
            covers_other_inpatient: f.covers_other_inpatient,
            covers_outpatient: f.covers_outpatient,
            covers_vertebral: f.covers_vertebral,
            catchment_population_50_plus: f.catchment_population_50_plus,
            expected_non_spine_per_year: f.expected_non_spine_per_year,
            expected_spine_per_year: f.expected_spine_per_year,
            start_date: f.start_date.map(|d| d.to_string()),
            contact_name: f.contact_name,
            contact_email: f.contact_email,
            publish_statistics: f.publish_statistics,
        }
    }
}

/// One FLS's profile.
#[utoipa::path(get, path = "/api/v1/fls/{code}", tag = "fls", operation_id = "getFls",
    params(("code" = String, Path, description = "The FLS's code")),
    responses((status = 200, description = "The profile", body = FlsProfile)))]
pub async fn get(
    State(app): State<AppState>,
    who: ApiUser,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<FlsProfile>, ApiError> {
    let f = visible_fls(&app, &who, &code, &format!("/api/v1/fls/{code}")).await?;
    Ok(Json(FlsProfile::from(f)))
}
