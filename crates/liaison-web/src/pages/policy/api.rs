//! The policy tracker's and the coalitions' API: the same data and rules as the pages. The
//! policy tracker's published status items and a coalition's members and activities are
//! public; a coalition's contacts need a token, as the page shows them to signed-in users only.

use crate::AppState;
use crate::api::{ApiError, ApiPath, ApiUser};
use axum::Json;
use axum::extract::State;
use liaison_app::coalitions as coalitions_svc;
use liaison_app::policy::{self as svc, ItemRow};
use serde::Serialize;
use utoipa::ToSchema;

/// A published status item of a country's policy.
#[derive(Serialize, ToSchema)]
pub struct PolicyItemOut {
    /// mandated, reimbursed, guidelines, registry or priority.
    pub item: String,
    /// yes, partial, in_progress, no or unknown.
    pub state: String,
    /// YYYY-MM-DD: the day the state was found to hold.
    pub as_of: String,
    /// The cited source: a citation, an address, or both.
    pub source_text: String,
    pub source_url: String,
}

/// A country's published status items.
#[derive(Serialize, ToSchema)]
pub struct PolicyCountryOut {
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// How many of the five items are published as `yes` (the map's colour).
    pub yes: usize,
    pub items: Vec<PolicyItemOut>,
}

/// Every country with a published item.
#[derive(Serialize, ToSchema)]
pub struct PolicyOut {
    pub countries: Vec<PolicyCountryOut>,
}

fn item(i: &ItemRow) -> PolicyItemOut {
    PolicyItemOut {
        item: i.item.clone(),
        state: i.state.clone(),
        as_of: i.as_of.to_string(),
        source_text: i.source_text.clone(),
        source_url: i.source_url.clone(),
    }
}

fn country(code: &str, rows: &[&ItemRow]) -> PolicyCountryOut {
    PolicyCountryOut {
        country: code.to_string(),
        yes: liaison_domain::policy::yes_count(rows.iter().map(|i| i.state.as_str())),
        items: rows.iter().map(|i| item(i)).collect(),
    }
}

/// The published policy status of every country that has one (public, like the map).
#[utoipa::path(get, path = "/api/v1/policy", tag = "policy", operation_id = "getPolicy",
    responses((status = 200, description = "Published policy status by country", body = PolicyOut)))]
pub(crate) async fn api_policy(State(app): State<AppState>) -> Result<Json<PolicyOut>, ApiError> {
    let rows = svc::published(&app).await?;
    let mut codes: Vec<&str> = rows.iter().map(|r| r.country.as_str()).collect();
    codes.dedup();
    let countries = codes
        .into_iter()
        .map(|c| {
            let here: Vec<&ItemRow> = rows.iter().filter(|r| r.country == c).collect();
            country(c, &here)
        })
        .collect();
    Ok(Json(PolicyOut { countries }))
}

/// One country's published status items (public); an unknown country answers 404.
#[utoipa::path(get, path = "/api/v1/policy/{country}", tag = "policy", operation_id = "getPolicyCountry",
    params(("country" = String, Path, description = "ISO 3166-1 alpha-2 code")),
    responses((status = 200, description = "The country's published status", body = PolicyCountryOut)))]
