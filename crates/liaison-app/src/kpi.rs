//! KPIs (docs/kpi-definitions.md) and comparisons (docs/comparisons.md) for the dashboard, the scope pages, the API
//! and the command line: one computation, one set of rules.
//!
//! Every FLS's counts are computed from one streamed pass over the episodes of the period and
//! kept in memory per (definitions, period, as-of); an FLS's counts are recomputed only when its
//! change counter (`fls.kpi_generation`, bumped by database triggers on every episode write) or
//! its expected caseload moves. Country, region and world figures are sums of FLS counts.
//! Only counts leave this module; the disclosure rules decide what a viewer sees of them.

use super::{Actor, Result};
use crate::app::App;
use liaison_domain::access::FlsSet;
use liaison_domain::auth::Role;
use liaison_domain::benchmark::{
    AggregatePlan, AggregateScope, CountryFls, Disclosed, DisclosedKpi, Disclosure, FlsPoint,
    Funnel, Quarter, Signal, control_limits,
};
use liaison_domain::kpi::{
    FlsExpected, KpiCounter, KpiCounts, KpiDefinitions, KpiEpisode, KpiId, KpiPeriod, KpiReport,
    Part,
};
use liaison_store::kpi as store;
pub use liaison_store::kpi::{DefinitionsRow, KpiFls};
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex};
use time::Date;

// ---------------------------------------------------------------------------------------------
// Scopes and viewers
// ---------------------------------------------------------------------------------------------

/// docs/cli.md: `fls:CODE`, `country:CC`, `region:NAME` or `global`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub enum Scope {
    Fls(String),
    Country(String),
    Region(String),
    Global,
}

impl Scope {
    pub fn parse(s: &str) -> Option<Scope> {
        let s = s.trim();
        if s == "global" {
            return Some(Scope::Global);
        }
        let (kind, code) = s.split_once(':')?;
        let code = code.trim();
        if code.is_empty() {
            return None;
        }
        match kind {
            "fls" => Some(Scope::Fls(code.to_string())),
            "country" => Some(Scope::Country(code.to_ascii_uppercase())),
            "region" => liaison_domain::org::Region::parse(code)
                .map(|r| Scope::Region(r.code().to_string())),
            _ => None,
        }
    }

    pub fn code(&self) -> String {
        match self {
            Scope::Fls(c) => format!("fls:{c}"),
            Scope::Country(c) => format!("country:{c}"),
            Scope::Region(r) => format!("region:{r}"),
            Scope::Global => "global".into(),
        }
    }
}

/// What a user may see of KPI figures.
#[derive(Debug, Clone)]
pub struct Viewer {
    /// FLSs whose exact figures the user sees: their own (rule 1). The operator: all.
    pub exact: FlsSet,
    /// FLSs the user may see at all (disclosed unless in `exact`).
    pub aggregates: FlsSet,
    /// FLSs whose patient lists the user may open.
    pub patients: FlsSet,
    /// Released aggregates are exact; the operator also sees unreleased ones.
    pub operator: bool,
}

impl Viewer {
    pub fn operator() -> Viewer {
        Viewer {
            exact: FlsSet::All,
            aggregates: FlsSet::All,
            patients: FlsSet::All,
            operator: true,
        }
    }

    /// The user's own FLSs are those they hold an FLS role at (lead, clinician, viewer);
    /// administrators, reviewers, national and regional leads and mentors look from outside.
    pub async fn of(app: &App, actor: &Actor) -> Result<Viewer> {
        let Some(uid) = actor.user_id else {
            return Ok(Viewer::operator());
        };
        let grants = liaison_store::users::grants_of(&app.db, uid).await?;
        Ok(Viewer::of_grants(actor, &grants))
    }

