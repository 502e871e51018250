//! The public FLS Benefit Calculator (issue 6, docs/calculator.md).
//!
//! `GET /calculator`: the form, and the results below it. The inputs live in the query string,
//! so a result's address is its share link. `?preset=<id>` sets the preset's values (other
//! inputs keep what the query gives) and `basis=<id>` says which preset's citations apply;
//! `?from_fls=CODE` fills the inputs from that FLS's registry figures, for a signed-in user who
//! may see its aggregates (anyone else: 404). `GET /calculator.csv?<same query>`: the same
//! numbers as CSV. Anyone may use both without an account; nothing from the registry is shown
//! to anonymous users.

use super::{FormErrors, form_pairs};
use crate::charts::{self, Chart, Series, TornadoBar};
use crate::ctx::{Ctx, Signed, deny, html};
use crate::error::{AppError, PageResult};
use crate::i18n::Tr;
use crate::{AppState, Routes};
use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use liaison_app::calculator::{RegistryFill, registry_fill};
use liaison_domain::calculator::{
    self as calc, CalculatorForm, CalculatorInput, CalculatorResult, CostPerFracturePrevented,
    Field, Preset, SensitivityRow, Site,
};
use liaison_domain::error::Invalid;
use liaison_domain::format;
use liaison_domain::lang::Lang;

pub fn routes(r: Routes) -> Routes {
    r.get("/calculator", page).get("/calculator.csv", export)
}

// ---------------------------------------------------------------------------------------------
// Reading the query
// ---------------------------------------------------------------------------------------------

/// What the query string asks for.
struct Query {
    form: CalculatorForm,
    /// Any input given (a submitted form or a share link).
    submitted: bool,
    /// The preset to apply now.
    preset: Option<Preset>,
    /// The preset whose citations apply to the values it set.
    basis: Option<Preset>,
    /// ISO 4217 code of the costs, if known (three letters).
    currency: String,
    from_fls: Option<String>,
}

fn read_query(raw: Option<&str>) -> Query {
    let mut q = Query {
        form: CalculatorForm::default(),
        submitted: false,
        preset: None,
        basis: None,
        currency: String::new(),
        from_fls: None,
    };
    for (k, v) in form_pairs(raw.unwrap_or("").as_bytes()) {
        if let Some(f) = Field::from_name(&k) {
            *q.form.get_mut(f) = v;
            q.submitted = true;
            continue;
        }
        match k.as_str() {
            "preset" => q.preset = calc::preset(v.trim()),
            "basis" => q.basis = calc::preset(v.trim()),
            "currency" => {
                let c = v.trim().to_ascii_uppercase();
                if c.len() == 3 && c.chars().all(|c| c.is_ascii_uppercase()) {
                    q.currency = c;
                }
            }
            "from_fls" if !v.trim().is_empty() => q.from_fls = Some(v.trim().to_string()),
            _ => {}
        }
    }
    q
}

/// The text the form and share links use for `v` in `field` (as `to_form` writes it).
fn value_text(field: Field, v: f64) -> String {
    let mut i = CalculatorInput::default();
    field.set(&mut i, Some(v));
    calc::to_form(&i).get(field).to_string()
}

