//! The world's counts: every FLS's counts for one (definitions, period), with the sums of countries, regions and the world.

use super::*;
use crate::Result;
use crate::app::App;
use liaison_domain::benchmark::{AggregatePlan, CountryFls, Disclosure};
use liaison_domain::kpi::{
    FlsExpected, KpiCounter, KpiCounts, KpiDefinitions, KpiEpisode, KpiPeriod, KpiReport,
};
use liaison_store::kpi as store;
use liaison_store::kpi::KpiFls;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

// ---------------------------------------------------------------------------------------------
// The world's counts, cached
// ---------------------------------------------------------------------------------------------

/// Every FLS's counts for one (definitions, period), with the sums for countries, regions and
/// the world, and which aggregates may be released (rule 3).
#[derive(Debug)]
pub struct World {
    pub defs: KpiDefinitions,
    pub period: KpiPeriod,
    pub fls: Vec<KpiFls>,
    pub counts: HashMap<i64, Arc<KpiCounts>>,
    pub countries: BTreeMap<String, KpiCounts>,
    pub regions: BTreeMap<String, KpiCounts>,
    pub global: KpiCounts,
    pub plan: AggregatePlan,
    /// Reports of every country, region and the world, made once per build: a dashboard
    /// reads three of them per request.
    pub aggregate_reports: HashMap<Scope, Arc<KpiReport>>,
    /// Every FLS's counts as rule 7 reads them (`protect::slots`), made on first use.
    pub(super) fls_slots: std::sync::OnceLock<HashMap<i64, Vec<u64>>>,
    /// Rule 7's answer per set of FLSs seen (exact, disclosed): a dashboard asks again with
    /// the same sets on every request.
    pub(super) protections: std::sync::Mutex<HashMap<SeenKey, Arc<Protection>>>,
    /// Every FLS's completeness pass as seen from outside (judged?, shown pass), made on
    /// first use (`measures::aggregate_pass`).
    pub(super) fls_passes: std::sync::OnceLock<HashMap<i64, (bool, Option<bool>)>>,
    /// Breakdowns by a characteristic of the patient, counted on first request
    /// (`breakdown.rs`): a page without a breakdown costs nothing more.
    pub(super) cells: std::sync::Mutex<HashMap<liaison_domain::kpi::Dimension, Arc<CellCounts>>>,
}

/// The FLSs a viewer sees exactly and at all (`None`: every FLS).
pub(super) type SeenKey = (Option<BTreeSet<i64>>, Option<BTreeSet<i64>>);

impl World {
    /// The exact report of an aggregate scope (countries, regions, global), if it has FLSs.
    pub fn aggregate_report(&self, scope: &Scope) -> Option<Arc<KpiReport>> {
        self.aggregate_reports.get(scope).cloned()
    }

    pub fn fls_by_code(&self, code: &str) -> Option<&KpiFls> {
        self.fls.iter().find(|f| f.code == code)
    }

    pub fn counts_of(&self, id: i64) -> Arc<KpiCounts> {
        self.counts.get(&id).cloned().unwrap_or_default()
    }

    pub fn report(&self, c: &KpiCounts) -> KpiReport {
        c.report(&self.defs, &self.period)
    }

    /// FLS codes for the ids a report lists ("no expected caseload").
    pub(super) fn codes(&self, ids: &[i64]) -> Vec<String> {
        ids.iter()
            .filter_map(|id| self.fls.iter().find(|f| f.id == *id))
            .map(|f| f.code.clone())
            .collect()
    }
}

/// Read every FLS's KPI rows into memory. The server runs this in the background as it starts
/// (10 million episodes take about 25 s on 2 cores, docs/kpi.md), so the first dashboard after
/// a restart is counted from memory instead of waiting for that read.
pub async fn warm_up(app: &App) -> Result<usize> {
    let cache = &app.config.kpi_cache;
    let _one = cache.compute.lock().await;
    let fls = store::all_fls(&app.db).await?;
    let all: BTreeSet<i64> = fls.iter().map(|f| f.id).collect();
    let rows = cache.rows_of(app, &fls, &all).await?;
    Ok(rows.values().map(|r| r.len()).sum())
}

