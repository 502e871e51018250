//! The programme's API: the same data and rules as the pages.

use crate::AppState;
use crate::api::{ApiError, ApiPath, ApiUser, rfc3339, visible_fls};
use axum::Json;
use axum::extract::State;
use liaison_app::programme::{self as svc};
use liaison_domain::programme::g2g::{self};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// The Map of Best Practice.
#[derive(Serialize, ToSchema)]
pub struct MapOut {
    pub items: Vec<MapEntry>,
}

/// An FLS on the map: its latest approved, published self-assessment.
#[derive(Serialize, ToSchema)]
pub struct MapEntry {
    pub code: String,
    pub name: String,
    /// Only where the FLS agreed to publish it.
    pub city: Option<String>,
    pub country: String,
    pub region: String,
    /// black, bronze, silver or gold.
    pub overall: String,
    /// Each domain's approved level.
    pub domains: BTreeMap<String, String>,
    /// YYYY-MM-DD.
    pub approved_on: String,
}

/// The Map of Best Practice (public, like the page): each FLS's latest approved, published
/// assessment, its city only where the FLS agreed.
#[utoipa::path(get, path = "/api/v1/map", tag = "programme", operation_id = "getMap",
    responses((status = 200, description = "The map", body = MapOut)))]
pub(crate) async fn api_map(State(app): State<AppState>) -> Result<Json<MapOut>, ApiError> {
    let entries = svc::public_entries(&app).await?;
    let items = entries
        .into_iter()
        .map(|e| MapEntry {
            code: e.code,
            name: e.name,
            city: e.city,
            country: e.country,
            region: e.region,
            overall: e.overall.code().into(),
            domains: e
                .domains
                .into_iter()
                .map(|(d, l)| (d, l.code().into()))
                .collect(),
            approved_on: e.approved_on.to_string(),
        })
        .collect();
    Ok(Json(MapOut { items }))
}

/// An FLS's self-assessments, newest first.
#[derive(Serialize, ToSchema)]
pub struct AssessmentsOut {
    pub fls: String,
    pub items: Vec<AssessmentOut>,
}

/// A Best Practice Framework self-assessment with its review history.
#[derive(Serialize, ToSchema)]
pub struct AssessmentOut {
    pub id: i64,
    /// draft, submitted, changes_requested or approved.
    pub status: String,
    pub framework_version: String,
    /// The FLS's answer to each standard, by standard id.
    #[schema(value_type = Object)]
    pub answers: Value,
    /// What the registry's KPIs suggest for the standards it can measure.
    #[schema(value_type = Object)]
    pub registry_suggestions: Value,
    /// The levels the answers reach, by domain.
    #[schema(value_type = Option<Object>)]
    pub score: Option<Value>,
    /// The levels a reviewer approved, by domain.
    #[schema(value_type = Option<Object>)]
    pub approved: Option<Value>,
    pub publish: bool,
    pub publish_city: bool,
    pub created_at: String,
    pub updated_at: String,
    pub submitted_at: Option<String>,
    pub decided_at: Option<String>,
    pub reviews: Vec<ReviewOut>,
}

#[derive(Serialize, ToSchema)]
pub struct ReviewOut {
    pub at: String,
    pub actor: String,
    /// submit, comment, request_changes or approve.
    pub action: String,
    pub comment: String,
}

/// An FLS's Best Practice Framework self-assessments, newest first, with answers, scores,
/// approved levels and reviews.
#[utoipa::path(get, path = "/api/v1/fls/{code}/assessments", tag = "programme", operation_id = "listAssessments",
    params(("code" = String, Path, description = "The FLS's code")),
    responses((status = 200, description = "The assessments", body = AssessmentsOut)))]
pub(crate) async fn api_assessments(
    State(app): State<AppState>,
    who: ApiUser,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<AssessmentsOut>, ApiError> {
    let path = format!("/api/v1/fls/{code}/assessments");
    let f = visible_fls(&app, &who, &code, &path).await?;
    let parse = |s: &str| serde_json::from_str::<Value>(s).unwrap_or(Value::Null);
    let mut items = Vec::new();
    for a in svc::assessments(&app, &who.actor, &f).await? {
        let reviews = svc::reviews(&app, &a).await?;
        items.push(AssessmentOut {
            id: a.id,
            status: a.status.clone(),
            framework_version: a.framework_version.clone(),
            answers: parse(&a.answers_json),
            registry_suggestions: parse(&a.prefill_json),
            score: a.score_json.as_deref().map(parse),
            approved: a.approved_json.as_deref().map(parse),
            publish: a.publish,
            publish_city: a.publish_city,
            created_at: rfc3339(a.created_at),
            updated_at: rfc3339(a.updated_at),
            submitted_at: a.submitted_at.map(rfc3339),
            decided_at: a.decided_at.map(rfc3339),
            reviews: reviews
                .into_iter()
                .map(|r| ReviewOut {
                    at: rfc3339(r.at),
                    actor: r.actor,
                    action: r.action,
                    comment: r.comment,
                })
                .collect(),
        });
    }
    Ok(Json(AssessmentsOut { fls: f.code, items }))
}

/// An FLS's Getting to Gold plan.
#[derive(Serialize, ToSchema)]
pub struct PlanOut {
    pub fls: String,
    /// 1 to 5.
    pub step: i64,
    /// The step's code; null for a step outside 1 to 5.
    pub step_code: Option<String>,
    pub updated_at: Option<String>,
    pub milestones: Vec<MilestoneOut>,
}

#[derive(Serialize, ToSchema)]
pub struct MilestoneOut {
    pub id: i64,
    pub step: i64,
    pub title: String,
    pub owner: String,
    /// YYYY-MM-DD.
    pub due_date: Option<String>,
    /// open or done.
    pub status: String,
    pub evidence: String,
    pub evidence_url: Option<String>,
}

/// An FLS's Getting to Gold plan: its step and milestones.
#[utoipa::path(get, path = "/api/v1/fls/{code}/g2g", tag = "programme", operation_id = "getG2g",
    params(("code" = String, Path, description = "The FLS's code")),
    responses((status = 200, description = "The plan", body = PlanOut)))]
pub(crate) async fn api_g2g(
    State(app): State<AppState>,
    who: ApiUser,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<PlanOut>, ApiError> {
    let path = format!("/api/v1/fls/{code}/g2g");
    let f = visible_fls(&app, &who, &code, &path).await?;
    let plan = svc::plan(&app, &who.actor, svc::Target::Fls(&f)).await?;
    let step = plan.plan.as_ref().map(|p| p.step).unwrap_or(1);
    Ok(Json(PlanOut {
        fls: f.code.clone(),
        step,
        step_code: g2g::step_code(step).map(str::to_string),
        updated_at: plan.plan.as_ref().map(|p| rfc3339(p.updated_at)),
        milestones: plan
            .milestones
            .iter()
            .map(|m| MilestoneOut {
                id: m.id,
                step: m.step,
                title: m.title.clone(),
                owner: m.owner.clone(),
                due_date: m.due_date.map(|d| d.to_string()),
                status: m.status.clone(),
                evidence: m.evidence.clone(),
                evidence_url: m.evidence_url.clone(),
            })
            .collect(),
    }))
}
