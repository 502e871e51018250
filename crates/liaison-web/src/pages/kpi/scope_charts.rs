//! The charts of a scope page (issue 12): per KPI, a dot plot of every service of the scope
//! against the pooled value and the 95 % band at its size, and the pooled trend by quarter
//! as small multiples. Each comes with a data table. Points follow the funnel's disclosure
//! (rule 4: anonymous, by value, small counts left out and counted), and every signal says
//! which way it points.

use super::*;
use crate::charts::{self, Chart, DotKind, DotPlot, DotRow, Panel, SmallMultiples};
use crate::ctx::Ctx;
use liaison_app::kpi::{self as svc, Scope, Viewer};
use liaison_domain::benchmark::{Direction, Reading, Signal, control_limits, direction};
use liaison_domain::format;
use liaison_domain::kpi::KpiId;

/// One row of a dot plot's data table.
pub struct DotPointView {
    pub denominator: String,
    pub value: String,
    pub own: bool,
    pub signal: String,
}

/// One KPI's dot plot with its table.
pub struct DotView {
    pub id: &'static str,
    pub name: String,
    pub svg: String,
    pub points: Vec<DotPointView>,
    pub withheld: usize,
    pub better: i64,
    pub attention: i64,
}

/// The name of a scope as the comparator of a signal ("the pooled value of …").
pub fn comparator(ctx: &Ctx, scope: &Scope) -> String {
    match scope {
        Scope::Country(c) => ctx.country(c),
        Scope::Region(r) => ctx.tk("region", r.code()),
        Scope::Global => ctx.t("kpi-scope-world-name"),
        Scope::Fls(c) => c.clone(),
    }
}

/// "outside 95 % limits: above the pooled value of Spain (61.0 %)": a signal with its
/// direction; the signal alone when it has none. A `p0` that is not finite (a pooled value
/// withheld under rule 6) shows as "—".
pub fn signal_text(ctx: &Ctx, s: Signal, d: Option<Direction>, scope: &str, p0: f64) -> String {
    let code = match s {
        Signal::Inside => "inside",
        Signal::Alert => "alert",
        Signal::Alarm => "alarm",
    };
    let signal = ctx.tk("kpi-signal", code);
    match d {
        Some(d) => {
            let side = ctx.tr.ta(
                &format!("kpi-dir-{}", d.side.code()),
                &[
                    ("scope", scope.to_string()),
                    ("p0", pct(ctx, Some(p0).filter(|v| v.is_finite()))),
                ],
            );
            format!("{signal}: {side}")
        }
        None => signal,
    }
}

/// The dot plots of the proportion KPIs over every service of `scope`, when its pooled value
/// is released (rule 3); none otherwise.
pub fn dot_views(ctx: &Ctx, w: &svc::World, scope: &Scope, viewer: &Viewer) -> Vec<DotView> {
    if svc::release(w, scope) != svc::Release::Released {
        return vec![];
    }
    let members = super::detail::members(w, scope);
    let own = members
        .iter()
        .copied()
        .find(|id| viewer.exact.contains(*id));
    let label = comparator(ctx, scope);
    let lang = ctx.tr.lang;
    let fmt = move |v: f64| format::percent(lang, v, 0);
    KpiId::ALL
        .into_iter()
        .filter(|id| svc::is_proportion(*id))
        .filter_map(|id| {
            let fu = svc::funnel(w, id, &members, own);
            let p0 = fu.p0?;
            let name = ctx.tk("kpi", id.id());
            let dirs: Vec<Option<Direction>> = fu
                .points
                .iter()
                .map(|p| direction(id, p.signal, p.value, p0))
                .collect();
            let rows: Vec<DotRow> = fu
                .points
                .iter()
                .zip(&dirs)
                .map(|(p, d)| {
                    let l = control_limits(p0, p.denominator);
                    DotRow {
                        label: if p.own {
                            ctx.t("kpi-your-fls")
                        } else {
                            ctx.tr.ta(
                                "kpi-dot-row",
                                &[("n", format::integer(lang, p.denominator as i64))],
                            )
                        },
                        value: p.value,
                        band: (l.lower_95, l.upper_95),
                        own: p.own,
                        kind: match d.map(|d| d.reading) {
                            Some(Reading::BetterThanExpected) => DotKind::Better,
                            Some(Reading::NeedsAttention) => DotKind::Attention,
                            None => DotKind::Inside,
                        },
                    }
                })
                .collect();
            let chart = Chart {
                id: id.id(),
                title: ctx.tr.ta("kpi-dot-title", &[("kpi", name.clone())]),
                desc: ctx.tr.ta(
                    "kpi-dot-desc",
                    &[
                        ("points", fu.points.len().to_string()),
                        ("p0", pct(ctx, Some(p0))),
                        ("withheld", fu.withheld.to_string()),
                    ],
                ),
                rtl: ctx.tr.lang.dir() == "rtl",
                fmt: &fmt,
            };
            let svg = charts::dot_plot(
                &chart,
                &DotPlot {
                    p0,
                    rows: &rows,
                    x_label: ctx.t("kpi-axis-value"),
                    pooled_label: ctx.tr.ta("kpi-dot-pooled", &[("p0", pct(ctx, Some(p0)))]),
                },
            );
            let count =
                |r: Reading| dirs.iter().flatten().filter(|d| d.reading == r).count() as i64;
            Some(DotView {
                id: id.id(),
                svg,
                points: fu
                    .points
                    .iter()
                    .zip(&dirs)
                    .map(|(p, d)| DotPointView {
                        denominator: format::integer(lang, p.denominator as i64),
                        value: pct(ctx, Some(p.value)),
                        own: p.own,
                        signal: signal_text(ctx, p.signal, *d, &label, p0),
                    })
                    .collect(),
                withheld: fu.withheld,
                better: count(Reading::BetterThanExpected),
                attention: count(Reading::NeedsAttention),
                name,
            })
        })
        .collect()
}

/// The pooled trend as small multiples: one panel per KPI, one point per quarter.
pub fn trend_svg(ctx: &Ctx, quarters: &[String], values: &[Vec<Option<f64>>]) -> String {
    if quarters.is_empty() {
        return String::new();
    }
    let panels: Vec<Panel> = KpiId::ALL
        .iter()
        .map(|id| Panel {
            title: ctx.tk("kpi", id.id()),
            values: values.iter().map(|q| q[id.index()]).collect(),
        })
        .collect();
    let lang = ctx.tr.lang;
    let fmt = move |v: f64| format::percent(lang, v, 0);
    charts::small_multiples(
        &Chart {
            id: "trend",
            title: ctx.t("kpi-trend-chart-title"),
            desc: ctx.t("kpi-trend-chart-desc"),
            rtl: lang.dir() == "rtl",
            fmt: &fmt,
        },
        &SmallMultiples {
            periods: quarters,
            panels: &panels,
        },
    )
}
