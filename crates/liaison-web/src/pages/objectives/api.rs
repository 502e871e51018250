//! `GET /api/v1/objectives`: the objectives dashboard's figures as JSON, public like the page
//! (the quiet FLSs, which name services, are for programme staff on the page only).

use crate::AppState;
use crate::api::ApiError;
use axum::Json;
use axum::extract::State;
use liaison_app::objectives::{self as svc, Objectives};
use serde_json::json;
use std::borrow::Cow;
use utoipa::openapi::{RefOr, Schema};
use utoipa::{PartialSchema, ToSchema};

/// The answer's shape, written by hand as the KPI answer's is: its counts are numbers or
/// `<8` strings by the disclosure rules.
pub struct ObjectivesAnswer;

impl PartialSchema for ObjectivesAnswer {
    fn schema() -> RefOr<Schema> {
        let count = json!({ "type": ["integer", "string", "null"], "description": "A count rounded to 5, `<8` for a small one, null where the area is not released that year" });
        let per_year = |t: serde_json::Value| json!({ "type": "array", "items": t, "description": "One per year of `years`" });
        let area = json!({
            "type": "object",
            "required": ["scope", "active", "opened", "closed", "care_gap", "hip", "spine"],
            "properties": {
                "scope": { "type": "string", "description": "global, region:<code> or country:<ISO code>" },
                "active": per_year(json!({ "type": "integer" })),
                "opened": per_year(json!({ "type": "integer" })),
                "closed": per_year(json!({ "type": "integer" })),
                "fls_target": { "type": ["number", "null"], "description": "Twice the FLSs active in the baseline year" },
                "care_gap": per_year(json!({ "type": ["number", "null"] })),
                "care_gap_population": per_year(count.clone()),
                "care_gap_started": per_year(count.clone()),
                "care_gap_trend": { "type": ["number", "null"] },
                "hip": per_year(count.clone()),
                "spine": per_year(count),
                "fracture_target": { "type": ["number", "null"], "description": "75 % of the hip and spine fractures registered in the baseline year" },
                "population": { "type": "array", "items": { "type": "object" } }
            }
        });
        let v = json!({
            "type": "object",
            "required": ["baseline_year", "years", "definitions_version", "areas", "uptake"],
            "properties": {
                "baseline_year": { "type": "integer" },
                "years": { "type": "array", "items": { "type": "integer" } },
                "definitions_version": { "type": "string" },
                "areas": { "type": "array", "items": area },
                "uptake": { "type": "object" }
            }
        });
        serde_json::from_value(v).unwrap_or_default()
    }
}

impl ToSchema for ObjectivesAnswer {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("ObjectivesAnswer")
    }
}

/// The Partnership's objectives: FLSs by year against double the baseline, the care gap by
/// year, hip and spine fractures registered by year against 25 % fewer, population figures
/// and uptake, for the world and each released region and country.
#[utoipa::path(get, path = "/api/v1/objectives", tag = "objectives", operation_id = "getObjectives",
    responses((status = 200, description = "The objectives", body = ObjectivesAnswer)))]
pub async fn api_objectives(State(app): State<AppState>) -> Result<Json<Objectives>, ApiError> {
    Ok(Json(svc::objectives(&app, None).await?))
}
