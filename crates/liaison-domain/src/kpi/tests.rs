//! Every KPI by hand on small crafted data, one boundary at a time, with the helpers the
//! child modules share: the empty scope, supporting measures and the output's shape are in
//! `output`, properties over pseudo-random data (numerator ≤ denominator, row order, FLS
//! independence, additivity) in `properties`, breakdowns (cells add up) in `breakdown`.

use super::*;
use crate::dataset::{
    AomRecommendation as Aom, DxaStatus, FallsAssessment as Falls, FractureSite as Site, Setting,
    YesNoUnknown as Yn,
};
use time::Duration;
use time::macros::date;

mod breakdown;
mod kpi12;
mod measures;
mod output;
mod properties;

const F: Date = date!(2025 - 03 - 01);
const FROM: Date = date!(2025 - 01 - 01);
const TO: Date = date!(2025 - 12 - 31);
/// A date by which every window of an episode of 2025 has closed.
const LATE: Date = date!(2027 - 01 - 01);

fn plus(d: Date, n: i64) -> Date {
    d + Duration::days(n)
}

/// A 75-year-old's wrist fracture with nothing else recorded.
fn ep(fracture: Date) -> KpiEpisode {
    KpiEpisode {
        fls_id: 1,
        fracture_date: fracture,
        birth_date: date!(1950 - 01 - 01),
        death_date: None,
        fracture_site: Site::Wrist,
        setting: Setting::Outpatient,
        fls_assessment_date: None,
        dxa_status: None,
        dxa_date: None,
        falls_assessment: None,
        aom_recommendation: None,
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
    }
}

fn run(eps: &[KpiEpisode], as_of: Date) -> KpiReport {
    compute(&KpiDefinitions::default(), eps, &[], FROM, TO, as_of)
}

/// (numerator, denominator, not_yet_due, excluded_died)
fn t(r: &KpiReport, id: KpiId) -> (u64, f64, u64, u64) {
    let k = r.kpi(id);
    (k.numerator, k.denominator, k.not_yet_due, k.excluded_died)
}

// --- definitions ---------------------------------------------------------------------------

#[test]
fn the_shipped_v1_file_is_the_default_and_valid() {
    let d = KpiDefinitions::from_json(V1_JSON).unwrap();
    assert_eq!(d, KpiDefinitions::default());
    assert_eq!(d, KpiDefinitions::v1());
    assert_eq!(d.version, "1");
    let round = serde_json::to_string(&d).unwrap();
    assert_eq!(KpiDefinitions::from_json(&round).unwrap(), d);
}

#[test]
fn invalid_definitions_are_refused() {
    let with = |f: &dyn Fn(&mut KpiDefinitions)| {
        let mut d = KpiDefinitions::default();
        f(&mut d);
        d.validate()
    };
    assert!(with(&|d| d.windows.assessment_days = 0).is_err());
    assert!(with(&|d| d.windows.persistence_days = 9000).is_err());
    assert!(with(&|d| d.windows.dxa_before_fracture_days = 0).is_ok());
    assert!(with(&|d| d.bands.green_above = 1.5).is_err());
    assert!(with(&|d| d.bands.red_below = -0.1).is_err());
    assert!(with(&|d| d.bands.kpi6_green_from = f64::NAN).is_err());
    assert!(with(&|d| d.bands.red_below = 0.9).is_err());
    assert!(with(&|d| d.completeness_flag_missing_above = 2.0).is_err());
    assert!(with(&|d| d.version = String::new()).is_err());
    assert!(with(&|d| d.min_age = 0).is_err());
    // Unknown or missing keys, negative windows: refused when read.
    let unknown = V1_JSON.replace("\"min_age\"", "\"minimum_age\"");
    assert!(matches!(
        KpiDefinitions::from_json(&unknown),
        Err(DefinitionsError::Json(_))
    ));
    let negative = V1_JSON.replace("\"dxa_days\": 84", "\"dxa_days\": -84");
    assert!(KpiDefinitions::from_json(&negative).is_err());
    let zero = V1_JSON.replace("\"dxa_days\": 84", "\"dxa_days\": 0");
    assert_eq!(
        KpiDefinitions::from_json(&zero),
        Err(DefinitionsError::Invalid {
            field: "windows.dxa_days",
            problem: "must be between 1 and 3660 days"
        })
    );
}

