//! The annual report's words: [`AnnualReport`] as a [`Doc`] in the reader's language. The
//! numbers are formatted as the scope pages format them (`kpi::pct`, `kpi::count`), the
//! charts are the scope pages' funnel plot and run chart.

use crate::charts::{self, Chart, RunChart};
use crate::ctx::Ctx;
use crate::pages::facilities::figure as facility_figure;
use crate::pages::kpi::{count, den, funnel_svg, pct};
use crate::report::{Block, Doc};
use liaison_app::kpi::{self as svc, Release, ShownKpi};
use liaison_app::report::{AnnualReport, Facilities, ReportKpi};
use liaison_domain::benchmark::Limit;
use liaison_domain::format;
use liaison_domain::kpi::KpiId;

/// The scope's name in the reader's language.
pub fn scope_name(ctx: &Ctx, scope: &svc::Scope) -> String {
    match scope {
        svc::Scope::Country(c) => ctx.country(c),
        svc::Scope::Region(r) => ctx.tk("region", r.code()),
        svc::Scope::Global => ctx.t("kpi-scope-world-name"),
        svc::Scope::Fls(c) => c.clone(),
    }
}

fn band(ctx: &Ctx, k: &ShownKpi) -> String {
    k.band
        .map(|b| ctx.tk("kpi-band", b.code()))
        .unwrap_or_else(|| "—".into())
}

fn fraction(ctx: &Ctx, k: &ShownKpi) -> String {
    match k.denominator {
        svc::ShownDen::NotApplicable => count(ctx, &k.numerator),
        ref d => format!("{} / {}", count(ctx, &k.numerator), den(ctx, d)),
    }
}

/// The document of a report.
pub fn build(ctx: &Ctx, r: &AnnualReport) -> Doc {
    let year = r.ask.year.to_string();
    let scope = scope_name(ctx, &r.ask.scope);
    let title = ctx.tr.ta(
        "report-title",
        &[("year", year.clone()), ("scope", scope.clone())],
    );
    let mut b = vec![
        Block::Title(title.clone()),
        Block::Para(ctx.tr.ta(
            "report-cover-period",
            &[
                ("from", ctx.tr.date(&r.period.from)),
                ("to", ctx.tr.date(&r.period.to)),
                ("as_of", ctx.tr.date(&r.period.as_of)),
            ],
        )),
        Block::Para(ctx.tr.ta(
            "report-cover-services",
            &[("count", r.services.to_string())],
        )),
        Block::Para(ctx.tr.ta(
            "report-cover-definitions",
            &[("version", r.definitions_version.clone())],
        )),
        Block::PageBreak,
    ];
    if r.no_data {
        b.push(Block::Heading(ctx.t("report-no-data-title")));
        b.push(Block::Para(
            ctx.tr.ta("report-no-data", &[("year", year.clone())]),
        ));
        methods(ctx, r, &mut b);
        return doc(ctx, title, b);
    }
    b.push(Block::Heading(ctx.t("report-summary")));
    match &r.release {
        Release::Released => summary(ctx, r, &mut b),
        Release::FoldedInto(region) => b.push(Block::Para(
            ctx.tr
                .ta("kpi-folded", &[("region", ctx.tk("region", region))]),
        )),
        Release::Withheld => b.push(Block::Para(ctx.t("kpi-withheld"))),
    }
    if !r.kpis.is_empty() {
        b.push(Block::Heading(ctx.t("report-kpis")));
        for k in &r.kpis {
            kpi_section(ctx, r, k, &mut b);
        }
        breakdowns(ctx, r, &mut b);
        completeness(ctx, r, &mut b);
    }
    facilities(ctx, r, &mut b);
    outliers(ctx, r, &mut b);
    methods(ctx, r, &mut b);
    doc(ctx, title, b)
}

fn doc(ctx: &Ctx, title: String, blocks: Vec<Block>) -> Doc {
    Doc {
        lang: ctx.tr.lang,
        title,
        blocks,
        page_footer: ctx.tr.ta(
            "report-page",
            &[("n", "{n}".into()), ("total", "{total}".into())],
        ),
    }
}

