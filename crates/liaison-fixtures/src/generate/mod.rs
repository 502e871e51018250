//! Deterministic synthetic registry data for demonstrations, load tests and checks of the KPIs:
//! FLSs across the six regions and episodes that pass every rule of the dataset
//! (docs/dataset.md). The same options give the same output, byte for byte, on every
//! platform: the pseudo-random numbers come from a small xoshiro256** generator in this module.
//!
//! Realism, roughly: the fracture-site mix of FLS registries, ages mostly 50–100 (mean about 75,
//! three quarters women), inpatient care for hip, femur and pelvis, log-normal delays, DXA for
//! about 60%, AOM recommended for about 70% of those assessed, follow-ups at about 16 and 52
//! weeks when they were due by `end`, deaths (more after a hip fracture), refractures and
//! incomplete records. Every FLS has its own performance, so the KPIs differ between FLSs.

use liaison_domain::dataset::EpisodeInput;
use std::collections::HashSet;
use time::{Date, Duration, Month};

mod data;
mod episode;
mod names;
mod performance;
mod rng;
#[cfg(test)]
mod tests;

use data::*;
use episode::*;
use names::*;
use performance::*;
use rng::*;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenOptions {
    pub seed: u64,
    /// Number of FLSs for [`generate_fls`].
    pub fls: usize,
    /// Number of episodes for [`generate_episodes`].
    pub episodes: usize,
    /// The last possible fracture date, and "today" for every other date: the caller passes today.
    pub end: Date,
    /// Span of fracture dates in years, ending at `end` (3 by default; 0 is read as 1).
    pub years: u32,
}

impl GenOptions {
    /// 20 FLSs, 10,000 episodes over 3 years up to `end`.
    pub fn new(seed: u64, end: Date) -> Self {
        GenOptions {
            seed,
            fls: 20,
            episodes: 10_000,
            end,
            years: 3,
        }
    }
}

/// A synthetic FLS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenFls {
    /// `GB-001`, `JP-002`, ...
    pub code: String,
    pub name: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub city: String,
    pub expected_non_spine_per_year: Option<i64>,
    pub expected_spine_per_year: Option<i64>,
}

/// `o.fls` FLSs; the first six are one per region, so every region has one when `o.fls >= 6`.
/// About 10% have no expected caseload; sizes vary about tenfold.
pub fn generate_fls(o: &GenOptions) -> Vec<GenFls> {
    let mut rng = Rng::new(o.seed ^ 0x464c_535f_6c69_7374);
    let mut per_country: Vec<u32> = vec![0; REGIONS.iter().map(|r| r.1.len()).sum()];
    let mut names = HashSet::new();
    let region_weights: Vec<f64> = REGIONS.iter().map(|r| r.0).collect();
    let mut out = Vec::with_capacity(o.fls);
    for n in 0..o.fls {
        let region = if n < REGIONS.len() {
            n
        } else {
            rng.weighted(&region_weights)
        };
        let countries = REGIONS[region].1;
        let weights: Vec<f64> = countries.iter().map(|c| c.weight).collect();
        let ci = rng.weighted(&weights);
        let c = &countries[ci];
        let idx = REGIONS[..region].iter().map(|r| r.1.len()).sum::<usize>() + ci;
        per_country[idx] += 1;
        let code = format!("{}-{:03}", c.code, per_country[idx]);
        let city = rng.pick(c.cities).to_string();
        let mut name = format!("{city} {} FLS", rng.pick(HOSPITAL_KINDS));
        let mut k = 2;
        while !names.insert(name.clone()) {
            name = format!("{city} {} FLS {k}", rng.pick(HOSPITAL_KINDS));
            k += 1;
        }
        let (non_spine, spine) = if rng.chance(0.10) {
            (None, None)
        } else {
            let ns = (rng.log_normal(350.0, 0.7).clamp(40.0, 5000.0) / 10.0).round() as i64 * 10;
            let sp = (ns as f64 * rng.uniform(0.08, 0.25)).round() as i64;
            (Some(ns), Some(sp.max(1)))
        };
        out.push(GenFls {
            code,
            name,
            country: c.code.to_string(),
            city,
            expected_non_spine_per_year: non_spine,
            expected_spine_per_year: spine,
        });
    }
    out
}

/// The number of episodes at which every FLS registers its own share (its capture rate) of
/// its caseload while it is active, so identification figures read like a real service's:
/// what the demo generates (`o.episodes` is not read).
pub fn realistic_episodes(o: &GenOptions, fls: &[GenFls]) -> usize {
    let years = f64::from(o.years.max(1));
    fls.iter()
        .map(|g| {
            let p = Perf::new(o.seed, &g.code);
            fls_size(g, &p) * p.capture * p.active * years
        })
        .sum::<f64>()
        .round() as usize
}

/// Episodes a year the FLS would see with every patient found: its expected caseload, or
/// its generated size when it has none.
fn fls_size(g: &GenFls, p: &Perf) -> f64 {
    match (g.expected_non_spine_per_year, g.expected_spine_per_year) {
        (None, None) => p.size,
        (a, b) => (a.unwrap_or(0) + b.unwrap_or(0)).max(1) as f64,
    }
}

/// Calls `f` for each of `o.episodes` episodes in turn (streaming: nothing is kept but a counter
/// per FLS). Every episode passes `dataset::parse` with `ParseOptions::new(o.end)`; the key
/// (`fls_code`, `patient_ref`, `fracture_date`) is unique. The first n episodes do not depend on
/// `o.episodes`. Nothing is generated when `fls` is empty or `o.end` is before 1990.
pub fn generate_episodes(o: &GenOptions, fls: &[GenFls], mut f: impl FnMut(EpisodeInput)) {
    let floor = Date::from_calendar_date(1990, Month::January, 1).expect("valid date");
    if fls.is_empty() || o.end < floor {
        return;
    }
    let span = (i64::from(o.years.max(1)) * 36525 / 100).max(1);
    let first = (o.end - Duration::days(span - 1)).max(floor);
    let span = (o.end - first).whole_days() + 1;
    let sites: Vec<f64> = SITES.iter().map(|s| s.1).collect();

    let ctx: Vec<FlsCtx> = fls
        .iter()
        .map(|g| {
            let p = Perf::new(o.seed, &g.code);
            let start = first + Duration::days(((1.0 - p.active) * span as f64) as i64);
            FlsCtx {
                weight: fls_size(g, &p) * p.capture * p.active,
                start,
                days: (o.end - start).whole_days() + 1,
                country: country(&g.country),
                perf: p,
            }
        })
        .collect();
    let mut cumulative = Vec::with_capacity(ctx.len());
    let mut total = 0.0;
    for c in &ctx {
        total += c.weight;
        cumulative.push(total);
    }
    let mut counters = vec![0u64; fls.len()];
    let mut rng = Rng::new(o.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x6570_6973_6f64_6573);
    for _ in 0..o.episodes {
        let x = rng.f64() * total;
        let fi = cumulative.partition_point(|&c| c <= x).min(ctx.len() - 1);
        counters[fi] += 1;
        let e = episode(&mut rng, &fls[fi], &ctx[fi], counters[fi], o.end, &sites);
        f(e);
    }
}