/// A query string of pairs, url-encoded.
fn encode(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", urlencoding::encode(k), urlencoding::encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Everything the page and the CSV export show, computed once.
struct Prepared {
    q: Query,
    fill: Option<RegistryFill>,
    outcome: Option<Result<Computed, Invalid>>,
}

struct Computed {
    input: CalculatorInput,
    result: CalculatorResult,
    sensitivity: Vec<SensitivityRow>,
}

async fn prepare(app: &AppState, ctx: &Ctx, raw: Option<&str>) -> Result<Prepared, AppError> {
    let mut q = read_query(raw);
    if let Some(p) = q.preset.clone() {
        for v in &p.values {
            if let Some(f) = Field::from_name(&v.field) {
                *q.form.get_mut(f) = value_text(f, v.value);
            }
        }
        if let Some(c) = &p.currency {
            q.currency = c.clone();
        }
        q.basis = Some(p);
    }
    let mut fill = None;
    if let Some(code) = q.from_fls.clone() {
        // Registry figures are for signed-in users who may see the FLS's aggregates; to
        // anyone else the FLS does not exist.
        let Some(who) = Signed::from_ctx(ctx) else {
            return Err(AppError::NotFound);
        };
        match registry_fill(app, &who.actor, &code).await? {
            Some(f) => {
                for i in &f.inputs {
                    if let Some(v) = i.value {
                        *q.form.get_mut(i.field) = value_text(i.field, v);
                    }
                }
                fill = Some(f);
            }
            None => return Err(deny(app, &who, "calculator registry fill").await),
        }
    }
    let outcome = (q.submitted || q.preset.is_some() || fill.is_some()).then(|| {
        let input = calc::parse(&q.form)?;
        let result = calc::calculate(&input)?;
        let sensitivity = calc::sensitivity(&input)?;
        Ok(Computed {
            input,
            result,
            sensitivity,
        })
    });
    Ok(Prepared { q, fill, outcome })
}

/// The share link's query: every input as `to_form` writes it, the preset basis, the currency.
fn share_query(c: &Computed, q: &Query) -> String {
    let form = calc::to_form(&c.input);
    let mut pairs: Vec<(&str, &str)> = form.pairs();
    if let Some(b) = &q.basis {
        pairs.push(("basis", b.id.as_str()));
    }
    if !q.currency.is_empty() {
        pairs.push(("currency", q.currency.as_str()));
    }
    encode(&pairs)
}

// ---------------------------------------------------------------------------------------------
// Numbers in the page's language
// ---------------------------------------------------------------------------------------------

struct Num(Lang);

/// `format::decimal`, with the Arabic letter mark before a minus sign in Arabic (CLDR's `ar`
/// minus sign), so that a negative amount reads with its sign first in right-to-left text.
fn decimal(lang: Lang, x: f64, places: usize) -> String {
    let s = format::decimal(lang, x, places);
    if lang == Lang::Ar && s.starts_with('-') {
        format!("\u{61c}{s}")
    } else {
        s
    }
}

impl Num {
    fn fractures(&self, x: f64) -> String {
        decimal(self.0, x, 1)
    }
    fn money(&self, x: f64) -> String {
        decimal(self.0, x, 0)
    }
    fn count(&self, x: f64) -> String {
        decimal(self.0, x, 0)
    }
    fn pct(&self, x: f64) -> String {
        format::percent(self.0, x, 1)
    }
    /// An input value with the decimals it needs (at most 6).
    fn plain(&self, x: f64) -> String {
        let s = format!("{:.6}", x.abs());
        let places = s
            .split_once('.')
            .map(|(_, f)| f.trim_end_matches('0').len())
            .unwrap_or(0);
        decimal(self.0, x, places)
    }
}

fn site_key(s: Site) -> &'static str {
    match s {
        Site::Hip => "hip",
        Site::Vertebral => "vertebral",
        Site::Other => "other",
    }
}

// ---------------------------------------------------------------------------------------------
// Sources
// ---------------------------------------------------------------------------------------------

/// Where the value of an input comes from, as shown beside it and in the inputs table.
struct Source {
    /// `default`, `preset`, `registry` or `user`.
    kind: &'static str,
    text: String,
    assumption: bool,
}

fn default_source(field: Field) -> Option<&'static str> {
    calc::default_sources()
        .into_iter()
        .find(|(f, _)| *f == field.name())
        .map(|(_, s)| s)
}

fn registry_note(tr: &Tr, fill: &RegistryFill, field: Field) -> Option<String> {
    let i = fill.inputs.iter().find(|i| i.field == field)?;
    let n = Num(tr.lang);
    let (num, den) = match i.basis.code() {
        "identification" => (n.count(i.numerator), n.fractures(i.denominator)),
        "persistence" => (n.pct(i.numerator), n.pct(i.denominator)),
        _ => (n.count(i.numerator), n.count(i.denominator)),
    };
    let from = if i.field == Field::PatientsPerYear {
        fill.from_12_months
    } else {
        fill.from_24_months
    };
    let mut text = tr.ta(
        &format!("calculator-registry-basis-{}", i.basis.code()),
        &[
            ("num", num),
            ("den", den),
            ("from", tr.date(&from)),
            ("to", tr.date(&fill.today)),
        ],
    );
    if i.value.is_none() {
        text = format!("{text} {}", tr.t("calculator-registry-no-data"));
    }
    Some(text)
}