pub(crate) async fn api_country(
    State(app): State<AppState>,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<PolicyCountryOut>, ApiError> {
    // The public's view, whoever calls: the API has no unpublished drafts.
    let p = svc::page(&app, None, &code).await?;
    let rows: Vec<&ItemRow> = p.items.iter().collect();
    Ok(Json(country(&p.country, &rows)))
}

/// A coalition in the list.
#[derive(Serialize, ToSchema)]
pub struct CoalitionOut {
    pub id: i64,
    pub name: String,
    /// international, regional or national.
    pub scope: String,
    /// A region's code (regional), a country's ISO code (national), else empty.
    pub area: String,
    pub description: String,
}

#[derive(Serialize, ToSchema)]
pub struct CoalitionsOut {
    pub items: Vec<CoalitionOut>,
}

/// A member organisation and its status.
#[derive(Serialize, ToSchema)]
pub struct MemberOut {
    pub organisation: String,
    /// specialty_society, government_body, ngo, patient_society or industry.
    pub kind: String,
    /// invited, joined or left.
    pub status: String,
    pub invited_on: Option<String>,
    pub joined_on: Option<String>,
    pub left_on: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ActivityOut {
    /// YYYY-MM-DD.
    pub held_on: String,
    /// meeting, campaign, publication, policy_submission or event.
    pub kind: String,
    pub outcome: String,
}

/// A coalition with its members and activities (contacts: `/contacts`, with a token).
#[derive(Serialize, ToSchema)]
pub struct CoalitionDetailOut {
    #[serde(flatten)]
    pub coalition: CoalitionOut,
    pub members: Vec<MemberOut>,
    pub activities: Vec<ActivityOut>,
}

#[derive(Serialize, ToSchema)]
pub struct ContactOut {
    pub name: String,
    pub role_title: String,
    pub email: String,
}

#[derive(Serialize, ToSchema)]
pub struct ContactsOut {
    pub items: Vec<ContactOut>,
}

fn coalition_out(c: &coalitions_svc::CoalitionRow) -> CoalitionOut {
    CoalitionOut {
        id: c.id,
        name: c.name.clone(),
        scope: c.scope.clone(),
        area: c.area.clone(),
        description: c.description.clone(),
    }
}

/// Every fracture-prevention coalition, international first (public, like the page).
#[utoipa::path(get, path = "/api/v1/coalitions", tag = "coalitions", operation_id = "listCoalitions",
    responses((status = 200, description = "The coalitions", body = CoalitionsOut)))]
pub(crate) async fn api_coalitions(
    State(app): State<AppState>,
) -> Result<Json<CoalitionsOut>, ApiError> {
    let items = coalitions_svc::list(&app)
        .await?
        .iter()
        .map(coalition_out)
        .collect();
    Ok(Json(CoalitionsOut { items }))
}

/// A coalition's members and activities (public, like the page, without its contacts).
#[utoipa::path(get, path = "/api/v1/coalitions/{coalition}", tag = "coalitions", operation_id = "getCoalition",
    params(("coalition" = i64, Path, description = "The coalition's id")),
    responses((status = 200, description = "The coalition", body = CoalitionDetailOut)))]
pub(crate) async fn api_coalition(
    State(app): State<AppState>,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<CoalitionDetailOut>, ApiError> {
    let id: i64 = id.trim().parse().map_err(|_| ApiError::not_found())?;
    let p = coalitions_svc::page(&app, None, id).await?;
    Ok(Json(CoalitionDetailOut {
        coalition: coalition_out(&p.coalition),
        members: p
            .members
            .into_iter()
            .map(|m| MemberOut {
                organisation: m.organisation,
                kind: m.kind,
                status: m.status,
                invited_on: m.invited_on.map(|d| d.to_string()),
                joined_on: m.joined_on.map(|d| d.to_string()),
                left_on: m.left_on.map(|d| d.to_string()),
            })
            .collect(),
        activities: p
            .activities
            .into_iter()
            .map(|a| ActivityOut {
                held_on: a.held_on.to_string(),
                kind: a.kind,
                outcome: a.outcome,
            })
            .collect(),
    }))
}

/// A coalition's contacts: for any signed-in user (a token), as on the page.
#[utoipa::path(get, path = "/api/v1/coalitions/{coalition}/contacts", tag = "coalitions", operation_id = "listCoalitionContacts",
    params(("coalition" = i64, Path, description = "The coalition's id")),
    responses((status = 200, description = "The contacts", body = ContactsOut)))]
pub(crate) async fn api_contacts(
    State(app): State<AppState>,
    who: ApiUser,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<ContactsOut>, ApiError> {
    let id: i64 = id.trim().parse().map_err(|_| ApiError::not_found())?;
    let p = coalitions_svc::page(&app, Some(&who.actor), id).await?;
    Ok(Json(ContactsOut {
        items: p
            .contacts
            .into_iter()
            .map(|c| ContactOut {
                name: c.name,
                role_title: c.role_title,
                email: c.email,
            })
            .collect(),
    }))
}
