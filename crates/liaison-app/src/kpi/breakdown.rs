//! Breakdowns (dataset version 2): a scope's KPIs per age band, sex, residence, fracture site,
//! setting, country or FLS, as one viewer may see them (docs/comparisons.md "Breakdowns").
//!
//! By country and by FLS the cells are the world's own counts. By a characteristic of the
//! patient they are counted on the first request per world and dimension, in one pass over
//! the rows already in memory, and kept with the world: the world is built as before, so a
//! page without a breakdown costs what it did (docs/decisions.md).
//!
//! Disclosure, for each count of each cell: exact inside the viewer's own FLS; elsewhere
//! rule 7 over the cell's own tree of countries and FLSs (a cell of a country minus the same
//! cell of its FLSs must not pin one), then `Disclosure::disclose_breakdown` against the
//! figure without breakdown as the viewer sees it (rule 2, the second withheld cell).

use super::*;
use crate::app::App;
use crate::{ErrorCode, Result, ServiceError};
use liaison_domain::benchmark::{Cell, Disclosed, Disclosure, Figure, Sight};
use liaison_domain::error::{FieldError, Invalid};
use liaison_domain::kpi::{
    Dimension, FlsExpected, KpiCounts, KpiEpisode, KpiReport, count_cells, has_proportion_in_cell,
};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

/// The code of the cell that holds, together, the FLSs (by FLS) or countries (by country) a
/// viewer may not see named.
pub const OTHER_CELL: &str = "other";

/// One cell of a breakdown as one viewer sees it: the shape of a scope's disclosed answer.
#[derive(Debug, Clone, Serialize)]
pub struct BreakdownCell {
    /// An age band (`50-59`), a dataset code (`F`, `care_home`, `hip`, `inpatient`), a
    /// country or FLS code, or [`OTHER_CELL`].
    pub cell: String,
    pub kpis: Vec<ShownKpi>,
    pub completeness: Vec<ShownItem>,
    pub episodes: Disclosed,
    /// Dataset version 2's supporting measures of the cell, disclosed as its other counts.
    pub measures: Vec<ShownMeasure>,
}

/// A scope's figures broken down by one dimension.
#[derive(Debug, Clone, Serialize)]
pub struct Breakdown {
    pub by: Dimension,
    /// `exact` (the viewer's own FLS, or the operator) or `disclosed`.
    pub disclosure: &'static str,
    pub cells: Vec<BreakdownCell>,
}

/// Each cell of one patient dimension, counted for every FLS of a world.
#[derive(Debug, Default)]
pub struct CellCounts {
    /// Per cell: every FLS's counts as rule 7 reads them (`protect::slots`).
    fls_slots: Vec<HashMap<i64, Vec<u64>>>,
    /// Per country, region and the world: each cell's counts.
    aggregates: HashMap<Scope, Vec<KpiCounts>>,
    /// Rule 7 per cell, per set of FLSs seen (as `World::protections`).
    protections: Mutex<HashMap<SeenKey, Arc<Vec<Protection>>>>,
}

fn expected_of(f: &KpiFls) -> FlsExpected {
    FlsExpected {
        fls_id: f.id,
        expected_non_spine_per_year: f.expected_non_spine_per_year,
        expected_spine_per_year: f.expected_spine_per_year,
    }
}

fn in_scope(scope: &Scope, f: &KpiFls) -> bool {
    match scope {
        Scope::Fls(code) => &f.code == code,
        Scope::Country(c) => &f.country == c,
        Scope::Region(r) => f.region == r.code(),
        Scope::Global => true,
    }
}

/// The cells of `by` for every FLS of the world, from the rows in memory, once per world.
async fn cell_counts(app: &App, w: &Arc<World>, by: Dimension) -> Result<Arc<CellCounts>> {
    let cached = |w: &World| w.cells.lock().ok().and_then(|m| m.get(&by).cloned());
    if let Some(c) = cached(w) {
        return Ok(c);
    }
    let cache = &app.config.kpi_cache;
    let _one = cache.compute.lock().await;
    if let Some(c) = cached(w) {
        return Ok(c);
    }
    let all: BTreeSet<i64> = w.fls.iter().map(|f| f.id).collect();
    let rows = cache.rows_of(app, &w.fls, &all).await?;
    let w2 = w.clone();
    let c = tokio::task::spawn_blocking(move || count_world(&w2, &rows, by))
        .await
        .map_err(|e| ServiceError::Conflict(ErrorCode::KpiFailed, e.to_string()))?;
    let c = Arc::new(c);
    if let Ok(mut m) = w.cells.lock() {
        m.insert(by, c.clone());
    }
    Ok(c)
}