    /// [`Viewer::of`] with the grants the session already holds (no query per page).
    pub fn of_grants(actor: &Actor, grants: &[liaison_store::users::GrantRow]) -> Viewer {
        if actor.user_id.is_none() {
            return Viewer::operator();
        }
        let own: BTreeSet<i64> = grants
            .iter()
            .filter(|g| {
                matches!(
                    Role::parse("role", &g.role),
                    Ok(Role::FlsLead | Role::FlsClinician | Role::Viewer)
                )
            })
            .filter_map(|g| g.fls_id)
            .filter(|id| actor.access.view_aggregates.contains(*id))
            .collect();
        Viewer {
            exact: FlsSet::Only(own),
            aggregates: actor.access.view_aggregates.clone(),
            patients: actor.access.read_patients.clone(),
            operator: false,
        }
    }

    /// May see released aggregates (country, region, world): anyone who sees some FLS.
    pub fn sees_aggregates(&self) -> bool {
        !self.aggregates.is_empty()
    }
}

// ---------------------------------------------------------------------------------------------
// Definitions
// ---------------------------------------------------------------------------------------------

/// The definitions in force for a country (its own, else the deployment's default, else
/// version 1). A stored definition that no longer parses falls back to version 1 and says so
/// in the log: figures must never stop.
pub async fn definitions(app: &App, country: Option<&str>) -> Result<KpiDefinitions> {
    let Some(row) = store::definitions_for(&app.db, country).await? else {
        return Ok(KpiDefinitions::v1());
    };
    // Stored definitions never change (a new version is a new row): parse each once.
    let parsed = &app.config.kpi_cache.parsed;
    if let Some(d) = parsed
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .get(&row.id)
    {
        return Ok(d.clone());
    }
    let d = KpiDefinitions::from_json(&row.json).unwrap_or_else(|e| {
        tracing::error!(id = row.id, error = %e, "stored KPI definitions unusable; using version 1");
        KpiDefinitions::v1()
    });
    parsed
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(row.id, d.clone());
    Ok(d)
}

/// Store a definition for a country (None = the default) after checking it.
pub async fn save_definitions(
    app: &App,
    actor: &Actor,
    country: Option<&str>,
    json_text: &str,
) -> Result<KpiDefinitions> {
    use liaison_domain::error::FieldError;
    let defs = KpiDefinitions::from_json(json_text)
        .map_err(|e| FieldError::new("definitions", e.to_string(), "kpi_definitions_invalid"))?;
    if let Some(c) = country
        && liaison_store::orgs::country_region(&app.db, c)
            .await?
            .is_none()
    {
        return Err(FieldError::new("country", c, "country_unknown").into());
    }
    let canonical = serde_json::to_string_pretty(&defs).unwrap_or_default();
    let mut tx = app.db.begin().await?;
    let id = store::add_definitions(
        &mut tx,
        country,
        &defs.version,
        &canonical,
        app.now(),
        actor.user_id,
    )
    .await?;
    let mut a = actor.audit("kpi_definitions.create");
    a.entity = "kpi_definitions".into();
    a.entity_id = id.to_string();
    a.detail = format!("country {}", country.unwrap_or("(default)"));
    a.after = serde_json::from_str(&canonical).ok();
    liaison_store::audit::record(&mut tx, app.now(), &a).await?;
    tx.commit().await?;
    Ok(defs)
}

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
}

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
    fn codes(&self, ids: &[i64]) -> Vec<String> {
        ids.iter()
            .filter_map(|id| self.fls.iter().find(|f| f.id == *id))
            .map(|f| f.code.clone())
            .collect()
    }
}

type Key = (String, Date, Date, Date);

/// What an FLS's counts were computed from: change counter and expected caseloads.
type Stamp = (i64, Option<i64>, Option<i64>);

/// Fresh counts of one FLS with their stamp.
type Fresh = (i64, Stamp, KpiCounts);

/// What a world was built from: the FLS list's hash and the table's stamp.
type WorldStamp = (u64, (i64, i64, i64));

struct Slot {
    per_fls: HashMap<i64, (Stamp, Arc<KpiCounts>)>,
    world: Option<(WorldStamp, Arc<World>)>,
    used: u64,
}

/// An FLS's KPI rows with the change counter they were read at.
type FlsRows = (i64, Arc<Vec<KpiEpisode>>);

