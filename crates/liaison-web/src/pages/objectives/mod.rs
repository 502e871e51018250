//! The Partnership's objectives (issue 18): `/objectives`, public, with `/api/v1/objectives`
//! and every figure as CSV or XLSX; the administrators' settings (baseline year, population
//! figures, an FLS's closing date) in `settings.rs`. Every figure comes from
//! `liaison_app::objectives`, which applies the disclosure rules; this file formats them.

use crate::AppState;
use crate::Routes;
use crate::charts::{self, Chart, TargetChart};
use crate::ctx::{Ctx, Signed, html};
use crate::error::{AppError, PageResult};
use crate::pages::kpi::{count, pct};
use askama::Template;
use axum::extract::{Query, State};
use liaison_app::objectives::{self as svc, AreaFigures, Objectives};
use liaison_domain::benchmark::Disclosed;
use liaison_domain::error::{FieldError, Invalid};
use liaison_domain::format;

pub(crate) mod api;
mod settings;

pub fn routes(r: Routes) -> Routes {
    settings::routes(
        r.get("/objectives", page)
            .get("/api/v1/objectives", api::api_objectives),
    )
}

#[derive(serde::Deserialize, Default)]
pub struct PageQuery {
    /// `global`, `region:europe`, `country:GB`.
    #[serde(default)]
    area: String,
    /// A file of one figure: `fls`, `care_gap`, `fractures`, `population`, `uptake`.
    #[serde(default)]
    figure: String,
    /// `csv` or `xlsx` with `figure`.
    #[serde(default)]
    format: String,
}

pub const FIGURES: [&str; 5] = ["fls", "care_gap", "fractures", "population", "uptake"];

/// An area's name in the reader's language.
pub fn area_name(ctx: &Ctx, scope: &str) -> String {
    match scope.split_once(':') {
        Some(("region", r)) => ctx.tk("region", r),
        Some(("country", c)) => ctx.country(c),
        _ => ctx.t("objectives-world"),
    }
}

/// A population figure's area (`world`, `europe`, `GB`) written as the dashboard's scopes.
fn population_scope(area: &str) -> String {
    match liaison_domain::objectives::Area::parse("area", area) {
        Ok(liaison_domain::objectives::Area::Region(r)) => format!("region:{}", r.code()),
        Ok(liaison_domain::objectives::Area::Country(c)) => format!("country:{c}"),
        _ => "global".into(),
    }
}

fn shown(d: &Option<Disclosed>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn opt_num(v: Option<f64>, places: usize) -> String {
    v.map(|v| format!("{v:.places$}")).unwrap_or_default()
}

/// The rows of one figure's file, every area, one row per area and year (language-neutral:
/// codes, ISO numbers; withheld cells empty, small counts `<8`).
pub fn figure_rows(o: &Objectives, figure: &str) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let mut rows = Vec::new();
    let per_year =
        |a: &AreaFigures, rows: &mut Vec<Vec<String>>, f: &dyn Fn(usize) -> Vec<String>| {
            for (i, y) in o.years.iter().enumerate() {
                let mut r = vec![a.scope.clone(), y.to_string()];
                r.extend(f(i));
                rows.push(r);
            }
        };
    let head: Vec<&'static str> = match figure {
        "fls" => {
            for a in &o.areas {
                per_year(a, &mut rows, &|i| {
                    vec![
                        a.active[i].to_string(),
                        a.opened[i].to_string(),
                        a.closed[i].to_string(),
                        opt_num(a.fls_target, 0),
                    ]
                });
            }
            vec![
                "area",
                "year",
                "active_fls",
                "opened",
                "closed",
                "target_double_baseline",
            ]
        }
        "care_gap" => {
            for a in &o.areas {
                per_year(a, &mut rows, &|i| {
                    vec![
                        opt_num(a.care_gap[i], 4),
                        shown(&a.care_gap_started[i]),
                        shown(&a.care_gap_population[i]),
                        o.definitions_version.clone(),
                    ]
                });
            }
            vec![
                "area",
                "year",
                "care_gap",
                "started_aom_16w",
                "kpi_population",
                "definitions_version",
            ]
        }
        "fractures" => {
            for a in &o.areas {
                per_year(a, &mut rows, &|i| {
                    vec![
                        shown(&a.hip[i]),
                        shown(&a.spine[i]),
                        opt_num(a.fracture_target, 0),
                    ]
                });
            }
            vec![
                "area",
                "year",
                "hip_registered",
                "spine_registered",
                "target_25_percent_fewer",
            ]
        }
        "population" => {
            for p in &o.populations {
                rows.push(vec![
                    population_scope(&p.area),
                    p.year.to_string(),
                    p.people_50_plus.to_string(),
                    p.hip_fractures.map(|n| n.to_string()).unwrap_or_default(),
                    p.source.clone(),
                ]);
            }
            vec!["area", "year", "people_50_plus", "hip_fractures", "source"]
        }
        _ => {
            let u = &o.uptake;
            rows.push(vec![
                "fls_registered".into(),
                String::new(),
                u.registered.to_string(),
            ]);
            rows.push(vec![
                "fls_saved_last_90_days".into(),
                String::new(),
                u.active_90_days.to_string(),
            ]);
            for (m, n) in &u.records_per_month {
                rows.push(vec!["records".into(), m.clone(), n.to_string()]);
            }
            for (id, v) in &u.identification {
                rows.push(vec![
                    id.id().into(),
                    (o.years.last().unwrap_or(&0) - 1).to_string(),
                    opt_num(*v, 4),
                ]);
            }
            vec!["measure", "period", "value"]
        }
    };
    (head, rows)
}

