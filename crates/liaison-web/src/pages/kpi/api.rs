//! `GET /api/v1/kpis`: the same figures as the pages, as JSON.

use crate::AppState;
use crate::api::{ApiError, ApiUser};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use liaison_app::kpi::{self as svc, Scope, Viewer};
use liaison_domain::error::Invalid;
use liaison_domain::kpi::{Dimension, MeasureId, PeriodAsk};
use serde::Deserialize;
use serde_json::json;
use std::borrow::Cow;
use utoipa::openapi::{RefOr, Schema};
use utoipa::{IntoParams, PartialSchema, ToSchema};

#[derive(Deserialize, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ApiQuery {
    /// fls:CODE, country:CC, region:NAME or global.
    #[serde(default)]
    #[param(required = true)]
    scope: String,
    /// The first fracture date of the period, YYYY-MM-DD.
    #[serde(default)]
    #[param(required = true)]
    from: String,
    /// The last fracture date of the period, YYYY-MM-DD.
    #[serde(default)]
    #[param(required = true)]
    to: String,
    /// The day the figures are for, YYYY-MM-DD (default today).
    #[serde(default)]
    as_of: String,
    /// json (default) or csv.
    #[serde(default)]
    format: String,
    /// Break every figure down (`breakdown` in the answer; in CSV, `by` and `cell` columns).
    /// `country` and `fls` only for scopes above one FLS; anything else is refused (422,
    /// `invalid`, the allowed values in `details`).
    #[serde(default)]
    #[param(inline, value_type = Option<By>)]
    by: String,
}

/// What figures can be broken down by (dataset version 2).
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)]
enum By {
    Age,
    Sex,
    Residence,
    Site,
    Setting,
    Country,
    Fls,
}

/// A scope's KPIs as docs/kpi-definitions.md describes them. The answer is assembled by the
/// KPI use case (exact inside the viewer's own FLSs, disclosed outside, or withheld), so its
/// schema is written here, beside the operation, and checked against real answers by the
/// test suite and the property-based API run.
pub struct KpiAnswer;

impl PartialSchema for KpiAnswer {
    fn schema() -> RefOr<Schema> {
        let count = json!({ "type": ["integer", "string"], "description": "A count; outside the viewer's FLSs a small one is shown as `<N`" });
        let kpi = json!({
            "type": "object",
            "required": ["id", "name", "numerator", "denominator", "value"],
            "properties": {
                "id": { "type": "string", "description": "kpi1 … kpi12" },
                "name": { "type": "string" },
                "numerator": count,
                "denominator": { "type": ["integer", "number", "string", "null"], "description": "A count, or the expected caseload for kpi1 and kpi2; null for kpi1 and kpi2 in a cell of a breakdown by a characteristic of the patient" },
                "value": { "type": ["number", "null"], "description": "numerator / denominator; null when it cannot be shown or the denominator is 0" },
                "band": { "type": ["string", "null"], "enum": ["red", "amber", "green", null] },
                "not_yet_due": count,
                "excluded_died": count
            }
        });
        let ids: Vec<&str> = MeasureId::ALL.iter().map(|m| m.id()).collect();
        let measure = json!({
            "type": "object",
            "description": "A supporting measure of dataset version 2, or one cell of a refracture measure",
            "required": ["id", "name", "split", "cell", "days", "numerator", "denominator", "value"],
            "properties": {
                "id": { "type": "string", "enum": ids },
                "name": { "type": "string" },
                "split": { "type": ["string", "null"], "enum": ["fracture_site", "aom_started_16w", null], "description": "What a refracture cell is split by; null for the measure as a whole" },
                "cell": { "type": ["string", "null"], "description": "The index fracture site, or yes / no for AOM started within 16 weeks" },
                "days": { "type": ["integer", "null"], "description": "The window; null for the screen and the advice" },
                "numerator": count,
                "denominator": count,
                "value": { "type": ["number", "null"], "description": "numerator / denominator; null when it cannot be shown or the denominator is 0" },
                "not_yet_due": { "type": "integer", "description": "Inside the viewer's FLSs only" },
                "excluded_died": { "type": "integer", "description": "Inside the viewer's FLSs only" }
            }
        });
        let pass = json!({
            "type": "object",
            "description": "The completeness check: an FLS passes with fewer than 5 items more than 20 % missing",
            "required": ["pass", "fls_passing", "fls_judged"],
            "properties": {
                "pass": { "type": ["boolean", "null"], "description": "One FLS: does it pass? null for several FLSs, no episodes, or when it cannot be shown" },
                "fls_passing": { "type": "integer" },
                "fls_judged": { "type": "integer", "description": "FLSs with episodes whose pass is shown" },
                "fls_not_shown": { "type": "integer", "description": "FLSs with episodes whose pass is withheld from this viewer (outside only)" }
            }
        });
        let supporting = json!({
            "type": "object",
            "properties": {
                "episodes": count,
                "measures": { "type": "array", "items": measure },
                "completeness_pass": pass
            }
        });
        let v = json!({
            "type": "object",
            "required": ["scope", "period", "as_of", "definitions_version", "kpis"],
            "properties": {
                "scope": { "type": "string" },
                "period": { "type": "object", "required": ["from", "to"],
                    "properties": { "from": { "type": "string", "format": "date" }, "to": { "type": "string", "format": "date" } } },
                "as_of": { "type": "string", "format": "date" },
                "definitions_version": { "type": "string" },
                "released": { "type": "boolean", "description": "false: the scope is too small to show; see `release`" },
                "release": { "type": ["string", "object"], "description": "Why a scope is not shown: `withheld`, or `{ \"folded_into\": REGION }`" },
                "disclosure": { "type": "string", "enum": ["exact", "disclosed"] },
                "fls_count": { "type": "integer" },
                "kpis": { "type": "array", "items": kpi },
                "completeness": { "type": "array", "items": { "type": "object" } },
                "expected_caseload": { "type": "object" },
                "supporting": supporting,
                "breakdown": {
                    "type": "object",
                    "description": "With `by`: each cell's figures (an age band, a dataset code, a country or FLS code, or `other`: those the caller may not see named, together). Inside the caller's FLS exact; elsewhere disclosed, and when exactly one cell would be withheld the next smallest is withheld too.",
                    "required": ["by", "disclosure", "cells"],
                    "properties": {
                        "by": { "type": "string", "enum": ["age", "sex", "residence", "site", "setting", "country", "fls"] },
                        "disclosure": { "type": "string", "enum": ["exact", "disclosed"] },
                        "cells": { "type": "array", "items": {
                            "type": "object",
                            "required": ["cell", "kpis", "completeness", "episodes"],
                            "properties": {
                                "cell": { "type": "string" },
                                "kpis": { "type": "array", "items": kpi },
                                "completeness": { "type": "array", "items": { "type": "object" } },
                                "episodes": count,
                                "measures": { "type": "array", "items": measure }
                            }
                        } }
                    }
                }
            }
        });
        // A schema utoipa cannot read would silently become `{"type": "object"}`, which every
        // answer fits; the test below keeps that from happening again.
        serde_json::from_value(v).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_answer_schema_is_read_whole() {
        let s = serde_json::to_value(KpiAnswer::schema()).unwrap();
        for key in ["kpis", "supporting", "release"] {
            assert!(s["properties"][key].is_object(), "{key} missing: {s}");
        }
        let sup = &s["properties"]["supporting"]["properties"];
        assert!(
            sup["measures"]["items"]["properties"]["split"].is_object(),
            "{s}"
        );
        assert!(sup["completeness_pass"]["properties"]["fls_not_shown"].is_object());
    }
}

impl ToSchema for KpiAnswer {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("KpiAnswer")
    }
}

