//! Public statistics (issue 19): what anyone may see without signing in. The world, each
//! released region and each released country (rule 3: small countries fold into their region,
//! withheld aggregates are left out) with their KPIs disclosed as for any viewer outside
//! (rules 6 and 7), their number of services and their services' levels on the Map of Best
//! Practice; and, named, the figures of the services whose leads chose to publish them,
//! disclosed as any service's seen from outside (rule 2). Rule 8 holds: a period under 90
//! days is refused (docs/comparisons.md).

use super::*;
use crate::Result;
use crate::app::App;
use liaison_domain::access::FlsSet;
use liaison_domain::benchmark::Disclosure;
use liaison_domain::kpi::KpiPeriod;
use liaison_domain::programme::framework::Level;
use std::collections::BTreeSet;
use std::sync::Arc;

/// A released aggregate as the public sees it.
#[derive(Debug, Clone)]
pub struct PublicArea {
    pub scope: Scope,
    /// The services registered in the area.
    pub fls_count: usize,
    pub definitions_version: String,
    /// Disclosed (rule 6) and protected against subtraction (rule 7).
    pub kpis: Vec<ShownKpi>,
    /// The area's services on the Map of Best Practice by overall level, gold first.
    pub levels: Vec<(Level, usize)>,
}

/// A service whose lead publishes its figures.
#[derive(Debug, Clone)]
pub struct PublicService {
    pub code: String,
    pub name: String,
    pub country: String,
    pub region: String,
    pub definitions_version: String,
    /// Disclosed as any service's seen from outside (rule 2).
    pub kpis: Vec<ShownKpi>,
}

#[derive(Debug, Clone)]
pub struct PublicStatistics {
    pub period: KpiPeriod,
    /// The world first, then the released regions, then the released countries (by code).
    pub areas: Vec<PublicArea>,
    /// By country, then code.
    pub services: Vec<PublicService>,
}

/// The public looks from outside every service and sees, of services, only the published ones.
pub fn public_viewer(published: BTreeSet<i64>) -> Viewer {
    Viewer {
        exact: FlsSet::none(),
        aggregates: FlsSet::Only(published),
        patients: FlsSet::none(),
        operator: false,
    }
}

/// Rule 7 for the public. `Protection::of` protects nothing for a viewer who sees no service,
/// since signed in that viewer sees no aggregate either; the public sees the released
/// aggregates whether or not a service publishes, so "region − its countries" is closed here
/// too. Kept with the world as the signed-in viewers' answers are.
fn public_protection(w: &World, viewer: &Viewer) -> Arc<Protection> {
    if viewer.sees_aggregates() {
        return Protection::of(w, viewer);
    }
    let key: SeenKey = (Some(BTreeSet::new()), Some(BTreeSet::new()));
    if let Some(p) = w.protections.lock().ok().and_then(|m| m.get(&key).cloned()) {
        return p;
    }
    let p = Arc::new(Protection::compute(w, viewer));
    if let Ok(mut m) = w.protections.lock() {
        m.insert(key, p.clone());
    }
    p
}

/// One KPI of a released aggregate as the public sees it (rules 2, 6 and 7), for the
/// objectives dashboard; `None` when the aggregate is not released.
pub fn public_kpi(w: &World, scope: &Scope, id: liaison_domain::kpi::KpiId) -> Option<ShownKpi> {
    if release(w, scope) != Release::Released {
        return None;
    }
    let viewer = public_viewer(BTreeSet::new());
    let report = w.report(&aggregate_counts(w, scope)?);
    let mut kpis = fls_rows(&report, false);
    let mut items = item_rows(&report, false);
    let mut episodes = Disclosure::default().disclose_count(report.supporting.episodes);
    public_protection(w, &viewer).apply(scope, &mut kpis, &mut items, &mut episodes, &mut []);
    kpis.into_iter().find(|k| k.id == id)
}

fn area(
    w: &World,
    viewer: &Viewer,
    scope: Scope,
    entries: &[crate::programme::PublicEntry],
) -> PublicArea {
    let counts = aggregate_counts(w, &scope).unwrap_or_default();
    let report = w.report(&counts);
    let mut kpis = fls_rows(&report, false);
    let mut items = item_rows(&report, false);
    let mut episodes = Disclosure::default().disclose_count(report.supporting.episodes);
    // The public page shows no set 2 measures (they are last in the masks: nothing to pass).
    public_protection(w, viewer).apply(&scope, &mut kpis, &mut items, &mut episodes, &mut []);
    let on_map = |e: &&crate::programme::PublicEntry| match &scope {
        Scope::Country(c) => &e.country == c,
        Scope::Region(r) => e.region == r.code(),
        _ => true,
    };
    let here: Vec<&crate::programme::PublicEntry> = entries.iter().filter(on_map).collect();
    PublicArea {
        fls_count: counts.fls.len(),
        definitions_version: w.defs.version.clone(),
        kpis,
        levels: Level::ALL
            .iter()
            .map(|l| (*l, here.iter().filter(|e| e.overall == *l).count()))
            .collect(),
        scope,
    }
}

/// The public statistics for a period.
pub async fn public_statistics(app: &App, period: KpiPeriod) -> Result<PublicStatistics> {
    let published: BTreeSet<i64> = liaison_store::orgs::publishing_statistics(&app.db)
        .await?
        .into_iter()
        .collect();
    let viewer = public_viewer(published.clone());
    check_period(&viewer, false, &period)?;
    let entries = crate::programme::public_entries(app).await?;
    let defs = definitions(app, None).await?;
    let w = world(app, &defs, period).await?;
    // Countries with definitions of their own are shown under them, as on their scope pages.
    let own_defs: BTreeSet<String> = list_definitions(app)
        .await?
        .into_iter()
        .filter_map(|r| r.country)
        .collect();
    let world_of = async |country: &str| -> Result<Arc<World>> {
        if !own_defs.contains(country) {
            return Ok(w.clone());
        }
        let d = definitions(app, Some(country)).await?;
        if d == defs {
            return Ok(w.clone());
        }
        world(app, &d, period).await
    };
    let mut areas = Vec::new();
    let mut scopes = vec![Scope::Global];
    scopes.extend(w.regions.keys().map(|r| region_scope(r)));
    for s in scopes {
        if release(&w, &s) == Release::Released {
            areas.push(area(&w, &viewer, s, &entries));
        }
    }
    for c in w.countries.keys() {
        let wc = world_of(c).await?;
        let s = Scope::Country(c.clone());
        if release(&wc, &s) == Release::Released {
            areas.push(area(&wc, &viewer, s, &entries));
        }
    }
    let mut services = Vec::new();
    let mut listed: Vec<&KpiFls> = w.fls.iter().filter(|f| published.contains(&f.id)).collect();
    listed.sort_by(|a, b| (&a.country, &a.code).cmp(&(&b.country, &b.code)));
    for f in listed {
        let wf = world_of(&f.country).await?;
        let report = wf.report(&wf.counts_of(f.id));
        services.push(PublicService {
            code: f.code.clone(),
            name: f.name.clone(),
            country: f.country.clone(),
            region: f.region.clone(),
            definitions_version: wf.defs.version.clone(),
            kpis: fls_rows(&report, false),
        });
    }
    Ok(PublicStatistics {
        period,
        areas,
        services,
    })
}