/// One share of the FLSs per core; each FLS's cells become its slots and are added to its
/// country's, so no FLS's full counts are kept.
fn count_world(w: &World, rows: &HashMap<i64, Arc<Vec<KpiEpisode>>>, by: Dimension) -> CellCounts {
    let n = by.cells().len();
    let parts = std::thread::available_parallelism()
        .map(|p| p.get())
        .unwrap_or(1)
        .clamp(1, 8)
        .min(w.fls.len().max(1));
    type Part = (
        Vec<HashMap<i64, Vec<u64>>>,
        BTreeMap<String, Vec<KpiCounts>>,
    );
    let results: Vec<Part> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..parts)
            .map(|k| {
                s.spawn(move || {
                    let mut slots_by_cell = vec![HashMap::new(); n];
                    let mut countries: BTreeMap<String, Vec<KpiCounts>> = BTreeMap::new();
                    for f in w.fls.iter().skip(k).step_by(parts) {
                        let eps = rows.get(&f.id).map(|r| r.as_slice()).unwrap_or(&[]);
                        let cells = count_cells(&w.defs, eps, &[expected_of(f)], &w.period, by);
                        let acc = countries
                            .entry(f.country.clone())
                            .or_insert_with(|| vec![KpiCounts::default(); n]);
                        for (c, counts) in cells.iter().enumerate() {
                            slots_by_cell[c].insert(f.id, slots(&w.report(counts)));
                            acc[c] += counts;
                        }
                    }
                    (slots_by_cell, countries)
                })
            })
            .collect();
        handles.into_iter().filter_map(|h| h.join().ok()).collect()
    });
    let mut out = CellCounts {
        fls_slots: vec![HashMap::new(); n],
        ..Default::default()
    };
    let region_of: HashMap<&str, &str> = w
        .fls
        .iter()
        .map(|f| (f.country.as_str(), f.region.as_str()))
        .collect();
    let mut add = |scope: Scope, cells: &[KpiCounts]| {
        let acc = out
            .aggregates
            .entry(scope)
            .or_insert_with(|| vec![KpiCounts::default(); n]);
        for (a, c) in acc.iter_mut().zip(cells) {
            *a += c;
        }
    };
    let mut fls_slots = vec![HashMap::new(); n];
    for (slots_by_cell, countries) in results {
        for (all, part) in fls_slots.iter_mut().zip(slots_by_cell) {
            all.extend(part);
        }
        for (country, cells) in countries {
            let region = region_of.get(country.as_str()).copied().unwrap_or("");
            add(region_scope(region), &cells);
            add(Scope::Global, &cells);
            add(Scope::Country(country), &cells);
        }
    }
    out.fls_slots = fls_slots;
    out
}

impl CellCounts {
    /// Rule 7 over each cell's tree for this viewer, kept per set of FLSs seen.
    fn protections(&self, w: &World, viewer: &Viewer) -> Arc<Vec<Protection>> {
        let set = |s: &liaison_domain::access::FlsSet| match s {
            liaison_domain::access::FlsSet::All => None,
            liaison_domain::access::FlsSet::Only(ids) => Some(ids.clone()),
        };
        let key = (set(&viewer.exact), set(&viewer.aggregates));
        if let Some(p) = self
            .protections
            .lock()
            .ok()
            .and_then(|m| m.get(&key).cloned())
        {
            return p;
        }
        let p: Arc<Vec<Protection>> = Arc::new(
            self.fls_slots
                .iter()
                .enumerate()
                .map(|(c, fls_slots)| {
                    let agg = |s: &Scope| {
                        let counts = self
                            .aggregates
                            .get(s)
                            .and_then(|v| v.get(c))
                            .cloned()
                            .unwrap_or_default();
                        slots(&w.report(&counts))
                    };
                    Protection::compute_over(w, viewer, fls_slots, &agg)
                })
                .collect(),
        );
        if let Ok(mut m) = self.protections.lock() {
            if m.len() >= 64 {
                m.clear();
            }
            m.insert(key, p.clone());
        }
        p
    }
}

