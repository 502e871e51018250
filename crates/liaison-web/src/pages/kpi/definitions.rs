//! The KPI definitions page (administrators).

use crate::AppState;
use crate::ctx::{Ctx, Signed, deny, html};
use crate::error::PageResult;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use liaison_app::kpi::{self as svc};

// ---------------------------------------------------------------------------------------------
// Definitions (administrators)
// ---------------------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "kpi_definitions.html")]
struct DefinitionsPage {
    ctx: Ctx,
    rows: Vec<svc::DefinitionsRow>,
    current: String,
    country: String,
    json: String,
    errors: Vec<String>,
    saved: bool,
}

pub async fn definitions(State(app): State<AppState>, who: Signed) -> PageResult {
    if !who.s.access.is_admin() {
        return Err(deny(&app, &who, "kpi definitions").await);
    }
    let rows = svc::list_definitions(&app).await?;
    let current =
        serde_json::to_string_pretty(&svc::definitions(&app, None).await?).unwrap_or_default();
    html(DefinitionsPage {
        ctx: who.ctx,
        rows,
        json: current.clone(),
        current,
        country: String::new(),
        errors: vec![],
        saved: false,
    })
}

pub async fn definitions_save(
    State(app): State<AppState>,
    who: Signed,
    body: axum::body::Bytes,
) -> PageResult {
    if !who.s.access.is_admin() {
        return Err(deny(&app, &who, "kpi definitions").await);
    }
    let pairs = crate::pages::form_pairs(&body);
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let country = get("country").trim().to_ascii_uppercase();
    let json = get("json");
    let res = svc::save_definitions(
        &app,
        &who.actor,
        (!country.is_empty()).then_some(country.as_str()),
        &json,
    )
    .await;
    let (errors, saved) = match res {
        Ok(_) => (vec![], true),
        Err(liaison_app::ServiceError::Invalid(inv)) => (
            inv.0.iter().map(|e| who.ctx.tr.field_error(e)).collect(),
            false,
        ),
        Err(e) => return Err(e.into()),
    };
    let rows = svc::list_definitions(&app).await?;
    let current =
        serde_json::to_string_pretty(&svc::definitions(&app, None).await?).unwrap_or_default();
    let mut r = html(DefinitionsPage {
        ctx: who.ctx,
        rows,
        current,
        country,
        json,
        errors: errors.clone(),
        saved,
    })?;
    if !errors.is_empty() {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(r)
}