#[test]
fn a_country_can_use_90_days_without_a_code_change() {
    let json = V1_JSON
        .replace("\"version\": \"1\"", "\"version\": \"1-ES\"")
        .replace("\"assessment_days\": 84", "\"assessment_days\": 90");
    let es = KpiDefinitions::from_json(&json).unwrap();
    let mut e = ep(F);
    e.fls_assessment_date = Some(plus(F, 88));
    let v1 = compute(&KpiDefinitions::default(), &[e], &[], FROM, TO, LATE);
    let r = compute(&es, &[e], &[], FROM, TO, LATE);
    assert_eq!(t(&v1, KpiId::Kpi3Assessment12w), (0, 1.0, 0, 0));
    assert_eq!(t(&r, KpiId::Kpi3Assessment12w), (1, 1.0, 0, 0));
    assert_eq!(r.definitions_version, "1-ES");
}

#[test]
fn bands_follow_the_table() {
    let d = KpiDefinitions::default();
    let b = |id, v| d.band(id, v);
    use Band::*;
    let k3 = KpiId::Kpi3Assessment12w;
    assert_eq!(b(k3, 0.49), Red);
    assert_eq!(b(k3, 0.5), Amber);
    assert_eq!(b(k3, 4.0 / 5.0), Amber);
    assert_eq!(b(k3, 0.81), Green);
    assert_eq!(b(KpiId::Kpi1IdentificationNonSpine, 1.3), Green);
    let k6 = KpiId::Kpi6AomRecommended;
    assert_eq!(b(k6, 0.49), Red);
    assert_eq!(b(k6, 3.0 / 6.0), Green);
    assert_eq!(b(k6, 0.7), Green);
}

// --- population ----------------------------------------------------------------------------

#[test]
fn population_is_the_period_up_to_as_of_and_50_or_over() {
    let at = |fracture: Date, birth: Date| KpiEpisode {
        birth_date: birth,
        ..ep(fracture)
    };
    let old = date!(1950 - 01 - 01);
    let eps = [
        at(F, date!(1975 - 03 - 01)),   // 50 on the day: in
        at(F, date!(1975 - 03 - 02)),   // 49: out
        at(date!(2024 - 12 - 31), old), // before the period
        at(FROM, old),                  // first day: in
        at(TO, old),                    // last day: in (as_of later)
        at(date!(2026 - 01 - 01), old), // after the period
        at(date!(2025 - 07 - 01), old), // after as_of
        at(date!(2025 - 06 - 30), old), // on as_of: in
    ];
    let r = run(&eps, date!(2025 - 06 - 30));
    // TO is after as_of: not in P.
    assert_eq!(r.supporting.episodes, 3);
    let r = run(&eps, LATE);
    assert_eq!(r.supporting.episodes, 5);
    assert_eq!(t(&r, KpiId::Kpi6AomRecommended), (0, 5.0, 0, 0));
}

// --- kpi1 and kpi2 -------------------------------------------------------------------------

