//! One KPI: its funnel plot and run chart (drawn by `crate::charts`) with their data tables.

use super::*;
use crate::AppState;
use crate::charts::{self, Chart, FunnelChart, FunnelPoint, RunChart};
use crate::ctx::{Ctx, Signed, html};
use crate::error::{AppError, PageResult};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use liaison_app::kpi::KpiFls;
use liaison_app::kpi::{self as svc, Scope, Viewer};
use liaison_domain::benchmark::{control_limits, direction};
use liaison_domain::format;
use liaison_domain::kpi::{KpiId, KpiPeriod};

// ---------------------------------------------------------------------------------------------
// One KPI: funnel plot and run chart
// ---------------------------------------------------------------------------------------------

pub struct PointView {
    pub denominator: String,
    pub value: String,
    pub own: bool,
    pub signal: String,
}

pub struct RunView {
    pub quarter: String,
    pub numerator: String,
    pub denominator: String,
    pub value: String,
    pub reference: String,
}

#[derive(Template)]
#[template(path = "kpi_detail.html")]
struct DetailPage {
    ctx: Ctx,
    f: KpiFls,
    kpi: &'static str,
    kpi_name: String,
    qs: String,
    period: KpiPeriod,
    version: String,
    compare: String,
    compare_label: String,
    funnel_svg: String,
    points: Vec<PointView>,
    /// Where the viewer's own service stands, with the signal's direction (issue 12).
    own_reading: String,
    withheld: usize,
    p0: String,
    run_svg: String,
    run: Vec<RunView>,
    proportion: bool,
    /// Why the funnel is not drawn, when a disclosure rule withholds it.
    funnel_note: String,
    /// Some reference values of the run chart are withheld (rules 6 and 7).
    reference_withheld: bool,
}

/// The comparison scope for a funnel: the one asked for if released (rule 3), else the
/// nearest larger one that is.
fn compare_scope(w: &svc::World, f: &KpiFls, asked: &str) -> Option<Scope> {
    let country = Scope::Country(f.country.clone());
    let region = svc::region_scope(&f.region);
    let order: Vec<Scope> = match asked {
        "country" => vec![country, region, Scope::Global],
        "region" => vec![region, Scope::Global],
        _ => vec![Scope::Global],
    };
    order
        .into_iter()
        .find(|s| svc::release(w, s) == svc::Release::Released)
}

pub(super) fn members(w: &svc::World, s: &Scope) -> Vec<i64> {
    w.fls
        .iter()
        .filter(|f| match s {
            Scope::Country(c) => &f.country == c,
            Scope::Region(r) => f.region == r.code(),
            Scope::Global => true,
            Scope::Fls(c) => &f.code == c,
        })
        .map(|f| f.id)
        .collect()
}