fn summary(ctx: &Ctx, r: &AnnualReport, b: &mut Vec<Block>) {
    b.push(Block::Para(ctx.tr.ta(
        "report-summary-text",
        &[
            ("episodes", count(ctx, &r.episodes)),
            ("services", r.services.to_string()),
        ],
    )));
    let year = r.ask.year;
    b.push(Block::Table {
        head: vec![
            ctx.t("kpi-col-kpi"),
            format::integer(ctx.tr.lang, year as i64),
            ctx.t("report-col-band"),
            format::integer(ctx.tr.lang, (year - 1) as i64),
        ],
        rows: r
            .kpis
            .iter()
            .map(|k| {
                vec![
                    ctx.tk("kpi", k.id.id()),
                    pct(ctx, k.this_year.value),
                    band(ctx, &k.this_year),
                    pct(ctx, k.last_year.value),
                ]
            })
            .collect(),
    });
}

fn kpi_section(ctx: &Ctx, r: &AnnualReport, k: &ReportKpi, b: &mut Vec<Block>) {
    let name = ctx.tk("kpi", k.id.id());
    b.push(Block::Subheading(format!(
        "{} — {name}",
        ctx.tk("kpi-short", k.id.id())
    )));
    b.push(Block::Para(ctx.tr.ta(
        "report-kpi-line",
        &[
            ("year", r.ask.year.to_string()),
            ("value", pct(ctx, k.this_year.value)),
            ("fraction", fraction(ctx, &k.this_year)),
            ("band", band(ctx, &k.this_year)),
            ("last_year", (r.ask.year - 1).to_string()),
            ("last", pct(ctx, k.last_year.value)),
        ],
    )));
    if svc::is_proportion(k.id) {
        match &k.funnel {
            Some(f) => b.push(Block::Chart {
                caption: ctx.tr.ta("kpi-funnel-title", &[("kpi", name.clone())]),
                svg: funnel_svg(ctx, &name, f),
            }),
            None => b.push(Block::Para(ctx.t("report-funnel-none"))),
        }
    }
    b.push(Block::Chart {
        caption: ctx.tr.ta("kpi-run-title", &[("kpi", name.clone())]),
        svg: run_svg(ctx, k),
    });
}

/// The pooled value by quarter (the scope pages' trend, one KPI).
fn run_svg(ctx: &Ctx, k: &ReportKpi) -> String {
    let lang = ctx.tr.lang;
    let fmt = move |v: f64| format::percent(lang, v, 0);
    let quarters: Vec<String> = k.run.iter().map(|(q, _)| q.to_string()).collect();
    let values: Vec<Option<f64>> = k.run.iter().map(|(_, v)| *v).collect();
    let reference = vec![None; values.len()];
    let name = ctx.tk("kpi", k.id.id());
    charts::run_chart(
        &Chart {
            id: k.id.id(),
            title: ctx.tr.ta("kpi-run-title", &[("kpi", name)]),
            desc: ctx.t("report-run-desc"),
            rtl: lang.is_rtl(),
            fmt: &fmt,
        },
        &RunChart {
            quarters: &quarters,
            values: &values,
            reference: &reference,
            x_label: ctx.t("kpi-axis-quarter"),
            y_label: ctx.t("kpi-axis-value"),
        },
    )
}

fn breakdowns(ctx: &Ctx, r: &AnnualReport, b: &mut Vec<Block>) {
    b.push(Block::Heading(ctx.t("report-breakdowns")));
    if r.breakdowns.is_empty() {
        b.push(Block::Para(ctx.t("report-breakdowns-none")));
    }
    for bd in &r.breakdowns {
        b.push(Block::Subheading(ctx.tk("breakdown-title", bd.by.code())));
        let mut head = vec![ctx.t("kpi-col-kpi")];
        head.extend(
            bd.cells
                .iter()
                .map(|c| crate::pages::kpi::breakdown::cell_label(ctx, bd.by, &c.cell, &|_| None)),
        );
        let rows = KpiId::ALL
            .iter()
            .map(|id| {
                let mut row = vec![ctx.tk("kpi-short", id.id())];
                row.extend(bd.cells.iter().map(|c| match &c.kpis[id.index()] {
                    k if matches!(k.denominator, svc::ShownDen::NotApplicable) => {
                        count(ctx, &k.numerator)
                    }
                    k => pct(ctx, k.value),
                }));
                row
            })
            .collect();
        b.push(Block::Table { head, rows });
    }
}

