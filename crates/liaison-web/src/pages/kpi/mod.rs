//! KPI dashboards, comparisons and charts (issue 5): the FLS dashboard with its pooled
//! comparisons and alerts, one KPI's funnel plot and run chart, the patients behind a figure,
//! the scope pages of national and regional leads, breakdowns (`?by=`), the definitions page, and
//! `GET /api/v1/kpis`.
//! Every figure comes from `services::kpi`, which applies the disclosure rules.

use crate::ctx::{Ctx, Signed, deny};
use crate::error::AppError;
use crate::{AppState, Routes};
use liaison_app::kpi::KpiFls;
use liaison_app::kpi::{self as svc, DashRow, ShownItem};
use liaison_domain::benchmark::{Disclosed, Signal};
use liaison_domain::error::Invalid;
use liaison_domain::format;
use liaison_domain::kpi::{KpiPeriod, KpiReport, PeriodAsk, PeriodKind};
use serde::Deserialize;
use time::Date;

pub(crate) mod api;
pub(crate) mod breakdown;
mod dashboard;
mod definitions;
mod detail;
mod measures;
pub(crate) mod outliers;
mod patients;
mod scope_charts;
mod scopes;

pub use api::*;
pub use dashboard::*;
pub use definitions::*;
pub use detail::*;
pub use outliers::*;
pub use patients::*;
pub use scopes::*;

pub fn routes(r: Routes) -> Routes {
    r.get("/fls/{code}/kpis", dashboard)
        .get("/fls/{code}/kpis/{kpi}", detail)
        .get("/fls/{code}/kpis/{kpi}/patients", patients)
        .get("/kpis", index)
        .get("/kpis/global", scope_global)
        .get("/kpis/outliers", outliers_page)
        .get("/kpis/country/{cc}", scope_country)
        .get("/kpis/region/{region}", scope_region)
        .get("/admin/kpi-definitions", definitions)
        .post("/admin/kpi-definitions", definitions_save)
        .get("/api/v1/kpis", api_kpis)
        .get("/api/v1/kpis/outliers", api_outliers)
}

// ---------------------------------------------------------------------------------------------
// Period selection
// ---------------------------------------------------------------------------------------------

#[derive(Deserialize, Default, Clone)]
pub struct PeriodQuery {
    #[serde(default)]
    pub period: String,
    #[serde(default, rename = "ref")]
    pub reference: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub as_of: String,
    #[serde(default)]
    pub format: String,
    #[serde(default)]
    pub chart: String,
    #[serde(default)]
    pub compare: String,
    #[serde(default)]
    pub part: String,
    /// A breakdown (`age`, `sex`, ...; dataset version 2).
    #[serde(default)]
    pub by: String,
}

/// The period a form asks for: a month, quarter or year containing `ref` (default: the as-of
/// date), or custom dates; the as-of date defaults to today.
fn resolve(q: &PeriodQuery, today: Date) -> Result<KpiPeriod, Invalid> {
    PeriodAsk {
        kind: PeriodKind::parse(&q.period),
        reference: &q.reference,
        from: &q.from,
        to: &q.to,
        as_of: &q.as_of,
    }
    .resolve(today)
}

/// The query string that names a period exactly (links between KPI pages keep it).
fn period_qs(p: &KpiPeriod) -> String {
    format!(
        "period=custom&from={}&to={}&as_of={}",
        p.from, p.to, p.as_of
    )
}

/// What the period form shows.
pub struct PeriodForm {
    pub period: String,
    pub reference: String,
    pub from: String,
    pub to: String,
    pub as_of: String,
    pub errors: Vec<String>,
    /// The breakdown asked for, and the `by` select's options (none: no select).
    pub by: String,
    pub by_options: Vec<(String, String)>,
}