/// The figure without breakdown as the viewer sees it: its report, and what they are shown
/// of each of its counts (in `protect::slots` order). `None` when they may not see it.
fn seen_total(
    w: &World,
    scope: &Scope,
    viewer: &Viewer,
) -> Option<(KpiReport, Vec<Option<Disclosed>>, bool)> {
    let (exact, counts) = match scope {
        Scope::Fls(code) => {
            let f = w.fls_by_code(code)?;
            if !viewer.aggregates.contains(f.id) {
                return None;
            }
            (viewer.exact.contains(f.id), (*w.counts_of(f.id)).clone())
        }
        _ => {
            if !viewer.operator
                && (!viewer.sees_aggregates() || release(w, scope) != Release::Released)
            {
                return None;
            }
            (viewer.operator, aggregate_counts(w, scope)?)
        }
    };
    let report = w.report(&counts);
    let mut rows = fls_rows(&report, exact);
    let mut items = item_rows(&report, exact);
    let mut episodes = if exact {
        Disclosed::Exact(report.supporting.episodes)
    } else {
        Disclosure::default().disclose_count(report.supporting.episodes)
    };
    // Set 2's measures are not shown per cell yet, but they are counts of `slots` like the
    // others: disclosed here too so what is shown lines up with `slots` count for count.
    let mut measures = measure_rows(&report, exact);
    if !exact && !matches!(scope, Scope::Fls(_)) {
        Protection::of(w, viewer).apply(scope, &mut rows, &mut items, &mut episodes, &mut measures);
    }
    let shown = shown_slots(&rows, &items, episodes, &measures);
    Some((report, shown, exact))
}

/// What a viewer is shown of each count of `protect::slots`, in its order.
fn shown_slots(
    rows: &[ShownKpi],
    items: &[ShownItem],
    episodes: Disclosed,
    measures: &[ShownMeasure],
) -> Vec<Option<Disclosed>> {
    let mut out =
        Vec::with_capacity(rows.len() * PER_KPI + items.len() * 2 + 1 + measures.len() * 2);
    for k in rows {
        let den = match k.denominator {
            ShownDen::Count(d) => d,
            // kpi1/kpi2: an expected caseload, slot 0 (not a count of patients).
            _ => Disclosed::Exact(0),
        };
        out.extend([k.numerator, den, k.not_yet_due, k.excluded_died].map(Some));
    }
    for i in items {
        out.extend([Some(i.expected), Some(i.recorded)]);
    }
    out.push(Some(episodes));
    for m in measures {
        out.extend([Some(m.numerator), Some(m.denominator)]);
    }
    out
}

/// One cell before disclosure: its code, counts, how the viewer sees it, and which of its
/// counts rule 7 over its own tree already withholds.
struct Candidate {
    cell: String,
    counts: KpiCounts,
    sight: Sight,
    withheld: Option<Vec<bool>>,
}

/// The refusal of a breakdown the scope does not allow (by country or FLS of one FLS).
pub(super) fn not_allowed(by: Dimension) -> ServiceError {
    let e = Dimension::read(by.code(), true)
        .err()
        .unwrap_or_else(|| FieldError::new("by", by.code(), "one_of"));
    ServiceError::Invalid(Invalid(vec![e]))
}

