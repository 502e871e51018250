//! The rules of dataset version 2's optional columns (residence, high risk, secondary-causes
//! screen, lifestyle advice, letter to primary care), on the base episode of `tests.rs`.

use super::tests::{opts, valid};
use super::*;

fn errs(f: impl FnOnce(&mut EpisodeInput)) -> Vec<(String, String, &'static str)> {
    let mut i = valid();
    f(&mut i);
    match parse(&i, &opts()) {
        Ok(_) => vec![],
        Err(e) => {
            e.0.into_iter()
                .map(|e| (e.field, e.value, e.rule))
                .collect()
        }
    }
}

fn err(field: &str, value: &str, rule: &'static str) -> Vec<(String, String, &'static str)> {
    vec![(field.into(), value.into(), rule)]
}

#[test]
fn version_2_codes_are_read_and_unknown_codes_refused() {
    let mut i = valid();
    i.residence_before = "Care_Home".into();
    i.high_risk = "no".into();
    i.secondary_causes_screen = "not_required".into();
    i.lifestyle_advice = "done".into();
    let (e, _) = parse(&i, &opts()).unwrap();
    assert_eq!(e.residence_before, Some(Residence::CareHome));
    assert_eq!(e.high_risk, Some(YesNo::No));
    assert_eq!(
        e.secondary_causes_screen,
        Some(SecondaryCausesScreen::NotRequired)
    );
    assert_eq!(e.lifestyle_advice, Some(LifestyleAdvice::Done));
    for f in [
        "residence_before",
        "high_risk",
        "secondary_causes_screen",
        "lifestyle_advice",
    ] {
        let got = errs(|i| {
            i.set(f, "maybe".into());
        });
        assert_eq!(got, err(f, "maybe", "one_of"), "{f}");
    }
    // `unknown` is a residence, not a high-risk answer: blank lets the rule decide.
    assert_eq!(
        errs(|i| i.high_risk = "unknown".into()),
        err("high_risk", "unknown", "one_of")
    );
}

#[test]
fn the_primary_care_letter_is_dated_between_fracture_today_and_death() {
    assert!(errs(|i| i.primary_care_letter_date = "2026-03-01".into()).is_empty());
    assert_eq!(
        errs(|i| i.primary_care_letter_date = "2026-02-28".into()),
        err(
            "primary_care_letter_date",
            "2026-02-28",
            "date_before_fracture"
        )
    );
    assert_eq!(
        errs(|i| i.primary_care_letter_date = "2026-11-27".into()),
        err("primary_care_letter_date", "2026-11-27", "date_in_future")
    );
    assert_eq!(
        errs(|i| {
            i.death_date = "2026-04-01".into();
            i.primary_care_letter_date = "2026-04-02".into();
        }),
        err("primary_care_letter_date", "2026-04-02", "date_after_death")
    );
    assert_eq!(
        errs(|i| i.primary_care_letter_date = "soon".into())[0].0,
        "primary_care_letter_date"
    );
}

#[test]
fn a_version_1_episode_has_no_version_2_values() {
    let (e, w) = parse(&valid(), &opts()).unwrap();
    assert!(w.is_empty());
    assert_eq!(
        (
            e.residence_before,
            e.high_risk,
            e.secondary_causes_screen,
            e.lifestyle_advice,
            e.primary_care_letter_date
        ),
        (None, None, None, None, None)
    );
}

#[test]
fn the_research_extract_gives_the_letter_as_days_from_the_fracture() {
    use crate::interchange::{research_columns, research_row};
    let cols = research_columns();
    assert!(!cols.contains(&"primary_care_letter_date"));
    for c in ["residence_before", "high_risk", "primary_care_letter_days"] {
        assert!(cols.contains(&c), "{c}");
    }
    let mut i = valid();
    i.residence_before = "nursing_home".into();
    i.high_risk = "yes".into();
    i.primary_care_letter_date = "2026-03-29".into();
    let row = research_row(&i, "P-01");
    let cell = |c: &str| row[cols.iter().position(|x| *x == c).unwrap()].as_str();
    assert_eq!(cell("primary_care_letter_days"), "28");
    assert_eq!(cell("residence_before"), "nursing_home");
    assert_eq!(cell("high_risk"), "yes");
    let row = research_row(&valid(), "P-01");
    assert_eq!(
        row[cols
            .iter()
            .position(|x| *x == "primary_care_letter_days")
            .unwrap()],
        ""
    );
}