/// The dashboard's numbers for a scope, with the token user's rights and the disclosure
/// rules: JSON in the shape of docs/kpi-definitions.md, or CSV (one row per KPI).
#[utoipa::path(get, path = "/api/v1/kpis", tag = "kpis", operation_id = "getKpis",
    params(ApiQuery),
    responses((status = 200, description = "The scope's KPIs", content(
        (KpiAnswer = "application/json"),
        (String = "text/csv")))))]
pub async fn api_kpis(
    State(app): State<AppState>,
    who: ApiUser,
    crate::api::ApiQuery(q): crate::api::ApiQuery<ApiQuery>,
) -> Result<Response, ApiError> {
    let mut inv = Invalid::default();
    let scope = Scope::parse(&q.scope);
    if scope.is_none() {
        inv.push(
            liaison_domain::error::FieldError::new("scope", &q.scope, "one_of")
                .arg("allowed", "fls:CODE, country:CC, region:NAME, global"),
        );
    }
    if !matches!(q.format.as_str(), "" | "json" | "csv") {
        inv.push(
            liaison_domain::error::FieldError::new("format", &q.format, "one_of")
                .arg("allowed", "json, csv"),
        );
    }
    let single = matches!(scope, Some(Scope::Fls(_)));
    let by = Dimension::read(&q.by, single).unwrap_or_else(|e| {
        inv.push(e);
        None
    });
    let today = app.now().date();
    let period = match PeriodAsk::dates(&q.from, &q.to, &q.as_of).resolve(today) {
        Ok(p) => Some(p),
        Err(e) => {
            inv.0.extend(e.0);
            None
        }
    };
    let (Some(scope), Some(period)) = (scope, period) else {
        return Err(liaison_app::ServiceError::Invalid(inv).into());
    };
    if !inv.is_empty() {
        return Err(liaison_app::ServiceError::Invalid(inv).into());
    }
    let viewer = Viewer::of(&app, &who.actor).await?;
    let Some(v) = svc::for_scope_by(&app, &viewer, &scope, period, by).await? else {
        liaison_app::audit::deny(
            &app,
            &who.actor,
            format!("kpis /api/v1/kpis {}", scope.code()),
        )
        .await?;
        return Err(ApiError::not_found());
    };
    if q.format == "csv" {
        return Ok((
            [(header::CONTENT_TYPE, "text/csv; charset=utf-8")],
            svc::scope_csv(&v),
        )
            .into_response());
    }
    Ok(axum::Json(v).into_response())
}