fn caseload() -> (Vec<KpiEpisode>, Vec<FlsExpected>) {
    let at = |fls, site| KpiEpisode {
        fls_id: fls,
        fracture_site: site,
        ..ep(F)
    };
    let eps = vec![
        at(1, Site::Wrist),
        at(1, Site::Hip),
        at(1, Site::Rib),
        at(1, Site::Spine),
        at(2, Site::Hip),
        at(2, Site::Hip),
        at(2, Site::Spine),
        at(2, Site::Spine),
        at(3, Site::Wrist), // FLS 3 has no profile figures at all
        at(3, Site::Spine),
        KpiEpisode {
            birth_date: date!(1990 - 01 - 01), // under 50: not in P
            ..at(1, Site::Wrist)
        },
    ];
    let expected = vec![
        FlsExpected {
            fls_id: 1,
            expected_non_spine_per_year: Some(100),
            expected_spine_per_year: Some(20),
        },
        FlsExpected {
            fls_id: 2,
            expected_non_spine_per_year: None,
            expected_spine_per_year: Some(10),
        },
        FlsExpected {
            fls_id: 4, // no episodes, but its expected fractures count
            expected_non_spine_per_year: Some(50),
            expected_spine_per_year: Some(0),
        },
    ];
    (eps, expected)
}

#[test]
fn kpi1_and_kpi2_use_the_expected_caseload_of_flss_that_have_it() {
    let (eps, expected) = caseload();
    let d = KpiDefinitions::default();
    let r = compute(&d, &eps, &expected, FROM, TO, LATE);
    let k1 = r.kpi(KpiId::Kpi1IdentificationNonSpine);
    // FLS 1 (100/year) and FLS 4 (50/year) over 365 days; FLS 2 and 3 left out.
    let den1 = 150.0 * 365.0 / 365.25;
    assert_eq!(k1.numerator, 3);
    assert_eq!(k1.denominator, 149.9);
    assert_eq!(k1.value, Some(3.0 / den1));
    assert_eq!(k1.band, Some(Band::Red));
    let k2 = r.kpi(KpiId::Kpi2IdentificationSpine);
    let den2 = 30.0 * 365.0 / 365.25;
    assert_eq!(k2.numerator, 3); // FLS 1: 1, FLS 2: 2; FLS 3 left out
    assert_eq!(k2.denominator, 30.0);
    assert_eq!(k2.value, Some(3.0 / den2));
    assert_eq!(r.expected_caseload.no_expected_non_spine, vec![2, 3]);
    assert_eq!(r.expected_caseload.no_expected_spine, vec![3]);
    assert_eq!(r.expected_caseload.days, 365);
    assert_eq!(r.fls_count, 4);
    // The other KPIs count every FLS.
    assert_eq!(r.supporting.episodes, 10);

    // The expected caseload covers the period only up to the as-of date.
    let r = compute(&d, &eps, &expected, FROM, TO, date!(2025 - 06 - 30));
    assert_eq!(r.expected_caseload.days, 181);
    let k1 = r.kpi(KpiId::Kpi1IdentificationNonSpine);
    assert_eq!(k1.value, Some(3.0 / (150.0 * 181.0 / 365.25)));
    assert_eq!(k1.denominator, 74.3);

    let by = compute_by_fls(&d, &eps, &expected, FROM, TO, LATE);
    assert_eq!(by.keys().copied().collect::<Vec<_>>(), vec![1, 2, 3, 4]);
    let four = &by[&4];
    assert_eq!(four.kpi(KpiId::Kpi1IdentificationNonSpine).value, Some(0.0));
    assert_eq!(four.kpi(KpiId::Kpi2IdentificationSpine).value, None);
    let three = &by[&3];
    assert_eq!(three.kpi(KpiId::Kpi1IdentificationNonSpine).value, None);
    assert_eq!(three.kpi(KpiId::Kpi1IdentificationNonSpine).numerator, 0);
    assert_eq!(three.expected_caseload.no_expected_non_spine, vec![3]);
    assert_eq!(three.supporting.episodes, 2);
}

// --- kpi3 to kpi10 -------------------------------------------------------------------------

const AS_OF: Date = date!(2025 - 10 - 01);

