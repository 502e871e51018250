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

use liaison_domain::dataset::{EpisodeInput, FractureSite};
use std::collections::HashSet;
use time::{Date, Duration, Month};

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

// ---------------------------------------------------------------------------------------------
// The pseudo-random number generator: xoshiro256** seeded through SplitMix64.

struct Rng {
    s: [u64; 4],
}

fn splitmix64(x: &mut u64) -> u64 {
    *x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *x;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    fn new(seed: u64) -> Self {
        let mut x = seed;
        let s = [
            splitmix64(&mut x),
            splitmix64(&mut x),
            splitmix64(&mut x),
            splitmix64(&mut x),
        ];
        Rng { s }
    }

    fn next_u64(&mut self) -> u64 {
        let r = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        r
    }

    /// Uniform in [0, 1).
    fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.f64()
    }

    /// Uniform in 0..n (n > 0).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in lo..=hi.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.f64() < p
    }

    /// Standard normal (Box–Muller).
    fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.f64();
        let u2 = self.f64();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    fn log_normal(&mut self, median: f64, sigma: f64) -> f64 {
        median * (sigma * self.normal()).exp()
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }

    /// An index with probability proportional to its weight.
    fn weighted(&mut self, w: &[f64]) -> usize {
        self.weighted_by(w, |&x| x)
    }

    /// An index of `xs` with probability proportional to `w(x)`.
    fn weighted_by<T>(&mut self, xs: &[T], w: impl Fn(&T) -> f64) -> usize {
        let total: f64 = xs.iter().map(&w).sum();
        let mut x = self.f64() * total;
        for (i, v) in xs.iter().enumerate() {
            let wi = w(v);
            if x < wi {
                return i;
            }
            x -= wi;
        }
        xs.len() - 1
    }
}

/// FNV-1a, to give each FLS its own stream whatever order the FLSs come in.
fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

// ---------------------------------------------------------------------------------------------
// Per-FLS performance: systematic differences between FLSs.

struct Perf {
    /// Share of the expected caseload the FLS actually registers.
    capture: f64,
    /// Share of its span the FLS has been running (joined later when < 1).
    active: f64,
    /// Size when no expected caseload is given.
    size: f64,
    assess: f64,
    delay: f64,
    dxa: f64,
    falls: f64,
    aom: f64,
    start: f64,
    followup: f64,
    complete: f64,
    icd: f64,
    contacts: f64,
}

impl Perf {
    fn new(seed: u64, code: &str) -> Self {
        let mut r = Rng::new(seed ^ fnv1a(code).rotate_left(17));
        Perf {
            capture: r.uniform(0.3, 1.0),
            active: if r.chance(0.25) {
                r.uniform(0.2, 0.8)
            } else {
                1.0
            },
            size: r.log_normal(400.0, 0.7).clamp(50.0, 5000.0),
            assess: r.uniform(0.6, 0.97),
            delay: r.log_normal(1.0, 0.45),
            dxa: r.uniform(0.45, 0.92),
            falls: r.uniform(0.3, 0.95),
            aom: r.uniform(0.5, 0.82),
            start: r.uniform(0.55, 0.95),
            followup: r.uniform(0.4, 0.95),
            complete: r.uniform(0.8, 1.0),
            icd: if r.chance(0.3) {
                0.0
            } else {
                r.uniform(0.4, 0.95)
            },
            contacts: r.uniform(0.0, 1.0),
        }
    }
}

struct FlsCtx {
    weight: f64,
    start: Date,
    days: i64,
    country: &'static Country,
    perf: Perf,
}

// ---------------------------------------------------------------------------------------------
// One episode.

/// `YYYY-MM-DD` without the formatting machinery (years 1000–9999; the hot path).
fn iso(d: Date) -> String {
    let (y, m, day) = (d.year(), d.month() as u8, d.day());
    if !(1000..=9999).contains(&y) {
        return format!("{y:04}-{m:02}-{day:02}");
    }
    let y = y as u32;
    let digit = |n: u32| char::from(b'0' + (n % 10) as u8);
    let mut s = String::with_capacity(10);
    s.extend([digit(y / 1000), digit(y / 100), digit(y / 10), digit(y)]);
    s.extend(['-', digit(u32::from(m) / 10), digit(u32::from(m))]);
    s.extend(['-', digit(u32::from(day) / 10), digit(u32::from(day))]);
    s
}

fn days(d: Date, n: i64) -> Date {
    d + Duration::days(n)
}

/// One decimal, never "-0.0".
fn dec1(x: f64) -> String {
    let s = format!("{x:.1}");
    if s == "-0.0" { "0.0".into() } else { s }
}

