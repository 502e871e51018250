//! Answers: the figures a viewer may see, with the disclosure rules applied.

use super::*;
use crate::Result;
use crate::app::App;
use liaison_domain::benchmark::{AggregateScope, Disclosed, DisclosedKpi, Disclosure};
use liaison_domain::kpi::{KpiCounts, KpiId, KpiPeriod, KpiReport};
use liaison_store::kpi as store;
use serde::Serialize;
use serde_json::{Value, json};

// ---------------------------------------------------------------------------------------------
// Answers
// ---------------------------------------------------------------------------------------------

/// An aggregate's release (rule 3) for a non-operator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Release {
    Released,
    /// Shown as part of its region instead.
    FoldedInto(String),
    Withheld,
}

pub fn release(w: &World, scope: &Scope) -> Release {
    match scope {
        Scope::Fls(_) => Release::Released,
        Scope::Country(c) => match w.plan.for_country(c) {
            Some(AggregateScope::Country(_)) => Release::Released,
            Some(AggregateScope::Region(r)) => Release::FoldedInto(r),
            None => Release::Withheld,
        },
        Scope::Region(r) => {
            if w.plan.regions.contains(r.code()) {
                Release::Released
            } else {
                Release::Withheld
            }
        }
        Scope::Global => {
            if w.plan.global {
                Release::Released
            } else {
                Release::Withheld
            }
        }
    }
}

/// The counts of an aggregate scope (exact; the caller applies `release`).
pub fn aggregate_counts(w: &World, scope: &Scope) -> Option<KpiCounts> {
    match scope {
        Scope::Fls(code) => w.fls_by_code(code).map(|f| (*w.counts_of(f.id)).clone()),
        Scope::Country(c) => Some(w.countries.get(c).cloned().unwrap_or_default()),
        Scope::Region(r) => Some(w.regions.get(r.code()).cloned().unwrap_or_default()),
        Scope::Global => Some(w.global.clone()),
    }
}

/// A KPI row as shown to one viewer: exact inside, disclosed outside.
#[derive(Debug, Clone, Serialize)]
pub struct ShownKpi {
    pub id: KpiId,
    pub name: &'static str,
    pub numerator: Disclosed,
    pub denominator: ShownDen,
    pub value: Option<f64>,
    pub band: Option<liaison_domain::kpi::Band>,
    pub not_yet_due: Disclosed,
    pub excluded_died: Disclosed,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ShownDen {
    Count(Disclosed),
    Expected(f64),
    /// kpi1/kpi2 in a cell of a breakdown by a characteristic of the patient: the expected
    /// caseload is per FLS, not per cell (null in JSON, blank in files).
    NotApplicable,
}

impl ShownDen {
    pub fn text(&self) -> String {
        match self {
            ShownDen::Count(d) => d.to_string(),
            ShownDen::Expected(x) => format!("{x}"),
            ShownDen::NotApplicable => String::new(),
        }
    }
}

fn shown_exact(r: &liaison_domain::kpi::KpiResult) -> ShownKpi {
    let expected = matches!(
        r.id,
        KpiId::Kpi1IdentificationNonSpine | KpiId::Kpi2IdentificationSpine
    );
    ShownKpi {
        id: r.id,
        name: r.name,
        numerator: Disclosed::Exact(r.numerator),
        denominator: if expected {
            ShownDen::Expected(r.denominator)
        } else {
            ShownDen::Count(Disclosed::Exact(r.denominator as u64))
        },
        value: r.value,
        band: r.band,
        not_yet_due: Disclosed::Exact(r.not_yet_due),
        excluded_died: Disclosed::Exact(r.excluded_died),
    }
}

fn shown_disclosed(k: DisclosedKpi) -> ShownKpi {
    ShownKpi {
        id: k.id,
        name: k.name,
        numerator: k.numerator,
        denominator: match k.denominator {
            liaison_domain::benchmark::DisclosedDenominator::Count(d) => ShownDen::Count(d),
            liaison_domain::benchmark::DisclosedDenominator::Expected(x) => ShownDen::Expected(x),
        },
        value: k.value,
        band: k.band,
        not_yet_due: k.not_yet_due,
        excluded_died: k.excluded_died,
    }
}

/// The KPI rows of one FLS's report for this viewer.
pub fn fls_rows(report: &KpiReport, exact: bool) -> Vec<ShownKpi> {
    let d = Disclosure::default();
    report
        .kpis
        .iter()
        .map(|r| {
            if exact {
                shown_exact(r)
            } else {
                shown_disclosed(d.disclose_kpi(r))
            }
        })
        .collect()
}

/// Completeness of one item for this viewer.
#[derive(Debug, Clone, Serialize)]
pub struct ShownItem {
    pub item: &'static str,
    pub expected: Disclosed,
    pub recorded: Disclosed,
    pub value: Option<f64>,
    pub flagged: Option<bool>,
}

pub fn item_rows(report: &KpiReport, exact: bool) -> Vec<ShownItem> {
    let d = Disclosure::default();
    report
        .completeness
        .iter()
        .map(|c| {
            let (e, r) = if exact {
                (Disclosed::Exact(c.expected), Disclosed::Exact(c.recorded))
            } else {
                (d.disclose_count(c.expected), d.disclose_count(c.recorded))
            };
            let hidden = e.is_suppressed() || r.is_suppressed();
            ShownItem {
                item: c.item_code(),
                expected: e,
                recorded: r,
                value: if hidden { None } else { c.value },
                flagged: if hidden { None } else { Some(c.flagged) },
            }
        })
        .collect()
}

trait ItemCode {
    fn item_code(&self) -> &'static str;
}
impl ItemCode for liaison_domain::kpi::ItemCompleteness {
    fn item_code(&self) -> &'static str {
        self.item.code()
    }
}

