//! Dataset version 2's supporting measures by hand: the letter's window and deaths, the screen
//! less `not_required`, the advice, the refracture shares at 12 and 24 months split by index
//! site and by treatment, and the completeness pass at its 5-item and 20 % boundaries.

use super::*;
use crate::dataset::{LifestyleAdvice as Advice, SecondaryCausesScreen as Screen};

/// (numerator, denominator, not_yet_due, excluded_died)
fn m(r: &KpiReport, id: MeasureId) -> (u64, u64, u64, u64) {
    let x = r.measure(id);
    (x.numerator, x.denominator, x.not_yet_due, x.excluded_died)
}

fn cell(r: &KpiReport, id: MeasureId, s: Split) -> (u64, u64, u64, u64) {
    let x = r.measure_cell(id, s).unwrap();
    assert_eq!((x.split, x.cell), (Some(s.code()), Some(s.cell())));
    (x.numerator, x.denominator, x.not_yet_due, x.excluded_died)
}

#[test]
fn the_letter_counts_within_112_days_and_leaves_out_deaths_without_one() {
    let as_of = date!(2026 - 01 - 31);
    let e = |letter: Option<i64>, died: Option<i64>| KpiEpisode {
        primary_care_letter_date: letter.map(|n| plus(F, n)),
        death_date: died.map(|n| plus(F, n)),
        ..ep(F)
    };
    let eps = [
        e(Some(112), None),    // on the last day: in time
        e(Some(113), None),    // a day late: a miss
        e(None, None),         // no letter: a miss
        e(None, Some(60)),     // died in the window without a letter: excluded
        e(Some(20), Some(60)), // sent, then died: counted, in time
        e(None, Some(200)),    // died after the window: a miss
        // Fractured 2025-12-01: its window closes on 2026-03-23, after the as-of date.
        KpiEpisode {
            primary_care_letter_date: Some(date!(2025 - 12 - 20)),
            ..ep(date!(2025 - 12 - 01))
        },
    ];
    let r = run(&eps, as_of);
    assert_eq!(m(&r, MeasureId::PrimaryCareLetter16w), (2, 5, 1, 1));
    assert_eq!(r.measure(MeasureId::PrimaryCareLetter16w).value, Some(0.4));
    assert_eq!(r.measure(MeasureId::PrimaryCareLetter16w).days, Some(112));
    // Due on exactly the 112th day.
    let r = run(&[e(Some(100), None)], plus(F, 111));
    assert_eq!(m(&r, MeasureId::PrimaryCareLetter16w), (0, 0, 1, 0));
    let r = run(&[e(Some(100), None)], plus(F, 112));
    assert_eq!(m(&r, MeasureId::PrimaryCareLetter16w), (1, 1, 0, 0));
}

#[test]
fn the_screen_leaves_out_not_required_and_counts_blank_as_not_done() {
    let e = |s: Option<Screen>| KpiEpisode {
        secondary_causes_screen: s,
        ..ep(F)
    };
    let eps = [
        e(Some(Screen::Done)),
        e(Some(Screen::NotRequired)),
        e(Some(Screen::Declined)),
        e(Some(Screen::NotDone)),
        e(None),
        // Fractured last week: no window, so it counts already (as kpi5 does).
        KpiEpisode {
            secondary_causes_screen: Some(Screen::Done),
            ..ep(date!(2025 - 12 - 20))
        },
    ];
    let r = run(&eps, date!(2025 - 12 - 31));
    assert_eq!(m(&r, MeasureId::SecondaryCausesScreenDone), (2, 5, 0, 0));
    assert_eq!(r.measure(MeasureId::SecondaryCausesScreenDone).days, None);
}

#[test]
fn lifestyle_advice_is_a_share_of_every_episode() {
    let e = |a: Option<Advice>| KpiEpisode {
        lifestyle_advice: a,
        ..ep(F)
    };
    let eps = [
        e(Some(Advice::Done)),
        e(Some(Advice::Declined)),
        e(Some(Advice::NotDone)),
        e(None),
    ];
    let r = run(&eps, LATE);
    assert_eq!(m(&r, MeasureId::LifestyleAdviceGiven), (1, 4, 0, 0));
    assert_eq!(r.measure(MeasureId::LifestyleAdviceGiven).value, Some(0.25));
    // An episode outside the population (under 50) is in no measure.
    let young = KpiEpisode {
        birth_date: date!(1990 - 01 - 01),
        lifestyle_advice: Some(Advice::Done),
        ..ep(F)
    };
    assert_eq!(
        m(&run(&[young], LATE), MeasureId::LifestyleAdviceGiven),
        (0, 0, 0, 0)
    );
}