fn episode(
    rng: &mut Rng,
    g: &GenFls,
    c: &FlsCtx,
    n: u64,
    end: Date,
    sites: &[f64],
) -> EpisodeInput {
    use FractureSite::*;
    let p = &c.perf;
    let mut e = EpisodeInput {
        fls_code: g.code.clone(),
        patient_ref: format!("P{n:06}"),
        ..Default::default()
    };
    let fd = days(c.start, rng.below(c.days as u64) as i64);
    e.fracture_date = iso(fd);
    let site = SITES[rng.weighted(sites)].0;
    e.fracture_site = site.code().into();
    if site == Spine {
        e.spine_detection = if rng.chance(0.6) {
            "clinical"
        } else {
            "radiological"
        }
        .into();
    }

    // Patient.
    let (mean_age, sd_age, p_female) = match site {
        Hip => (83.5, 7.5, 0.72),
        Spine => (77.5, 9.0, 0.78),
        Wrist => (70.0, 10.0, 0.85),
        Humerus => (76.5, 9.0, 0.80),
        Pelvis => (82.5, 8.0, 0.78),
        FemurOther => (80.5, 9.0, 0.75),
        Ankle => (68.0, 10.0, 0.70),
        TibiaFibula => (72.0, 11.0, 0.68),
        Rib => (74.0, 10.0, 0.60),
        Clavicle => (72.0, 11.0, 0.62),
        Other => (74.0, 11.0, 0.70),
    };
    let u = rng.f64();
    let female = u < p_female;
    e.sex = if female {
        "F"
    } else if u < 0.99 {
        "M"
    } else if u < 0.993 {
        "X"
    } else {
        "U"
    }
    .into();
    let age_years: i64 = if rng.chance(0.02) {
        (25.0 + 24.0 * rng.f64().sqrt()) as i64
    } else {
        let mut a = 0.0;
        for _ in 0..8 {
            a = mean_age + sd_age * rng.normal();
            if (50.0..104.0).contains(&a) {
                break;
            }
        }
        a.clamp(50.0, 103.0) as i64
    };
    let birth = days(fd, -(age_years * 36524 / 100 + rng.below(365) as i64));
    e.birth_date = iso(birth);

    // Death, censored at `end`; everything else happens by `limit`.
    let mut p_death = match site {
        Hip => 0.18,
        Pelvis | FemurOther => 0.10,
        Spine => 0.07,
        _ => 0.03,
    };
    if age_years >= 90 {
        p_death *= 1.8;
    } else if age_years >= 80 {
        p_death *= 1.2;
    } else if age_years < 65 {
        p_death *= 0.4;
    }
    if !female {
        p_death *= 1.4;
    }
    let death_after = if rng.chance(p_death) {
        (365.0 * rng.f64().powf(1.6)) as i64
    } else {
        365 + (-(1.0 - rng.f64()).ln() * 365.0 / 0.05) as i64
    };
    let death = Some(days(fd, death_after)).filter(|&d| d <= end);
    if let Some(d) = death {
        e.death_date = iso(d);
    }
    let limit = death.map_or(end, |d| d.min(end));
    let by = |d: Date| (d <= limit).then_some(d);

    // Contact.
    let pool = c.country.names;
    if rng.chance(p.contacts) {
        e.family_name = rng.pick(pool.family).to_string();
        let given = match (female, e.sex.as_str()) {
            (true, _) => pool.female,
            (false, "M") => pool.male,
            _ => {
                if rng.chance(0.5) {
                    pool.female
                } else {
                    pool.male
                }
            }
        };
        e.given_names = rng.pick(given).to_string();
        if rng.chance(0.7) {
            e.phone = format!(
                "{} {} {} {:04}",
                c.country.phone,
                rng.range(10, 999),
                rng.range(100, 999),
                rng.below(10_000)
            );
        }
        if rng.chance(0.5) {
            e.primary_care_contact =
                format!("Dr {}, {} Medical Practice", rng.pick(pool.family), g.city);
        }
    }
    if rng.chance(0.04) {
        e.notes = rng.pick(NOTES).to_string();
    }

    // Fracture and identification.
    let p_inpatient = match site {
        Hip => 0.97,
        FemurOther => 0.9,
        Pelvis => 0.75,
        TibiaFibula => 0.45,
        Spine => 0.35,
        Ankle => 0.3,
        Humerus => 0.25,
        Rib | Other => 0.2,
        Clavicle => 0.08,
        Wrist => 0.07,
    };
    let inpatient = rng.chance(p_inpatient);
    e.setting = if inpatient { "inpatient" } else { "outpatient" }.into();
    if rng.chance(p.icd) {
        e.fracture_icd10 = rng.pick(icd10_codes(site)).to_string();
    }
    let identified_delay = if rng.chance(0.015) {
        -rng.range(1, 7)
    } else if inpatient {
        rng.range(0, 2)
    } else {
        rng.log_normal(4.0, 1.0).min(120.0) as i64
    };
    let identified = by(days(fd, identified_delay));
    if let Some(d) = identified.filter(|_| rng.chance(0.92)) {
        e.identified_date = iso(d);
    }
    if rng.chance(0.85) {
        e.identification_route = if site == Spine {
            pick_weighted(
                rng,
                &[
                    ("radiology", 45.0),
                    ("primary_care", 25.0),
                    ("fracture_clinic", 15.0),
                    ("ed", 10.0),
                    ("self_referral", 5.0),
                ],
            )
        } else if inpatient {
            pick_weighted(rng, &[("ward", 70.0), ("ed", 25.0), ("other", 5.0)])
        } else {
            pick_weighted(
                rng,
                &[
                    ("fracture_clinic", 60.0),
                    ("ed", 25.0),
                    ("primary_care", 8.0),
                    ("radiology", 4.0),
                    ("self_referral", 3.0),
                ],
            )
        }
        .into();
    }

    // Assessment.
    let p_assess = p.assess
        * if site == Hip {
            1.0
        } else if site == Spine {
            0.9
        } else {
            0.95
        };
    let base = identified.map_or(fd, |d| d.max(fd));
    let median_delay = if inpatient { 4.0 } else { 17.0 } * p.delay;
    let assessed = if rng.chance(p_assess) {
        by(days(
            base,
            rng.log_normal(median_delay, 0.9).min(540.0) as i64,
        ))
    } else {
        None
    };
    let mut started = false;
    if let Some(a) = assessed {
        e.fls_assessment_date = iso(a);

        // Falls and exercise.
        let falls = if rng.chance(p.falls) {
            if rng.chance(0.15) { "referred" } else { "done" }
        } else {
            pick_weighted(
                rng,
                &[
                    ("not_required", 35.0),
                    ("declined", 15.0),
                    ("not_done", 50.0),
                ],
            )
        };
        e.falls_assessment = falls.into();
        if matches!(falls, "done" | "referred")
            && rng.chance(0.5 * p.falls)
            && let Some(d) = by(days(a, rng.log_normal(35.0, 0.7).min(400.0) as i64))
        {
            e.strength_balance_date = iso(d);
        }

        // DXA.
        let mut scanned = false;
        if site == Hip && age_years >= 85 && rng.chance(0.45) {
            e.dxa_status = "not_required".into();
        } else if rng.chance(0.06) {
            // A recent scan before the fracture counts.
            e.dxa_date = iso(days(fd, -rng.range(1, 365)));
            e.dxa_status = "done".into();
            scanned = true;
        } else if rng.chance(p.dxa) {
            let d = days(a, rng.log_normal(25.0 * p.delay, 0.8).min(400.0) as i64);
            if let Some(d) = by(d) {
                e.dxa_date = iso(d);
                e.dxa_status = "done".into();
                scanned = true;
            }
        } else {
            e.dxa_status = pick_weighted(
                rng,
                &[
                    ("declined", 15.0),
                    ("not_required", 15.0),
                    ("not_done", 70.0),
                ],
            )
            .into();
        }
        if scanned {
            let mean = if site == Hip { -2.6 } else { -2.2 };
            let t = |rng: &mut Rng| dec1((mean + rng.normal()).clamp(-6.5, 3.5));
            if rng.chance(if site == Spine { 0.7 } else { 0.85 }) {
                e.t_score_lumbar_spine = t(rng);
            }
            if rng.chance(0.9) {
                e.t_score_total_hip = t(rng);
            }
            if rng.chance(0.9) {
                e.t_score_femoral_neck = t(rng);
            }
        }
        if rng.chance(0.5) {
            let major = (rng.log_normal(14.0, 0.6).clamp(1.0, 85.0) * 10.0).round() / 10.0;
            let hip = (major * rng.uniform(0.1, 0.65) * 10.0).round() / 10.0;
            e.frax_major_pct = dec1(major);
            e.frax_hip_pct = dec1(hip.min(major));
        }

        // Treatment.
        let rec = if rng.chance(0.08) {
            "continue"
        } else if rng.chance(p.aom) {
            "recommended"
        } else {
            pick_weighted(
                rng,
                &[
                    ("not_indicated", 45.0),
                    ("contraindicated", 15.0),
                    ("declined", 40.0),
                ],
            )
        };
        e.aom_recommendation = rec.into();
        let positive = matches!(rec, "recommended" | "continue");
        if positive {
            let atc = ATC_MIX[rng.weighted_by(ATC_MIX, |x| x.1)].0;
            if rng.chance(0.85) {
                e.aom_recommended_atc = atc.into();
            }
            let start = if rec == "continue" {
                rng.chance(0.7).then(|| days(fd, -rng.range(60, 2500)))
            } else if rng.chance(p.start) {
                by(days(
                    a,
                    rng.log_normal(14.0 * p.delay, 0.8).min(300.0) as i64,
                ))
            } else {
                None
            };
            if let Some(s) = start {
                started = true;
                e.aom_start_date = iso(s);
                e.aom_start_atc = if rng.chance(0.9) {
                    atc
                } else {
                    ATC_MIX[rng.below(ATC_MIX.len() as u64) as usize].0
                }
                .into();
            }
            started |= rec == "continue";
        }

        // Follow-up.
        let first_due = days(fd, (112.0 + 14.0 * rng.normal()).max(30.0) as i64);
        let mut first = None;
        if rng.chance(p.followup * if positive { 1.0 } else { 0.5 }) {
            first = by(first_due.max(a));
            if let Some(d) = first {
                e.first_followup_date = iso(d);
            }
        }
        let mut second_due = days(fd, (364.0 + 21.0 * rng.normal()).max(200.0) as i64);
        if let Some(f) = first {
            second_due = second_due.max(days(f, 30));
        }
        let second = by(second_due);
        if second.is_some() && rng.chance(p.followup * if positive { 1.0 } else { 0.4 }) {
            e.second_followup_date = iso(second_due);
            e.aom_at_52_weeks = if started {
                pick_weighted(rng, &[("yes", 80.0), ("no", 15.0), ("unknown", 5.0)])
            } else {
                pick_weighted(rng, &[("yes", 12.0), ("no", 70.0), ("unknown", 18.0)])
            }
            .into();
        } else if second.is_some() && positive && rng.chance(0.1) {
            e.aom_at_52_weeks = "unknown".into();
        }
    } else if rng.chance(0.2) {
        e.dxa_status = "not_done".into();
    }

    // Refracture.
    let p_refracture = if started { 0.05 } else { 0.09 };
    if rng.chance(p_refracture)
        && let Some(d) = by(days(fd, rng.range(30, 1000)))
    {
        e.refracture_date = iso(d);
        e.refracture_site = SITES[rng.weighted(sites)].0.code().into();
    }

    // Incomplete records: optional fields left blank (never one a rule ties to another).
    if !rng.chance(p.complete) {
        let blanks: [&mut String; 10] = [
            &mut e.identification_route,
            &mut e.identified_date,
            &mut e.fracture_icd10,
            &mut e.falls_assessment,
            &mut e.aom_at_52_weeks,
            &mut e.t_score_lumbar_spine,
            &mut e.t_score_femoral_neck,
            &mut e.phone,
            &mut e.primary_care_contact,
            &mut e.aom_recommended_atc,
        ];
        for b in blanks {
            if rng.chance(0.5) {
                b.clear();
            }
        }
        if rng.chance(0.5) {
            e.frax_major_pct.clear();
            e.frax_hip_pct.clear();
        }
        if !e.dxa_date.is_empty() && rng.chance(0.5) {
            // A date means done.
            e.dxa_status.clear();
        }
    }
    e
}

