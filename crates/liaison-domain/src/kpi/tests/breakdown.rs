//! Breakdowns: every episode in exactly one cell, so the cells add up to the figure without
//! breakdown, count by count; and `by` read as the pages, the API and the command line send it.

use super::properties::{Rng, period, random_scope};
use super::*;
use crate::dataset::{Residence, Sex};

/// Every additive count of a report's inputs (not the expected caseloads, which are per FLS
/// and not split by a characteristic of the patient).
fn additive(c: &KpiCounts) -> Vec<i64> {
    let mut v = vec![
        c.episodes as i64,
        c.refractures as i64,
        c.followup_days,
        c.deaths_within_52_weeks as i64,
    ];
    v.extend(c.by_site.iter().map(|x| *x as i64));
    v.extend(c.by_setting.iter().map(|x| *x as i64));
    v.extend(c.not_yet_due.iter().map(|x| *x as i64));
    for t in c.kpis.iter().chain(&c.items) {
        v.extend([t.numerator, t.denominator, t.not_yet_due, t.excluded_died].map(|x| x as i64));
    }
    for h in [&c.days_to_assessment, &c.days_to_dxa, &c.days_to_aom_start] {
        v.push(h.count() as i64);
        v.push(h.0.iter().map(|(d, k)| d * *k as i64).sum());
    }
    v
}

#[test]
fn property_cells_add_up_to_the_figure_without_breakdown() {
    let d = KpiDefinitions::default();
    let p = period();
    for seed in 0..30 {
        let mut g = Rng(5000 + seed);
        let (eps, expected) = random_scope(&mut g, 200);
        let total = count(&d, &eps, &expected, &p);
        for by in Dimension::PATIENT {
            let cells = count_cells(&d, &eps, &expected, &p, by);
            assert_eq!(cells.len(), by.cells().len());
            let mut sum = KpiCounts::default();
            for c in &cells {
                sum += c;
            }
            assert_eq!(additive(&sum), additive(&total), "{seed} {by:?}");
            assert_eq!(sum.days_to_dxa, total.days_to_dxa, "{seed} {by:?}");
            // Under the shipped definitions nobody under 50 is counted.
            if by == Dimension::Age {
                assert_eq!(cells[0].episodes, 0);
                assert!(!by.shows_cell(0, &d));
            }
        }
    }
}

#[test]
fn each_episode_has_its_cell() {
    let at = |birth| KpiEpisode {
        birth_date: birth,
        ..ep(F)
    };
    let band = |e: &KpiEpisode| AGE_BANDS[Dimension::Age.cell_of(e).unwrap()];
    // Ages on the fracture date of 2025-03-01.
    assert_eq!(band(&at(date!(1965 - 03 - 01))), "60-69", "60 on the day");
    assert_eq!(
        band(&at(date!(1965 - 03 - 02))),
        "50-59",
        "59 until the next day"
    );
    assert_eq!(band(&at(date!(1935 - 03 - 01))), "90+");
    assert_eq!(band(&at(date!(1980 - 01 - 01))), "under_50");
    let e = KpiEpisode {
        sex: Sex::U,
        residence_before: None,
        ..ep(F)
    };
    let cell = |by: Dimension| by.cells()[by.cell_of(&e).unwrap()];
    assert_eq!(cell(Dimension::Sex), "U");
    assert_eq!(
        cell(Dimension::Residence),
        "unknown",
        "blank counts as unknown"
    );
    let e = KpiEpisode {
        residence_before: Some(Residence::CareHome),
        ..e
    };
    assert_eq!(
        Dimension::Residence.cells()[Dimension::Residence.cell_of(&e).unwrap()],
        "care_home"
    );
    assert_eq!(cell(Dimension::Site), "wrist");
    assert_eq!(cell(Dimension::Setting), "outpatient");
    assert_eq!(Dimension::Fls.cell_of(&e), None);
}

#[test]
fn by_is_one_of_the_dimensions_the_scope_allows() {
    assert_eq!(Dimension::read("", true), Ok(None));
    assert_eq!(Dimension::read(" AGE ", true), Ok(Some(Dimension::Age)));
    assert_eq!(Dimension::read("fls", false), Ok(Some(Dimension::Fls)));
    let e = Dimension::read("colour", false).unwrap_err();
    assert_eq!(
        (e.field.as_str(), e.value.as_str(), e.rule),
        ("by", "colour", "one_of")
    );
    assert_eq!(
        e.args,
        [(
            "allowed",
            "age, sex, residence, site, setting, country, fls".to_string()
        )]
    );
    // One FLS: by country or by FLS would be one cell, the FLS itself.
    let e = Dimension::read("fls", true).unwrap_err();
    assert_eq!(e.args[0].1, "age, sex, residence, site, setting");
    assert!(has_proportion_in_cell(
        KpiId::Kpi1IdentificationNonSpine,
        Dimension::Fls
    ));
    assert!(!has_proportion_in_cell(
        KpiId::Kpi1IdentificationNonSpine,
        Dimension::Age
    ));
    assert!(has_proportion_in_cell(
        KpiId::Kpi3Assessment12w,
        Dimension::Age
    ));
}