/// The facilities audit of the year over the scope: released medians only, no service named.
fn facilities(ctx: &Ctx, r: &AnnualReport, b: &mut Vec<Block>) {
    let year = r.ask.year.to_string();
    b.push(Block::Heading(ctx.t("report-facilities")));
    let area = match &r.facilities {
        Facilities::NoRound => {
            b.push(Block::Para(
                ctx.tr.ta("report-facilities-none", &[("year", year)]),
            ));
            return;
        }
        Facilities::Withheld => {
            b.push(Block::Para(
                ctx.tr.ta("report-facilities-withheld", &[("year", year)]),
            ));
            return;
        }
        Facilities::Released(area) => area,
    };
    b.push(Block::Para(ctx.tr.ta(
        "report-facilities-intro",
        &[
            ("count", format::integer(ctx.tr.lang, area.fls as i64)),
            ("year", year),
        ],
    )));
    b.push(Block::Table {
        head: vec![
            ctx.t("report-facilities-col-kpi"),
            ctx.t("report-facilities-col-value"),
        ],
        rows: area
            .kpis
            .iter()
            .map(|s| {
                vec![
                    ctx.tk("facilities-kpi", s.kpi.code()),
                    match s.value {
                        Some(v) => facility_figure(ctx, s.kpi, Some(v)),
                        None => ctx.t("facilities-withheld"),
                    },
                ]
            })
            .collect(),
    });
}

fn completeness(ctx: &Ctx, r: &AnnualReport, b: &mut Vec<Block>) {
    b.push(Block::Heading(ctx.t("kpi-completeness")));
    b.push(Block::Table {
        head: vec![
            ctx.t("kpi-col-item"),
            ctx.t("kpi-col-expected"),
            ctx.t("kpi-col-recorded"),
            ctx.t("kpi-col-value"),
        ],
        rows: r
            .completeness
            .iter()
            .map(|i| {
                vec![
                    ctx.tr.field(i.item),
                    count(ctx, &i.expected),
                    count(ctx, &i.recorded),
                    pct(ctx, i.value),
                ]
            })
            .collect(),
    });
    let measures: Vec<Vec<String>> = r
        .measures
        .iter()
        .filter(|m| !m.is_empty() && m.split.is_none())
        .map(|m| {
            vec![
                ctx.tk("measure", m.id.id()),
                format!(
                    "{} / {}",
                    count(ctx, &m.numerator),
                    count(ctx, &m.denominator)
                ),
                pct(ctx, m.value),
            ]
        })
        .collect();
    if !measures.is_empty() {
        b.push(Block::Subheading(ctx.t("measures-title")));
        b.push(Block::Table {
            head: vec![
                ctx.t("kpi-col-kpi"),
                ctx.t("report-col-fraction"),
                ctx.t("kpi-col-value"),
            ],
            rows: measures,
        });
    }
}

fn outliers(ctx: &Ctx, r: &AnnualReport, b: &mut Vec<Block>) {
    b.push(Block::Heading(ctx.t("report-outliers")));
    let Some(o) = &r.outliers else {
        b.push(Block::Para(ctx.t("report-outliers-none")));
        return;
    };
    if !o.released {
        b.push(Block::Para(ctx.t("outliers-unreleased")));
        return;
    }
    b.push(Block::Para(ctx.t("report-outliers-intro")));
    let rows: Vec<Vec<String>> = o
        .kpis
        .iter()
        .flat_map(|k| {
            k.rows.iter().map(move |row| {
                let d = row.outlier.direction;
                vec![
                    format!("{} ({})", row.name, row.code),
                    ctx.tk("kpi", k.id.id()),
                    pct(ctx, Some(row.value)),
                    ctx.tk(
                        "outliers-limit",
                        match row.outlier.limit {
                            Limit::P95 => "95",
                            Limit::P998 => "998",
                        },
                    ),
                    format!(
                        "{}: {}",
                        ctx.tk("kpi-reading", d.reading.code()),
                        ctx.tk("outliers-side", d.side.code())
                    ),
                ]
            })
        })
        .collect();
    if rows.is_empty() {
        b.push(Block::Para(ctx.t("report-outliers-none")));
        return;
    }
    b.push(Block::Table {
        head: vec![
            ctx.t("kpi-col-fls"),
            ctx.t("kpi-col-kpi"),
            ctx.t("kpi-col-value"),
            ctx.t("outliers-col-limit"),
            ctx.t("outliers-col-direction"),
        ],
        rows,
    });
}

fn methods(ctx: &Ctx, r: &AnnualReport, b: &mut Vec<Block>) {
    b.push(Block::Heading(ctx.t("report-methods")));
    b.push(Block::Para(ctx.t("report-methods-kpis")));
    b.push(Block::Para(ctx.t("report-methods-funnel")));
    b.push(Block::Para(ctx.t("report-methods-disclosure")));
    b.push(Block::Para(ctx.tr.ta(
        "report-cover-definitions",
        &[("version", r.definitions_version.clone())],
    )));
}