fn pick_weighted(rng: &mut Rng, xs: &[(&'static str, f64)]) -> &'static str {
    xs[rng.weighted_by(xs, |x| x.1)].0
}

// ---------------------------------------------------------------------------------------------
// Data.

/// Fracture-site mix of FLS registries.
const SITES: &[(FractureSite, f64)] = &[
    (FractureSite::Hip, 20.0),
    (FractureSite::Spine, 12.0),
    (FractureSite::Wrist, 20.0),
    (FractureSite::Humerus, 10.0),
    (FractureSite::Pelvis, 6.0),
    (FractureSite::Ankle, 8.0),
    (FractureSite::FemurOther, 4.0),
    (FractureSite::TibiaFibula, 5.0),
    (FractureSite::Rib, 7.0),
    (FractureSite::Clavicle, 3.0),
    (FractureSite::Other, 5.0),
];

fn icd10_codes(site: FractureSite) -> &'static [&'static str] {
    use FractureSite::*;
    match site {
        Hip => &[
            "S72.0", "S72.00", "S72.1", "S72.10", "S72.2", "S72.001A", "S72.142A",
        ],
        Spine => &[
            "S22.0", "S32.0", "S22.00", "S32.00", "M80.08", "T08", "S12.0", "M48.50", "M80.08XA",
        ],
        Wrist => &["S52.5", "S52.50", "S52.6", "S52.501A"],
        Humerus => &["S42.2", "S42.20", "S42.3", "S42.201A"],
        Pelvis => &["S32.1", "S32.4", "S32.5", "S32.8", "S32.501A"],
        FemurOther => &["S72.3", "S72.4", "S72.8", "S72.9", "S72.301A"],
        TibiaFibula => &["S82.1", "S82.2", "S82.3", "S82.4", "S82.201A"],
        Ankle => &["S82.5", "S82.6", "S82.8", "S82.51XA"],
        Rib => &["S22.3", "S22.4", "S22.31XA"],
        Clavicle => &["S42.0", "S42.00", "S42.001A"],
        Other => &[
            "S42.1", "S42.4", "S52.0", "S52.1", "S82.0", "S22.2", "M80.0", "M80.05", "S62.1",
        ],
    }
}

/// (ATC code, share of prescriptions).
const ATC_MIX: &[(&str, f64)] = &[
    ("M05BA04", 48.0),
    ("M05BA08", 18.0),
    ("M05BX04", 16.0),
    ("M05BA07", 5.0),
    ("M05BA06", 3.0),
    ("M05BB03", 2.0),
    ("H05AA02", 3.0),
    ("M05BX06", 2.0),
    ("H05AA04", 0.5),
    ("G03XC01", 1.5),
    ("G03XC02", 0.3),
    ("G03CA03", 0.7),
];

const NOTES: &[&str] = &[
    "Lives alone; daughter helps with medication.",
    "Interpreter needed.",
    "Letter sent to primary care.",
    "Referred to the falls clinic.",
    "Dental review before starting treatment.\nCalcium and vitamin D advised.",
    "Prefers telephone contact.",
    "يحتاج إلى مترجم.",
    "家族と同居。",
];

const HOSPITAL_KINDS: &[&str] = &[
    "University Hospital",
    "General Hospital",
    "Regional Hospital",
    "Medical Centre",
    "District Hospital",
];

struct Names {
    family: &'static [&'static str],
    female: &'static [&'static str],
    male: &'static [&'static str],
}