fn period_form(ctx: &Ctx, q: &PeriodQuery, p: &KpiPeriod, inv: Option<&Invalid>) -> PeriodForm {
    PeriodForm {
        period: if q.period.is_empty() {
            "year".into()
        } else {
            q.period.clone()
        },
        reference: q.reference.clone(),
        from: p.from.to_string(),
        to: p.to.to_string(),
        as_of: p.as_of.to_string(),
        errors: inv
            .map(|i| i.0.iter().map(|e| ctx.tr.field_error(e)).collect())
            .unwrap_or_default(),
        by: q.by.clone(),
        by_options: Vec::new(),
    }
}

/// Resolve, or fall back to the default year with the errors shown.
pub(crate) fn resolve_or_default(
    ctx: &Ctx,
    q: &PeriodQuery,
    today: Date,
) -> (KpiPeriod, PeriodForm) {
    match resolve(q, today) {
        Ok(p) => {
            let f = period_form(ctx, q, &p, None);
            (p, f)
        }
        Err(inv) => {
            let p = resolve(&PeriodQuery::default(), today).unwrap_or(KpiPeriod {
                from: today,
                to: today,
                as_of: today,
            });
            let f = period_form(ctx, q, &p, Some(&inv));
            (p, f)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------------------------

pub(crate) fn pct(ctx: &Ctx, v: Option<f64>) -> String {
    v.map(|v| format::percent(ctx.tr.lang, v, 1))
        .unwrap_or_else(|| "—".into())
}

pub(crate) fn count(ctx: &Ctx, d: &Disclosed) -> String {
    match d.shown() {
        Some(n) => format::integer(ctx.tr.lang, n as i64),
        None => d.to_string(),
    }
}

pub(crate) fn den(ctx: &Ctx, d: &svc::ShownDen) -> String {
    match d {
        svc::ShownDen::Count(c) => count(ctx, c),
        svc::ShownDen::Expected(x) => format::decimal(ctx.tr.lang, *x, 1),
        svc::ShownDen::NotApplicable => "—".into(),
    }
}

/// A dashboard row, formatted.
pub struct RowView {
    pub id: &'static str,
    pub name: String,
    pub numerator: String,
    pub denominator: String,
    pub value: String,
    pub band: &'static str,
    pub band_text: String,
    pub not_yet_due: String,
    pub excluded_died: String,
    pub country: String,
    pub region: String,
    pub world: String,
    pub signal: &'static str,
    /// The signal with its direction against the world's pooled value.
    pub signal_text: String,
    /// `better` or `attention` when the signal has a direction (issue 12).
    pub reading: &'static str,
    pub proportion: bool,
}

fn signal_code(s: Option<Signal>) -> &'static str {
    match s {
        Some(Signal::Alarm) => "alarm",
        Some(Signal::Alert) => "alert",
        Some(Signal::Inside) => "inside",
        None => "",
    }
}

fn row_view(ctx: &Ctx, r: &DashRow) -> RowView {
    let k = &r.kpi;
    let band = k.band.map(|b| b.code()).unwrap_or("");
    let signal = signal_code(r.signal);
    RowView {
        id: k.id.id(),
        name: ctx.tk("kpi", k.id.id()),
        numerator: count(ctx, &k.numerator),
        denominator: den(ctx, &k.denominator),
        value: pct(ctx, k.value),
        band,
        band_text: if band.is_empty() {
            String::new()
        } else {
            ctx.tk("kpi-band", band)
        },
        not_yet_due: count(ctx, &k.not_yet_due),
        excluded_died: count(ctx, &k.excluded_died),
        country: pct(ctx, r.country.as_ref().and_then(|p| p.value)),
        region: pct(ctx, r.region.as_ref().and_then(|p| p.value)),
        world: pct(ctx, r.world.as_ref().and_then(|p| p.value)),
        signal,
        signal_text: match r.signal {
            Some(s) => scope_charts::signal_text(
                ctx,
                s,
                r.direction,
                &ctx.t("kpi-scope-world-name"),
                r.world.as_ref().and_then(|p| p.value).unwrap_or(f64::NAN),
            ),
            None => String::new(),
        },
        reading: r.direction.map(|d| d.reading.code()).unwrap_or(""),
        proportion: svc::is_proportion(k.id),
    }
}

pub struct ItemView {
    pub item: String,
    pub expected: String,
    pub recorded: String,
    pub value: String,
    pub flagged: bool,
}

fn item_view(ctx: &Ctx, i: &ShownItem) -> ItemView {
    ItemView {
        item: ctx.tr.field(i.item),
        expected: count(ctx, &i.expected),
        recorded: count(ctx, &i.recorded),
        value: pct(ctx, i.value),
        flagged: i.flagged == Some(true),
    }
}

/// Supporting measures as (label, value) pairs (shown inside the FLS only).
fn supporting(ctx: &Ctx, r: &KpiReport) -> Vec<(String, String)> {
    let s = &r.supporting;
    let lang = ctx.tr.lang;
    let days = |v: Option<f64>| {
        v.map(|d| format::decimal(lang, d, if d.fract() == 0.0 { 0 } else { 1 }))
            .unwrap_or_else(|| "—".into())
    };
    let mut out = vec![
        (
            ctx.t("kpi-sup-episodes"),
            format::integer(lang, s.episodes as i64),
        ),
        (
            ctx.t("kpi-sup-median-assessment"),
            days(s.median_days_to_assessment),
        ),
        (ctx.t("kpi-sup-median-dxa"), days(s.median_days_to_dxa)),
        (
            ctx.t("kpi-sup-median-aom"),
            days(s.median_days_to_aom_start),
        ),
        (
            ctx.t("kpi-sup-refracture-rate"),
            s.refracture_rate_per_100_patient_years
                .map(|x| format::decimal(lang, x, 1))
                .unwrap_or_else(|| "—".into()),
        ),
        (
            ctx.t("kpi-sup-deaths-52"),
            format::integer(lang, s.deaths_within_52_weeks as i64),
        ),
    ];
    for w in &s.not_yet_due {
        out.push((
            ctx.tr
                .ta("kpi-sup-not-yet-due", &[("days", w.days.to_string())]),
            format::integer(lang, w.episodes as i64),
        ));
    }
    let mixes = [
        ("kpi-sup-site", "opt-fracture_site", &s.by_site),
        ("kpi-sup-setting", "opt-setting", &s.by_setting),
    ];
    for (label, option, shares) in mixes {
        for sh in shares.iter().filter(|x| x.episodes > 0) {
            out.push((
                format!(
                    "{} — {}",
                    ctx.t(label),
                    ctx.t(&format!("{option}-{}", sh.code))
                ),
                format!(
                    "{} ({})",
                    format::integer(lang, sh.episodes as i64),
                    pct(ctx, sh.share)
                ),
            ));
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Access
// ---------------------------------------------------------------------------------------------

/// The FLS if the user may see its KPIs (its profile and aggregates), else a refusal; with
/// today in its time zone.
async fn visible_fls(app: &AppState, who: &Signed, code: &str) -> Result<(KpiFls, Date), AppError> {
    let Some(row) =
        liaison_app::orgs::fls_by_code(app, &who.s.access.view_aggregates, code).await?
    else {
        return Err(deny(app, who, "kpis").await);
    };
    let region = liaison_app::orgs::country_region(app, &row.country)
        .await?
        .map(|r| r.code().to_string())
        .unwrap_or_default();
    let today = liaison_app::episodes::today_in(app.now(), &row.time_zone);
    Ok((
        KpiFls {
            id: row.id,
            code: row.code,
            name: row.name,
            country: row.country,
            region,
            expected_non_spine_per_year: row.expected_non_spine_per_year,
            expected_spine_per_year: row.expected_spine_per_year,
            kpi_generation: 0,
        },
        today,
    ))
}