#[test]
fn kpi3_assessment_within_84_days() {
    let e = |assessed: Option<i64>, died: Option<i64>| KpiEpisode {
        fls_assessment_date: assessed.map(|n| plus(F, n)),
        death_date: died.map(|n| plus(F, n)),
        ..ep(F)
    };
    let eps = [
        e(Some(84), None),     // last day of the window: in
        e(Some(85), None),     // day after: a miss
        e(None, Some(84)),     // died in the window without one: excluded
        e(None, Some(85)),     // died after the window: a miss
        e(Some(40), Some(50)), // died in the window after one: counted
        ep(plus(AS_OF, -84)),  // window closes on as_of: due
        ep(plus(AS_OF, -83)),  // closes the day after: not yet due
    ];
    let r = run(&eps, AS_OF);
    assert_eq!(t(&r, KpiId::Kpi3Assessment12w), (2, 5.0, 1, 1));
    assert_eq!(r.kpi(KpiId::Kpi3Assessment12w).value, Some(0.4));
    assert_eq!(r.kpi(KpiId::Kpi3Assessment12w).band, Some(Band::Red));
}

#[test]
fn kpi4_dxa_within_84_days_or_a_year_before() {
    let e = |scan: Option<i64>, status: Option<DxaStatus>, died: Option<i64>| KpiEpisode {
        dxa_date: scan.map(|n| plus(F, n)),
        dxa_status: status.or(scan.map(|_| DxaStatus::Done)),
        death_date: died.map(|n| plus(F, n)),
        ..ep(F)
    };
    let eps = [
        e(Some(84), None, None),
        e(Some(85), None, None),
        e(Some(-365), None, None),
        e(Some(-366), None, None),
        e(None, Some(DxaStatus::NotRequired), None), // out of the KPI
        e(None, Some(DxaStatus::Declined), Some(10)), // died without a scan
        e(Some(20), None, Some(30)),                 // died after a scan
        KpiEpisode {
            dxa_status: Some(DxaStatus::NotRequired),
            ..ep(plus(AS_OF, -10))
        }, // not required: not even "not yet due"
        ep(plus(AS_OF, -10)),
    ];
    let r = run(&eps, AS_OF);
    assert_eq!(t(&r, KpiId::Kpi4Dxa12w), (3, 5.0, 1, 1));
}

#[test]
fn kpi5_falls_assessment_has_no_window() {
    let e = |f: Option<Falls>, fracture: Date| KpiEpisode {
        falls_assessment: f,
        ..ep(fracture)
    };
    let eps = [
        e(Some(Falls::Done), F),
        e(Some(Falls::Referred), F),
        e(Some(Falls::NotRequired), F),
        e(Some(Falls::Declined), F),
        e(Some(Falls::NotDone), F),
        e(None, F),
        e(Some(Falls::Done), AS_OF),
    ];
    let r = run(&eps, AS_OF);
    assert_eq!(t(&r, KpiId::Kpi5FallsAssessment), (3, 6.0, 0, 0));
    assert_eq!(r.kpi(KpiId::Kpi5FallsAssessment).band, Some(Band::Amber));
}

#[test]
fn kpi6_aom_recommended_or_continued() {
    let e = |a: Option<Aom>| KpiEpisode {
        aom_recommendation: a,
        ..ep(F)
    };
    let mut eps = vec![
        e(Some(Aom::Recommended)),
        e(Some(Aom::Continue)),
        e(Some(Aom::NotIndicated)),
        e(Some(Aom::Contraindicated)),
        e(Some(Aom::Declined)),
        e(None),
    ];
    let r = run(&eps, AS_OF);
    assert_eq!(t(&r, KpiId::Kpi6AomRecommended), (2, 6.0, 0, 0));
    assert_eq!(r.kpi(KpiId::Kpi6AomRecommended).band, Some(Band::Red));
    eps[2] = e(Some(Aom::Recommended));
    // 3 of 6 = 50 %: green for kpi6 (no amber).
    assert_eq!(
        run(&eps, AS_OF).kpi(KpiId::Kpi6AomRecommended).band,
        Some(Band::Green)
    );
}