/// `scope`'s figures broken down by `by`, as `viewer` may see them; `None` when they may not
/// see the scope's figures (not theirs, or an aggregate not released). By country and by FLS
/// only above one FLS.
pub async fn breakdown(
    app: &App,
    w: &Arc<World>,
    scope: &Scope,
    viewer: &Viewer,
    by: Dimension,
) -> Result<Option<Breakdown>> {
    if matches!(scope, Scope::Fls(_)) && !by.is_patient() {
        return Err(not_allowed(by));
    }
    let Some((report, total_shown, exact)) = seen_total(w, scope, viewer) else {
        return Ok(None);
    };
    let cells = match (scope, by) {
        (Scope::Fls(code), _) => {
            let Some(f) = w.fls_by_code(code) else {
                return Ok(None);
            };
            let rows = app
                .config
                .kpi_cache
                .rows_of(app, &w.fls, &BTreeSet::from([f.id]))
                .await?;
            let eps = rows.get(&f.id).map(|r| r.as_slice()).unwrap_or(&[]);
            let counts = count_cells(&w.defs, eps, &[expected_of(f)], &w.period, by);
            by.cells()
                .into_iter()
                .zip(counts)
                .map(|(cell, counts)| Candidate {
                    cell: cell.to_string(),
                    counts,
                    sight: if exact {
                        Sight::Exact
                    } else {
                        Sight::Disclosed
                    },
                    withheld: None,
                })
                .collect()
        }
        (_, Dimension::Fls) => by_fls(w, scope, viewer),
        (_, Dimension::Country) => by_country(w, scope, viewer),
        _ => {
            let cc = cell_counts(app, w, by).await?;
            let prot = (!exact).then(|| cc.protections(w, viewer));
            let counts = cc.aggregates.get(scope).cloned().unwrap_or_default();
            by.cells()
                .into_iter()
                .enumerate()
                .map(|(c, cell)| Candidate {
                    cell: cell.to_string(),
                    counts: counts.get(c).cloned().unwrap_or_default(),
                    sight: if exact {
                        Sight::Exact
                    } else {
                        Sight::Disclosed
                    },
                    withheld: prot
                        .as_ref()
                        .and_then(|p| p.get(c))
                        .and_then(|p| p.mask(scope))
                        .map(<[bool]>::to_vec),
                })
                .collect()
        }
    };
    let cells: Vec<Candidate> = cells
        .into_iter()
        .enumerate()
        .filter(|(i, _)| !by.is_patient() || by.shows_cell(*i, &w.defs))
        .map(|(_, c)| c)
        .collect();
    Ok(Some(disclose(w, &report, &total_shown, cells, by, exact)))
}

/// By FLS: every FLS of the scope the viewer may see, named (exact if it is their own), and
/// the others together in one cell, so a viewer of one FLS sees only theirs named.
fn by_fls(w: &World, scope: &Scope, viewer: &Viewer) -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut others = KpiCounts::default();
    let mut any_other = false;
    for f in w.fls.iter().filter(|f| in_scope(scope, f)) {
        if viewer.operator || viewer.aggregates.contains(f.id) {
            out.push(Candidate {
                cell: f.code.clone(),
                counts: (*w.counts_of(f.id)).clone(),
                sight: if viewer.exact.contains(f.id) {
                    Sight::Exact
                } else {
                    Sight::Disclosed
                },
                withheld: None,
            });
        } else {
            others += &*w.counts_of(f.id);
            any_other = true;
        }
    }
    if any_other {
        out.push(Candidate {
            cell: OTHER_CELL.into(),
            counts: others,
            sight: Sight::Disclosed,
            withheld: None,
        });
    }
    out
}

/// By country: every country of the scope released on its own, named, its counts as its own
/// page shows them (rules 6 and 7); the countries folded into their region or withheld
/// (rule 3) together in one cell, checked by rule 7 against the FLSs under it.
fn by_country(w: &World, scope: &Scope, viewer: &Viewer) -> Vec<Candidate> {
    let countries: BTreeSet<&str> = w
        .fls
        .iter()
        .filter(|f| in_scope(scope, f))
        .map(|f| f.country.as_str())
        .collect();
    let prot = Protection::of(w, viewer);
    let mut out = Vec::new();
    let mut others = KpiCounts::default();
    let mut other_fls = Vec::new();
    for c in countries {
        let s = Scope::Country(c.to_string());
        let counts = w.countries.get(c).cloned().unwrap_or_default();
        if viewer.operator || release(w, &s) == Release::Released {
            out.push(Candidate {
                cell: c.to_string(),
                counts,
                sight: if viewer.operator {
                    Sight::Exact
                } else {
                    Sight::Disclosed
                },
                withheld: prot.mask(&s).map(<[bool]>::to_vec),
            });
        } else {
            others += &counts;
            other_fls.extend(w.fls.iter().filter(|f| f.country == c).map(|f| f.id));
        }
    }
    if !other_fls.is_empty() {
        let total = slots(&w.report(&others));
        let leaves: Vec<Vec<u64>> = other_fls
            .iter()
            .map(|id| slots(&w.report(&w.counts_of(*id))))
            .collect();
        let sight = |id: i64| {
            if viewer.exact.contains(id) {
                Sight::Exact
            } else if viewer.aggregates.contains(id) {
                Sight::Disclosed
            } else {
                Sight::Unseen
            }
        };
        let d = Disclosure::default();
        let withheld = (0..total.len())
            .map(|s| {
                let tree = Figure {
                    count: total[s],
                    sight: Sight::Disclosed,
                    parts: other_fls
                        .iter()
                        .zip(&leaves)
                        .map(|(id, l)| Figure::leaf(l[s], sight(*id)))
                        .collect(),
                };
                d.disclose_tree(&tree)
                    .shown
                    .is_some_and(Disclosed::is_suppressed)
            })
            .collect();
        out.push(Candidate {
            cell: OTHER_CELL.into(),
            counts: others,
            sight: Sight::Disclosed,
            withheld: Some(withheld),
        });
    }
    out
}

