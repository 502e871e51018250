//! Tests of the generator.

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
use liaison_domain::dataset::{Episode, FractureSite, ParseOptions, parse};
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

/// A column the generator never fills would go untested by everything fed with generated data
/// (the demo, the benchmarks, the FHIR round trips).
#[test]
fn every_column_is_filled_somewhere() {
    let (_, eps) = sample();
    let mut filled = [false; liaison_domain::dataset::N_COLUMNS];
    for e in eps {
        for (f, c) in filled.iter_mut().zip(e.cells()) {
            *f |= !c.is_blank();
        }
    }
    let never: Vec<&str> = liaison_domain::dataset::COLUMNS
        .iter()
        .zip(filled)
        .filter(|(_, f)| !f)
        .map(|(c, _)| *c)
        .collect();
    assert!(never.is_empty(), "never generated: {never:?}");
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
