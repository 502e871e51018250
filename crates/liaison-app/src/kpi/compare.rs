//! Comparison of one FLS with pooled values.

use super::*;
use crate::app::App;
use crate::{Actor, Result};
use liaison_domain::access::FlsSet;
use liaison_domain::benchmark::{
    AggregateScope, Direction, Disclosed, Disclosure, FlsPoint, Funnel, Quarter, Signal,
    control_limits,
};
use liaison_domain::kpi::{KpiId, KpiPeriod, KpiReport, Part};
use liaison_store::kpi as store;
use liaison_store::kpi::{DefinitionsRow, KpiFls};
use serde::Serialize;
use std::sync::Arc;
use time::Date;

// ---------------------------------------------------------------------------------------------
// Comparison of one FLS
// ---------------------------------------------------------------------------------------------

/// A pooled value beside the FLS's, with the scope it comes from.
#[derive(Debug, Clone, Serialize)]
pub struct Pooled {
    pub scope: String,
    pub value: Option<f64>,
}

/// One KPI of the dashboard: the FLS's figures and the pooled values to compare with.
#[derive(Debug, Clone, Serialize)]
pub struct DashRow {
    pub kpi: ShownKpi,
    /// Exact counts for the funnel signal (only computed inside).
    pub country: Option<Pooled>,
    pub region: Option<Pooled>,
    pub world: Option<Pooled>,
    /// Against the world's funnel (95 % alert, 99.8 % alarm), proportions only.
    pub signal: Option<Signal>,
    /// Which way the signal points against the world's pooled value, and what that means.
    pub direction: Option<Direction>,
}

pub struct Dashboard {
    pub fls: KpiFls,
    pub exact: bool,
    pub report: KpiReport,
    pub rows: Vec<DashRow>,
    pub items: Vec<ShownItem>,
    pub world: Arc<World>,
}

fn pooled(w: &World, prot: &Protection, scope: &Scope, id: KpiId) -> Option<Pooled> {
    if release(w, scope) != Release::Released {
        return None;
    }
    // Rule 7: withheld when subtraction from what the viewer sees would pin a small count.
    if prot.withholds(scope, id) {
        return Some(Pooled {
            scope: scope.code(),
            value: None,
        });
    }
    // Rule 6: withheld when the pooled counts are small, as an FLS's value is (issue 13).
    let d = liaison_domain::benchmark::Disclosure::default();
    let value = match w.aggregate_report(scope) {
        Some(r) => d.disclose_kpi(r.kpi(id)).value,
        None => {
            d.disclose_kpi(w.report(&aggregate_counts(w, scope)?).kpi(id))
                .value
        }
    };
    Some(Pooled {
        scope: scope.code(),
        value,
    })
}

/// Is this KPI a proportion (funnel plots, signals)? kpi1/kpi2 compare with an expected
/// caseload and may exceed 100 %.
pub fn is_proportion(id: KpiId) -> bool {
    !matches!(
        id,
        KpiId::Kpi1IdentificationNonSpine | KpiId::Kpi2IdentificationSpine
    )
}

pub async fn dashboard(
    app: &App,
    viewer: &Viewer,
    fls: &KpiFls,
    period: KpiPeriod,
) -> Result<Dashboard> {
    let defs = definitions(app, Some(&fls.country)).await?;
    let w = world(app, &defs, period).await?;
    let exact = viewer.exact.contains(fls.id);
    let own = w.counts_of(fls.id);
    let report = w.report(&own);
    let shown = fls_rows(&report, exact);
    let country_scope = match w.plan.for_country(&fls.country) {
        Some(AggregateScope::Region(r)) => region_scope(&r),
        _ => Scope::Country(fls.country.clone()),
    };
    // Rule 8: inside its FLS any period shows the FLS's own figures, but pooled values of a
    // period shorter than 90 days are not shown beside them.
    let short = too_short_for_pooled(viewer, &period);
    let prot = Protection::of(&w, viewer);
    let pool = |s: &Scope, id| {
        if short {
            None
        } else {
            pooled(&w, &prot, s, id)
        }
    };
    let rows = shown
        .into_iter()
        .map(|k| {
            let id = k.id;
            let world = pool(&Scope::Global, id);
            // Outside, a signal against a withheld world value would tell where it lies.
            let world_hidden = !exact && world.as_ref().is_none_or(|p| p.value.is_none());
            let t = own.kpi(id);
            let value = t.numerator as f64 / t.denominator.max(1) as f64;
            let p0 = if is_proportion(id) && k.value.is_some() && !world_hidden {
                w.aggregate_report(&Scope::Global)
                    .and_then(|r| r.kpi(id).value)
                    .filter(|_| release(&w, &Scope::Global) == Release::Released)
            } else {
                None
            };
            let signal = p0.map(|p0| control_limits(p0, t.denominator).classify(value));
            let direction = p0
                .zip(signal)
                .and_then(|(p0, s)| liaison_domain::benchmark::direction(id, s, value, p0));
            DashRow {
                kpi: k,
                country: pool(&country_scope, id),
                region: pool(&region_scope(&fls.region), id),
                world,
                signal,
                direction,
            }
        })
        .collect();
    let items = item_rows(&report, exact);
    Ok(Dashboard {
        fls: fls.clone(),
        exact,
        report,
        rows,
        items,
        world: w,
    })
}

