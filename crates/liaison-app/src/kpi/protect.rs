//! Rule 7 applied: complementary suppression of aggregates across the rounding, for one
//! viewer over one world (docs/comparisons.md). The pure rule is
//! `liaison_domain::benchmark::Disclosure::disclose_tree`; this file builds its tree (world →
//! regions → countries → FLSs, each figure as this viewer may see it) once per count an
//! answer shows, and marks the aggregates' counts it turns into `<8`.

use super::*;
use liaison_domain::access::FlsSet;
use liaison_domain::benchmark::{Disclosed, Disclosure, Figure, ShownFigure, Sight};
use liaison_domain::kpi::KpiReport;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// Counts per KPI in a report's slot list: numerator, denominator, not yet due, excluded.
pub(super) const PER_KPI: usize = 4;

/// Every count of a report rule 7 protects, in a fixed order: per KPI numerator, denominator
/// (0 for kpi1/kpi2, whose denominators are expected caseloads, not patients), not yet due
/// and excluded (died); per completeness item expected and recorded; then episodes; then per
/// supporting measure (and refracture cell) numerator and denominator.
pub fn slots(r: &KpiReport) -> Vec<u64> {
    let mut out = Vec::with_capacity(
        r.kpis.len() * PER_KPI + r.completeness.len() * 2 + 1 + r.supporting.measures.len() * 2,
    );
    for k in &r.kpis {
        let den = if is_proportion(k.id) {
            k.denominator as u64
        } else {
            0
        };
        out.extend([k.numerator, den, k.not_yet_due, k.excluded_died]);
    }
    for c in &r.completeness {
        out.extend([c.expected, c.recorded]);
    }
    out.push(r.supporting.episodes);
    for m in &r.supporting.measures {
        out.extend([m.numerator, m.denominator]);
    }
    out
}

/// Which counts of each aggregate this viewer sees as `<8` (rules 6 and 7 together).
#[derive(Debug, Default)]
pub struct Protection {
    masks: HashMap<Scope, Vec<bool>>,
}