/// A scope's answer in the shape of docs/kpi-definitions.md (API, CLI, CSV).
pub fn scope_json(w: &World, scope: &Scope, viewer: &Viewer) -> Option<Value> {
    let head = |extra: Value| {
        let mut v = json!({
            "scope": scope.code(),
            "period": { "from": w.period.from.to_string(), "to": w.period.to.to_string() },
            "as_of": w.period.as_of.to_string(),
            "definitions_version": w.defs.version,
        });
        if let (Some(o), Some(e)) = (v.as_object_mut(), extra.as_object()) {
            o.extend(e.clone());
        }
        v
    };
    let (exact, counts) = match scope {
        Scope::Fls(code) => {
            let f = w.fls_by_code(code)?;
            if !viewer.aggregates.contains(f.id) {
                return None;
            }
            (viewer.exact.contains(f.id), (*w.counts_of(f.id)).clone())
        }
        _ => {
            if !viewer.operator && !viewer.sees_aggregates() {
                return None;
            }
            let counts = aggregate_counts(w, scope)?;
            match release(w, scope) {
                Release::Released => {}
                _ if viewer.operator => {}
                r => {
                    return Some(head(json!({ "released": false, "release": r, "kpis": [] })));
                }
            }
            // Rule 6: an aggregate's counts are disclosed like an FLS's, so no subtraction of
            // the members' figures from it gives an exact count (issue 13). The operator sees
            // them exactly.
            (viewer.operator, counts)
        }
    };
    let report = w.report(&counts);
    if exact {
        let mut v = serde_json::to_value(&report).unwrap_or_default();
        if let Some(o) = v.as_object_mut() {
            o.insert("scope".into(), json!(scope.code()));
            o.insert("disclosure".into(), json!("exact"));
            o.insert("released".into(), json!(true));
            o.insert("fls_count".into(), json!(counts.fls.len()));
            if let Some(ec) = o
                .get_mut("expected_caseload")
                .and_then(Value::as_object_mut)
            {
                ec.insert(
                    "no_expected_non_spine".into(),
                    json!(w.codes(&report.expected_caseload.no_expected_non_spine)),
                );
                ec.insert(
                    "no_expected_spine".into(),
                    json!(w.codes(&report.expected_caseload.no_expected_spine)),
                );
            }
        }
        Some(v)
    } else {
        let d = Disclosure::default();
        let mut rows = fls_rows(&report, false);
        let mut items = item_rows(&report, false);
        let mut episodes = d.disclose_count(report.supporting.episodes);
        let mut measures = measure_rows(&report, false);
        let pass = if matches!(scope, Scope::Fls(_)) {
            fls_pass(&report, false)
        } else {
            // Rule 7: counts that subtraction from the members' figures would pin are `<8`.
            Protection::of(w, viewer).apply(
                scope,
                &mut rows,
                &mut items,
                &mut episodes,
                &mut measures,
            );
            aggregate_pass(w, scope, &report, false)
        };
        Some(head(json!({
            "disclosure": "disclosed",
            "released": true,
            "fls_count": if matches!(scope, Scope::Fls(_)) { 1 } else { counts.fls.len() },
            "kpis": rows,
            "completeness": items,
            "supporting": {
                "episodes": episodes,
                "measures": measures,
                "completeness_pass": pass,
            },
        })))
    }
}

