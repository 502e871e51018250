//! The patients behind a figure.

use super::*;
use crate::AppState;
use crate::ctx::{Ctx, Signed, deny, html};
use crate::error::{AppError, PageResult};
use askama::Template;
use axum::extract::{Path, Query, State};
use liaison_app::episodes::EpisodeRow;
use liaison_app::kpi::KpiFls;
use liaison_app::kpi::{self as svc};
use liaison_domain::kpi::{KpiId, KpiPeriod, Part};

// ---------------------------------------------------------------------------------------------
// The patients behind a figure
// ---------------------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "kpi_patients.html")]
struct PatientsPage {
    ctx: Ctx,
    f: KpiFls,
    kpi: &'static str,
    kpi_name: String,
    part: &'static str,
    qs: String,
    period: KpiPeriod,
    rows: Vec<EpisodeRow>,
    total: usize,
}

const PATIENT_PAGE: usize = 500;

pub async fn patients(
    State(app): State<AppState>,
    who: Signed,
    Path((code, kpi)): Path<(String, String)>,
    Query(q): Query<PeriodQuery>,
) -> PageResult {
    // Patient rows: only for those who may read this FLS's patients (rule 5).
    let Some(row) =
        liaison_app::orgs::fls_by_code(&app, &who.s.access.read_patients, &code).await?
    else {
        return Err(deny(&app, &who, "patients").await);
    };
    let all = svc::all_fls(&app).await?;
    let Some(f) = all.into_iter().find(|f| f.id == row.id) else {
        return Err(AppError::NotFound);
    };
    let Some(id) = KpiId::parse(&kpi) else {
        return Err(AppError::NotFound);
    };
    let part = Part::parse(&q.part).unwrap_or(Part::Numerator);
    let today = liaison_app::episodes::today_in(app.now(), &row.time_zone);
    let (period, _) = resolve_or_default(&who.ctx, &q, today);
    let (rows, total) = svc::patients(&app, &who.actor, &f, id, part, period, PATIENT_PAGE).await?;
    let ctx = who.ctx.clone();
    html(PatientsPage {
        kpi: id.id(),
        kpi_name: ctx.tk("kpi", id.id()),
        part: part.code(),
        qs: period_qs(&period),
        period,
        rows,
        total,
        f,
        ctx,
    })
}
