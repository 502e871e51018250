use super::*;
use crate::kpi::{Band, KpiDefinitions, KpiEpisode, KpiId, compute};
use time::macros::date;

fn four(l: Limits) -> [f64; 4] {
    [l.lower_998, l.lower_95, l.upper_95, l.upper_998].map(|x| (x * 1e4).round() / 1e4)
}

#[test]
fn control_limits_reproduce_the_reference_table() {
    assert_eq!(
        four(control_limits(0.6, 50)),
        [0.3713, 0.4517, 0.7241, 0.7966]
    );
    assert_eq!(
        four(control_limits(0.6, 200)),
        [0.4893, 0.5291, 0.6649, 0.7030]
    );
    assert_eq!(
        four(control_limits(0.3, 20)),
        [0.0015, 0.0812, 0.4873, 0.6137]
    );
}

#[test]
fn control_limits_are_stable_for_large_n_and_ordered() {
    // n = 10^6: close to the normal approximation p ± z·√(p(1−p)/n).
    let l = control_limits(0.5, 1_000_000);
    let se = (0.25f64 / 1e6).sqrt();
    assert!((l.lower_95 - (0.5 - 1.959964 * se)).abs() < 2e-6, "{l:?}");
    assert!((l.upper_998 - (0.5 + 3.090232 * se)).abs() < 2e-6, "{l:?}");
    for (p, n) in [
        (0.001, 1_000_000),
        (0.999, 1_000_000),
        (0.5, 1),
        (0.02, 7),
        (0.97, 13),
        (0.75, 123_457),
    ] {
        let l = control_limits(p, n);
        let v = [l.lower_998, l.lower_95, l.upper_95, l.upper_998];
        assert!(v.iter().all(|x| (0.0..=1.0).contains(x)), "{p} {n} {l:?}");
        assert!(v.windows(2).all(|w| w[0] <= w[1]), "{p} {n} {l:?}");
        assert!(l.lower_95 <= p && p <= l.upper_95, "{p} {n} {l:?}");
    }
    // Limits narrow as n grows.
    let (a, b) = (control_limits(0.6, 50), control_limits(0.6, 200));
    assert!(b.lower_95 > a.lower_95 && b.upper_95 < a.upper_95);
}

#[test]
fn degenerate_control_limits() {
    assert_eq!(four(control_limits(0.0, 40)), [0.0; 4]);
    assert_eq!(four(control_limits(1.0, 40)), [1.0; 4]);
    assert_eq!(four(control_limits(0.4, 0)), [0.4; 4]);
    assert!(control_limits(f64::NAN, 10).lower_95.is_nan());
    assert_eq!(control_limits(1.0, 40).classify(1.0), Signal::Inside);
    assert_eq!(control_limits(0.0, 40).classify(0.0), Signal::Inside);
}

#[test]
fn points_are_classified_against_the_limits() {
    let l = control_limits(0.6, 50);
    assert_eq!(l.classify(0.6), Signal::Inside);
    assert_eq!(l.classify(0.4516), Signal::Alert); // just below lower 95 % (0.45167)
    assert_eq!(l.classify(l.lower_95), Signal::Inside); // on the limit: inside
    assert_eq!(l.classify(0.40), Signal::Alert);
    assert_eq!(l.classify(0.36), Signal::Alarm);
    assert_eq!(l.classify(0.76), Signal::Alert);
    assert_eq!(l.classify(0.80), Signal::Alarm);
    assert_eq!(classify(0.6, 40, 50), Some(Signal::Alarm));
    assert_eq!(classify(0.6, 30, 50), Some(Signal::Inside));
    assert_eq!(classify(0.6, 0, 0), None);
    assert_eq!(serde_json::to_value(Signal::Alarm).unwrap(), "alarm");
}

