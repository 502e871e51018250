//! Every KPI by hand on small crafted data, one boundary at a time, then properties over
//! pseudo-random data (numerator ≤ denominator, row order, FLS independence, additivity).

use super::*;
use crate::dataset::{
    AomRecommendation as Aom, DxaStatus, FallsAssessment as Falls, FractureSite as Site, Setting,
    YesNoUnknown as Yn,
};
use time::Duration;
use time::macros::date;

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

// --- scope, supporting measures, output ----------------------------------------------------

#[test]
fn an_empty_scope_has_null_values_and_bands() {
    let r = run(&[], LATE);
    assert_eq!(r.kpis.len(), 11);
    for k in &r.kpis {
        assert_eq!(
            (k.numerator, k.denominator, k.value, k.band),
            (0, 0.0, None, None)
        );
    }
    let s = &r.supporting;
    assert_eq!(s.episodes, 0);
    assert!(s.by_site.iter().all(|x| x.share.is_none()));
    assert_eq!(s.median_days_to_assessment, None);
    assert_eq!(s.refracture_rate_per_100_patient_years, None);
    assert_eq!(r.fls_count, 0);
    // A period that ends before it starts, or starts after as_of: empty too.
    let r = compute(&KpiDefinitions::default(), &[ep(F)], &[], TO, FROM, LATE);
    assert_eq!(r.supporting.episodes, 0);
    assert_eq!(r.expected_caseload.days, 0);
}

#[test]
fn supporting_measures_by_hand() {
    let as_of = date!(2026 - 06 - 01);
    let late_fracture = date!(2025 - 12 - 31);
    let eps = [
        KpiEpisode {
            fracture_site: Site::Hip,
            setting: Setting::Inpatient,
            fls_assessment_date: Some(plus(F, 10)),
            dxa_date: Some(plus(F, 20)),
            aom_start_date: Some(plus(F, 30)),
            refracture_date: Some(plus(F, 100)),
            ..ep(F)
        },
        KpiEpisode {
            fls_assessment_date: Some(plus(F, 20)),
            dxa_date: Some(plus(F, -30)), // before the fracture: not in the median
            aom_start_date: Some(plus(F, -10)), // likewise
            death_date: Some(plus(F, 200)),
            ..ep(F)
        },
        KpiEpisode {
            fracture_site: Site::Spine,
            fls_assessment_date: Some(plus(F, 31)),
            death_date: Some(plus(F, 364)),
            ..ep(F)
        },
        KpiEpisode {
            fls_assessment_date: Some(plus(as_of, 1)), // after as_of: ignored
            death_date: Some(plus(F, 365)),
            ..ep(F)
        },
        KpiEpisode {
            fracture_site: Site::Humerus,
            fls_assessment_date: Some(plus(late_fracture, 5)),
            refracture_date: Some(plus(as_of, 1)), // after as_of: ignored
            ..ep(late_fracture)
        },
    ];
    let r = compute(&KpiDefinitions::default(), &eps, &[], FROM, TO, as_of);
    let s = &r.supporting;
    assert_eq!(s.episodes, 5);
    let site = |c: &str| s.by_site.iter().find(|x| x.code == c).unwrap().clone();
    assert_eq!((site("hip").episodes, site("hip").share), (1, Some(0.2)));
    assert_eq!(
        (site("wrist").episodes, site("wrist").share),
        (2, Some(0.4))
    );
    assert_eq!(site("pelvis").share, Some(0.0));
    assert_eq!(s.by_setting[0].code, "inpatient");
    assert_eq!((s.by_setting[0].episodes, s.by_setting[1].episodes), (1, 4));
    // Assessment: 5, 10, 20, 31 days → (10 + 20) / 2.
    assert_eq!(s.median_days_to_assessment, Some(15.0));
    assert_eq!(s.median_days_to_dxa, Some(20.0));
    assert_eq!(s.median_days_to_aom_start, Some(30.0));
    let nyd: Vec<_> = s.not_yet_due.iter().map(|w| (w.days, w.episodes)).collect();
    assert_eq!(nyd, vec![(84, 0), (112, 0), (364, 1)]);
    // Follow-up: 100 (refracture) + 200 (death) + 364 + 365 (deaths) + 152 (to as_of).
    assert_eq!(s.refractures, 1);
    assert_eq!(s.patient_years, 1181.0 / 365.25);
    assert_eq!(
        s.refracture_rate_per_100_patient_years,
        Some(100.0 / (1181.0 / 365.25))
    );
    assert_eq!(s.deaths_within_52_weeks, 2);
}

