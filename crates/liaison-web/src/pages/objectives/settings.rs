//! The administrators' settings of the objectives dashboard: the baseline year, population
//! figures with their source, and an FLS's closing date. Anyone else is answered 404 (and the
//! refusal audited); a refused value answers 422 naming field, value and rule.

use crate::AppState;
use crate::Routes;
use crate::ctx::{Ctx, Signed, deny, html, see_other};
use crate::error::{AppError, PageResult};
use askama::Template;
use axum::extract::{Form, Query, State};
use liaison_app::objectives as svc;
use liaison_domain::format;
use liaison_domain::objectives::PopulationInput;

pub fn routes(r: Routes) -> Routes {
    r.get("/objectives/settings", settings)
        .post("/objectives/settings/baseline", baseline)
        .post("/objectives/settings/population", population)
        .post("/objectives/settings/closing", closing)
}

async fn admin_only(app: &AppState, who: &Signed) -> Result<(), AppError> {
    if who.s.access.is_admin() {
        Ok(())
    } else {
        Err(deny(app, who, "objectives settings").await)
    }
}

#[derive(Template)]
#[template(path = "objectives_settings.html")]
struct SettingsPage {
    ctx: Ctx,
    baseline: String,
    saved: bool,
    populations: Vec<(String, String, String, String, String)>,
    /// Code, name and closing date of every FLS.
    fls: Vec<(String, String, String)>,
}

#[derive(serde::Deserialize, Default)]
pub struct SavedQuery {
    #[serde(default)]
    saved: String,
}

async fn settings(
    State(app): State<AppState>,
    who: Signed,
    Query(q): Query<SavedQuery>,
) -> PageResult {
    admin_only(&app, &who).await?;
    let lang = who.ctx.tr.lang;
    let baseline = svc::baseline_year(&app).await?.to_string();
    let populations = svc::populations(&app)
        .await?
        .into_iter()
        .map(|p| {
            (
                p.area,
                p.year.to_string(),
                format::integer(lang, p.people_50_plus),
                p.hip_fractures
                    .map(|n| format::integer(lang, n))
                    .unwrap_or_default(),
                p.source,
            )
        })
        .collect();
    let fls = svc::fls_dates(&app, &who.actor)
        .await?
        .into_iter()
        .map(|f| {
            (
                f.code,
                f.name,
                f.closed_on.map(|d| d.to_string()).unwrap_or_default(),
            )
        })
        .collect();
    html(SettingsPage {
        ctx: who.ctx,
        baseline,
        saved: !q.saved.is_empty(),
        populations,
        fls,
    })
}

#[derive(serde::Deserialize, Default)]
pub struct BaselineForm {
    #[serde(default)]
    baseline_year: String,
}

async fn baseline(
    State(app): State<AppState>,
    who: Signed,
    Form(f): Form<BaselineForm>,
) -> PageResult {
    admin_only(&app, &who).await?;
    svc::set_baseline_year(&app, &who.actor, &f.baseline_year).await?;
    Ok(see_other("/objectives/settings?saved=1"))
}

async fn population(
    State(app): State<AppState>,
    who: Signed,
    Form(f): Form<PopulationInput>,
) -> PageResult {
    admin_only(&app, &who).await?;
    svc::save_population(&app, &who.actor, &f).await?;
    Ok(see_other("/objectives/settings?saved=1"))
}

#[derive(serde::Deserialize, Default)]
pub struct ClosingForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    closed_on: String,
}

async fn closing(
    State(app): State<AppState>,
    who: Signed,
    Form(f): Form<ClosingForm>,
) -> PageResult {
    admin_only(&app, &who).await?;
    match svc::set_fls_closed(&app, &who.actor, &f.code, &f.closed_on).await {
        Err(liaison_app::ServiceError::NotFound) => Err(deny(&app, &who, "fls").await),
        r => {
            r?;
            Ok(see_other("/objectives/settings?saved=1"))
        }
    }
}