/// Count the rows of these FLSs for one period, one share of the FLSs per core.
fn count_in_memory(
    defs: &KpiDefinitions,
    period: &KpiPeriod,
    expected: &[FlsExpected],
    rows: &HashMap<i64, Arc<Vec<KpiEpisode>>>,
) -> BTreeMap<i64, KpiCounts> {
    let parts = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 8)
        .min(expected.len().max(1));
    let shares: Vec<Vec<FlsExpected>> = (0..parts)
        .map(|k| expected.iter().skip(k).step_by(parts).copied().collect())
        .collect();
    std::thread::scope(|s| {
        let handles: Vec<_> = shares
            .iter()
            .map(|share| {
                s.spawn(move || {
                    let mut counter = KpiCounter::new(defs, period, share);
                    for x in share {
                        for e in rows.get(&x.fls_id).map(|r| r.as_slice()).unwrap_or(&[]) {
                            counter.add(e);
                        }
                    }
                    counter.by_fls()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

/// How many FLSs contribute to a figure: those with episodes in the population.
fn contributing(c: &KpiCounts) -> bool {
    c.episodes > 0
}

/// The world's counts for a period under `defs`, from the cache when nothing changed.
pub async fn world(app: &App, defs: &KpiDefinitions, period: KpiPeriod) -> Result<Arc<World>> {
    let cache = &app.config.kpi_cache;
    let key: Key = (
        serde_json::to_string(defs).unwrap_or_default(),
        period.from,
        period.to,
        period.as_of,
    );
    // Nothing changed since the world was built: one row read, not one per FLS.
    let stamp = store::fls_stamp(&app.db).await?;
    if let Some(w) = cache.current(&key, stamp) {
        return Ok(w);
    }
    let _one = cache.compute.lock().await;
    // The stamp and counters are read before the episodes: a write during the pass makes the
    // FLS stale again next time, never silently current.
    let stamp = store::fls_stamp(&app.db).await?;
    let fls = store::all_fls(&app.db).await?;
    let sig = signature(&fls);
    let (hit, stale) = cache.lookup(&key, &fls, sig);
    if let Some(w) = hit {
        cache.restamp(&key, stamp);
        return Ok(w);
    }
    let stale_set: BTreeSet<i64> = stale.iter().copied().collect();
    let expected: Vec<FlsExpected> = fls
        .iter()
        .filter(|f| stale_set.contains(&f.id))
        .map(|f| FlsExpected {
            fls_id: f.id,
            expected_non_spine_per_year: f.expected_non_spine_per_year,
            expected_spine_per_year: f.expected_spine_per_year,
        })
        .collect();
    let mut fresh = Vec::new();
    if !stale.is_empty() {
        let rows = cache.rows_of(app, &fls, &stale_set).await?;
        let defs2 = defs.clone();
        let by_fls =
            tokio::task::spawn_blocking(move || count_in_memory(&defs2, &period, &expected, &rows))
                .await
                .map_err(|e| {
                    crate::ServiceError::Conflict(crate::ErrorCode::KpiFailed, e.to_string())
                })?;
        for (id, c) in by_fls {
            if let Some(f) = fls.iter().find(|f| f.id == id) {
                fresh.push((
                    id,
                    (
                        f.kpi_generation,
                        f.expected_non_spine_per_year,
                        f.expected_spine_per_year,
                    ),
                    c,
                ));
            }
        }
    }
    let defs = defs.clone();
    let fls_list = fls.clone();
    Ok(cache.store(
        key,
        fresh,
        move |counts| build_world(defs, period, fls_list, counts),
        &fls,
        (sig, stamp),
    ))
}

fn build_world(
    defs: KpiDefinitions,
    period: KpiPeriod,
    fls: Vec<KpiFls>,
    counts: &HashMap<i64, Arc<KpiCounts>>,
) -> World {
    let mut countries: BTreeMap<String, KpiCounts> = BTreeMap::new();
    let mut regions: BTreeMap<String, KpiCounts> = BTreeMap::new();
    let mut global = KpiCounts::default();
    let mut contrib: BTreeMap<(String, String), usize> = BTreeMap::new();
    for f in &fls {
        let Some(c) = counts.get(&f.id) else { continue };
        *countries.entry(f.country.clone()).or_default() += c;
        *regions.entry(f.region.clone()).or_default() += c;
        global += c;
        *contrib
            .entry((f.country.clone(), f.region.clone()))
            .or_default() += usize::from(contributing(c));
    }
    let list: Vec<CountryFls> = contrib
        .into_iter()
        .map(|((country, region), n)| CountryFls {
            country,
            region,
            fls: n,
        })
        .collect();
    let plan = Disclosure::default().plan_aggregates(&list);
    let mut aggregate_reports = HashMap::new();
    for (c, k) in &countries {
        aggregate_reports.insert(
            Scope::Country(c.clone()),
            Arc::new(k.report(&defs, &period)),
        );
    }
    for (r, k) in &regions {
        aggregate_reports.insert(region_scope(r), Arc::new(k.report(&defs, &period)));
    }
    aggregate_reports.insert(Scope::Global, Arc::new(global.report(&defs, &period)));
    World {
        defs,
        period,
        fls,
        counts: counts.clone(),
        countries,
        regions,
        global,
        plan,
        aggregate_reports,
        fls_slots: std::sync::OnceLock::new(),
        protections: std::sync::Mutex::new(HashMap::new()),
        fls_passes: std::sync::OnceLock::new(),
        cells: std::sync::Mutex::new(HashMap::new()),
    }
}
