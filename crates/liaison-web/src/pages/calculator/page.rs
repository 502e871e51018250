//! The calculator's page: inputs, results and charts.

use super::*;
use crate::AppState;
use crate::charts::{self, Chart, Series, TornadoBar};
use crate::ctx::{Ctx, Signed, html};
use crate::error::PageResult;
use crate::i18n::Tr;
use crate::pages::FormErrors;
use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use liaison_domain::calculator::{
    self as calc, CalculatorInput, CostPerFracturePrevented, Field, Site,
};
use liaison_domain::format;

// ---------------------------------------------------------------------------------------------
// The page
// ---------------------------------------------------------------------------------------------

struct FieldView {
    name: &'static str,
    label: String,
    value: String,
    error: String,
    /// "Default: 0.2 — source", or "no default".
    default_note: String,
    default_assumption: bool,
    /// Set when the value comes from a preset or the registry.
    current_note: String,
    current_kind: &'static str,
    current_assumption: bool,
    /// A cost still to enter before money can be shown: asked for, not an error.
    needed: bool,
}

struct Group {
    key: &'static str,
    legend: String,
    hint: String,
    fields: Vec<FieldView>,
    /// A cross-field error of the group (site shares).
    error: String,
    error_id: &'static str,
}

struct Table {
    caption: String,
    head: Vec<String>,
    rows: Vec<Vec<String>>,
}

