//! `GET /api/v1/kpis`: the same figures as the pages, as JSON.

use crate::AppState;
use crate::api::{ApiError, ApiUser};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use liaison_app::kpi::{self as svc, Scope, Viewer};
use liaison_domain::error::Invalid;
use serde::Deserialize;

// ---------------------------------------------------------------------------------------------
// API
// ---------------------------------------------------------------------------------------------

#[derive(Deserialize, Default)]
pub struct ApiQuery {
    #[serde(default)]
    scope: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    as_of: String,
    #[serde(default)]
    format: String,
}

/// `GET /api/v1/kpis`: the numbers of the dashboard for a scope, with the token user's rights
/// and the disclosure rules; JSON in the shape of docs/kpi-definitions.md, or CSV.
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
    let today = app.now().date();
    let period = match svc::parse_period(&q.from, &q.to, &q.as_of, today) {
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
    let Some(v) = svc::for_scope(&app, &viewer, &scope, period).await? else {
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