/// The in-memory cache of FLS counts (one per running server, in `Config`), and under it every
/// FLS's KPI rows: a period not seen yet is counted from memory, not read again.
#[derive(Default)]
pub struct KpiCache {
    /// Stored definitions by id, parsed.
    parsed: Mutex<HashMap<i64, KpiDefinitions>>,
    rows: Mutex<HashMap<i64, FlsRows>>,
    slots: Mutex<HashMap<Key, Slot>>,
    /// One computation at a time: 32 clients on a cold cache wait for one pass, not 32.
    compute: tokio::sync::Mutex<()>,
    tick: std::sync::atomic::AtomicU64,
}

impl std::fmt::Debug for KpiCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KpiCache")
    }
}

/// Periods kept; the least recently used goes first. Each holds every FLS's counts, day
/// histograms included (tens of megabytes at 2,000 FLSs); with the rows in memory another
/// period is a recount of well under a second even at 10 million episodes, so few are kept.
const CACHE_SLOTS: usize = 16;

fn signature(fls: &[KpiFls]) -> u64 {
    let mut h = DefaultHasher::new();
    fls.hash(&mut h);
    h.finish()
}

impl KpiCache {
    /// The world of `key` if the FLS table's stamp has not moved since it was built.
    fn current(&self, key: &Key, stamp: (i64, i64, i64)) -> Option<Arc<World>> {
        let tick = self.tick.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
        let slot = slots.get_mut(key)?;
        slot.used = tick;
        match &slot.world {
            Some(((_, s), w)) if *s == stamp => Some(w.clone()),
            _ => None,
        }
    }

    /// The world of `key` was found current for this stamp too.
    fn restamp(&self, key: &Key, stamp: (i64, i64, i64)) {
        let mut slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(Slot {
            world: Some(((_, s), _)),
            ..
        }) = slots.get_mut(key)
        {
            *s = stamp;
        }
    }

    fn lookup(&self, key: &Key, fls: &[KpiFls], sig: u64) -> (Option<Arc<World>>, Vec<i64>) {
        let tick = self.tick.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
        let Some(slot) = slots.get_mut(key) else {
            return (None, fls.iter().map(|f| f.id).collect());
        };
        slot.used = tick;
        if let Some(((s, _), w)) = &slot.world
            && *s == sig
        {
            return (Some(w.clone()), vec![]);
        }
        let stale = fls
            .iter()
            .filter(|f| {
                slot.per_fls.get(&f.id).is_none_or(|(stamp, _)| {
                    *stamp
                        != (
                            f.kpi_generation,
                            f.expected_non_spine_per_year,
                            f.expected_spine_per_year,
                        )
                })
            })
            .map(|f| f.id)
            .collect();
        (None, stale)
    }

    fn store(
        &self,
        key: Key,
        fresh: Vec<Fresh>,
        build: impl FnOnce(&HashMap<i64, Arc<KpiCounts>>) -> World,
        fls: &[KpiFls],
        sig: WorldStamp,
    ) -> Arc<World> {
        let tick = self.tick.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
        if !slots.contains_key(&key)
            && slots.len() >= CACHE_SLOTS
            && let Some(old) = slots
                .iter()
                .min_by_key(|(_, s)| s.used)
                .map(|(k, _)| k.clone())
        {
            slots.remove(&old);
        }
        let slot = slots.entry(key).or_insert_with(|| Slot {
            per_fls: HashMap::new(),
            world: None,
            used: tick,
        });
        slot.used = tick;
        for (id, stamp, c) in fresh {
            slot.per_fls.insert(id, (stamp, Arc::new(c)));
        }
        let live: BTreeSet<i64> = fls.iter().map(|f| f.id).collect();
        slot.per_fls.retain(|id, _| live.contains(id));
        let counts: HashMap<i64, Arc<KpiCounts>> = slot
            .per_fls
            .iter()
            .map(|(id, (_, c))| (*id, c.clone()))
            .collect();
        let w = Arc::new(build(&counts));
        slot.world = Some((sig, w.clone()));
        w
    }
}

