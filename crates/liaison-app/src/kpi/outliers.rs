//! The outlier report (issue 19): for a period, the services outside the 95 % and 99.8 %
//! funnel limits of each proportion KPI, against the world's pooled value as on the FLS
//! dashboard. Named for whoever may see the service's aggregates: reviewers and
//! administrators every service, national and regional leads those of their countries and
//! regions, an FLS's own staff (and mentors) only their own (docs/comparisons.md).

use super::*;
use crate::Result;
use crate::app::App;
use liaison_domain::benchmark::{Disclosed, Disclosure, Outlier, outlier};
use liaison_domain::kpi::{KpiId, KpiPeriod};
use liaison_store::kpi::KpiFls;

/// One service outside its limits, as this viewer may see it.
#[derive(Debug, Clone)]
pub struct OutlierRow {
    pub code: String,
    pub name: String,
    pub country: String,
    /// The viewer's own service: exact counts.
    pub own: bool,
    /// Exact inside the service, disclosed (rule 2) outside.
    pub numerator: Disclosed,
    pub denominator: Disclosed,
    /// From the exact counts, whoever looks (rule 2: rounding never moves a point).
    pub value: f64,
    pub outlier: Outlier,
}

/// One KPI of the report.
#[derive(Debug, Clone)]
pub struct OutlierKpi {
    pub id: KpiId,
    /// The world's pooled value, the funnel's centre, as this viewer may see it (rules 3, 6
    /// and 7); None when it is withheld.
    pub pooled: Option<f64>,
    /// Services of the report's scope compared with the funnel.
    pub compared: usize,
    /// Services not compared because a count of theirs is too small to show (rule 2), or the
    /// funnel's centre is withheld from this viewer.
    pub withheld: usize,
    /// The outliers: needing attention first, the 99.8 % limit before the 95 % one.
    pub rows: Vec<OutlierRow>,
}

/// The report for one scope and period.
#[derive(Debug, Clone)]
pub struct OutlierReport {
    pub scope: Scope,
    pub period: KpiPeriod,
    pub definitions_version: String,
    /// The world's figure is released (rule 3): without it there is no funnel to be outside.
    pub released: bool,
    pub kpis: Vec<OutlierKpi>,
}

fn in_scope(scope: &Scope, f: &KpiFls) -> bool {
    match scope {
        Scope::Fls(code) => &f.code == code,
        Scope::Country(c) => &f.country == c,
        Scope::Region(r) => f.region == r.code(),
        Scope::Global => true,
    }
}

/// The outlier report of the services of `scope` this viewer sees; None when they see none
/// there (the caller answers 404, as for a scope that does not exist). The report compares
/// each service with every other, so a period under 90 days is refused for everyone but the
/// operator (rule 8), once the scope is known to be theirs.
pub async fn outliers(
    app: &App,
    viewer: &Viewer,
    scope: &Scope,
    period: KpiPeriod,
) -> Result<Option<OutlierReport>> {
    let seen: Vec<KpiFls> = all_fls(app)
        .await?
        .into_iter()
        .filter(|f| in_scope(scope, f) && viewer.aggregates.contains(f.id))
        .collect();
    let Some(first) = seen.first() else {
        return Ok(None);
    };
    check_period(viewer, false, &period)?;
    // As the scope pages: a country's (or one service's) definitions, else the default.
    let country = match scope {
        Scope::Country(c) => Some(c.clone()),
        Scope::Fls(_) => Some(first.country.clone()),
        _ => None,
    };
    let defs = definitions(app, country.as_deref()).await?;
    let w = world(app, &defs, period).await?;
    let released = release(&w, &Scope::Global) == Release::Released;
    let global = w.aggregate_report(&Scope::Global);
    let d = Disclosure::default();
    let kpis = KpiId::ALL
        .into_iter()
        .filter(|id| is_proportion(*id))
        .map(|id| {
            let p0 = global
                .as_ref()
                .and_then(|r| r.kpi(id).value)
                .filter(|_| released);
            // Outside a service, a signal against a withheld centre would tell where it lies.
            let hidden = centre_withheld(&w, viewer, false, &Scope::Global, id);
            let mut k = OutlierKpi {
                id,
                pooled: p0.filter(|_| !hidden),
                compared: 0,
                withheld: 0,
                rows: Vec::new(),
            };
            let Some(p0) = p0 else { return k };
            for f in &seen {
                let t = w.counts_of(f.id).kpi(id);
                if t.denominator == 0 {
                    continue;
                }
                let own = viewer.exact.contains(f.id);
                let shown = d.disclose_proportion(t.numerator, t.denominator).is_some();
                if !own && (hidden || !shown) {
                    k.withheld += 1;
                    continue;
                }
                k.compared += 1;
                let Some(o) = outlier(id, p0, t.numerator, t.denominator) else {
                    continue;
                };
                let count = |n: u64| {
                    if own {
                        Disclosed::Exact(n)
                    } else {
                        d.disclose_count(n)
                    }
                };
                k.rows.push(OutlierRow {
                    code: f.code.clone(),
                    name: f.name.clone(),
                    country: f.country.clone(),
                    own,
                    numerator: count(t.numerator),
                    denominator: count(t.denominator),
                    value: t.numerator as f64 / t.denominator as f64,
                    outlier: o,
                });
            }
            k.rows.sort_by(|a, b| {
                (b.outlier.direction.reading, b.outlier.limit)
                    .cmp(&(a.outlier.direction.reading, a.outlier.limit))
                    .then_with(|| (&a.country, &a.code).cmp(&(&b.country, &b.code)))
            });
            k
        })
        .collect();
    Ok(Some(OutlierReport {
        scope: scope.clone(),
        period,
        definitions_version: defs.version.clone(),
        released,
        kpis,
    }))
}