/// The source with what it is ("Preset: …", "Registry: …"), for tables and the CSV.
fn labelled(tr: &Tr, s: &Source) -> String {
    match s.kind {
        "preset" | "registry" => format!(
            "{}: {}",
            tr.t(&format!("calculator-source-{}", s.kind)),
            s.text
        ),
        _ => s.text.clone(),
    }
}

fn source_of(tr: &Tr, p: &Prepared, field: Field) -> Source {
    let value = p.q.form.get(field);
    if let Some(fill) = &p.fill
        && let Some(i) = fill.inputs.iter().find(|i| i.field == field)
        && i.value.is_some_and(|v| value_text(field, v) == value)
    {
        return Source {
            kind: "registry",
            text: format!(
                "{}: {}",
                fill.fls.name,
                registry_note(tr, fill, field).unwrap_or_default()
            ),
            assumption: false,
        };
    }
    if let Some(b) = &p.q.basis
        && let Some(v) = b.value(field)
        && value_text(field, v.value) == value
    {
        return Source {
            kind: "preset",
            text: v.source.clone(),
            assumption: v.is_assumption(),
        };
    }
    let default = CalculatorForm::default();
    if let Some(s) = default_source(field)
        && default.get(field) == value
    {
        return Source {
            kind: "default",
            text: s.to_string(),
            assumption: calc::is_assumption(s),
        };
    }
    Source {
        kind: "user",
        text: tr.t("calculator-source-user"),
        assumption: false,
    }
}

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
    summary: Vec<(String, String)>,
    scenarios: Table,
    years: Table,
    chart_fractures: String,
    chart_saving: String,
    chart_tornado: String,
    sensitivity: Table,
    model: Table,
    inputs: Vec<(String, String, String, bool)>,
    share_url: String,
    csv_url: String,
    amounts_note: String,
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
                                    s
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
                        value: p.q.form.get(f).to_string(),
                        error: errors.for_field(f.name()),
                        default_note,
                        default_assumption,
                        current_note: if current { src.text } else { String::new() },
                        current_kind: src.kind,
                        current_assumption: current && src.assumption,
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
    summary.extend([
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
            t("calculator-r-nnt"),
            r.number_needed_to_treat
                .map(|x| decimal(tr.lang, x, 1))
                .unwrap_or_else(|| t("calculator-r-not-applicable")),
        ),
        (
            t("calculator-r-cost-per-fracture"),
            match r.cost_per_fracture_prevented {
                CostPerFracturePrevented::Cost { value } => n.money(value),
                CostPerFracturePrevented::CostSaving { .. } => t("calculator-r-cost-saving"),
                CostPerFracturePrevented::NoFracturesPrevented => t("calculator-r-none-prevented"),
            },
        ),
        (
            t("calculator-r-return"),
            r.return_per_unit_spent
                .map(|x| decimal(tr.lang, x, 2))
                .unwrap_or_else(|| t("calculator-r-not-applicable")),
        ),
    ]);

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
        .map(|k| t(k))
        .collect(),
        rows: r
            .years
            .iter()
            .map(|y| {
                vec![
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
                ]
            })
            .collect(),
    };

    let rtl = tr.lang.dir() == "rtl";
    let cats: Vec<String> = r.years.iter().map(|y| year_label(y.year)).collect();
    let fmt_fr = |v: f64| n.fractures(v);
    let fmt_money = |v: f64| n.money(v);
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
        &cats,
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
                    n.plain(s.base_value),
                    n.plain(s.low_value),
                    n.plain(s.high_value),
                    n.money(s.net_saving_low),
                    n.money(s.net_saving_high),
                    n.fractures(s.prevented_low),
                    n.fractures(s.prevented_high),
                ]
            })
            .collect(),
    };
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
    let inputs = Field::ALL
        .iter()
        .filter(|f| f.get(&c.input).is_some())
        .map(|&f| {
            let s = source_of(tr, p, f);
            (
                tr.field(f.name()),
                n.plain(f.get(&c.input).unwrap_or(0.0)),
                labelled(tr, &s),
                s.assumption,
            )
        })
        .collect();
    let query = share_query(c, &p.q);
    ResultsView {
        summary,
        scenarios,
        years,
        chart_fractures,
        chart_saving,
        chart_tornado,
        sensitivity,
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
                                .map(|v| format!("{} — ", Num(tr.lang).plain(v)))
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
            (pr.id, pr.name, on)
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
            .map(|b| b.note.clone())
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

// ---------------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------------

/// Numbers in full precision, `.` as the separator: a CSV is for machines and spreadsheets.
fn raw(x: f64) -> String {
    format!("{x}")
}

pub async fn export(State(app): State<AppState>, ctx: Ctx, RawQuery(q): RawQuery) -> PageResult {
    let p = prepare(&app, &ctx, q.as_deref()).await?;
    let tr = &ctx.tr;
    let c = match &p.outcome {
        Some(Ok(c)) => c,
        Some(Err(inv)) => {
            let text: Vec<String> = FormErrors::from_invalid(tr, inv)
                .all()
                .iter()
                .map(|(_, m)| m.clone())
                .collect();
            return Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                text.join("\n") + "\n",
            )
                .into_response());
        }
        None => {
            return Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                tr.t("calculator-csv-empty") + "\n",
            )
                .into_response());
        }
    };
    let body = csv_body(tr, &p, c).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"fls-benefit-calculator.csv\"",
            ),
        ],
        body,
    )
        .into_response())
}

