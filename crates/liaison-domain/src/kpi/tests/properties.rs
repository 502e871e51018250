//! Properties over pseudo-random data: numerator ≤ denominator, row order, FLS independence,
//! additivity of per-FLS counts, and membership lists that agree with the counts.

use super::*;

/// SplitMix64: deterministic, no dependency.
pub(super) struct Rng(pub(super) u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len() as u64) as usize]
    }
    fn some<T: Copy>(&mut self, xs: &[T]) -> Option<T> {
        self.chance(70).then(|| self.pick(xs))
    }
    fn day_after(&mut self, d: Date, lo: i64, hi: i64) -> Option<Date> {
        self.chance(60).then(|| plus(d, self.range(lo, hi)))
    }
}

fn random_episode(g: &mut Rng, fls: i64) -> KpiEpisode {
    let fd = plus(date!(2024 - 10 - 01), g.range(0, 600));
    KpiEpisode {
        fls_id: fls,
        fracture_date: fd,
        birth_date: plus(fd, -g.range(40 * 365, 95 * 365)),
        death_date: g.day_after(fd, 0, 700).filter(|_| g.chance(30)),
        fracture_site: g.pick(Site::ALL),
        setting: g.pick(Setting::ALL),
        fls_assessment_date: g.day_after(fd, 0, 200),
        dxa_status: g.some(DxaStatus::ALL),
        dxa_date: g.day_after(fd, -400, 200),
        falls_assessment: g.some(Falls::ALL),
        aom_recommendation: g.some(Aom::ALL),
        aom_start_date: g.day_after(fd, -300, 200),
        strength_balance_date: g.day_after(fd, 0, 200),
        first_followup_date: g.day_after(fd, 1, 200),
        second_followup_date: g.day_after(fd, 200, 500),
        aom_at_52_weeks: g.some(Yn::ALL),
        refracture_date: g.day_after(fd, 1, 900).filter(|_| g.chance(20)),
        high_risk: g.some(&[crate::dataset::YesNo::Yes, crate::dataset::YesNo::No]),
        low_t_score: g.chance(20),
        frax_major_pct: g.chance(50).then(|| g.range(1, 60) as f32),
        primary_care_letter_date: g.day_after(fd, 0, 200),
        secondary_causes_screen: g.some(crate::dataset::SecondaryCausesScreen::ALL),
        lifestyle_advice: g.some(crate::dataset::LifestyleAdvice::ALL),
        sex: g.pick(crate::dataset::Sex::ALL),
        residence_before: g.some(crate::dataset::Residence::ALL),
    }
}

/// FLSs 1–4 in the profile list (figures random), FLS 5 only in the episodes.
pub(super) fn random_scope(g: &mut Rng, n: usize) -> (Vec<KpiEpisode>, Vec<FlsExpected>) {
    let expected = (1..=4)
        .map(|id| FlsExpected {
            fls_id: id,
            expected_non_spine_per_year: g.chance(70).then(|| g.range(0, 500)),
            expected_spine_per_year: g.chance(70).then(|| g.range(0, 100)),
        })
        .collect();
    let eps = (0..n)
        .map(|_| {
            let fls = g.range(1, 5);
            random_episode(g, fls)
        })
        .collect();
    (eps, expected)
}

pub(super) fn period() -> KpiPeriod {
    KpiPeriod {
        from: FROM,
        to: TO,
        as_of: date!(2026 - 01 - 15),
    }
}

#[test]
fn numerators_never_exceed_denominators() {
    let d = KpiDefinitions::default();
    for seed in 0..40 {
        let mut g = Rng(seed);
        let (eps, expected) = random_scope(&mut g, 120);
        let p = period();
        let by = compute_by_fls(&d, &eps, &expected, p.from, p.to, p.as_of);
        let pooled = compute(&d, &eps, &expected, p.from, p.to, p.as_of);
        for r in by.values().chain([&pooled]) {
            for k in &r.kpis[2..] {
                assert!(k.numerator as f64 <= k.denominator, "{seed} {k:?}");
                assert!(k.value.is_none_or(|v| (0.0..=1.0).contains(&v)));
            }
            for c in &r.completeness {
                assert!(c.recorded <= c.expected);
            }
            for x in &r.supporting.measures {
                assert!(x.numerator <= x.denominator, "{seed} {x:?}");
            }
            let pass = r.supporting.completeness_pass;
            assert!(pass.fls_passing <= pass.fls_judged);
        }
    }
}