#[test]
fn counts_outside_the_fls_are_suppressed_or_rounded() {
    let d = Disclosure::default();
    assert!(d.validate().is_ok());
    assert_eq!(d.disclose_count(0), Disclosed::Exact(0));
    assert_eq!(d.disclose_count(1), Disclosed::Suppressed { below: 8 });
    assert_eq!(d.disclose_count(7), Disclosed::Suppressed { below: 8 });
    assert_eq!(d.disclose_count(8), Disclosed::Rounded(10));
    assert_eq!(d.disclose_count(12), Disclosed::Rounded(10));
    assert_eq!(d.disclose_count(13), Disclosed::Rounded(15));
    assert_eq!(d.disclose_count(15), Disclosed::Rounded(15));
    assert_eq!(d.disclose_count(1234), Disclosed::Rounded(1235));
    assert_eq!(d.disclose_count(7).to_string(), "<8");
    assert_eq!(serde_json::to_value(d.disclose_count(3)).unwrap(), "<8");
    assert_eq!(serde_json::to_value(d.disclose_count(13)).unwrap(), 15);
    // Raised thresholds: never rounded down to zero.
    let raised = Disclosure {
        min_count: 10,
        round_to: 50,
        min_fls_in_aggregate: 5,
    };
    assert!(raised.validate().is_ok());
    assert_eq!(raised.disclose_count(9).to_string(), "<10");
    assert_eq!(raised.disclose_count(10), Disclosed::Rounded(50));
    assert_eq!(raised.disclose_count(80), Disclosed::Rounded(100));
    let lowered = Disclosure {
        min_count: 5,
        ..Disclosure::default()
    };
    assert_eq!(
        lowered.validate(),
        Err(DisclosureError {
            field: "min_count",
            default: 8
        })
    );
}

#[test]
fn proportions_are_withheld_with_a_suppressed_count_and_use_unrounded_counts() {
    let d = Disclosure::default();
    assert_eq!(d.disclose_proportion(5, 100), None);
    assert_eq!(d.disclose_proportion(12, 7), None);
    assert_eq!(d.disclose_proportion(0, 0), None);
    assert_eq!(d.disclose_proportion(0, 9), Some(0.0));
    assert_eq!(d.disclose_proportion(12, 13), Some(12.0 / 13.0));
}

#[test]
fn a_kpi_seen_from_outside() {
    let d = Disclosure::default();
    let eps: Vec<_> = (0..12)
        .map(|i| KpiEpisode {
            fls_id: 1,
            fracture_date: date!(2025 - 03 - 01),
            birth_date: date!(1950 - 01 - 01),
            death_date: None,
            fracture_site: crate::dataset::FractureSite::Wrist,
            setting: crate::dataset::Setting::Outpatient,
            fls_assessment_date: None,
            dxa_status: None,
            dxa_date: None,
            falls_assessment: None,
            aom_recommendation: (i < 3).then_some(crate::dataset::AomRecommendation::Recommended),
            aom_start_date: None,
            strength_balance_date: None,
            first_followup_date: None,
            second_followup_date: None,
            aom_at_52_weeks: None,
            refracture_date: None,
            high_risk: None,
            low_t_score: false,
            frax_major_pct: None,
            primary_care_letter_date: None,
            secondary_causes_screen: None,
            lifestyle_advice: None,
            sex: crate::dataset::Sex::F,
            residence_before: None,
        })
        .collect();
    let r = compute(
        &KpiDefinitions::default(),
        &eps,
        &[],
        date!(2025 - 01 - 01),
        date!(2025 - 12 - 31),
        date!(2027 - 01 - 01),
    );
    // kpi6: 3 of 12 → numerator suppressed, value and band withheld.
    let k6 = d.disclose_kpi(r.kpi(KpiId::Kpi6AomRecommended));
    assert_eq!(k6.numerator, Disclosed::Suppressed { below: 8 });
    assert_eq!(
        k6.denominator,
        DisclosedDenominator::Count(Disclosed::Rounded(10))
    );
    assert_eq!((k6.value, k6.band), (None, None));
    // kpi5: 0 of 12 → zero stays zero, value shown from the unrounded counts.
    let k5 = d.disclose_kpi(r.kpi(KpiId::Kpi5FallsAssessment));
    assert_eq!(k5.numerator, Disclosed::Exact(0));
    assert_eq!(k5.value, Some(0.0));
    assert_eq!(k5.band, Some(Band::Red));
    let j = serde_json::to_value(&k6).unwrap();
    assert_eq!(j["numerator"], "<8");
    assert_eq!(j["denominator"], 10);
}

fn c(country: &str, region: &str, fls: usize) -> CountryFls {
    CountryFls {
        country: country.into(),
        region: region.into(),
        fls,
    }
}

#[test]
fn small_countries_are_folded_into_their_region() {
    let d = Disclosure::default();
    let plan = d.plan_aggregates(&[
        c("GB", "europe", 12),
        c("FR", "europe", 5),
        c("MT", "europe", 1),
        c("LU", "europe", 2),
        c("JP", "asia_pacific", 4),
        c("AU", "asia_pacific", 3),
    ]);
    // MT and LU (3 FLSs together) are folded; europe − GB − FR = those 3.
    assert_eq!(
        plan.countries,
        ["AU", "FR", "GB", "JP"].map(String::from).into()
    );
    assert_eq!(plan.folded.len(), 2);
    assert_eq!(
        plan.for_country("MT"),
        Some(AggregateScope::Region("europe".into()))
    );
    assert_eq!(
        plan.for_country("GB"),
        Some(AggregateScope::Country("GB".into()))
    );
    assert_eq!(plan.for_country("XX"), None);
    assert!(plan.regions.contains("europe") && plan.global);
    assert!(d.aggregate_released(3) && !d.aggregate_released(2));
}