fn csv_body(tr: &Tr, p: &Prepared, c: &Computed) -> Result<Vec<u8>, csv::Error> {
    use liaison_domain::interchange::neutralise;
    let r = &c.result;
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["section", "item", "label", "year", "value", "source"])?;
    let mut row =
        |section: &str, item: &str, label: String, year: String, value: String, source: String| {
            w.write_record([
                section,
                item,
                &neutralise(&label),
                &year,
                &value,
                &neutralise(&source),
            ])
        };
    row(
        "model",
        "model_version",
        tr.t("calculator-model-version"),
        String::new(),
        r.model_version.to_string(),
        String::new(),
    )?;
    if !p.q.currency.is_empty() {
        row(
            "input",
            "currency",
            tr.t("calculator-currency"),
            String::new(),
            p.q.currency.clone(),
            String::new(),
        )?;
    }
    for f in Field::ALL {
        if let Some(v) = f.get(&c.input) {
            let s = source_of(tr, p, f);
            let label = if s.assumption {
                format!("{} ({})", tr.field(f.name()), tr.t("calculator-assumption"))
            } else {
                tr.field(f.name())
            };
            row(
                "input",
                f.name(),
                label,
                String::new(),
                raw(v),
                labelled(tr, &s),
            )?;
        }
    }
    let cpf = match r.cost_per_fracture_prevented {
        CostPerFracturePrevented::Cost { value } => raw(value),
        _ => String::new(),
    };
    let summary: Vec<(&str, &str, String)> = vec![
        (
            "patients_total",
            "calculator-r-patients-total",
            raw(r.patients_total),
        ),
        (
            "starters_usual_care",
            "calculator-r-starters-usual",
            raw(r.treated.starters_usual_care),
        ),
        (
            "starters_fls",
            "calculator-r-starters-fls",
            raw(r.treated.starters_fls),
        ),
        (
            "extra_starters",
            "calculator-r-extra-starters",
            raw(r.treated.extra_starters),
        ),
        (
            "fractures_prevented",
            "calculator-r-prevented-total",
            raw(r.fractures.prevented.total()),
        ),
        (
            "fracture_costs_avoided",
            "calculator-r-costs-avoided",
            raw(r.costs.fracture_costs_avoided.total()),
        ),
        (
            "service_cost",
            "calculator-r-service-cost",
            raw(r.costs.service_cost),
        ),
        (
            "extra_drug_cost",
            "calculator-r-drug-cost",
            raw(r.costs.extra_drug_cost),
        ),
        (
            "net_saving",
            "calculator-r-net-saving",
            raw(r.costs.net_saving),
        ),
        (
            "number_needed_to_treat",
            "calculator-r-nnt",
            r.number_needed_to_treat.map(raw).unwrap_or_default(),
        ),
        (
            "cost_per_fracture_prevented",
            "calculator-r-cost-per-fracture",
            cpf,
        ),
        (
            "return_per_unit_spent",
            "calculator-r-return",
            r.return_per_unit_spent.map(raw).unwrap_or_default(),
        ),
    ];
    for (item, key, value) in summary {
        row(
            "result",
            item,
            tr.t(key),
            String::new(),
            value,
            String::new(),
        )?;
    }
    for s in Site::ALL {
        let k = site_key(s);
        let site = tr.t(&format!("calculator-site-{k}"));
        for (what, key, v) in [
            (
                "fractures_usual_care",
                "calculator-usual-care",
                r.fractures.usual_care.get(s),
            ),
            (
                "fractures_fls",
                "calculator-with-fls",
                r.fractures.fls.get(s),
            ),
            (
                "fractures_prevented",
                "calculator-prevented",
                r.fractures.prevented.get(s),
            ),
        ] {
            row(
                "result",
                &format!("{what}_{k}"),
                format!("{} · {site}", tr.t(key)),
                String::new(),
                raw(v),
                String::new(),
            )?;
        }
    }
    for y in &r.years {
        let year = y.year.to_string();
        let cols: [(&str, &str, f64); 12] = [
            (
                "fractures_prevented_hip",
                "calculator-col-prevented-hip",
                y.fractures.prevented.hip,
            ),
            (
                "fractures_prevented_vertebral",
                "calculator-col-prevented-vertebral",
                y.fractures.prevented.vertebral,
            ),
            (
                "fractures_prevented_other",
                "calculator-col-prevented-other",
                y.fractures.prevented.other,
            ),
            (
                "fractures_prevented",
                "calculator-col-prevented-total",
                y.fractures.prevented.total(),
            ),
            (
                "starters_usual_care",
                "calculator-col-starters-usual",
                y.treated.starters_usual_care,
            ),
            (
                "starters_fls",
                "calculator-col-starters-fls",
                y.treated.starters_fls,
            ),
            (
                "fracture_costs_avoided",
                "calculator-col-costs-avoided",
                y.costs.fracture_costs_avoided.total(),
            ),
            (
                "service_cost",
                "calculator-col-service-cost",
                y.costs.service_cost,
            ),
            (
                "extra_drug_cost",
                "calculator-col-drug-cost",
                y.costs.extra_drug_cost,
            ),
            (
                "net_saving",
                "calculator-col-net-saving",
                y.costs.net_saving,
            ),
            (
                "cumulative_net_saving",
                "calculator-col-cumulative",
                y.cumulative_net_saving,
            ),
            (
                "patient_years_extra",
                "calculator-col-extra-patient-years",
                y.treated.extra_patient_years,
            ),
        ];
        for (item, key, v) in cols {
            row("year", item, tr.t(key), year.clone(), raw(v), String::new())?;
        }
    }
    for s in &c.sensitivity {
        let label = tr.field(s.input);
        for (what, v) in [
            ("base_value", s.base_value),
            ("low_value", s.low_value),
            ("high_value", s.high_value),
            ("net_saving_low", s.net_saving_low),
            ("net_saving_high", s.net_saving_high),
            ("prevented_low", s.prevented_low),
            ("prevented_high", s.prevented_high),
        ] {
            row(
                "sensitivity",
                &format!("{}.{what}", s.input),
                label.clone(),
                String::new(),
                raw(v),
                String::new(),
            )?;
        }
    }
    w.flush()?;
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}