#[test]
fn results_do_not_depend_on_row_order() {
    let d = KpiDefinitions::default();
    let p = period();
    for seed in 0..20 {
        let mut g = Rng(1000 + seed);
        let (mut eps, mut expected) = random_scope(&mut g, 150);
        let before = compute(&d, &eps, &expected, p.from, p.to, p.as_of);
        let before_by = count_by_fls(&d, &eps, &expected, &p);
        for i in (1..eps.len()).rev() {
            eps.swap(i, g.below(i as u64 + 1) as usize);
        }
        expected.reverse();
        assert_eq!(compute(&d, &eps, &expected, p.from, p.to, p.as_of), before);
        assert_eq!(count_by_fls(&d, &eps, &expected, &p), before_by);
    }
}

#[test]
fn an_episode_of_one_fls_changes_nothing_of_another() {
    let d = KpiDefinitions::default();
    let p = period();
    for seed in 0..20 {
        let mut g = Rng(2000 + seed);
        let (mut eps, expected) = random_scope(&mut g, 100);
        let before = count_by_fls(&d, &eps, &expected, &p);
        let a = g.range(1, 5);
        eps.push(random_episode(&mut g, a));
        let after = count_by_fls(&d, &eps, &expected, &p);
        for (id, c) in &before {
            if *id != a {
                assert_eq!(after.get(id), Some(c), "FLS {id} changed");
            }
        }
    }
}

#[test]
fn pooled_counts_are_the_sum_of_per_fls_counts() {
    let d = KpiDefinitions::default();
    let p = period();
    for seed in 0..20 {
        let mut g = Rng(3000 + seed);
        let (eps, expected) = random_scope(&mut g, 150);
        let pooled = count(&d, &eps, &expected, &p);
        let by = count_by_fls(&d, &eps, &expected, &p);
        assert_eq!(by.values().sum::<KpiCounts>(), pooled);
        // Each FLS computed alone, on its own rows only, gives the same counts.
        let mut alone_sum = KpiCounts::default();
        for (&id, c) in &by {
            let own: Vec<_> = eps.iter().filter(|e| e.fls_id == id).copied().collect();
            let own_expected: Vec<_> = expected
                .iter()
                .filter(|x| x.fls_id == id)
                .copied()
                .collect();
            let alone = count(&d, &own, &own_expected, &p);
            assert_eq!(&alone, c);
            alone_sum += &alone;
        }
        assert_eq!(alone_sum, pooled);
        assert_eq!(
            pooled.report(&d, &p),
            compute(&d, &eps, &expected, p.from, p.to, p.as_of)
        );
        // Counts survive storage as JSON (e.g. a cache of per-FLS counts).
        let json = serde_json::to_string(&pooled).unwrap();
        assert_eq!(serde_json::from_str::<KpiCounts>(&json).unwrap(), pooled);
    }
}

#[test]
fn membership_lists_agree_with_the_counts() {
    let d = KpiDefinitions::default();
    for seed in 0..20 {
        let mut g = Rng(1000 + seed);
        let eps: Vec<KpiEpisode> = (0..150).map(|_| random_episode(&mut g, 1)).collect();
        let p = period();
        let all = [FlsExpected {
            fls_id: 1,
            expected_non_spine_per_year: Some(100),
            expected_spine_per_year: Some(10),
        }];
        let c = count(&d, &eps, &all, &p);
        for id in &KpiId::ALL[..10] {
            let t = c.kpi(*id);
            let n = |part| {
                eps.iter()
                    .filter(|e| membership(&d, &p, e, *id, part))
                    .count() as u64
            };
            assert_eq!(n(Part::Numerator), t.numerator, "{seed} {id:?}");
            if !matches!(
                id,
                KpiId::Kpi1IdentificationNonSpine | KpiId::Kpi2IdentificationSpine
            ) {
                assert_eq!(n(Part::Denominator), t.denominator, "{seed} {id:?}");
                assert_eq!(n(Part::NotYetDue), t.not_yet_due, "{seed} {id:?}");
                assert_eq!(n(Part::ExcludedDied), t.excluded_died, "{seed} {id:?}");
            }
        }
    }
}