struct Country {
    code: &'static str,
    weight: f64,
    cities: &'static [&'static str],
    phone: &'static str,
    names: &'static Names,
}

const EN: Names = Names {
    family: &[
        "Smith", "Jones", "Taylor", "Brown", "Wilson", "Campbell", "Murphy", "Walsh", "Evans",
        "Nguyen", "Tremblay",
    ],
    female: &[
        "Mary",
        "Margaret",
        "Patricia",
        "Jean",
        "Elizabeth",
        "Susan",
        "Irene",
        "Dorothy",
        "Anne",
    ],
    male: &[
        "John", "David", "Robert", "James", "William", "Peter", "Thomas",
    ],
};
const DE: Names = Names {
    family: &[
        "Müller",
        "Schmidt",
        "Schneider",
        "Fischer",
        "Weber",
        "Meyer",
        "Wagner",
        "Becker",
    ],
    female: &[
        "Ursula", "Helga", "Ingrid", "Renate", "Gisela", "Monika", "Erika",
    ],
    male: &["Hans", "Klaus", "Günter", "Werner", "Dieter", "Jürgen"],
};
const FR: Names = Names {
    family: &[
        "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
    ],
    female: &[
        "Jeanne",
        "Monique",
        "Françoise",
        "Hélène",
        "Simone",
        "Josette",
    ],
    male: &["Jean", "Michel", "André", "Pierre", "René"],
};
const ES: Names = Names {
    family: &[
        "García",
        "Rodríguez",
        "González",
        "Fernández",
        "López",
        "Martínez",
        "Sánchez",
        "Pérez",
    ],
    female: &[
        "María", "Carmen", "Josefa", "Dolores", "Pilar", "Ana", "Lucía",
    ],
    male: &["José", "Antonio", "Manuel", "Francisco", "Juan"],
};
const PT: Names = Names {
    family: &[
        "Silva", "Santos", "Oliveira", "Souza", "Pereira", "Costa", "Ferreira", "Almeida",
    ],
    female: &[
        "Maria",
        "Ana",
        "Francisca",
        "Antônia",
        "Conceição",
        "Terezinha",
    ],
    male: &["José", "João", "Antônio", "Francisco", "Sebastião"],
};
const IT: Names = Names {
    family: &[
        "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo",
    ],
    female: &["Giuseppina", "Maria", "Anna", "Rosa", "Angela", "Lucia"],
    male: &["Giuseppe", "Giovanni", "Antonio", "Mario", "Luigi"],
};
const NORTH: Names = Names {
    family: &[
        "de Jong",
        "Jansen",
        "de Vries",
        "Andersson",
        "Johansson",
        "Nilsson",
        "Nowak",
        "Kowalczyk",
    ],
    female: &["Anna", "Maria", "Kristina", "Johanna", "Barbara", "Ingrid"],
    male: &["Jan", "Lars", "Piotr", "Karl", "Henk"],
};
const JA: Names = Names {
    family: &["佐藤", "鈴木", "高橋", "田中", "渡辺", "伊藤", "山本"],
    female: &["花子", "恵子", "幸子", "和子", "洋子", "節子"],
    male: &["清", "茂", "博", "進", "隆"],
};
const ZH: Names = Names {
    family: &["王", "李", "张", "刘", "陈", "杨", "黄", "Tan", "Lim"],
    female: &["秀英", "桂英", "秀兰", "玉兰", "淑珍", "Mei Ling"],
    male: &["建国", "伟", "志强", "国华", "Wei Ming"],
};
const KO: Names = Names {
    family: &["김", "이", "박", "최", "정"],
    female: &["순자", "영자", "정숙", "영숙", "말순"],
    male: &["영수", "영호", "성호", "상철"],
};
const IN: Names = Names {
    family: &[
        "Sharma", "Patel", "Singh", "Kumar", "Gupta", "Reddy", "Iyer",
    ],
    female: &["Lakshmi", "Kamala", "Savitri", "Sunita", "Meena", "Parvati"],
    male: &["Ramesh", "Suresh", "Rajesh", "Mohan", "Krishna"],
};
const AR: Names = Names {
    family: &[
        "العلي",
        "الأحمد",
        "حسن",
        "عبدالله",
        "الحربي",
        "القحطاني",
        "منصور",
        "Haddad",
        "Khalil",
    ],
    female: &["فاطمة", "عائشة", "مريم", "خديجة", "زينب", "نورة", "Layla"],
    male: &["محمد", "أحمد", "علي", "عبدالله", "خالد", "Omar"],
};
const AF: Names = Names {
    family: &[
        "Okafor",
        "Mensah",
        "Dlamini",
        "Nkosi",
        "Kamau",
        "Otieno",
        "Adeyemi",
        "van der Merwe",
        "Botha",
    ],
    female: &[
        "Grace", "Amina", "Thandiwe", "Nomvula", "Esther", "Abena", "Wanjiru",
    ],
    male: &["Joseph", "Kwame", "Sipho", "Emmanuel", "Oluwaseun", "Kofi"],
};

