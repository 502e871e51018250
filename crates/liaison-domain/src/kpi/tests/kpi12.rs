//! kpi12, high-risk patients started on AOM within 16 weeks, by hand: who is high-risk (the
//! clinician's answer, the site, a T-score, FRAX against the threshold in force), the window,
//! deaths, and the bands.

use super::*;
use crate::dataset::YesNo;

const K12: KpiId = KpiId::Kpi12HighRiskAom16w;

fn with_threshold(t: f64) -> KpiDefinitions {
    KpiDefinitions {
        frax_high_risk_threshold: t,
        ..KpiDefinitions::default()
    }
}

fn count12(defs: &KpiDefinitions, eps: &[KpiEpisode]) -> (u64, f64, u64, u64) {
    let r = compute(defs, eps, &[], FROM, TO, AS_OF);
    t(&r, K12)
}

#[test]
fn a_hip_fracture_the_clinician_called_not_high_risk_is_left_out() {
    let hip = |judgement| KpiEpisode {
        fracture_site: Site::Hip,
        high_risk: judgement,
        aom_start_date: Some(plus(F, 30)),
        ..ep(F)
    };
    let d = KpiDefinitions::default();
    // Blank: a hip fracture is high-risk by the rule.
    assert_eq!(count12(&d, &[hip(None)]), (1, 1.0, 0, 0));
    // `no` overrides the site: not in kpi12 at all.
    assert_eq!(count12(&d, &[hip(Some(YesNo::No))]), (0, 0.0, 0, 0));
}

#[test]
fn a_wrist_fracture_with_frax_25_counts_at_threshold_20_but_not_at_30() {
    let wrist = KpiEpisode {
        frax_major_pct: Some(25.0),
        ..ep(F)
    };
    // Due, no AOM started: in the denominator only.
    assert_eq!(count12(&with_threshold(20.0), &[wrist]), (0, 1.0, 0, 0));
    assert_eq!(count12(&with_threshold(30.0), &[wrist]), (0, 0.0, 0, 0));
    // Exactly at the threshold is high-risk.
    assert_eq!(count12(&with_threshold(25.0), &[wrist]), (0, 1.0, 0, 0));
}

#[test]
fn a_death_in_the_window_without_a_start_is_excluded_not_failed() {
    let high = |start: Option<i64>, died: Option<i64>| KpiEpisode {
        high_risk: Some(YesNo::Yes),
        aom_start_date: start.map(|n| plus(F, n)),
        death_date: died.map(|n| plus(F, n)),
        ..ep(F)
    };
    let d = KpiDefinitions::default();
    let eps = [
        high(None, Some(60)),     // died in the window, no start: excluded
        high(Some(20), Some(60)), // started, then died: still counted, as a success
        high(None, Some(113)),    // died after the window: a miss
        high(Some(112), None),    // started on day 112: in time
        high(Some(113), None),    // day 113: too late
    ];
    assert_eq!(count12(&d, &eps), (2, 4.0, 0, 1));
}

#[test]
fn only_high_risk_episodes_due_at_112_days_are_counted() {
    let d = KpiDefinitions::default();
    let eps = [
        // Not high-risk: a wrist without any risk fact.
        KpiEpisode {
            aom_start_date: Some(plus(F, 10)),
            ..ep(F)
        },
        // High-risk by a T-score of −2.5 or lower, started in time.
        KpiEpisode {
            low_t_score: true,
            aom_start_date: Some(plus(F, 10)),
            ..ep(F)
        },
        // High-risk (spine), window still open on the as-of date.
        KpiEpisode {
            fracture_site: Site::Spine,
            ..ep(plus(AS_OF, -111))
        },
        // High-risk (spine), due on the as-of date, not started.
        KpiEpisode {
            fracture_site: Site::Spine,
            ..ep(plus(AS_OF, -112))
        },
    ];
    let r = compute(&d, &eps, &[], FROM, TO, AS_OF);
    assert_eq!(t(&r, K12), (1, 2.0, 1, 0));
    let k = r.kpi(K12);
    // 1 of 2 = 50 %: amber (red is below 50 %).
    assert_eq!(k.value, Some(0.5));
    assert_eq!(k.band, Some(Band::Amber));
    assert_eq!(K12.better(), Better::Higher);
}

#[test]
fn the_patient_list_of_the_denominator_holds_only_high_risk_episodes() {
    let d = KpiDefinitions::default();
    let period = KpiPeriod {
        from: FROM,
        to: TO,
        as_of: AS_OF,
    };
    let low = ep(F);
    let high = KpiEpisode {
        frax_major_pct: Some(20.0),
        ..ep(F)
    };
    assert!(!membership(&d, &period, &low, K12, Part::Denominator));
    assert!(membership(&d, &period, &high, K12, Part::Denominator));
    assert!(!membership(&d, &period, &high, K12, Part::Numerator));
}

#[test]
fn a_version_1_definition_file_still_loads_and_uses_frax_20() {
    let d = KpiDefinitions::from_json(V1_JSON).unwrap();
    let e = KpiEpisode {
        frax_major_pct: Some(20.0),
        ..ep(F)
    };
    assert_eq!(count12(&d, &[e]), (0, 1.0, 0, 0));
}

#[test]
fn a_frax_equal_to_a_threshold_with_decimals_counts_as_high_risk() {
    // The rows keep FRAX as f32; 19.9 is not exact in either width, and must still meet a
    // threshold of 19.9 (and miss one of 19.91).
    let e = |frax: &str| {
        let f: f64 = frax.parse().unwrap();
        KpiEpisode {
            frax_major_pct: Some(f as f32),
            ..ep(F)
        }
    };
    let mut d = KpiDefinitions {
        frax_high_risk_threshold: 19.9,
        ..KpiDefinitions::default()
    };
    assert_eq!(count12(&d, &[e("19.9")]).1, 1.0, "equal: high-risk");
    assert_eq!(count12(&d, &[e("19.89")]).1, 0.0, "below: not");
    d.frax_high_risk_threshold = 19.91;
    assert_eq!(count12(&d, &[e("19.9")]).1, 0.0);
}