impl Protection {
    /// Nothing to protect for the operator, who sees exact figures, nor for a viewer who sees
    /// no aggregate. Kept with the world for each set of FLSs seen (at most 256 sets).
    pub fn of(w: &World, viewer: &Viewer) -> Arc<Protection> {
        if viewer.operator || !viewer.sees_aggregates() {
            return Arc::default();
        }
        let set = |s: &FlsSet| match s {
            FlsSet::All => None,
            FlsSet::Only(ids) => Some(ids.clone()),
        };
        let key = (set(&viewer.exact), set(&viewer.aggregates));
        if let Some(p) = w.protections.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return p;
        }
        let p = Arc::new(Protection::compute(w, viewer));
        if let Ok(mut m) = w.protections.lock() {
            if m.len() >= 256 {
                m.clear();
            }
            m.insert(key, p.clone());
        }
        p
    }

    /// Uncached; also for the public (`statistics.rs`), which `of` would protect nothing for.
    pub(super) fn compute(w: &World, viewer: &Viewer) -> Protection {
        let fls_slots = w.fls_slots.get_or_init(|| {
            w.fls
                .iter()
                .map(|f| (f.id, slots(&w.report(&w.counts_of(f.id)))))
                .collect()
        });
        let agg_slots = |s: &Scope| match w.aggregate_report(s) {
            Some(r) => slots(&r),
            None => slots(&w.report(&aggregate_counts(w, s).unwrap_or_default())),
        };
        Protection::compute_over(w, viewer, fls_slots, &agg_slots)
    }

    /// Rule 7 over the world's tree with the counts given: every FLS's slots and every
    /// aggregate's (the figures without breakdown, or one cell of a breakdown).
    pub(super) fn compute_over(
        w: &World,
        viewer: &Viewer,
        fls_slots: &HashMap<i64, Vec<u64>>,
        agg_slots: &dyn Fn(&Scope) -> Vec<u64>,
    ) -> Protection {
        let sight = |s: &Scope| {
            if release(w, s) == Release::Released {
                Sight::Disclosed
            } else {
                Sight::Unseen
            }
        };
        // The tree's shape: regions, their countries, their FLSs (ids).
        let mut shape: BTreeMap<&str, BTreeMap<&str, Vec<i64>>> = BTreeMap::new();
        for f in &w.fls {
            shape
                .entry(f.region.as_str())
                .or_default()
                .entry(f.country.as_str())
                .or_default()
                .push(f.id);
        }
        let world = agg_slots(&Scope::Global);
        let regions: Vec<(Scope, Vec<u64>)> = shape
            .keys()
            .map(|r| {
                let s = region_scope(r);
                let v = agg_slots(&s);
                (s, v)
            })
            .collect();
        let countries: Vec<Vec<(Scope, Vec<u64>)>> = shape
            .values()
            .map(|cs| {
                cs.keys()
                    .map(|c| {
                        let s = Scope::Country(c.to_string());
                        let v = agg_slots(&s);
                        (s, v)
                    })
                    .collect()
            })
            .collect();
        let leaf_sight = |id: i64| {
            if viewer.exact.contains(id) {
                Sight::Exact
            } else if viewer.aggregates.contains(id) {
                Sight::Disclosed
            } else {
                Sight::Unseen
            }
        };
        let d = Disclosure::default();
        let mut masks: HashMap<Scope, Vec<bool>> = HashMap::new();
        let mut mark = |s: &Scope, slot: usize, shown: &ShownFigure| {
            let m = masks
                .entry(s.clone())
                .or_insert_with(|| vec![false; world.len()]);
            m[slot] = shown.shown.is_some_and(Disclosed::is_suppressed);
        };
        for slot in 0..world.len() {
            let tree = Figure {
                count: world[slot],
                sight: sight(&Scope::Global),
                parts: shape
                    .values()
                    .enumerate()
                    .map(|(ri, cs)| Figure {
                        count: regions[ri].1[slot],
                        sight: sight(&regions[ri].0),
                        parts: cs
                            .values()
                            .enumerate()
                            .map(|(ci, ids)| Figure {
                                count: countries[ri][ci].1[slot],
                                sight: sight(&countries[ri][ci].0),
                                parts: ids
                                    .iter()
                                    .map(|id| {
                                        let n = fls_slots.get(id).map_or(0, |v| v[slot]);
                                        Figure::leaf(n, leaf_sight(*id))
                                    })
                                    .collect(),
                            })
                            .collect(),
                    })
                    .collect(),
            };
            let shown = d.disclose_tree(&tree);
            mark(&Scope::Global, slot, &shown);
            for (ri, r) in shown.parts.iter().enumerate() {
                mark(&regions[ri].0, slot, r);
                for (ci, c) in r.parts.iter().enumerate() {
                    mark(&countries[ri][ci].0, slot, c);
                }
            }
        }
        Protection { masks }
    }

    /// Apply to an aggregate's rows as rule 6 disclosed them: the counts rule 7 withholds
    /// become `<8`, with the value and band (or completeness flag) they would tell.
    pub fn apply(
        &self,
        scope: &Scope,
        rows: &mut [ShownKpi],
        items: &mut [ShownItem],
        episodes: &mut Disclosed,
        measures: &mut [ShownMeasure],
    ) {
        let Some(m) = self.masks.get(scope) else {
            return;
        };
        let less = Disclosed::Suppressed {
            below: Disclosure::default().min_count,
        };
        for (k, row) in rows.iter_mut().enumerate() {
            let at = |i: usize| m.get(k * PER_KPI + i).copied().unwrap_or(false);
            if at(0) {
                row.numerator = less;
            }
            if at(1) && matches!(row.denominator, ShownDen::Count(_)) {
                row.denominator = ShownDen::Count(less);
            }
            if at(2) {
                row.not_yet_due = less;
            }
            if at(3) {
                row.excluded_died = less;
            }
            let den_hidden = matches!(row.denominator, ShownDen::Count(c) if c.is_suppressed());
            if row.numerator.is_suppressed() || den_hidden {
                row.value = None;
                row.band = None;
            }
        }
        let base = rows.len() * PER_KPI;
        for (i, item) in items.iter_mut().enumerate() {
            let at = |j: usize| m.get(base + i * 2 + j).copied().unwrap_or(false);
            if at(0) {
                item.expected = less;
            }
            if at(1) {
                item.recorded = less;
            }
            if item.expected.is_suppressed() || item.recorded.is_suppressed() {
                item.value = None;
                item.flagged = None;
            }
        }
        let at_episodes = base + items.len() * 2;
        if m.get(at_episodes).copied().unwrap_or(false) {
            *episodes = less;
        }
        let base = at_episodes + 1;
        for (i, x) in measures.iter_mut().enumerate() {
            let at = |j: usize| m.get(base + i * 2 + j).copied().unwrap_or(false);
            if at(0) {
                x.numerator = less;
            }
            if at(1) {
                x.denominator = less;
            }
            if x.withheld() {
                x.value = None;
            }
        }
    }

    /// Which slots of an aggregate's counts this viewer sees as `<8` (none when the scope
    /// was not protected: the operator, or a scope not in the tree).
    pub fn mask(&self, scope: &Scope) -> Option<&[bool]> {
        self.masks.get(scope).map(Vec::as_slice)
    }

    /// Is this KPI's value of the aggregate withheld (numerator or denominator `<8`)?
    pub fn withholds(&self, scope: &Scope, id: liaison_domain::kpi::KpiId) -> bool {
        self.masks.get(scope).is_some_and(|m| {
            let at = |i: usize| m.get(id.index() * PER_KPI + i).copied().unwrap_or(false);
            at(0) || at(1)
        })
    }
}

/// An aggregate as a viewer sees it from outside: rule 6, then rule 7 against what they can
/// see. One function for the scope pages and the annual report, so both show the same
/// figures.
#[derive(Debug, Clone)]
pub struct Protected {
    pub rows: Vec<ShownKpi>,
    pub items: Vec<ShownItem>,
    pub measures: Vec<ShownMeasure>,
    /// The completeness pass, counting the FLSs whose pass is shown from outside.
    pub pass: ShownPass,
    pub episodes: Disclosed,
}

pub fn protected(w: &World, viewer: &Viewer, scope: &Scope) -> Protected {
    let c = aggregate_counts(w, scope).unwrap_or_default();
    let r = w.report(&c);
    let mut rows = fls_rows(&r, false);
    let mut items = item_rows(&r, false);
    let mut measures = measure_rows(&r, false);
    let mut episodes = Disclosure::default().disclose_count(r.supporting.episodes);
    Protection::of(w, viewer).apply(scope, &mut rows, &mut items, &mut episodes, &mut measures);
    let pass = aggregate_pass(w, scope, &r, false);
    Protected {
        rows,
        items,
        measures,
        pass,
        episodes,
    }
}