macro_rules! country {
    ($code:literal, $w:literal, $phone:literal, $names:ident, [$($city:literal),+ $(,)?]) => {
        Country { code: $code, weight: $w, cities: &[$($city),+], phone: $phone, names: &$names }
    };
}

/// (weight, countries) for Europe, North America, Latin America, Asia-Pacific, Middle East, Africa.
const REGIONS: &[(f64, &[Country])] = &[
    (
        40.0,
        &[
            country!(
                "GB",
                3.0,
                "+44",
                EN,
                [
                    "Glasgow",
                    "London",
                    "Manchester",
                    "Leeds",
                    "Cardiff",
                    "Belfast"
                ]
            ),
            country!(
                "DE",
                2.0,
                "+49",
                DE,
                ["Berlin", "München", "Hamburg", "Köln"]
            ),
            country!(
                "FR",
                2.0,
                "+33",
                FR,
                ["Paris", "Lyon", "Marseille", "Lille"]
            ),
            country!(
                "ES",
                2.0,
                "+34",
                ES,
                ["Madrid", "Barcelona", "Sevilla", "Valencia"]
            ),
            country!("IT", 2.0, "+39", IT, ["Roma", "Milano", "Napoli", "Torino"]),
            country!(
                "NL",
                1.0,
                "+31",
                NORTH,
                ["Amsterdam", "Rotterdam", "Utrecht"]
            ),
            country!("SE", 1.0, "+46", NORTH, ["Stockholm", "Göteborg", "Malmö"]),
            country!("PL", 1.0, "+48", NORTH, ["Warszawa", "Kraków", "Gdańsk"]),
            country!("IE", 1.0, "+353", EN, ["Dublin", "Cork", "Galway"]),
            country!("CH", 1.0, "+41", DE, ["Zürich", "Basel", "Bern"]),
        ],
    ),
    (
        12.0,
        &[
            country!(
                "US",
                4.0,
                "+1",
                EN,
                [
                    "Boston", "Chicago", "Houston", "Seattle", "Atlanta", "Denver"
                ]
            ),
            country!(
                "CA",
                2.0,
                "+1",
                EN,
                ["Toronto", "Vancouver", "Calgary", "Halifax"]
            ),
        ],
    ),
    (
        12.0,
        &[
            country!(
                "BR",
                3.0,
                "+55",
                PT,
                [
                    "São Paulo",
                    "Rio de Janeiro",
                    "Belo Horizonte",
                    "Porto Alegre"
                ]
            ),
            country!(
                "MX",
                2.0,
                "+52",
                ES,
                ["Ciudad de México", "Guadalajara", "Monterrey"]
            ),
            country!("AR", 1.0, "+54", ES, ["Buenos Aires", "Córdoba", "Rosario"]),
            country!("CL", 1.0, "+56", ES, ["Santiago", "Valparaíso"]),
            country!("CO", 1.0, "+57", ES, ["Bogotá", "Medellín", "Cali"]),
        ],
    ),
    (
        20.0,
        &[
            country!(
                "AU",
                2.0,
                "+61",
                EN,
                ["Sydney", "Melbourne", "Brisbane", "Perth"]
            ),
            country!(
                "NZ",
                1.0,
                "+64",
                EN,
                ["Auckland", "Wellington", "Christchurch"]
            ),
            country!(
                "JP",
                2.0,
                "+81",
                JA,
                ["Tokyo", "Osaka", "Nagoya", "Sapporo"]
            ),
            country!(
                "CN",
                2.0,
                "+86",
                ZH,
                ["Beijing", "Shanghai", "Guangzhou", "Chengdu"]
            ),
            country!("TW", 1.0, "+886", ZH, ["Taipei", "Kaohsiung"]),
            country!("KR", 1.0, "+82", KO, ["Seoul", "Busan"]),
            country!("SG", 1.0, "+65", ZH, ["Singapore"]),
            country!(
                "IN",
                2.0,
                "+91",
                IN,
                ["Mumbai", "Delhi", "Bengaluru", "Chennai"]
            ),
        ],
    ),
    (
        8.0,
        &[
            country!("SA", 2.0, "+966", AR, ["Riyadh", "Jeddah", "Dammam"]),
            country!("AE", 1.0, "+971", AR, ["Dubai", "Abu Dhabi"]),
            country!("EG", 1.0, "+20", AR, ["Cairo", "Alexandria"]),
            country!("JO", 1.0, "+962", AR, ["Amman"]),
            country!("LB", 1.0, "+961", AR, ["Beirut"]),
        ],
    ),
    (
        8.0,
        &[
            country!(
                "ZA",
                2.0,
                "+27",
                AF,
                ["Cape Town", "Johannesburg", "Durban"]
            ),
            country!("NG", 1.0, "+234", AF, ["Lagos", "Abuja", "Ibadan"]),
            country!("KE", 1.0, "+254", AF, ["Nairobi", "Mombasa"]),
            country!("GH", 1.0, "+233", AF, ["Accra", "Kumasi"]),
        ],
    ),
];