struct ResultsView {
    /// Costs still to enter, as (field name, label); no amount of money is shown until then.
    costs_needed: Vec<(&'static str, String)>,
    summary: Vec<(String, String)>,
    scenarios: Table,
    years: Table,
    chart_fractures: String,
    /// Money charts and the sensitivity of the net saving: only with every cost entered.
    money: Option<Money>,
    model: Table,
    inputs: Vec<(String, String, String, bool)>,
    share_url: String,
    csv_url: String,
    amounts_note: String,
}

struct Money {
    chart_saving: String,
    chart_tornado: String,
    sensitivity: Table,
}

#[derive(Template)]
#[template(path = "calculator.html")]
struct CalculatorPage {
    ctx: Ctx,
    groups: Vec<Group>,
    errors: FormErrors,
    presets: Vec<(String, String, bool)>,
    preset_note: String,
    currency: String,
    basis: String,
    hidden: Vec<(&'static str, String)>,
    fill_options: Vec<(String, String)>,
    fill: Option<(String, Vec<(String, String)>)>,
    results: Option<ResultsView>,
    model_version: u32,
}

const GROUPS: [(&str, &[Field]); 5] = [
    (
        "patients",
        &[
            Field::PatientsPerYear,
            Field::Population50Plus,
            Field::IncidencePer1000,
            Field::HorizonYears,
        ],
    ),
    (
        "treatment",
        &[
            Field::UsualCareTreated,
            Field::FlsIdentified,
            Field::FlsRecommended,
            Field::FlsStarted,
            Field::PersistenceYear1,
            Field::PersistenceRetention,
        ],
    ),
    (
        "risk",
        &[
            Field::RefractureCumulative1y,
            Field::RefractureCumulative2y,
            Field::RefractureCumulative5y,
            Field::AnnualMortality,
        ],
    ),
    (
        "sites",
        &[
            Field::SiteShareHip,
            Field::SiteShareVertebral,
            Field::SiteShareOther,
            Field::RiskReductionHip,
            Field::RiskReductionVertebral,
            Field::RiskReductionOther,
        ],
    ),
    (
        "costs",
        &[
            Field::CostFractureHip,
            Field::CostFractureVertebral,
            Field::CostFractureOther,
            Field::CostFlsPerPatient,
            Field::CostUsualPerPatient,
            Field::CostDrugPerYear,
        ],
    ),
];

fn groups(tr: &Tr, p: &Prepared, errors: &FormErrors) -> Vec<Group> {
    let n = Num(tr.lang);
    let needed: &[Field] = match &p.outcome {
        Some(Ok(c)) => &c.costs_needed,
        _ => &[],
    };
    let defaults = CalculatorInput::default();
    GROUPS
        .iter()
        .map(|(key, fields)| Group {
            key,
            legend: tr.t(&format!("calculator-group-{key}")),
            hint: tr.t(&format!("calculator-group-{key}-hint")),
            error: if *key == "sites" {
                errors.for_field("site_shares")
            } else {
                String::new()
            },
            error_id: if *key == "sites" { "f-site_shares" } else { "" },
            fields: fields
                .iter()
                .map(|&f| {
                    let (default_note, default_assumption) =
                        match (f.get(&defaults), default_source(f)) {
                            (Some(v), Some(s)) => (
                                format!(
                                    "{} — {}",
                                    tr.ta("calculator-default", &[("value", n.plain(v))]),
                                    default_source_text(tr, f, s)
                                ),
                                calc::is_assumption(s),
                            ),
                            _ => (tr.t("calculator-no-default"), false),
                        };
                    let src = source_of(tr, p, f);
                    let current = matches!(src.kind, "preset" | "registry");
                    FieldView {
                        name: f.name(),
                        label: tr.field(f.name()),
                        value: format::editable(tr.lang, p.q.form.get(f)),
                        error: errors.for_field(f.name()),
                        default_note,
                        default_assumption,
                        current_note: if current { src.text } else { String::new() },
                        current_kind: src.kind,
                        current_assumption: current && src.assumption,
                        needed: needed.contains(&f),
                    }
                })
                .collect(),
        })
        .collect()
}

fn results(tr: &Tr, p: &Prepared, c: &Computed) -> ResultsView {
    let n = Num(tr.lang);
    let r = &c.result;
    let t = |k: &str| tr.t(k);
    let site_label = |s: Site| t(&format!("calculator-site-{}", site_key(s)));
    let mut summary = vec![
        (t("calculator-r-patients-total"), n.count(r.patients_total)),
        (
            t("calculator-r-starters-usual"),
            n.count(r.treated.starters_usual_care),
        ),
        (
            t("calculator-r-starters-fls"),
            n.count(r.treated.starters_fls),
        ),
        (
            t("calculator-r-extra-starters"),
            n.count(r.treated.extra_starters),
        ),
        (
            t("calculator-r-prevented-total"),
            n.fractures(r.fractures.prevented.total()),
        ),
    ];
    for s in Site::ALL {
        summary.push((
            tr.ta("calculator-r-prevented-site", &[("site", site_label(s))]),
            n.fractures(r.fractures.prevented.get(s)),
        ));
    }
    let money = c.costs_needed.is_empty();
    summary.push((
        t("calculator-r-nnt"),
        r.number_needed_to_treat
            .map(|x| decimal(tr.lang, x, 1))
            .unwrap_or_else(|| t("calculator-r-not-applicable")),
    ));
    summary.extend(
        money
            .then_some([
                (
                    t("calculator-r-costs-avoided"),
                    n.money(r.costs.fracture_costs_avoided.total()),
                ),
                (
                    t("calculator-r-service-cost"),
                    n.money(r.costs.service_cost),
                ),
                (
                    t("calculator-r-drug-cost"),
                    n.money(r.costs.extra_drug_cost),
                ),
                (t("calculator-r-net-saving"), n.money(r.costs.net_saving)),
                (
                    t("calculator-r-cost-per-fracture"),
                    match r.cost_per_fracture_prevented {
                        CostPerFracturePrevented::Cost { value } => n.money(value),
                        CostPerFracturePrevented::CostSaving { .. } => {
                            t("calculator-r-cost-saving")
                        }
                        CostPerFracturePrevented::NoFracturesPrevented => {
                            t("calculator-r-none-prevented")
                        }
                    },
                ),
                (
                    t("calculator-r-return"),
                    r.return_per_unit_spent
                        .map(|x| decimal(tr.lang, x, 2))
                        .unwrap_or_else(|| t("calculator-r-not-applicable")),
                ),
            ])
            .into_iter()
            .flatten(),
    );

    let mut scen_rows: Vec<Vec<String>> = Site::ALL
        .iter()
        .map(|&s| {
            vec![
                site_label(s),
                n.fractures(r.fractures.usual_care.get(s)),
                n.fractures(r.fractures.fls.get(s)),
                n.fractures(r.fractures.prevented.get(s)),
            ]
        })
        .collect();
    scen_rows.push(vec![
        t("calculator-total"),
        n.fractures(r.fractures.usual_care.total()),
        n.fractures(r.fractures.fls.total()),
        n.fractures(r.fractures.prevented.total()),
    ]);
    let scenarios = Table {
        caption: t("calculator-scenarios-caption"),
        head: vec![
            t("calculator-site"),
            t("calculator-usual-care"),
            t("calculator-with-fls"),
            t("calculator-prevented"),
        ],
        rows: scen_rows,
    };

    let year_label = |y: u32| tr.ta("calculator-year-n", &[("year", tr.int(i64::from(y)))]);
    // Without every cost, the money columns (the last five) are left out.
    let year_columns = if money { 12 } else { 7 };
    let years = Table {
        caption: t("calculator-years-caption"),
        head: [
            "calculator-year",
            "calculator-col-prevented-hip",
            "calculator-col-prevented-vertebral",
            "calculator-col-prevented-other",
            "calculator-col-prevented-total",
            "calculator-col-starters-usual",
            "calculator-col-starters-fls",
            "calculator-col-costs-avoided",
            "calculator-col-service-cost",
            "calculator-col-drug-cost",
            "calculator-col-net-saving",
            "calculator-col-cumulative",
        ]
        .iter()
        .take(year_columns)
        .map(|k| t(k))
        .collect(),
        rows: r
            .years
            .iter()
            .map(|y| {
                let mut row = vec![
                    year_label(y.year),
                    n.fractures(y.fractures.prevented.hip),
                    n.fractures(y.fractures.prevented.vertebral),
                    n.fractures(y.fractures.prevented.other),
                    n.fractures(y.fractures.prevented.total()),
                    n.count(y.treated.starters_usual_care),
                    n.count(y.treated.starters_fls),
                    n.money(y.costs.fracture_costs_avoided.total()),
                    n.money(y.costs.service_cost),
                    n.money(y.costs.extra_drug_cost),
                    n.money(y.costs.net_saving),
                    n.money(y.cumulative_net_saving),
                ];
                row.truncate(year_columns);
                row
            })
            .collect(),
    };

    let rtl = tr.lang.dir() == "rtl";
    let cats: Vec<String> = r.years.iter().map(|y| year_label(y.year)).collect();
    let fmt_fr = |v: f64| n.fractures(v);
    let chart_fractures = charts::stacked_bars(
        &Chart {
            id: "chart-fractures",
            title: t("calculator-chart-fractures-title"),
            desc: tr.ta(
                "calculator-chart-fractures-desc",
                &[
                    ("total", n.fractures(r.fractures.prevented.total())),
                    ("years", tr.int(i64::from(r.horizon_years))),
                ],
            ),
            rtl,
            fmt: &fmt_fr,
        },
        &cats,
        &Site::ALL
            .iter()
            .map(|&s| Series {
                label: site_label(s),
                values: r
                    .years
                    .iter()
                    .map(|y| y.fractures.prevented.get(s))
                    .collect(),
            })
            .collect::<Vec<_>>(),
    );
    let model = Table {
        caption: t("calculator-model-caption"),
        head: [
            "calculator-cohort-year",
            "calculator-hazard",
            "calculator-survival",
            "calculator-persistence",
        ]
        .iter()
        .map(|k| t(k))
        .collect(),
        rows: (0..r.hazard.len())
            .map(|i| {
                vec![
                    tr.int(i as i64 + 1),
                    format::percent(tr.lang, r.hazard[i], 2),
                    n.pct(r.survival[i]),
                    n.pct(r.persistence[i]),
                ]
            })
            .collect(),
    };
    // A cost still to enter is not an input used (its 0 is only a placeholder).
    let inputs = Field::ALL
        .iter()
        .filter(|f| f.get(&c.input).is_some() && !c.costs_needed.contains(f))
        .map(|&f| {
            let s = source_of(tr, p, f);
            (
                tr.field(f.name()),
                n.input(f.name(), f.get(&c.input).unwrap_or(0.0)),
                labelled(tr, &s),
                s.assumption,
            )
        })
        .collect();
    let query = share_query(c, &p.q);
    ResultsView {
        costs_needed: c
            .costs_needed
            .iter()
            .map(|f| (f.name(), tr.field(f.name())))
            .collect(),
        summary,
        scenarios,
        years,
        chart_fractures,
        money: money.then(|| money_view(tr, c, &cats)),
        model,
        inputs,
        share_url: format!("/calculator?{query}"),
        csv_url: format!("/calculator.csv?{query}"),
        amounts_note: if p.q.currency.is_empty() {
            t("calculator-amounts-any")
        } else {
            tr.ta(
                "calculator-amounts-in",
                &[("currency", p.q.currency.clone())],
            )
        },
    }
}

/// The charts and table of money: the cumulative net saving and its sensitivity to each input.
fn money_view(tr: &Tr, c: &Computed, cats: &[String]) -> Money {
    let n = Num(tr.lang);
    let r = &c.result;
    let t = |k: &str| tr.t(k);
    let rtl = tr.lang.is_rtl();
    let fmt_money = |v: f64| n.money(v);
    let last = r
        .years
        .last()
        .map(|y| y.cumulative_net_saving)
        .unwrap_or(0.0);
    let chart_saving = charts::line(
        &Chart {
            id: "chart-saving",
            title: t("calculator-chart-saving-title"),
            desc: tr.ta(
                "calculator-chart-saving-desc",
                &[
                    ("amount", n.money(last)),
                    ("years", tr.int(i64::from(r.horizon_years))),
                ],
            ),
            rtl,
            fmt: &fmt_money,
        },
        cats,
        &Series {
            label: t("calculator-col-cumulative"),
            values: r.years.iter().map(|y| y.cumulative_net_saving).collect(),
        },
    );
    let input_label = |name: &str| tr.field(name);
    let top = c
        .sensitivity
        .first()
        .map(|s| input_label(s.input))
        .unwrap_or_default();
    let chart_tornado = charts::tornado(
        &Chart {
            id: "chart-tornado",
            title: t("calculator-chart-tornado-title"),
            desc: tr.ta(
                "calculator-chart-tornado-desc",
                &[("input", top), ("base", n.money(r.costs.net_saving))],
            ),
            rtl,
            fmt: &fmt_money,
        },
        r.costs.net_saving,
        &c.sensitivity
            .iter()
            .map(|s| TornadoBar {
                label: input_label(s.input),
                low: s.net_saving_low,
                high: s.net_saving_high,
            })
            .collect::<Vec<_>>(),
        (&t("calculator-input-lower"), &t("calculator-input-higher")),
    );
    let sensitivity = Table {
        caption: t("calculator-sensitivity-caption"),
        head: [
            "calculator-sens-input",
            "calculator-sens-base",
            "calculator-sens-low",
            "calculator-sens-high",
            "calculator-sens-net-low",
            "calculator-sens-net-high",
            "calculator-sens-prevented-low",
            "calculator-sens-prevented-high",
        ]
        .iter()
        .map(|k| t(k))
        .collect(),
        rows: c
            .sensitivity
            .iter()
            .map(|s| {
                vec![
                    input_label(s.input),
                    n.input(s.input, s.base_value),
                    n.input(s.input, s.low_value),
                    n.input(s.input, s.high_value),
                    n.money(s.net_saving_low),
                    n.money(s.net_saving_high),
                    n.fractures(s.prevented_low),
                    n.fractures(s.prevented_high),
                ]
            })
            .collect(),
    };
    Money {
        chart_saving,
        chart_tornado,
        sensitivity,
    }
}

pub async fn page(State(app): State<AppState>, ctx: Ctx, RawQuery(raw): RawQuery) -> PageResult {
    let p = prepare(&app, &ctx, raw.as_deref()).await?;
    let tr = &ctx.tr;
    let errors = match &p.outcome {
        Some(Err(inv)) => FormErrors::from_invalid(tr, inv),
        _ => FormErrors::default(),
    };
    let results = match &p.outcome {
        Some(Ok(c)) => Some(results(tr, &p, c)),
        _ => None,
    };
    let fill_options = match Signed::from_ctx(&ctx) {
        Some(who) => liaison_app::orgs::list_fls(&app, &who.s.access.view_aggregates)
            .await?
            .into_iter()
            .map(|f| (f.code, f.name))
            .collect(),
        None => Vec::new(),
    };
    let fill = p.fill.as_ref().map(|f| {
        (
            f.fls.name.clone(),
            f.inputs
                .iter()
                .map(|i| {
                    (
                        tr.field(i.field.name()),
                        format!(
                            "{}{}",
                            i.value
                                .map(|v| format!("{} — ", Num(tr.lang).input(i.field.name(), v)))
                                .unwrap_or_default(),
                            registry_note(tr, f, i.field).unwrap_or_default()
                        ),
                    )
                })
                .collect(),
        )
    });
    let basis_id = p.q.basis.as_ref().map(|b| b.id.clone()).unwrap_or_default();
    let presets = calc::presets()
        .into_iter()
        .map(|pr| {
            let on = pr.id == basis_id;
            let name = preset_text(tr, &pr, "name", &pr.name);
            (pr.id, name, on)
        })
        .collect();
    let mut hidden: Vec<(&'static str, String)> =
        p.q.form
            .pairs()
            .into_iter()
            .map(|(k, v)| (k, v.to_string()))
            .collect();
    if !p.q.currency.is_empty() {
        hidden.push(("currency", p.q.currency.clone()));
    }
    let page = CalculatorPage {
        groups: groups(tr, &p, &errors),
        errors,
        presets,
        preset_note: p
            .q
            .basis
            .as_ref()
            .map(|b| preset_text(tr, b, "note", &b.note))
            .unwrap_or_default(),
        currency: p.q.currency.clone(),
        basis: basis_id,
        hidden,
        fill_options,
        fill,
        results,
        model_version: calc::MODEL_VERSION,
        ctx,
    };
    let mut res = html(page)?;
    if matches!(p.outcome, Some(Err(_))) {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
}