#[test]
fn folding_closes_the_region_minus_countries_subtraction() {
    let d = Disclosure::default();
    // IS alone (1 FLS) would be europe − GB − SE: SE, the smallest, is folded with it.
    let plan = d.plan_aggregates(&[
        c("GB", "europe", 12),
        c("SE", "europe", 4),
        c("IS", "europe", 1),
    ]);
    assert_eq!(plan.countries, ["GB"].map(String::from).into());
    assert_eq!(
        plan.for_country("SE"),
        Some(AggregateScope::Region("europe".into()))
    );
    // A region of 2 FLSs is not released, and the world would show it as the
    // difference: the global aggregate is withheld.
    let plan = d.plan_aggregates(&[c("GB", "europe", 12), c("US", "north_america", 2)]);
    assert!(!plan.regions.contains("north_america"));
    assert_eq!(plan.for_country("US"), None);
    assert!(!plan.global);
    let plan = d.plan_aggregates(&[
        c("GB", "europe", 12),
        c("US", "north_america", 2),
        c("NG", "africa", 1),
    ]);
    assert!(plan.global);
    assert!(!d.plan_aggregates(&[c("GB", "europe", 2)]).global);
}

#[test]
fn funnel_points_are_anonymous_sorted_and_only_the_own_one_is_flagged() {
    let d = Disclosure::default();
    let fls = [
        FlsPoint {
            fls_id: 10,
            numerator: 40,
            denominator: 50,
        },
        FlsPoint {
            fls_id: 11,
            numerator: 3,
            denominator: 4,
        }, // own: shown exactly
        FlsPoint {
            fls_id: 12,
            numerator: 18,
            denominator: 62,
        },
        FlsPoint {
            fls_id: 13,
            numerator: 5,
            denominator: 60,
        }, // numerator <8: left out
        FlsPoint {
            fls_id: 14,
            numerator: 30,
            denominator: 52,
        },
        FlsPoint {
            fls_id: 15,
            numerator: 0,
            denominator: 0,
        },
    ];
    let f = d.funnel(&fls, Some(11));
    assert_eq!(f.p0, Some(96.0 / 228.0));
    assert_eq!(f.withheld, 1);
    let pts: Vec<_> = f.points.iter().map(|p| (p.denominator, p.own)).collect();
    assert_eq!(pts, vec![(60, false), (50, false), (4, true), (50, false)]);
    assert!(f.points.windows(2).all(|w| w[0].value <= w[1].value));
    assert_eq!(f.points[0].value, 18.0 / 62.0); // from unrounded counts
    assert_eq!(f.points.iter().filter(|p| p.own).count(), 1);
    let j = serde_json::to_value(&f).unwrap();
    assert!(!j.to_string().contains("fls"));
    assert_eq!(f.points[3].signal, classify(96.0 / 228.0, 40, 50).unwrap());
    // Without an own FLS (a national lead's view) nothing is flagged.
    assert!(d.funnel(&fls, None).points.iter().all(|p| !p.own));
    assert_eq!(d.funnel(&[], None).p0, None);
}

#[test]
fn quarters_for_run_charts() {
    assert_eq!(quarter(date!(2026 - 01 - 01)), "2026-Q1");
    assert_eq!(quarter(date!(2026 - 03 - 31)), "2026-Q1");
    assert_eq!(quarter(date!(2026 - 04 - 01)), "2026-Q2");
    assert_eq!(quarter(date!(2025 - 12 - 31)), "2025-Q4");
    let q = Quarter::of(date!(2024 - 02 - 10));
    assert_eq!(
        (q.first_day(), q.last_day()),
        (date!(2024 - 01 - 01), date!(2024 - 03 - 31))
    );
    let q4 = Quarter::of(date!(2024 - 11 - 10));
    assert_eq!(q4.last_day(), date!(2024 - 12 - 31));
    assert_eq!(
        q4.next(),
        Quarter {
            year: 2025,
            quarter: 1
        }
    );
    assert_eq!(
        Quarter::of(date!(2024 - 08 - 01)).last_day(),
        date!(2024 - 09 - 30)
    );
    assert!(Quarter::of(date!(2025 - 01 - 01)) > q4);
    assert_eq!(serde_json::to_value(q4).unwrap(), "2024-Q4");
}
