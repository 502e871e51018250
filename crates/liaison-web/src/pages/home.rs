//! The home page, health and metrics.

use crate::AppState;
use crate::api::ApiUser;
use crate::ctx::{Ctx, html};
use crate::error::{AppError, PageResult};
use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use liaison_app::orgs::FlsSummary;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    ctx: Ctx,
    roles: Vec<String>,
    fls: Vec<FlsSummary>,
    more: usize,
}

pub async fn home(State(app): State<AppState>, ctx: Ctx) -> PageResult {
    if !ctx.signed_in() {
        return html(HomePage {
            ctx,
            roles: vec![],
            fls: vec![],
            more: 0,
        });
    }
    let Some(s) = ctx.session.clone() else {
        return Err(AppError::SignIn("/".into()));
    };
    let mut fls = liaison_app::orgs::list_fls(&app, &s.access.view_aggregates).await?;
    let more = fls.len().saturating_sub(12);
    fls.truncate(12);
    let roles = s
        .grants
        .iter()
        .map(|g| {
            let scope = g
                .fls_code
                .clone()
                .or_else(|| g.country.clone())
                .or_else(|| g.region.as_ref().map(|r| ctx.t(&format!("region-{r}"))));
            match scope {
                Some(sc) => format!("{} · {sc}", ctx.t(&format!("role-{}", g.role))),
                None => ctx.t(&format!("role-{}", g.role)),
            }
        })
        .collect();
    html(HomePage {
        ctx,
        roles,
        fls,
        more,
    })
}

/// 200 when the server and its database are usable, 503 otherwise.
pub async fn health(State(app): State<AppState>) -> Response {
    if let Some(engine) = app.health().await {
        (
            StatusCode::OK,
            Json(serde_json::json!({ "status": "ok", "database": engine })),
        )
            .into_response()
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(serde_json::json!({ "status": "unavailable" })),
        )
            .into_response()
    }
}

/// Prometheus metrics, for administrators (signed in, or with an administrator's API token).
pub async fn metrics(State(app): State<AppState>, ctx: Ctx, api: Option<ApiUser>) -> PageResult {
    let admin = api.as_ref().is_some_and(|a| a.access.is_admin()) || ctx.is_admin();
    if !admin {
        if ctx.signed_in() {
            let who = crate::ctx::Signed::from_ctx(&ctx);
            if let Some(who) = who {
                return Err(crate::ctx::deny(&app, &who, "metrics").await);
            }
        }
        return Err(AppError::NotFound);
    }
    let body = crate::metrics::handle()
        .map(|h| h.render())
        .unwrap_or_default();
    Ok(([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], body).into_response())
}