/// Each count of each cell through `Disclosure::disclose_breakdown`, then back into rows.
fn disclose(
    w: &World,
    total: &KpiReport,
    total_shown: &[Option<Disclosed>],
    cells: Vec<Candidate>,
    by: Dimension,
    exact: bool,
) -> Breakdown {
    let d = Disclosure::default();
    let total_slots = slots(total);
    let reports: Vec<KpiReport> = cells.iter().map(|c| w.report(&c.counts)).collect();
    let cell_slots: Vec<Vec<u64>> = reports.iter().map(slots).collect();
    let mut shown: Vec<Vec<Option<Disclosed>>> =
        vec![Vec::with_capacity(total_slots.len()); cells.len()];
    for s in 0..total_slots.len() {
        let row: Vec<Cell> = cells
            .iter()
            .zip(&cell_slots)
            .map(|(c, v)| Cell {
                count: v[s],
                sight: c.sight,
                withheld: c
                    .withheld
                    .as_ref()
                    .is_some_and(|m| m.get(s).copied().unwrap_or(false)),
            })
            .collect();
        let out = d.disclose_breakdown(total_slots[s], total_shown[s], &row);
        for (i, x) in out.into_iter().enumerate() {
            shown[i].push(x);
        }
    }
    Breakdown {
        by,
        disclosure: if exact { "exact" } else { "disclosed" },
        cells: cells
            .into_iter()
            .zip(&reports)
            .zip(&shown)
            .map(|((c, r), s)| cell_rows(c.cell, r, s, by))
            .collect(),
    }
}

/// A cell's rows from what is shown of its counts: a value only when neither of its counts is
/// withheld; kpi1/kpi2 by a characteristic of the patient without a denominator.
fn cell_rows(
    cell: String,
    r: &KpiReport,
    shown: &[Option<Disclosed>],
    by: Dimension,
) -> BreakdownCell {
    let less = Disclosed::Suppressed {
        below: Disclosure::default().min_count,
    };
    let at = |i: usize| shown.get(i).copied().flatten().unwrap_or(less);
    let kpis = r
        .kpis
        .iter()
        .enumerate()
        .map(|(k, x)| {
            let numerator = at(k * PER_KPI);
            let denominator = if is_proportion(x.id) {
                ShownDen::Count(at(k * PER_KPI + 1))
            } else if has_proportion_in_cell(x.id, by) {
                ShownDen::Expected(x.denominator)
            } else {
                ShownDen::NotApplicable
            };
            let hidden = numerator.is_suppressed()
                || matches!(denominator, ShownDen::Count(c) if c.is_suppressed())
                || denominator == ShownDen::NotApplicable;
            ShownKpi {
                id: x.id,
                name: x.name,
                numerator,
                denominator,
                value: if hidden { None } else { x.value },
                band: if hidden { None } else { x.band },
                not_yet_due: at(k * PER_KPI + 2),
                excluded_died: at(k * PER_KPI + 3),
            }
        })
        .collect();
    let base = r.kpis.len() * PER_KPI;
    let completeness = r
        .completeness
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let (e, rec) = (at(base + 2 * i), at(base + 2 * i + 1));
            let hidden = e.is_suppressed() || rec.is_suppressed();
            ShownItem {
                item: c.item.code(),
                expected: e,
                recorded: rec,
                value: if hidden { None } else { c.value },
                flagged: if hidden { None } else { Some(c.flagged) },
            }
        })
        .collect();
    let base = base + 2 * r.completeness.len();
    let episodes = at(base);
    // The measures follow the episodes in `slots`, numerator and denominator each.
    let measures = measure_rows(r, false)
        .into_iter()
        .enumerate()
        .map(|(i, mut m)| {
            m.numerator = at(base + 1 + 2 * i);
            m.denominator = at(base + 2 + 2 * i);
            if m.withheld() {
                m.value = None;
            }
            m
        })
        .collect();
    BreakdownCell {
        cell,
        kpis,
        completeness,
        episodes,
        measures,
    }
}