impl KpiCache {
    /// The KPI rows of the FLSs `wanted`, current as of the counters in `fls` (read before the
    /// rows: an episode written meanwhile leaves its FLS stale next time, never silently
    /// current). The first call reads every FLS in one pass; later ones only FLSs that changed.
    async fn rows_of(
        &self,
        app: &App,
        fls: &[KpiFls],
        wanted: &BTreeSet<i64>,
    ) -> Result<HashMap<i64, Arc<Vec<KpiEpisode>>>> {
        let generation: HashMap<i64, i64> = fls.iter().map(|f| (f.id, f.kpi_generation)).collect();
        let (mut have, missing): (HashMap<i64, Arc<Vec<KpiEpisode>>>, BTreeSet<i64>) = {
            let rows = self.rows.lock().unwrap_or_else(|p| p.into_inner());
            let mut have = HashMap::new();
            let mut missing = BTreeSet::new();
            for id in wanted {
                match rows.get(id) {
                    Some((g, r)) if Some(g) == generation.get(id) => {
                        have.insert(*id, r.clone());
                    }
                    _ => {
                        missing.insert(*id);
                    }
                }
            }
            (have, missing)
        };
        if missing.is_empty() {
            return Ok(have);
        }
        // Most FLSs missing (a cold start): one pass over the whole table beats an IN list.
        let scope = if missing.len() * 2 > fls.len() {
            FlsSet::All
        } else {
            FlsSet::Only(missing.clone())
        };
        let mut read = store::rows_by_fls(&app.db, &scope).await?;
        let mut rows = self.rows.lock().unwrap_or_else(|p| p.into_inner());
        let live: BTreeSet<i64> = generation.keys().copied().collect();
        rows.retain(|id, _| live.contains(id));
        let mut keep = |id: i64, r: Vec<KpiEpisode>| {
            let r = Arc::new(r);
            if let Some(g) = generation.get(&id) {
                rows.insert(id, (*g, r.clone()));
            }
            r
        };
        for id in &missing {
            let r = keep(*id, read.remove(id).unwrap_or_default());
            have.insert(*id, r);
        }
        // A whole pass also refreshes the FLSs not asked for this time.
        for (id, r) in read {
            keep(id, r);
        }
        Ok(have)
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
                    super::ServiceError::Conflict(crate::ErrorCode::KpiFailed, e.to_string())
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
        aggregate_reports.insert(Scope::Region(r.clone()), Arc::new(k.report(&defs, &period)));
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
    }
}

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
            if w.plan.regions.contains(r) {
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
        Scope::Region(r) => Some(w.regions.get(r).cloned().unwrap_or_default()),
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
}