#[test]
fn the_output_has_the_published_shape() {
    let (eps, expected) = caseload();
    let r = compute(&KpiDefinitions::default(), &eps, &expected, FROM, TO, LATE);
    let j = serde_json::to_value(&r).unwrap();
    assert_eq!(j["definitions_version"], "1");
    assert_eq!(j["period"]["from"], "2025-01-01");
    assert_eq!(j["period"]["to"], "2025-12-31");
    assert_eq!(j["as_of"], "2027-01-01");
    let kpis = j["kpis"].as_array().unwrap();
    let ids: Vec<&str> = kpis.iter().map(|k| k["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "kpi1_identification_non_spine",
            "kpi2_identification_spine",
            "kpi3_assessment_12w",
            "kpi4_dxa_12w",
            "kpi5_falls_assessment",
            "kpi6_aom_recommended",
            "kpi7_followup_16w",
            "kpi8_aom_started_16w",
            "kpi9_strength_balance_16w",
            "kpi10_aom_persistence_52w",
            "kpi11_completeness",
        ]
    );
    for k in kpis {
        let mut keys: Vec<&str> = k.as_object().unwrap().keys().map(|s| s.as_str()).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "band",
                "denominator",
                "excluded_died",
                "id",
                "name",
                "not_yet_due",
                "numerator",
                "value"
            ]
        );
    }
    assert_eq!(kpis[0]["denominator"], serde_json::json!(149.9));
    assert_eq!(kpis[1]["denominator"], serde_json::json!(30));
    assert_eq!(kpis[5]["denominator"], serde_json::json!(10));
    assert_eq!(kpis[5]["name"], "AOM recommended");
    assert_eq!(kpis[6]["value"], serde_json::Value::Null);
    assert_eq!(kpis[6]["band"], serde_json::Value::Null);
    assert_eq!(kpis[0]["band"], "red");
    for (i, item) in CompletenessItem::ALL.iter().enumerate() {
        assert_eq!(j["completeness"][i]["item"], item.code());
    }
    for id in KpiId::ALL {
        assert_eq!(KpiId::parse(id.id()), Some(id));
        assert_eq!(serde_json::to_value(id).unwrap(), id.id());
    }
}

#[test]
fn episodes_convert_from_the_dataset() {
    let input = crate::dataset::EpisodeInput {
        fls_code: "GB-GLA".into(),
        patient_ref: "H1".into(),
        fracture_date: "2025-03-01".into(),
        sex: "F".into(),
        birth_date: "1950-06-15".into(),
        fracture_site: "spine".into(),
        spine_detection: "radiological".into(),
        setting: "inpatient".into(),
        fls_assessment_date: "2025-03-10".into(),
        aom_recommendation: "recommended".into(),
        ..Default::default()
    };
    let opts = crate::dataset::ParseOptions::new(date!(2026 - 01 - 01));
    let (e, _) = crate::dataset::parse(&input, &opts).unwrap();
    let k = KpiEpisode::from((&e, 42));
    assert_eq!(k.fls_id, 42);
    assert_eq!(k.fracture_site, Site::Spine);
    assert_eq!(k.fls_assessment_date, Some(date!(2025 - 03 - 10)));
    assert_eq!(k.aom_recommendation, Some(Aom::Recommended));
    assert_eq!(k, KpiEpisode::from_episode(&e, 42));
}

#[test]
fn enum_casts_index_the_count_arrays() {
    assert!(Site::ALL.iter().enumerate().all(|(i, s)| *s as usize == i));
    assert!(
        Setting::ALL
            .iter()
            .enumerate()
            .all(|(i, s)| *s as usize == i)
    );
    assert!(
        CompletenessItem::ALL
            .iter()
            .enumerate()
            .all(|(i, s)| *s as usize == i)
    );
    assert!(
        Window::ALL
            .iter()
            .enumerate()
            .all(|(i, s)| *s as usize == i)
    );
    assert!(KpiId::ALL.iter().enumerate().all(|(i, s)| s.index() == i));
}

#[test]
fn histogram_medians() {
    let mut h = DayHistogram::default();
    assert_eq!(h.median(), None);
    h.add(7);
    assert_eq!(h.median(), Some(7.0));
    h.add(3);
    assert_eq!(h.median(), Some(5.0));
    h.add(3);
    h.add(100);
    h.add(100);
    assert_eq!(h.median(), Some(7.0));
}

// --- properties ----------------------------------------------------------------------------

/// SplitMix64: deterministic, no dependency.
struct Rng(u64);

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
    }
}

/// FLSs 1–4 in the profile list (figures random), FLS 5 only in the episodes.
fn random_scope(g: &mut Rng, n: usize) -> (Vec<KpiEpisode>, Vec<FlsExpected>) {
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

fn period() -> KpiPeriod {
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