/// The refracture example of docs/kpi-definitions.md, as of 2027-06-30:
/// A hip, AOM at 30 days, refracture at 200, died at 300; B hip, no AOM, refracture at 500;
/// C wrist, died at 100 with no refracture; D wrist, AOM at 113 days (too late), none;
/// E wrist fractured 2025-12-01, AOM at 10 days, refracture at 100 (not yet due at 24 months);
/// F1 spine, refracture on day 364; F2 spine, refracture on day 365.
fn refracture_example() -> KpiReport {
    let e = |site, aom: Option<i64>, re: Option<i64>, died: Option<i64>| KpiEpisode {
        fracture_site: site,
        aom_start_date: aom.map(|n| plus(F, n)),
        refracture_date: re.map(|n| plus(F, n)),
        death_date: died.map(|n| plus(F, n)),
        ..ep(F)
    };
    let late_f = date!(2025 - 12 - 01);
    let eps = [
        e(Site::Hip, Some(30), Some(200), Some(300)),
        e(Site::Hip, None, Some(500), None),
        e(Site::Wrist, None, None, Some(100)),
        e(Site::Wrist, Some(113), None, None),
        KpiEpisode {
            aom_start_date: Some(plus(late_f, 10)),
            refracture_date: Some(plus(late_f, 100)),
            ..ep(late_f)
        },
        e(Site::Spine, None, Some(364), None),
        e(Site::Spine, None, Some(365), None),
    ];
    run(&eps, date!(2027 - 06 - 30))
}

#[test]
fn refractures_within_12_and_24_months_by_hand() {
    let r = refracture_example();
    // 12 months: A, E, F1 of A B D E F1 F2; C died without one.
    assert_eq!(m(&r, MeasureId::Refracture12m), (3, 6, 0, 1));
    assert_eq!(r.measure(MeasureId::Refracture12m).value, Some(0.5));
    assert_eq!(r.measure(MeasureId::Refracture12m).days, Some(364));
    // 24 months: A, B, F1, F2 of A B D F1 F2; E not yet due; C excluded.
    assert_eq!(m(&r, MeasureId::Refracture24m), (4, 5, 1, 1));
    assert_eq!(r.measure(MeasureId::Refracture24m).days, Some(728));
    assert_eq!(MeasureId::Refracture12m.better(), Better::Lower);
}

#[test]
fn refractures_split_by_index_site() {
    let r = refracture_example();
    let (r12, r24) = (MeasureId::Refracture12m, MeasureId::Refracture24m);
    let site = Split::FractureSite;
    assert_eq!(cell(&r, r12, site(Site::Hip)), (1, 2, 0, 0));
    assert_eq!(cell(&r, r12, site(Site::Wrist)), (1, 2, 0, 1));
    assert_eq!(cell(&r, r12, site(Site::Spine)), (1, 2, 0, 0));
    assert_eq!(cell(&r, r12, site(Site::Humerus)), (0, 0, 0, 0));
    assert_eq!(cell(&r, r24, site(Site::Hip)), (2, 2, 0, 0));
    assert_eq!(cell(&r, r24, site(Site::Wrist)), (0, 1, 1, 1));
    assert_eq!(cell(&r, r24, site(Site::Spine)), (2, 2, 0, 0));
}

#[test]
fn refractures_split_by_treatment_started_within_16_weeks() {
    let r = refracture_example();
    let (r12, r24) = (MeasureId::Refracture12m, MeasureId::Refracture24m);
    let (yes, no) = (Split::AomStarted16w(true), Split::AomStarted16w(false));
    // Treated in time: A and E. D started on day 113, so it is with the untreated.
    assert_eq!(cell(&r, r12, yes), (2, 2, 0, 0));
    assert_eq!(cell(&r, r12, no), (1, 4, 0, 1));
    assert_eq!(cell(&r, r24, yes), (1, 1, 1, 0));
    assert_eq!(cell(&r, r24, no), (3, 4, 0, 1));
    assert_eq!((yes.cell(), no.cell()), ("yes", "no"));
}

