//! Dataset version 2's supporting measures as one viewer may see them: exact inside the
//! viewer's own FLSs; outside, the counts follow the disclosure rules as completeness items do
//! (rule 2 for an FLS, rules 6 and 7 for an aggregate: numerator, denominator and the value,
//! the value withheld when either count is), and the completeness pass is shown only where the
//! items this viewer sees decide it.

use super::*;
use liaison_domain::benchmark::{Disclosed, Disclosure};
use liaison_domain::kpi::{COMPLETENESS_PASS_FEWER_THAN, KpiReport, MeasureId, MeasureResult};
use serde::Serialize;
use std::collections::HashMap;

/// One measure (or one cell of a refracture measure) for this viewer.
#[derive(Debug, Clone, Serialize)]
pub struct ShownMeasure {
    pub id: MeasureId,
    pub name: &'static str,
    pub split: Option<&'static str>,
    pub cell: Option<&'static str>,
    pub days: Option<u32>,
    pub numerator: Disclosed,
    pub denominator: Disclosed,
    pub value: Option<f64>,
    /// Inside the FLS only, as for completeness items.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_yet_due: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excluded_died: Option<u64>,
}

impl ShownMeasure {
    /// Is the value withheld because a count is?
    pub fn withheld(&self) -> bool {
        self.numerator.is_suppressed() || self.denominator.is_suppressed()
    }

    /// Nothing to show: no episode in the denominator nor waiting for its window.
    pub fn is_empty(&self) -> bool {
        self.denominator == Disclosed::Exact(0)
            && self.numerator == Disclosed::Exact(0)
            && self.not_yet_due.unwrap_or(0) == 0
            && self.excluded_died.unwrap_or(0) == 0
    }
}

fn shown(m: &MeasureResult, exact: bool) -> ShownMeasure {
    let d = Disclosure::default();
    let (numerator, denominator) = if exact {
        (
            Disclosed::Exact(m.numerator),
            Disclosed::Exact(m.denominator),
        )
    } else {
        (
            d.disclose_count(m.numerator),
            d.disclose_count(m.denominator),
        )
    };
    let hidden = numerator.is_suppressed() || denominator.is_suppressed();
    ShownMeasure {
        id: m.id,
        name: m.name,
        split: m.split,
        cell: m.cell,
        days: m.days,
        numerator,
        denominator,
        value: if hidden { None } else { m.value },
        not_yet_due: exact.then_some(m.not_yet_due),
        excluded_died: exact.then_some(m.excluded_died),
    }
}

/// The measures of a report for this viewer, in the report's order (rule 2 outside; an
/// aggregate then goes through [`Protection::apply`] for rule 7).
pub fn measure_rows(report: &KpiReport, exact: bool) -> Vec<ShownMeasure> {
    report
        .supporting
        .measures
        .iter()
        .map(|m| shown(m, exact))
        .collect()
}

/// The completeness pass for this viewer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ShownPass {
    /// One FLS: does it pass? Null for a scope of several FLSs, an FLS without episodes in
    /// the period, or when what this viewer sees of its items does not decide it.
    pub pass: Option<bool>,
    /// FLSs of the scope shown as passing, of `fls_judged` whose pass is shown.
    pub fls_passing: u64,
    pub fls_judged: u64,
    /// FLSs with episodes whose pass is not shown to this viewer (their items' counts are
    /// withheld); 0 inside.
    pub fls_not_shown: u64,
}

/// Does an FLS pass, as far as its items seen from outside (rule 2) tell? Items whose flag is
/// withheld might go either way; the answer is withheld unless it holds whichever way they go,
/// so a pass never tells more about an item than its flag would.
pub fn pass_from_items(items: &[ShownItem]) -> Option<bool> {
    let flagged = items.iter().filter(|i| i.flagged == Some(true)).count();
    let unknown = items.iter().filter(|i| i.flagged.is_none()).count();
    if flagged >= COMPLETENESS_PASS_FEWER_THAN {
        Some(false)
    } else if flagged + unknown < COMPLETENESS_PASS_FEWER_THAN {
        Some(true)
    } else {
        None
    }
}