/// The CSV of a scope's KPIs (the numbers of `scope_json`). With a breakdown, one table with
/// `by` and `cell` columns: the figures without breakdown (cell `all`), then each cell's.
pub fn scope_csv(v: &Value) -> String {
    let mut out = csv::Writer::from_writer(Vec::new());
    let by = v["breakdown"]["by"].as_str();
    let mut head = vec!["scope", "from", "to", "as_of", "definitions_version"];
    if by.is_some() {
        head.extend(["by", "cell"]);
    }
    head.extend([
        "id",
        "name",
        "numerator",
        "denominator",
        "value",
        "band",
        "not_yet_due",
        "excluded_died",
    ]);
    let _ = out.write_record(&head);
    let s = |x: &Value| match x {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let mut tables: Vec<(String, &Value)> = vec![("all".into(), &v["kpis"])];
    for c in v["breakdown"]["cells"].as_array().into_iter().flatten() {
        tables.push((s(&c["cell"]), &c["kpis"]));
    }
    if by.is_none() {
        tables.truncate(1);
    }
    for (cell, kpis) in tables {
        for k in kpis.as_array().into_iter().flatten() {
            let mut rec = vec![
                s(&v["scope"]),
                s(&v["period"]["from"]),
                s(&v["period"]["to"]),
                s(&v["as_of"]),
                s(&v["definitions_version"]),
            ];
            if let Some(by) = by {
                rec.extend([by.to_string(), cell.clone()]);
            }
            rec.extend(kpi_csv_cells(k, &s));
            let _ = out.write_record(
                rec.iter()
                    .map(|c| liaison_domain::interchange::neutralise(c).into_owned()),
            );
        }
    }
    // Dataset version 2's measures, one row each after the KPIs (a refracture cell's id is
    // `refracture_12m/fracture_site=hip`), then the completeness pass as FLSs passing over
    // FLSs judged.
    let sup = &v["supporting"];
    let four = |x: &Value| x.as_f64().map(|v| format!("{v:.4}")).unwrap_or_default();
    let mut extra: Vec<[String; 8]> = Vec::new();
    for m in sup["measures"].as_array().into_iter().flatten() {
        extra.push([
            measure_key(&s(&m["id"]), m["split"].as_str(), m["cell"].as_str()),
            s(&m["name"]),
            s(&m["numerator"]),
            s(&m["denominator"]),
            four(&m["value"]),
            String::new(),
            s(&m["not_yet_due"]),
            s(&m["excluded_died"]),
        ]);
    }
    let pass = &sup["completeness_pass"];
    if pass.is_object() {
        let (n, d) = (pass["fls_passing"].as_u64(), pass["fls_judged"].as_u64());
        extra.push([
            "completeness_pass".into(),
            "FLSs passing the completeness check".into(),
            s(&pass["fls_passing"]),
            s(&pass["fls_judged"]),
            match (n, d) {
                (Some(n), Some(d)) if d > 0 => format!("{:.4}", n as f64 / d as f64),
                _ => String::new(),
            },
            String::new(),
            String::new(),
            String::new(),
        ]);
    }
    for row in extra {
        let head = [
            s(&v["scope"]),
            s(&v["period"]["from"]),
            s(&v["period"]["to"]),
            s(&v["as_of"]),
            s(&v["definitions_version"]),
        ];
        let _ = out.write_record(
            head.iter()
                .chain(row.iter())
                .map(|c| liaison_domain::interchange::neutralise(c).into_owned()),
        );
    }
    String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// One KPI's cells of the CSV, from `id` to `excluded_died`.
fn kpi_csv_cells(k: &Value, s: &dyn Fn(&Value) -> String) -> [String; 8] {
    [
        s(&k["id"]),
        s(&k["name"]),
        s(&k["numerator"]),
        s(&k["denominator"]),
        // Four decimals, as the pages' files: never 0.927027027027.
        k["value"]
            .as_f64()
            .map(|v| format!("{v:.4}"))
            .unwrap_or_default(),
        s(&k["band"]),
        s(&k["not_yet_due"]),
        s(&k["excluded_died"]),
    ]
}

/// Compute a scope for the CLI or the API: definitions of the scope's country (FLS or country
/// scope), else the deployment's default. A period too short for this viewer is refused
/// (rule 8) once the scope is known to be theirs to see, so the refusal tells nothing of FLSs
/// they may not see.
pub async fn for_scope(
    app: &App,
    viewer: &Viewer,
    scope: &Scope,
    period: KpiPeriod,
) -> Result<Option<Value>> {
    for_scope_by(app, viewer, scope, period, None).await
}

/// [`for_scope`] with a breakdown (`"breakdown": { "by", "disclosure", "cells" }`, each cell
/// in the shape of a disclosed answer) when `by` is given and the scope's figures are shown.
pub async fn for_scope_by(
    app: &App,
    viewer: &Viewer,
    scope: &Scope,
    period: KpiPeriod,
    by: Option<liaison_domain::kpi::Dimension>,
) -> Result<Option<Value>> {
    if let Some(by) = by
        && matches!(scope, Scope::Fls(_))
        && !by.is_patient()
    {
        return Err(not_allowed(by));
    }
    let (country, inside) = match scope {
        Scope::Fls(code) => {
            let f = store::all_fls(&app.db)
                .await?
                .into_iter()
                .find(|f| &f.code == code);
            match f {
                Some(f) if viewer.aggregates.contains(f.id) => {
                    (Some(f.country), viewer.exact.contains(f.id))
                }
                _ => return Ok(None),
            }
        }
        Scope::Country(c) => (Some(c.clone()), false),
        _ => (None, false),
    };
    if !viewer.operator && !viewer.sees_aggregates() {
        return Ok(None);
    }
    check_period(viewer, inside, &period)?;
    let defs = definitions(app, country.as_deref()).await?;
    let w = world(app, &defs, period).await?;
    let Some(mut v) = scope_json(&w, scope, viewer) else {
        return Ok(None);
    };
    if let Some(by) = by
        && let Some(b) = breakdown(app, &w, scope, viewer, by).await?
        && let Some(o) = v.as_object_mut()
    {
        o.insert(
            "breakdown".into(),
            serde_json::to_value(&b).unwrap_or_default(),
        );
    }
    Ok(Some(v))
}