/// The country table entry for a code; FLSs from elsewhere get English names and no prefix.
fn country(code: &str) -> &'static Country {
    const FALLBACK: Country = country!("ZZ", 1.0, "+0", EN, ["City"]);
    REGIONS
        .iter()
        .flat_map(|r| r.1.iter())
        .find(|c| c.code.eq_ignore_ascii_case(code))
        .unwrap_or(&FALLBACK)
}

#[cfg(test)]
mod tests {
    /// With [`realistic_episodes`] each FLS registers about its capture share of its
    /// expected caseload over the years it is active.
    #[test]
    fn realistic_volume_gives_each_fls_its_capture_share() {
        let end = time::macros::date!(2026 - 11 - 26);
        let mut o = GenOptions::new(7, end);
        o.fls = 12;
        let fls: Vec<GenFls> = generate_fls(&o)
            .into_iter()
            .filter(|f| f.expected_non_spine_per_year.is_some())
            .collect();
        o.episodes = realistic_episodes(&o, &fls);
        let mut counts = std::collections::HashMap::new();
        generate_episodes(&o, &fls, |e| {
            *counts.entry(e.fls_code).or_insert(0usize) += 1
        });
        for g in &fls {
            let p = Perf::new(o.seed, &g.code);
            let caseload = fls_size(g, &p) * f64::from(o.years) * p.active;
            let share = counts.get(&g.code).copied().unwrap_or(0) as f64 / caseload;
            assert!(
                (share - p.capture).abs() < 0.15,
                "{}: registered {share:.2} of its caseload, capture {:.2}",
                g.code,
                p.capture
            );
        }
    }

    use super::*;
    use liaison_domain::dataset::{Episode, ParseOptions, parse};
    use std::collections::HashMap;
    use time::macros::date;

    const END: Date = date!(2026 - 11 - 26);

    fn opts(seed: u64, fls: usize, episodes: usize) -> GenOptions {
        GenOptions {
            fls,
            episodes,
            ..GenOptions::new(seed, END)
        }
    }

    fn rows(o: &GenOptions) -> Vec<EpisodeInput> {
        let fls = generate_fls(o);
        let mut v = Vec::with_capacity(o.episodes);
        generate_episodes(o, &fls, |e| v.push(e));
        v
    }