#[test]
fn kpi7_and_kpi8_follow_up_and_aom_start_within_112_days() {
    let e = |a: Aom, fu: Option<i64>, start: Option<i64>, died: Option<i64>| KpiEpisode {
        aom_recommendation: Some(a),
        first_followup_date: fu.map(|n| plus(F, n)),
        aom_start_date: start.map(|n| plus(F, n)),
        death_date: died.map(|n| plus(F, n)),
        ..ep(F)
    };
    let rec = |fracture| KpiEpisode {
        aom_recommendation: Some(Aom::Recommended),
        ..ep(fracture)
    };
    let eps = [
        e(Aom::Recommended, Some(112), Some(112), None),
        // `continue`: a course begun before the fracture counts as started.
        e(Aom::Continue, Some(113), Some(-200), None),
        e(Aom::Recommended, None, None, Some(112)),
        e(Aom::Recommended, Some(50), None, Some(60)),
        e(Aom::NotIndicated, Some(50), Some(50), None), // not in the population
        rec(plus(AS_OF, -111)),                         // not yet due
        rec(plus(AS_OF, -112)),                         // due on as_of
    ];
    let r = run(&eps, AS_OF);
    assert_eq!(t(&r, KpiId::Kpi7Followup16w), (2, 4.0, 1, 1));
    assert_eq!(t(&r, KpiId::Kpi8AomStarted16w), (2, 3.0, 1, 2));
}

#[test]
fn kpi9_strength_and_balance_for_non_hip_fractures() {
    let e = |site, sb: Option<i64>, died: Option<i64>| KpiEpisode {
        fracture_site: site,
        strength_balance_date: sb.map(|n| plus(F, n)),
        death_date: died.map(|n| plus(F, n)),
        ..ep(F)
    };
    let eps = [
        e(Site::Wrist, Some(112), None),
        e(Site::Spine, Some(113), None),
        e(Site::Hip, Some(1), None),
        e(Site::Wrist, None, Some(112)),
        KpiEpisode {
            fracture_site: Site::Humerus,
            ..ep(plus(AS_OF, -111))
        },
    ];
    let r = run(&eps, AS_OF);
    assert_eq!(t(&r, KpiId::Kpi9StrengthBalance16w), (1, 2.0, 1, 1));
}

#[test]
fn kpi10_persistence_at_364_days() {
    let as_of = date!(2026 - 06 - 01);
    let e = |a: Aom, y: Option<Yn>, died: Option<i64>| KpiEpisode {
        aom_recommendation: Some(a),
        aom_at_52_weeks: y,
        second_followup_date: y.map(|_| plus(F, 300)),
        death_date: died.map(|n| plus(F, n)),
        ..ep(F)
    };
    let eps = [
        e(Aom::Recommended, Some(Yn::Yes), None),
        e(Aom::Recommended, Some(Yn::No), None),
        e(Aom::Continue, Some(Yn::Unknown), None),
        e(Aom::Recommended, Some(Yn::Yes), Some(364)), // died in the window: out, even with yes
        e(Aom::Recommended, Some(Yn::Yes), Some(365)), // died after it: counted
        KpiEpisode {
            aom_recommendation: Some(Aom::Recommended),
            ..ep(plus(as_of, -363))
        },
        // Due, but the answer was given at a review after as_of: not yet recorded.
        KpiEpisode {
            aom_recommendation: Some(Aom::Recommended),
            aom_at_52_weeks: Some(Yn::Yes),
            second_followup_date: Some(plus(as_of, 1)),
            ..ep(plus(as_of, -364))
        },
        e(Aom::NotIndicated, Some(Yn::Yes), None),
    ];
    let r = compute(&KpiDefinitions::default(), &eps, &[], FROM, TO, as_of);
    assert_eq!(t(&r, KpiId::Kpi10AomPersistence52w), (2, 5.0, 1, 1));
}