/// Is the centre line of a funnel over `scope` withheld from this viewer? Outside the FLS it
/// is the scope's pooled value, drawn from exact counts, so it follows rules 6 and 7 like the
/// pooled values beside an FLS; the control limits around it would tell it too.
pub fn centre_withheld(w: &World, viewer: &Viewer, inside: bool, scope: &Scope, id: KpiId) -> bool {
    if viewer.operator || inside {
        return false;
    }
    let prot = Protection::of(w, viewer);
    pooled(w, &prot, scope, id).is_none_or(|p| p.value.is_none())
}

/// One KPI's funnel over the FLSs of a comparison scope (rule 4: others anonymous, by value).
pub fn funnel(w: &World, id: KpiId, members: &[i64], own: Option<i64>) -> Funnel {
    let points: Vec<FlsPoint> = members
        .iter()
        .map(|fid| {
            let t = w.counts_of(*fid).kpi(id);
            FlsPoint {
                fls_id: *fid,
                numerator: t.numerator,
                denominator: t.denominator,
            }
        })
        .collect();
    Disclosure::default().funnel(&points, own)
}

/// A run chart's point: the FLS's value and the pooled reference for one quarter.
#[derive(Debug, Clone, Serialize)]
pub struct RunPoint {
    pub quarter: Quarter,
    pub numerator: Disclosed,
    pub denominator: ShownDen,
    pub value: Option<f64>,
    pub reference: Option<f64>,
}

/// The last `n` quarters up to the as-of date: the FLS's value and the reference scope's.
pub async fn run_chart(
    app: &App,
    viewer: &Viewer,
    fls: &KpiFls,
    id: KpiId,
    as_of: Date,
    n: usize,
) -> Result<Vec<RunPoint>> {
    let defs = definitions(app, Some(&fls.country)).await?;
    let mut q = Quarter::of(as_of);
    let mut quarters = vec![q];
    for _ in 1..n {
        q = prev_quarter(q);
        quarters.push(q);
    }
    quarters.reverse();
    let exact = viewer.exact.contains(fls.id);
    let mut out = Vec::new();
    for q in quarters {
        let period = KpiPeriod {
            from: q.first_day(),
            to: q.last_day(),
            as_of,
        };
        let w = world(app, &defs, period).await?;
        let report = w.report(&w.counts_of(fls.id));
        let k = fls_rows(&report, exact).remove(id.index());
        let prot = Protection::of(&w, viewer);
        let reference = match w.plan.for_country(&fls.country) {
            Some(AggregateScope::Country(c)) => pooled(&w, &prot, &Scope::Country(c), id),
            Some(AggregateScope::Region(r)) => pooled(&w, &prot, &region_scope(&r), id),
            None => None,
        };
        out.push(RunPoint {
            quarter: q,
            numerator: k.numerator,
            denominator: k.denominator,
            value: k.value,
            reference: reference.and_then(|p| p.value),
        });
    }
    Ok(out)
}

pub fn prev_quarter(q: Quarter) -> Quarter {
    if q.quarter <= 1 {
        Quarter {
            year: q.year - 1,
            quarter: 4,
        }
    } else {
        Quarter {
            year: q.year,
            quarter: q.quarter - 1,
        }
    }
}

/// The ids of the episodes of one FLS in a part of a KPI (the caller checked the right to read
/// that FLS's patients).
pub async fn members(
    app: &App,
    fls: &KpiFls,
    id: KpiId,
    part: Part,
    period: KpiPeriod,
) -> Result<Vec<i64>> {
    let defs = definitions(app, Some(&fls.country)).await?;
    let mut ids = Vec::new();
    let end = period.to.min(period.as_of);
    store::stream(
        &app.db,
        &FlsSet::Only([fls.id].into()),
        Some((period.from, end)),
        |eid, e| {
            if liaison_domain::kpi::membership(&defs, &period, &e, id, part) {
                ids.push(eid);
            }
        },
    )
    .await?;
    ids.sort_unstable();
    Ok(ids)
}

/// Every FLS with what a KPI page shows of it (code, name, places, expected caseload).
pub async fn all_fls(app: &App) -> Result<Vec<KpiFls>> {
    Ok(store::all_fls(&app.db).await?)
}

/// Every stored version of the KPI definitions, newest first.
pub async fn list_definitions(app: &App) -> Result<Vec<DefinitionsRow>> {
    Ok(store::list_definitions(&app.db).await?)
}

/// The patients behind one part of one KPI of an FLS (at most `limit` rows) and how many there
/// are in all. Patient rows: only for those who may read the FLS's patients (disclosure rule
/// 5); the caller has checked that, and the read is audited here.
pub async fn patients(
    app: &App,
    actor: &Actor,
    fls: &KpiFls,
    id: KpiId,
    part: Part,
    period: KpiPeriod,
    limit: usize,
) -> Result<(Vec<liaison_store::episodes::EpisodeRow>, usize)> {
    if !actor.access.read_patients.contains(fls.id) {
        return Err(crate::ServiceError::NotFound);
    }
    let ids = members(app, fls, id, part, period).await?;
    let scope = FlsSet::Only([fls.id].into());
    let mut rows = Vec::new();
    for eid in ids.iter().take(limit) {
        if let Some(r) = liaison_store::episodes::get(&app.db, &scope, *eid).await? {
            rows.push(r);
        }
    }
    let detail = format!(
        "{} of {} rows; kpi {} {} {}..{} as of {}",
        rows.len(),
        ids.len(),
        id.id(),
        part.code(),
        period.from,
        period.to,
        period.as_of
    );
    let e = actor
        .audit("episode.list")
        .entity("episode", "")
        .fls(fls.id)
        .detail(detail);
    crate::audit::record(app, &e).await?;
    Ok((rows, ids.len()))
}