pub struct YearRow {
    pub year: String,
    pub active: String,
    pub opened: String,
    pub closed: String,
    pub care_gap: String,
    pub started: String,
    pub population: String,
    pub hip: String,
    pub spine: String,
}

pub struct AreaRow {
    pub scope: String,
    pub name: String,
    pub active: String,
    pub target: String,
    pub care_gap: String,
    pub trend: String,
}

pub struct PopulationView {
    pub area: String,
    pub year: String,
    pub people: String,
    pub hip: String,
    pub source: String,
}

#[derive(Template)]
#[template(path = "objectives.html")]
struct ObjectivesPage {
    ctx: Ctx,
    baseline: String,
    version: String,
    area_name: String,
    choices: Vec<(String, String, bool)>,
    summary: Vec<AreaRow>,
    years: Vec<YearRow>,
    chart_fls: String,
    chart_gap: String,
    chart_fractures: String,
    fls_target: String,
    fracture_target: String,
    populations: Vec<PopulationView>,
    uptake: Vec<(String, String)>,
    months: Vec<(String, String)>,
    quiet: Option<Vec<(String, String, String, String)>>,
    figures: Vec<(&'static str, String)>,
    is_admin: bool,
}

pub async fn page(State(app): State<AppState>, ctx: Ctx, Query(q): Query<PageQuery>) -> PageResult {
    let who = Signed::from_ctx(&ctx);
    let o = svc::objectives(&app, who.as_ref().map(|w| &w.actor)).await?;
    let mut inv = Invalid::default();
    if !q.figure.is_empty() && !FIGURES.contains(&q.figure.as_str()) {
        inv.push(FieldError::new("figure", &q.figure, "one_of").arg("allowed", FIGURES.join(", ")));
    }
    if !q.format.is_empty() && !["csv", "xlsx"].contains(&q.format.as_str()) {
        inv.push(FieldError::new("format", &q.format, "one_of").arg("allowed", "csv, xlsx"));
    }
    let area_q = if q.area.is_empty() {
        "global".to_string()
    } else {
        q.area.clone()
    };
    let Some(a) = o.areas.iter().find(|a| a.scope == area_q) else {
        // An area that is not released (or not known) is refused like a bad value: the
        // public learns nothing about it.
        inv.push(FieldError::new(
            "area",
            &q.area,
            "objectives_area_not_shown",
        ));
        return Err(AppError::Invalid(inv));
    };
    if !inv.is_empty() {
        return Err(AppError::Invalid(inv));
    }
    if !q.format.is_empty() {
        let figure = if q.figure.is_empty() {
            "fls"
        } else {
            q.figure.as_str()
        };
        let (head, rows) = figure_rows(&o, figure);
        return crate::pages::kpi::export(
            &q.format,
            &format!("objectives-{figure}"),
            &[format!("baseline_year={}", o.baseline_year)],
            &head,
            &rows,
        );
    }
    html(view(
        &ctx,
        &o,
        a,
        who.is_some_and(|w| w.s.access.is_admin()),
    ))
}

fn view(ctx: &Ctx, o: &Objectives, a: &AreaFigures, is_admin: bool) -> ObjectivesPage {
    let lang = ctx.tr.lang;
    let int = |n: usize| format::integer(lang, n as i64);
    let cats: Vec<String> = o.years.iter().map(|y| y.to_string()).collect();
    let rtl = lang.is_rtl();
    let fmt_int = |v: f64| format::decimal(lang, v, 0);
    let fmt_pct = |v: f64| format::percent(lang, v, 0);
    let name = area_name(ctx, &a.scope);
    let target_label = ctx.t("objectives-target-double");
    let fewer_label = ctx.t("objectives-target-fewer");
    let chart_fls = charts::target_line(
        &Chart {
            id: "chart-fls",
            title: ctx.t("objectives-chart-fls"),
            desc: ctx
                .tr
                .ta("objectives-chart-fls-desc", &[("area", name.clone())]),
            rtl,
            fmt: &fmt_int,
        },
        &TargetChart {
            categories: &cats,
            label: &ctx.t("objectives-col-active"),
            values: &a.active.iter().map(|n| Some(*n as f64)).collect::<Vec<_>>(),
            target: a.fls_target.map(|t| (t, target_label.as_str())),
        },
    );
    let chart_gap = charts::target_line(
        &Chart {
            id: "chart-gap",
            title: ctx.t("objectives-chart-gap"),
            desc: ctx
                .tr
                .ta("objectives-chart-gap-desc", &[("area", name.clone())]),
            rtl,
            fmt: &fmt_pct,
        },
        &TargetChart {
            categories: &cats,
            label: &ctx.t("objectives-col-gap"),
            values: &a.care_gap,
            target: None,
        },
    );
    let total: Vec<Option<f64>> = a
        .hip
        .iter()
        .zip(&a.spine)
        .map(|(h, s)| Some((h.as_ref()?.shown()? + s.as_ref()?.shown()?) as f64))
        .collect();
    let chart_fractures = charts::target_line(
        &Chart {
            id: "chart-fractures",
            title: ctx.t("objectives-chart-fractures"),
            desc: ctx
                .tr
                .ta("objectives-chart-fractures-desc", &[("area", name.clone())]),
            rtl,
            fmt: &fmt_int,
        },
        &TargetChart {
            categories: &cats,
            label: &ctx.t("objectives-col-hip-spine"),
            values: &total,
            target: a.fracture_target.map(|t| (t, fewer_label.as_str())),
        },
    );
    let disc = |d: &Option<Disclosed>| {
        d.as_ref()
            .map(|d| count(ctx, d))
            .unwrap_or_else(|| "—".into())
    };
    let years = o
        .years
        .iter()
        .enumerate()
        .map(|(i, y)| YearRow {
            year: y.to_string(),
            active: int(a.active[i]),
            opened: int(a.opened[i]),
            closed: int(a.closed[i]),
            care_gap: pct(ctx, a.care_gap[i]),
            started: disc(&a.care_gap_started[i]),
            population: disc(&a.care_gap_population[i]),
            hip: disc(&a.hip[i]),
            spine: disc(&a.spine[i]),
        })
        .collect();
    let summary = o
        .areas
        .iter()
        .map(|x| AreaRow {
            scope: x.scope.clone(),
            name: area_name(ctx, &x.scope),
            active: x.active.last().map(|n| int(*n)).unwrap_or_default(),
            target: x.fls_target.map(&fmt_int).unwrap_or_else(|| "—".into()),
            care_gap: pct(ctx, x.care_gap.iter().rev().flatten().next().copied()),
            trend: x
                .care_gap_trend
                .map(|t| {
                    ctx.tr.ta(
                        "objectives-points",
                        &[("n", format::decimal(lang, t * 100.0, 1))],
                    )
                })
                .unwrap_or_else(|| "—".into()),
        })
        .collect();
    let mut choices: Vec<(String, String, bool)> = o
        .areas
        .iter()
        .map(|x| {
            (
                x.scope.clone(),
                area_name(ctx, &x.scope),
                x.scope == a.scope,
            )
        })
        .collect();
    choices[1..].sort_by(|p, q| p.1.cmp(&q.1));
    let populations = o
        .populations
        .iter()
        .map(|p| PopulationView {
            area: area_name(ctx, &population_scope(&p.area)),
            year: p.year.to_string(),
            people: format::integer(lang, p.people_50_plus),
            hip: p
                .hip_fractures
                .map(|n| format::integer(lang, n))
                .unwrap_or_else(|| "—".into()),
            source: p.source.clone(),
        })
        .collect();
    let u = &o.uptake;
    let mut uptake = vec![
        (ctx.t("objectives-uptake-registered"), int(u.registered)),
        (ctx.t("objectives-uptake-active"), int(u.active_90_days)),
    ];
    for (id, v) in &u.identification {
        uptake.push((ctx.tk("kpi", id.id()), pct(ctx, *v)));
    }
    ObjectivesPage {
        baseline: o.baseline_year.to_string(),
        version: o.definitions_version.clone(),
        area_name: name,
        choices,
        summary,
        years,
        chart_fls,
        chart_gap,
        chart_fractures,
        fls_target: a.fls_target.map(&fmt_int).unwrap_or_else(|| "—".into()),
        fracture_target: a
            .fracture_target
            .map(&fmt_int)
            .unwrap_or_else(|| "—".into()),
        populations,
        uptake,
        months: u
            .records_per_month
            .iter()
            .map(|(m, n)| (m.clone(), count(ctx, n)))
            .collect(),
        quiet: u.quiet.as_ref().map(|q| {
            q.iter()
                .map(|f| {
                    (
                        f.code.clone(),
                        f.name.clone(),
                        ctx.country(&f.country),
                        f.last_saved
                            .map(|d| format::date(lang, d))
                            .unwrap_or_else(|| ctx.t("objectives-never")),
                    )
                })
                .collect()
        }),
        figures: FIGURES
            .iter()
            .map(|f| (*f, ctx.tk("objectives-figure", f)))
            .collect(),
        is_admin,
        ctx: ctx.clone(),
    }
}
