//! The programme's API: the same data and rules as the pages.

use crate::AppState;
use crate::api::{ApiError, ApiPath, ApiUser, rfc3339, visible_fls};
use axum::Json;
use axum::extract::State;
use liaison_app::programme::{self as svc};
use liaison_domain::programme::g2g::{self};
use serde_json::{Value, json};

// ---- API: the same data and rules as the pages above ----

/// `GET /api/v1/map`: the Map of Best Practice, public like the page: each FLS's latest
/// approved, published assessment, its city only where the FLS agreed.
pub(super) async fn api_map(State(app): State<AppState>) -> Result<Json<Value>, ApiError> {
    let entries = svc::public_entries(&app).await?;
    let items: Vec<Value> = entries
        .iter()
        .map(|e| {
            json!({
                "code": e.code,
                "name": e.name,
                "city": e.city,
                "country": e.country,
                "region": e.region,
                "overall": e.overall.code(),
                "domains": e.domains.iter().map(|(d, l)| (d.clone(), json!(l.code()))).collect::<serde_json::Map<_, _>>(),
                "approved_on": e.approved_on.to_string(),
            })
        })
        .collect();
    Ok(Json(json!({ "items": items })))
}

/// `GET /api/v1/fls/{code}/assessments`: the FLS's Best Practice Framework self-assessments,
/// newest first, with answers, scores, approved levels and review history.
pub(super) async fn api_assessments(
    State(app): State<AppState>,
    who: ApiUser,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<Value>, ApiError> {
    let path = format!("/api/v1/fls/{code}/assessments");
    let f = visible_fls(&app, &who, &code, &path).await?;
    let parse = |s: &str| serde_json::from_str::<Value>(s).unwrap_or(Value::Null);
    let mut items = Vec::new();
    for a in svc::assessments(&app, &who.actor, &f).await? {
        let reviews = svc::reviews(&app, &a).await?;
        items.push(json!({
            "id": a.id,
            "status": a.status,
            "framework_version": a.framework_version,
            "answers": parse(&a.answers_json),
            "registry_suggestions": parse(&a.prefill_json),
            "score": a.score_json.as_deref().map(parse),
            "approved": a.approved_json.as_deref().map(parse),
            "publish": a.publish,
            "publish_city": a.publish_city,
            "created_at": rfc3339(a.created_at),
            "updated_at": rfc3339(a.updated_at),
            "submitted_at": a.submitted_at.map(rfc3339),
            "decided_at": a.decided_at.map(rfc3339),
            "reviews": reviews.iter().map(|r| json!({
                "at": rfc3339(r.at),
                "actor": r.actor,
                "action": r.action,
                "comment": r.comment,
            })).collect::<Vec<_>>(),
        }));
    }
    Ok(Json(json!({ "fls": f.code, "items": items })))
}

/// `GET /api/v1/fls/{code}/g2g`: the FLS's Getting to Gold plan: its step and milestones.
pub(super) async fn api_g2g(
    State(app): State<AppState>,
    who: ApiUser,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<Value>, ApiError> {
    let path = format!("/api/v1/fls/{code}/g2g");
    let f = visible_fls(&app, &who, &code, &path).await?;
    let plan = svc::plan(&app, &who.actor, svc::Target::Fls(&f)).await?;
    let step = plan.plan.as_ref().map(|p| p.step).unwrap_or(1);
    Ok(Json(json!({
        "fls": f.code,
        "step": step,
        "step_code": g2g::step_code(step),
        "updated_at": plan.plan.as_ref().map(|p| rfc3339(p.updated_at)),
        "milestones": plan.milestones.iter().map(|m| json!({
            "id": m.id,
            "step": m.step,
            "title": m.title,
            "owner": m.owner,
            "due_date": m.due_date.map(|d| d.to_string()),
            "status": m.status,
            "evidence": m.evidence,
            "evidence_url": m.evidence_url,
        })).collect::<Vec<_>>(),
    })))
}