#[test]
fn every_measure_is_listed_with_all_its_cells() {
    let r = refracture_example();
    let ms = &r.supporting.measures;
    assert_eq!(ms.len(), MeasureId::ALL.len() + 2 * SPLITS);
    for (i, id) in MeasureId::ALL.iter().enumerate() {
        assert_eq!((ms[i].id, ms[i].split), (*id, None));
    }
    // Each split's cells add up to the measure.
    for id in MeasureId::REFRACTURE {
        let whole = m(&r, id);
        for split in ["fracture_site", "aom_started_16w"] {
            let sum = ms
                .iter()
                .filter(|x| x.id == id && x.split == Some(split))
                .fold((0, 0, 0, 0), |a, x| {
                    (
                        a.0 + x.numerator,
                        a.1 + x.denominator,
                        a.2 + x.not_yet_due,
                        a.3 + x.excluded_died,
                    )
                });
            assert_eq!(sum, whole, "{id:?} by {split}");
        }
    }
    let j = serde_json::to_value(&r.supporting.measures[3]).unwrap();
    assert_eq!(j["id"], "refracture_12m");
    assert_eq!(j["split"], serde_json::Value::Null);
    let j = serde_json::to_value(
        r.measure_cell(MeasureId::Refracture24m, Split::FractureSite(Site::Hip)),
    )
    .unwrap();
    assert_eq!(
        (j["split"].as_str(), j["cell"].as_str()),
        (Some("fracture_site"), Some("hip"))
    );
}

// --- completeness pass ---------------------------------------------------------------------

/// The seven items an episode with AOM recommended can miss besides the recommendation itself.
const ITEMS: usize = 7;

/// Five due episodes with AOM recommended; the first `flagged` items are missing in two of
/// them (40 %), the next `at_20` items in one (exactly 20 %, not flagged).
fn five(fls: i64, flagged: usize, at_20: usize) -> Vec<KpiEpisode> {
    (0..5)
        .map(|i| {
            let missing = |item: usize| {
                (item < flagged && i < 2) || (item >= flagged && item < flagged + at_20 && i < 1)
            };
            let d = |item: usize, n: i64| (!missing(item)).then(|| plus(F, n));
            KpiEpisode {
                fls_id: fls,
                aom_recommendation: Some(Aom::Recommended),
                fls_assessment_date: d(0, 10),
                dxa_status: (!missing(1)).then_some(DxaStatus::Declined),
                falls_assessment: (!missing(2)).then_some(Falls::Done),
                first_followup_date: d(3, 50),
                aom_start_date: d(4, 40),
                second_followup_date: d(5, 300),
                aom_at_52_weeks: (!missing(6)).then_some(Yn::Yes),
                ..ep(F)
            }
        })
        .collect()
}

fn pass_of(eps: &[KpiEpisode]) -> CompletenessPass {
    run(eps, LATE).supporting.completeness_pass
}

const PASS: CompletenessPass = CompletenessPass {
    pass: Some(true),
    fls_passing: 1,
    fls_judged: 1,
};
const FAIL: CompletenessPass = CompletenessPass {
    pass: Some(false),
    fls_passing: 0,
    fls_judged: 1,
};

#[test]
fn four_items_over_20_percent_missing_pass_five_fail() {
    assert_eq!(ITEMS, 7);
    assert_eq!(pass_of(&five(1, 0, 0)), PASS);
    let r = run(&five(1, 4, 0), LATE);
    assert_eq!(r.completeness.iter().filter(|c| c.flagged).count(), 4);
    assert_eq!(r.supporting.completeness_pass, PASS);
    let r = run(&five(1, 5, 0), LATE);
    assert_eq!(r.completeness.iter().filter(|c| c.flagged).count(), 5);
    assert_eq!(r.supporting.completeness_pass, FAIL);
    assert_eq!(pass_of(&five(1, 7, 0)), FAIL);
}