/// One FLS's pass for this viewer: exact inside, else decided by its disclosed items.
pub fn fls_pass(report: &KpiReport, exact: bool) -> ShownPass {
    let p = report.supporting.completeness_pass;
    if exact {
        return ShownPass {
            pass: p.pass,
            fls_passing: p.fls_passing,
            fls_judged: p.fls_judged,
            fls_not_shown: 0,
        };
    }
    let pass = if p.fls_judged == 0 {
        None
    } else {
        pass_from_items(&item_rows(report, false))
    };
    ShownPass {
        pass,
        fls_passing: u64::from(pass == Some(true)),
        fls_judged: u64::from(pass.is_some()),
        fls_not_shown: p.fls_judged - u64::from(pass.is_some()),
    }
}

/// Every FLS's pass as seen from outside it, made once per world: a pooled count for a
/// viewer outside counts only the FLSs whose pass that view shows, so no subtraction from it
/// tells the pass of an FLS whose items are withheld (rule 7's idea, for services).
fn outside_passes(w: &World) -> &HashMap<i64, (bool, Option<bool>)> {
    w.fls_passes.get_or_init(|| {
        w.fls
            .iter()
            .map(|f| {
                let r = w.report(&w.counts_of(f.id));
                let judged = r.supporting.completeness_pass.fls_judged > 0;
                (f.id, (judged, fls_pass(&r, false).pass))
            })
            .collect()
    })
}

/// An aggregate's pass count for this viewer: exact for the operator (`exact`), else counted
/// over the FLSs whose pass is shown from outside.
pub fn aggregate_pass(w: &World, scope: &Scope, report: &KpiReport, exact: bool) -> ShownPass {
    if exact {
        return fls_pass(report, true);
    }
    let passes = outside_passes(w);
    let mut out = ShownPass {
        pass: None,
        fls_passing: 0,
        fls_judged: 0,
        fls_not_shown: 0,
    };
    for f in w
        .fls
        .iter()
        .filter(|f| scope.contains(&f.code, &f.country, &f.region))
    {
        match passes.get(&f.id) {
            Some((true, Some(p))) => {
                out.fls_judged += 1;
                out.fls_passing += u64::from(*p);
            }
            Some((true, None)) => out.fls_not_shown += 1,
            _ => {}
        }
    }
    out
}

/// A measure's id in a file: the measure's own, or `measure/split=cell` for a refracture
/// cell (`refracture_12m/fracture_site=hip`).
pub fn measure_key(id: &str, split: Option<&str>, cell: Option<&str>) -> String {
    match (split, cell) {
        (Some(s), Some(c)) => format!("{id}/{s}={c}"),
        _ => id.to_string(),
    }
}

/// The CSV rows of a scope's measures and pass (the columns of `scope_csv` from `id` on):
/// a cell's id is `measure/split=cell`, the pass is `completeness_pass` with the FLSs passing
/// over the FLSs whose pass is shown.
pub fn measure_csv_rows(measures: &[ShownMeasure], pass: &ShownPass) -> Vec<[String; 8]> {
    let mut out: Vec<[String; 8]> = measures
        .iter()
        .map(|m| {
            [
                measure_key(m.id.id(), m.split, m.cell),
                m.name.to_string(),
                m.numerator.to_string(),
                m.denominator.to_string(),
                m.value.map(|v| format!("{v:.4}")).unwrap_or_default(),
                String::new(),
                m.not_yet_due.map(|n| n.to_string()).unwrap_or_default(),
                m.excluded_died.map(|n| n.to_string()).unwrap_or_default(),
            ]
        })
        .collect();
    out.push([
        "completeness_pass".into(),
        "FLSs passing the completeness check".into(),
        pass.fls_passing.to_string(),
        pass.fls_judged.to_string(),
        if pass.fls_judged > 0 {
            format!("{:.4}", pass.fls_passing as f64 / pass.fls_judged as f64)
        } else {
            String::new()
        },
        String::new(),
        String::new(),
        String::new(),
    ]);
    out
}