pub async fn detail(
    State(app): State<AppState>,
    who: Signed,
    Path((code, kpi)): Path<(String, String)>,
    Query(q): Query<PeriodQuery>,
) -> PageResult {
    let (f, today) = visible_fls(&app, &who, &code).await?;
    let Some(id) = KpiId::parse(&kpi) else {
        return Err(AppError::NotFound);
    };
    let (period, _) = resolve_or_default(&who.ctx, &q, today);
    let viewer = Viewer::of_grants(&who.actor, &who.s.grants);
    let inside = viewer.exact.contains(f.id);
    svc::check_period(&viewer, inside, &period)?;
    let defs = svc::definitions(&app, Some(&f.country)).await?;
    let w = svc::world(&app, &defs, period).await?;
    let ctx = who.ctx.clone();
    let kpi_name = ctx.tk("kpi", id.id());
    let proportion = svc::is_proportion(id);
    let scope = compare_scope(&w, &f, &q.compare);
    let own = inside.then_some(f.id);
    // Rule 8: inside, a short period shows the FLS's own figures but no comparison with
    // others; outside, the centre line follows rules 6 and 7 like any pooled value.
    let mut funnel_note = String::new();
    let funnel = match (&scope, proportion) {
        (Some(_), true) if svc::too_short_for_pooled(&viewer, &period) => {
            funnel_note = ctx.t("kpi-funnel-short");
            None
        }
        (Some(s), true) if svc::centre_withheld(&w, &viewer, inside, s, id) => {
            funnel_note = ctx.t("kpi-centre-withheld");
            None
        }
        (Some(s), true) => Some(svc::funnel(&w, id, &members(&w, s), own)),
        _ => None,
    };
    // Someone outside the FLS sees its point only as others do: anonymous among the rest.
    let run = svc::run_chart(&app, &viewer, &f, id, period.as_of, 8).await?;
    let funnel_svg = funnel
        .as_ref()
        .map(|fu| funnel_svg(&ctx, &kpi_name, fu))
        .unwrap_or_default();
    let run_svg = run_svg(&ctx, &kpi_name, &run);
    if q.format == "svg" {
        let body = if q.chart == "run" {
            run_svg
        } else {
            funnel_svg
        };
        if body.is_empty() {
            return Err(AppError::NotFound);
        }
        let name = format!(
            "{}-{}-{}.svg",
            f.code,
            id.id(),
            if q.chart == "run" { "run" } else { "funnel" }
        );
        return Ok((
            [
                (header::CONTENT_TYPE, "image/svg+xml".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}\""),
                ),
            ],
            format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{body}"),
        )
            .into_response());
    }
    // Each signal says which way it points, against the comparison scope's pooled value.
    let against = scope
        .as_ref()
        .map(|s| super::scope_charts::comparator(&ctx, s))
        .unwrap_or_default();
    let mut own_reading = String::new();
    let points = funnel
        .as_ref()
        .map(|fu| {
            let p0 = fu.p0.unwrap_or(f64::NAN);
            fu.points
                .iter()
                .map(|p| {
                    let d = direction(id, p.signal, p.value, p0);
                    let signal = super::scope_charts::signal_text(&ctx, p.signal, d, &against, p0);
                    if p.own {
                        own_reading = match d {
                            Some(d) => {
                                format!("{}: {signal}", ctx.tk("kpi-reading", d.reading.code()))
                            }
                            None => signal.clone(),
                        };
                    }
                    PointView {
                        denominator: format::integer(ctx.tr.lang, p.denominator as i64),
                        value: pct(&ctx, Some(p.value)),
                        own: p.own,
                        signal,
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let run_views = run
        .iter()
        .map(|r| RunView {
            quarter: r.quarter.to_string(),
            numerator: count(&ctx, &r.numerator),
            denominator: den(&ctx, &r.denominator),
            value: pct(&ctx, r.value),
            reference: pct(&ctx, r.reference),
        })
        .collect();
    let compare_label = match &scope {
        Some(Scope::Country(c)) => ctx.tr.ta("kpi-col-country", &[("country", c.clone())]),
        Some(Scope::Region(r)) => ctx.tk("region", r.code()),
        Some(_) => ctx.t("kpi-col-world"),
        None => ctx.t("kpi-compare-none"),
    };
    html(DetailPage {
        kpi: id.id(),
        kpi_name,
        qs: period_qs(&period),
        version: defs.version.clone(),
        compare: q.compare.clone(),
        compare_label,
        funnel_svg,
        withheld: funnel.as_ref().map(|f| f.withheld).unwrap_or(0),
        p0: pct(&ctx, funnel.as_ref().and_then(|f| f.p0)),
        points,
        own_reading,
        run_svg,
        reference_withheld: run.iter().any(|r| r.reference.is_none()),
        run: run_views,
        funnel_note,
        proportion,
        period,
        f,
        ctx,
    })
}

/// The chart's shared settings in the page's language: values as percentages.
fn chart<'a>(
    ctx: &Ctx,
    id: &'a str,
    title: String,
    desc: String,
    fmt: &'a dyn Fn(f64) -> String,
) -> Chart<'a> {
    Chart {
        id,
        title,
        desc,
        rtl: ctx.tr.lang.dir() == "rtl",
        fmt,
    }
}

pub(crate) fn funnel_svg(ctx: &Ctx, name: &str, fu: &liaison_domain::benchmark::Funnel) -> String {
    let Some(p0) = fu.p0 else {
        return String::new();
    };
    let lang = ctx.tr.lang;
    let fmt = move |v: f64| format::percent(lang, v, 0);
    let fmt_n = move |v: f64| format::integer(lang, v.round() as i64);
    let limits = |n: u64| {
        let l = control_limits(p0, n);
        [l.lower_998, l.lower_95, l.upper_95, l.upper_998]
    };
    let points: Vec<FunnelPoint> = fu
        .points
        .iter()
        .map(|p| FunnelPoint {
            n: p.denominator,
            value: p.value,
            own: p.own,
        })
        .collect();
    let title = ctx.tr.ta("kpi-funnel-title", &[("kpi", name.to_string())]);
    let desc = ctx.tr.ta(
        "kpi-funnel-desc",
        &[
            ("points", fu.points.len().to_string()),
            ("p0", format::percent(lang, p0, 1)),
        ],
    );
    charts::funnel(
        &chart(ctx, "funnel", title, desc, &fmt),
        &FunnelChart {
            p0,
            points: &points,
            limits: &limits,
            x_label: ctx.t("kpi-axis-denominator"),
            y_label: ctx.t("kpi-axis-value"),
            own_label: ctx.t("kpi-your-fls"),
            fmt_n: &fmt_n,
        },
    )
}

fn run_svg(ctx: &Ctx, name: &str, run: &[svc::RunPoint]) -> String {
    let lang = ctx.tr.lang;
    let fmt = move |v: f64| format::percent(lang, v, 0);
    let quarters: Vec<String> = run.iter().map(|r| r.quarter.to_string()).collect();
    let values: Vec<Option<f64>> = run.iter().map(|r| r.value).collect();
    let reference: Vec<Option<f64>> = run.iter().map(|r| r.reference).collect();
    let title = ctx.tr.ta("kpi-run-title", &[("kpi", name.to_string())]);
    charts::run_chart(
        &chart(ctx, "run", title, ctx.t("kpi-run-desc"), &fmt),
        &RunChart {
            quarters: &quarters,
            values: &values,
            reference: &reference,
            x_label: ctx.t("kpi-axis-quarter"),
            y_label: ctx.t("kpi-axis-value"),
        },
    )
}