#[test]
fn exactly_20_percent_missing_does_not_count_against_the_pass() {
    // Four flagged and three at exactly 20 %: still four over the threshold.
    let r = run(&five(1, 4, 3), LATE);
    assert_eq!(r.completeness.iter().filter(|c| c.flagged).count(), 4);
    assert_eq!(
        r.item(CompletenessItem::SecondFollowupDate).value,
        Some(0.8)
    );
    assert_eq!(r.supporting.completeness_pass, PASS);
}

#[test]
fn items_nobody_was_expected_to_record_are_not_missing() {
    // Nothing due yet: only site and setting are expected, and both are always there.
    let eps = five(1, 7, 0);
    assert_eq!(run(&eps, plus(F, 30)).supporting.completeness_pass, PASS);
    // No episode at all: nothing to judge.
    let none = run(&[], LATE).supporting.completeness_pass;
    assert_eq!((none.pass, none.fls_judged), (None, 0));
}

#[test]
fn a_pooled_scope_counts_the_services_that_pass() {
    let mut eps = five(1, 4, 0);
    eps.extend(five(2, 5, 0));
    eps.extend(five(3, 0, 0));
    // FLS 4 has no episodes: it is in the scope but not judged.
    let expected: Vec<FlsExpected> = (1..=4)
        .map(|id| FlsExpected {
            fls_id: id,
            expected_non_spine_per_year: None,
            expected_spine_per_year: None,
        })
        .collect();
    let d = KpiDefinitions::default();
    let r = compute(&d, &eps, &expected, FROM, TO, LATE);
    assert_eq!(
        r.supporting.completeness_pass,
        CompletenessPass {
            pass: None,
            fls_passing: 2,
            fls_judged: 3,
        }
    );
    let by = compute_by_fls(&d, &eps, &expected, FROM, TO, LATE);
    let passes: Vec<Option<bool>> = by
        .values()
        .map(|r| r.supporting.completeness_pass.pass)
        .collect();
    assert_eq!(passes, [Some(true), Some(false), Some(true), None]);
}

#[test]
fn the_pass_follows_the_definitions_threshold() {
    // 40 % missing is flagged at 20 % but not at 50 %.
    let eps = five(1, 5, 0);
    let lax = KpiDefinitions {
        completeness_flag_missing_above: 0.5,
        ..KpiDefinitions::default()
    };
    let r = compute(&lax, &eps, &[], FROM, TO, LATE);
    assert_eq!(r.supporting.completeness_pass, PASS);
}

// --- definitions ---------------------------------------------------------------------------

#[test]
fn the_new_windows_default_and_are_checked() {
    let d = KpiDefinitions::from_json(V1_JSON).unwrap();
    let w = d.windows;
    assert_eq!(
        (
            w.primary_care_letter_days,
            w.refracture_short_days,
            w.refracture_long_days
        ),
        (112, 364, 728)
    );
    let with = |f: &dyn Fn(&mut KpiDefinitions)| {
        let mut d = KpiDefinitions::default();
        f(&mut d);
        d.validate()
    };
    assert!(with(&|d| d.windows.primary_care_letter_days = 0).is_err());
    assert_eq!(
        with(&|d| d.windows.refracture_short_days = 800),
        Err(DefinitionsError::Invalid {
            field: "windows.refracture_short_days",
            problem: "must not be above windows.refracture_long_days"
        })
    );
    // A country that counts a year as 365 days.
    let json = V1_JSON.replace(
        "\"persistence_days\": 364",
        "\"persistence_days\": 364, \"refracture_short_days\": 365",
    );
    let d = KpiDefinitions::from_json(&json).unwrap();
    let e = KpiEpisode {
        refracture_date: Some(plus(F, 365)),
        ..ep(F)
    };
    let r = compute(&d, &[e], &[], FROM, TO, LATE);
    assert_eq!(m(&r, MeasureId::Refracture12m), (1, 1, 0, 0));
}

#[test]
fn measures_and_cells_index_their_arrays() {
    assert!(
        MeasureId::ALL
            .iter()
            .enumerate()
            .all(|(i, m)| m.index() == i && MeasureId::parse(m.id()) == Some(*m))
    );
    assert!(Split::all().iter().enumerate().all(|(i, s)| s.index() == i));
    // The rows stay small: ten million of them are kept in memory.
    assert!(std::mem::size_of::<KpiEpisode>() <= 72);
}
