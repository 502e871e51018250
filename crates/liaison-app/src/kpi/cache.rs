//! The cache of the world's counts, kept fresh by change stamps.

use super::*;
use crate::Result;
use crate::app::App;
use liaison_domain::access::FlsSet;
use liaison_domain::kpi::{KpiCounts, KpiDefinitions, KpiEpisode};
use liaison_store::kpi as store;
use liaison_store::kpi::KpiFls;
use std::collections::{BTreeSet, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex};
use time::Date;

pub(super) type Key = (String, Date, Date, Date);

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
    pub(super) parsed: Mutex<HashMap<i64, KpiDefinitions>>,
    rows: Mutex<HashMap<i64, FlsRows>>,
    slots: Mutex<HashMap<Key, Slot>>,
    /// One computation at a time: 32 clients on a cold cache wait for one pass, not 32.
    pub(super) compute: tokio::sync::Mutex<()>,
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

pub(super) fn signature(fls: &[KpiFls]) -> u64 {
    let mut h = DefaultHasher::new();
    fls.hash(&mut h);
    h.finish()
}

impl KpiCache {
    /// The world of `key` if the FLS table's stamp has not moved since it was built.
    pub(super) fn current(&self, key: &Key, stamp: (i64, i64, i64)) -> Option<Arc<World>> {
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
    pub(super) fn restamp(&self, key: &Key, stamp: (i64, i64, i64)) {
        let mut slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(Slot {
            world: Some(((_, s), _)),
            ..
        }) = slots.get_mut(key)
        {
            *s = stamp;
        }
    }

    pub(super) fn lookup(
        &self,
        key: &Key,
        fls: &[KpiFls],
        sig: u64,
    ) -> (Option<Arc<World>>, Vec<i64>) {
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

    pub(super) fn store(
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
    pub(super) async fn rows_of(
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