// --- kpi11 ---------------------------------------------------------------------------------

#[test]
fn kpi11_completeness_by_hand() {
    let as_of = date!(2026 - 06 - 01);
    let a = KpiEpisode {
        aom_recommendation: Some(Aom::Recommended),
        fls_assessment_date: Some(plus(F, 10)),
        falls_assessment: Some(Falls::Done),
        first_followup_date: Some(plus(F, 100)),
        second_followup_date: Some(plus(F, 300)),
        aom_at_52_weeks: Some(Yn::Unknown), // unknown is not recorded
        ..ep(F)
    };
    // Not due at 84 days; no recommendation yet, so no follow-up items.
    let b = ep(plus(as_of, -50));
    // Died on day 100: the 84-day items are expected, the later ones are not.
    let c = KpiEpisode {
        aom_recommendation: Some(Aom::Recommended),
        dxa_status: Some(DxaStatus::Declined),
        death_date: Some(plus(F, 100)),
        ..ep(F)
    };
    // Everything dated after as_of is not yet recorded, with the values tied to it.
    let d = KpiEpisode {
        aom_recommendation: Some(Aom::Continue),
        fls_assessment_date: Some(plus(as_of, 1)),
        dxa_status: Some(DxaStatus::Done),
        dxa_date: Some(plus(as_of, 2)),
        falls_assessment: Some(Falls::NotDone),
        aom_start_date: Some(plus(F, -100)),
        second_followup_date: Some(plus(as_of, 4)),
        aom_at_52_weeks: Some(Yn::Yes),
        ..ep(F)
    };
    let r = compute(
        &KpiDefinitions::default(),
        &[a, b, c, d],
        &[],
        FROM,
        as_of,
        as_of,
    );
    assert_eq!(t(&r, KpiId::Kpi11Completeness), (18, 28.0, 4, 4));
    assert_eq!(r.kpi(KpiId::Kpi11Completeness).band, Some(Band::Amber));
    use CompletenessItem as I;
    let expect = [
        // (item, expected, recorded, flagged, not_yet_due, excluded_died)
        (I::FractureSite, 4, 4, false, 0, 0),
        (I::Setting, 4, 4, false, 0, 0),
        (I::FlsAssessmentDate, 3, 1, true, 1, 0),
        (I::DxaStatus, 3, 1, true, 1, 0),
        (I::FallsAssessment, 3, 2, true, 1, 0),
        (I::AomRecommendation, 3, 3, false, 1, 0),
        (I::FirstFollowupDate, 2, 1, true, 0, 1),
        (I::AomStartDate, 2, 1, true, 0, 1),
        (I::SecondFollowupDate, 2, 1, true, 0, 1),
        (I::AomAt52Weeks, 2, 0, true, 0, 1),
    ];
    for (item, exp, rec, flagged, nyd, died) in expect {
        let c = r.item(item);
        assert_eq!(
            (
                c.item,
                c.expected,
                c.recorded,
                c.flagged,
                c.not_yet_due,
                c.excluded_died
            ),
            (item, exp, rec, flagged, nyd, died),
            "{item:?}"
        );
    }
}

#[test]
fn exactly_20_percent_missing_is_not_flagged() {
    let mut eps: Vec<_> = (0..5)
        .map(|i| KpiEpisode {
            fls_assessment_date: (i > 0).then(|| plus(F, 5)),
            falls_assessment: (i > 1).then_some(Falls::Done),
            ..ep(F)
        })
        .collect();
    let r = run(&eps, LATE);
    assert!(!r.item(CompletenessItem::FlsAssessmentDate).flagged);
    assert!(r.item(CompletenessItem::FallsAssessment).flagged);
    eps.clear();
    assert_eq!(run(&eps, LATE).item(CompletenessItem::Setting).value, None);
}