impl ShownDen {
    pub fn text(&self) -> String {
        match self {
            ShownDen::Count(d) => d.to_string(),
            ShownDen::Expected(x) => format!("{x}"),
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
            (true, counts)
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
        Some(head(json!({
            "disclosure": "disclosed",
            "released": true,
            "fls_count": 1,
            "kpis": fls_rows(&report, false),
            "completeness": item_rows(&report, false),
            "supporting": { "episodes": d.disclose_count(report.supporting.episodes) },
        })))
    }
}

/// The CSV of a scope's KPIs (the numbers of `scope_json`).
pub fn scope_csv(v: &Value) -> String {
    let mut out = csv::Writer::from_writer(Vec::new());
    let _ = out.write_record([
        "scope",
        "from",
        "to",
        "as_of",
        "definitions_version",
        "id",
        "name",
        "numerator",
        "denominator",
        "value",
        "band",
        "not_yet_due",
        "excluded_died",
    ]);
    let s = |x: &Value| match x {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    for k in v["kpis"].as_array().into_iter().flatten() {
        let rec = [
            s(&v["scope"]),
            s(&v["period"]["from"]),
            s(&v["period"]["to"]),
            s(&v["as_of"]),
            s(&v["definitions_version"]),
            s(&k["id"]),
            s(&k["name"]),
            s(&k["numerator"]),
            s(&k["denominator"]),
            s(&k["value"]),
            s(&k["band"]),
            s(&k["not_yet_due"]),
            s(&k["excluded_died"]),
        ];
        let _ = out.write_record(
            rec.iter()
                .map(|c| liaison_domain::interchange::neutralise(c).into_owned()),
        );
    }
    String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Compute a scope for the CLI or the API: definitions of the scope's country (FLS or country
/// scope), else the deployment's default.
pub async fn for_scope(
    app: &App,
    viewer: &Viewer,
    scope: &Scope,
    period: KpiPeriod,
) -> Result<Option<Value>> {
    let country = match scope {
        Scope::Fls(code) => store::all_fls(&app.db)
            .await?
            .into_iter()
            .find(|f| &f.code == code)
            .map(|f| f.country),
        Scope::Country(c) => Some(c.clone()),
        _ => None,
    };
    let defs = definitions(app, country.as_deref()).await?;
    let w = world(app, &defs, period).await?;
    Ok(scope_json(&w, scope, viewer))
}

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
}

pub struct Dashboard {
    pub fls: KpiFls,
    pub exact: bool,
    pub report: KpiReport,
    pub rows: Vec<DashRow>,
    pub items: Vec<ShownItem>,
    pub world: Arc<World>,
}

fn pooled(w: &World, scope: &Scope, id: KpiId) -> Option<Pooled> {
    if release(w, scope) != Release::Released {
        return None;
    }
    let value = match w.aggregate_report(scope) {
        Some(r) => r.kpi(id).value,
        None => w.report(&aggregate_counts(w, scope)?).kpi(id).value,
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
        Some(AggregateScope::Region(r)) => Scope::Region(r),
        _ => Scope::Country(fls.country.clone()),
    };
    let rows = shown
        .into_iter()
        .map(|k| {
            let id = k.id;
            let signal = if is_proportion(id) && k.value.is_some() {
                let t = own.kpi(id);
                let p0 = w
                    .aggregate_report(&Scope::Global)
                    .and_then(|r| r.kpi(id).value);
                p0.filter(|_| release(&w, &Scope::Global) == Release::Released)
                    .map(|p0| {
                        control_limits(p0, t.denominator)
                            .classify(t.numerator as f64 / t.denominator.max(1) as f64)
                    })
            } else {
                None
            };
            DashRow {
                kpi: k,
                country: pooled(&w, &country_scope, id),
                region: pooled(&w, &Scope::Region(fls.region.clone()), id),
                world: pooled(&w, &Scope::Global, id),
                signal,
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
        let reference = match w.plan.for_country(&fls.country) {
            Some(AggregateScope::Country(c)) => pooled(&w, &Scope::Country(c), id),
            Some(AggregateScope::Region(r)) => pooled(&w, &Scope::Region(r), id),
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

/// Dates of a request: `from` and `to` required (YYYY-MM-DD), `as_of` defaults to `today`.
/// Every invalid field is reported.
pub fn parse_period(
    from: &str,
    to: &str,
    as_of: &str,
    today: Date,
) -> std::result::Result<KpiPeriod, liaison_domain::error::Invalid> {
    use liaison_domain::dataset::{DateOrder, parse_date};
    use liaison_domain::error::{FieldError, Invalid};
    let mut inv = Invalid::default();
    let req = |field: &str, s: &str, inv: &mut Invalid| match parse_date(field, s, DateOrder::Ymd) {
        Ok(Some(d)) => Some(d),
        Ok(None) => {
            inv.push(FieldError::new(field, s, "required"));
            None
        }
        Err(e) => {
            inv.push(e);
            None
        }
    };
    let f = req("from", from, &mut inv);
    let t = req("to", to, &mut inv);
    let a = if as_of.trim().is_empty() {
        Some(today)
    } else {
        req("as_of", as_of, &mut inv)
    };
    if let (Some(f), Some(t)) = (f, t)
        && t < f
    {
        inv.push(FieldError::new("to", to, "kpi_period_reversed"));
    }
    match (f, t, a) {
        (Some(from), Some(to), Some(as_of)) if inv.is_empty() => Ok(KpiPeriod { from, to, as_of }),
        _ => Err(inv),
    }
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