    /// 20,000 parsed episodes of 40 FLSs, shared by the statistical tests.
    fn sample() -> &'static (Vec<GenFls>, Vec<Episode>) {
        static S: std::sync::OnceLock<(Vec<GenFls>, Vec<Episode>)> = std::sync::OnceLock::new();
        S.get_or_init(|| {
            let o = opts(42, 40, 20_000);
            let fls = generate_fls(&o);
            let po = ParseOptions::new(o.end);
            let mut out = Vec::new();
            let mut bad = Vec::new();
            generate_episodes(&o, &fls, |i| match parse(&i, &po) {
                Ok((e, _)) => out.push(e),
                Err(err) => bad.push((i, err.0)),
            });
            assert!(
                bad.is_empty(),
                "{} invalid, first: {:#?}",
                bad.len(),
                bad.first()
            );
            (fls, out)
        })
    }

    fn share(eps: &[Episode], f: impl Fn(&Episode) -> bool) -> f64 {
        eps.iter().filter(|e| f(e)).count() as f64 / eps.len() as f64
    }

    #[test]
    fn iso_dates() {
        for d in [
            date!(1990 - 01 - 01),
            date!(2026 - 11 - 26),
            date!(2024 - 02 - 29),
            date!(0987 - 06 - 05),
        ] {
            assert_eq!(iso(d), d.to_string());
        }
    }

    #[test]
    fn prng_is_the_reference_xoshiro256starstar() {
        // SplitMix64 from 0 gives the published first output.
        let mut x = 0;
        assert_eq!(splitmix64(&mut x), 0xE220_A839_7B1D_CDAF);
        let mut r = Rng { s: [1, 2, 3, 4] };
        assert_eq!(r.next_u64(), 11520);
        assert_eq!(r.next_u64(), 0);
        assert_eq!(r.next_u64(), 1_509_978_240);
        let mut r = Rng::new(7);
        for _ in 0..10_000 {
            let u = r.f64();
            assert!((0.0..1.0).contains(&u));
            assert!((3..=9).contains(&r.range(3, 9)));
        }
    }

    #[test]
    fn same_seed_same_data_different_seed_different_data() {
        let a = rows(&opts(1, 25, 1000));
        let b = rows(&opts(1, 25, 1000));
        assert_eq!(a.len(), 1000);
        assert_eq!(a, b);
        assert_eq!(generate_fls(&opts(1, 25, 0)), generate_fls(&opts(1, 25, 0)));
        // The first rows do not depend on how many follow.
        let longer = rows(&opts(1, 25, 3000));
        assert_eq!(a[..], longer[..1000]);
        let c = rows(&opts(2, 25, 1000));
        assert_ne!(a, c);
        assert_ne!(generate_fls(&opts(1, 25, 0)), generate_fls(&opts(2, 25, 0)));
    }

    #[test]
    fn fls_spread_over_all_regions_with_valid_codes() {
        let fls = generate_fls(&opts(3, 200, 0));
        assert_eq!(fls.len(), 200);
        let regions: HashSet<_> = fls
            .iter()
            .map(|f| {
                liaison_domain::org::CountryCode::parse("country", &f.country)
                    .unwrap()
                    .default_region()
            })
            .collect();
        assert_eq!(regions.len(), 6);
        let six: HashSet<_> = generate_fls(&opts(3, 6, 0))
            .iter()
            .map(|f| {
                liaison_domain::org::CountryCode::parse("country", &f.country)
                    .unwrap()
                    .default_region()
            })
            .collect();
        assert_eq!(six.len(), 6, "six FLSs, six regions");
        let codes: HashSet<_> = fls.iter().map(|f| f.code.as_str()).collect();
        assert_eq!(codes.len(), fls.len());
        let names: HashSet<_> = fls.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names.len(), fls.len());
        for f in &fls {
            liaison_domain::org::FlsCode::parse("code", &f.code).unwrap();
            assert!(f.code.starts_with(&format!("{}-", f.country)), "{}", f.code);
            assert!(!f.city.is_empty() && f.name.chars().count() <= 200);
            assert_eq!(
                f.expected_non_spine_per_year.is_some(),
                f.expected_spine_per_year.is_some()
            );
        }
        assert!(fls.iter().any(|f| f.code == "GB-001"));
        let none = fls
            .iter()
            .filter(|f| f.expected_non_spine_per_year.is_none())
            .count();
        assert!((8..=35).contains(&none), "{none} of 200 without caseload");
        let sizes: Vec<i64> = fls
            .iter()
            .filter_map(|f| f.expected_non_spine_per_year)
            .collect();
        assert!(sizes.iter().max().unwrap() / sizes.iter().min().unwrap() >= 5);
    }

    #[test]
    fn every_generated_episode_parses() {
        let (fls, eps) = sample();
        assert_eq!(eps.len(), 20_000);
        assert!(eps.iter().all(|e| e.fracture_date <= END));
        // Every FLS is used; none of the codes is unknown.
        let codes: HashSet<_> = fls.iter().map(|f| f.code.as_str()).collect();
        assert!(eps.iter().all(|e| codes.contains(e.fls_code.as_str())));
    }

    #[test]
    fn keys_are_unique() {
        let (_, eps) = sample();
        let keys: HashSet<_> = eps
            .iter()
            .map(|e| (&e.fls_code, &e.patient_ref, e.fracture_date))
            .collect();
        assert_eq!(keys.len(), eps.len());
        assert!(
            eps.iter()
                .all(|e| e.patient_ref.starts_with('P') && e.patient_ref.len() >= 7)
        );
    }

    #[test]
    fn fracture_site_mix() {
        let (_, eps) = sample();
        for &(site, pct) in SITES {
            let got = share(eps, |e| e.fracture_site == site) * 100.0;
            assert!((got - pct).abs() < 1.5, "{site:?}: {got:.1}% for {pct}%");
        }
    }

    #[test]
    fn patients_and_care_look_real() {
        let (_, eps) = sample();
        let ages: Vec<i32> = eps.iter().map(Episode::age_at_fracture).collect();
        let mean = ages.iter().map(|&a| f64::from(a)).sum::<f64>() / ages.len() as f64;
        assert!((74.0..77.0).contains(&mean), "mean age {mean:.1}");
        let under_50 = ages.iter().filter(|&&a| a < 50).count() as f64 / ages.len() as f64;
        assert!((0.01..0.035).contains(&under_50), "under 50: {under_50}");
        assert!(ages.iter().all(|&a| (18..=110).contains(&a)));
        let women = share(eps, |e| e.sex == liaison_domain::dataset::Sex::F);
        assert!((0.70..0.80).contains(&women), "women {women}");
        let hips: Vec<_> = eps
            .iter()
            .filter(|e| e.fracture_site == FractureSite::Hip)
            .cloned()
            .collect();
        let inpatient = share(&hips, |e| {
            e.setting == liaison_domain::dataset::Setting::Inpatient
        });
        assert!(inpatient > 0.9);
        let assessed: Vec<_> = eps
            .iter()
            .filter(|e| e.fls_assessment_date.is_some())
            .cloned()
            .collect();
        let dxa = share(&assessed, |e| e.dxa_date.is_some());
        assert!((0.45..0.75).contains(&dxa), "DXA {dxa}");
        let rec = share(&assessed, |e| {
            e.aom_recommendation.is_some_and(|r| r.is_positive())
        });
        assert!((0.6..0.85).contains(&rec), "AOM recommended {rec}");
        let not_required = share(&hips, |e| {
            e.dxa_status == Some(liaison_domain::dataset::DxaStatus::NotRequired)
        });
        assert!(not_required > 0.05);
        // Median delay to assessment of outpatients about three weeks.
        let mut d: Vec<i64> = assessed
            .iter()
            .filter(|e| e.setting == liaison_domain::dataset::Setting::Outpatient)
            .map(|e| (e.fls_assessment_date.unwrap() - e.fracture_date).whole_days())
            .collect();
        d.sort_unstable();
        let median = d[d.len() / 2];
        assert!((12..=35).contains(&median), "median delay {median}");
        // Deaths within a year among those followed a full year.
        let year: Vec<_> = eps
            .iter()
            .filter(|e| e.fracture_date + Duration::days(365) <= END)
            .cloned()
            .collect();
        let died = share(&year, |e| {
            e.death_date
                .is_some_and(|d| (d - e.fracture_date).whole_days() < 365)
        });
        assert!((0.05..0.12).contains(&died), "first-year deaths {died}");
        let refr = share(eps, |e| e.refracture_date.is_some());
        assert!((0.025..0.06).contains(&refr), "refractures {refr}");
        let fu1 = share(&year, |e| e.first_followup_date.is_some());
        let fu2 = share(&year, |e| e.second_followup_date.is_some());
        assert!(fu1 > 0.3 && fu2 > 0.2, "follow-ups {fu1} {fu2}");
        let arabic = eps.iter().any(|e| {
            e.family_name
                .chars()
                .any(|c| ('\u{600}'..='\u{6ff}').contains(&c))
        });
        let cjk = eps.iter().any(|e| {
            e.family_name
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
        });
        assert!(arabic && cjk);
        let incomplete = share(eps, |e| {
            e.fls_assessment_date.is_some() && e.falls_assessment.is_none()
        });
        assert!(incomplete > 0.01);
    }

    #[test]
    fn fls_differ_in_size_and_performance() {
        let (_, eps) = sample();
        let mut by: HashMap<&str, (usize, usize)> = HashMap::new();
        for e in eps {
            let c = by.entry(e.fls_code.as_str()).or_default();
            c.0 += 1;
            c.1 += usize::from(e.fls_assessment_date.is_some());
        }
        let counts: Vec<usize> = by.values().map(|c| c.0).collect();
        let (min, max) = (*counts.iter().min().unwrap(), *counts.iter().max().unwrap());
        assert!(max >= 5 * min, "sizes {min}..{max}");
        let rates: Vec<f64> = by
            .values()
            .filter(|c| c.0 >= 200)
            .map(|c| c.1 as f64 / c.0 as f64)
            .collect();
        let spread =
            rates.iter().cloned().fold(0.0, f64::max) - rates.iter().cloned().fold(1.0, f64::min);
        assert!(spread > 0.15, "assessment rates spread {spread}");
    }

    #[test]
    fn edge_options() {
        let mut n = 0;
        generate_episodes(&opts(1, 0, 10), &[], |_| n += 1);
        assert_eq!(n, 0);
        // A one-year span ending early in 1990 never goes before 1990.
        let o = GenOptions {
            years: 0,
            end: date!(1990 - 02 - 01),
            ..opts(5, 3, 500)
        };
        let fls = generate_fls(&o);
        let po = ParseOptions::new(o.end);
        generate_episodes(&o, &fls, |i| {
            let e = parse(&i, &po).unwrap().0;
            assert!(e.fracture_date >= date!(1990 - 01 - 01));
        });
        // FLSs that are not from this module's table still get episodes.
        let other = [GenFls {
            code: "XX-1".into(),
            name: "Elsewhere".into(),
            country: "IS".into(),
            city: "Reykjavík".into(),
            expected_non_spine_per_year: None,
            expected_spine_per_year: None,
        }];
        let po = ParseOptions::new(END);
        let mut n = 0;
        generate_episodes(&opts(9, 1, 300), &other, |i| {
            parse(&i, &po).unwrap();
            n += 1;
        });
        assert_eq!(n, 300);
    }

    #[test]
    #[ignore = "timing; run with --release -- --ignored"]
    fn time_one_million_episodes() {
        let o = opts(2026, 100, 1_000_000);
        let fls = generate_fls(&o);
        let t = std::time::Instant::now();
        let mut n = 0usize;
        let mut bytes = 0usize;
        generate_episodes(&o, &fls, |e| {
            n += 1;
            bytes += e.notes.len() + e.fracture_date.len();
        });
        let generated = t.elapsed();
        let po = ParseOptions::new(o.end);
        let t = std::time::Instant::now();
        let mut bad = 0;
        generate_episodes(&o, &fls, |e| bad += usize::from(parse(&e, &po).is_err()));
        let with_parse = t.elapsed();
        assert_eq!((n, bad), (1_000_000, 0));
        println!(
            "generated {n} episodes in {generated:.2?} ({:.0}/s); generated and parsed in {with_parse:.2?} [{bytes}]",
            n as f64 / generated.as_secs_f64()
        );
    }
}
