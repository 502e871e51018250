//! The dataset's formats: dates, decimals and codes as typed, canonical text, full round trips
//! and the code lists, on the base episode of `tests.rs`.

use super::*;

// ---------------------------------------------------------------------------------------------
// Formats

#[test]
fn dates_in_day_month_year_order() {
    let dmy = ParseOptions {
        date_order: DateOrder::Dmy,
        ..opts()
    };
    let (ep, _) = ok_with(&dmy, |i| {
        i.fracture_date = "05/03/2026".into();
        i.birth_date = "15.06.1950".into();
        // ISO stays ISO.
        i.fls_assessment_date = "2026-03-06".into();
    });
    assert_eq!(ep.fracture_date, date!(2026 - 03 - 05));
    assert_eq!(ep.birth_date, date!(1950 - 06 - 15));
    assert_eq!(ep.fls_assessment_date, Some(date!(2026 - 03 - 06)));
    let e = one_with(&dmy, |i| i.fracture_date = "31/02/2026".into());
    assert_eq!(fvr(&e), ("fracture_date", "31/02/2026", "date_invalid"));
    let e = one_with(&dmy, |i| i.fracture_date = "03/13/2026".into());
    assert_eq!(fvr(&e), ("fracture_date", "03/13/2026", "date_invalid"));
}

#[test]
fn dates_in_month_day_year_order() {
    let mdy = ParseOptions {
        date_order: DateOrder::Mdy,
        ..opts()
    };
    let (ep, _) = ok_with(&mdy, |i| {
        i.fracture_date = "05/03/2026".into();
        i.birth_date = "06.15.1950".into();
    });
    assert_eq!(ep.fracture_date, date!(2026 - 05 - 03));
    assert_eq!(ep.birth_date, date!(1950 - 06 - 15));
    let e = one_with(&mdy, |i| i.birth_date = "15/06/1950".into());
    assert_eq!(fvr(&e), ("birth_date", "15/06/1950", "date_invalid"));
}

#[test]
fn the_same_text_read_both_ways() {
    assert_eq!(
        parse_date("f", "05/03/2026", DateOrder::Dmy),
        Ok(Some(date!(2026 - 03 - 05)))
    );
    assert_eq!(
        parse_date("f", "05/03/2026", DateOrder::Mdy),
        Ok(Some(date!(2026 - 05 - 03)))
    );
    assert_eq!(
        parse_date("f", "05.03.2026", DateOrder::Dmy),
        Ok(Some(date!(2026 - 03 - 05)))
    );
    for order in [DateOrder::Ymd, DateOrder::Dmy, DateOrder::Mdy] {
        assert_eq!(
            parse_date("f", "2026-03-05", order),
            Ok(Some(date!(2026 - 03 - 05)))
        );
        assert_eq!(parse_date("f", "  ", order), Ok(None));
    }
    assert_eq!(DateOrder::parse(" DMY "), Some(DateOrder::Dmy));
    assert_eq!(DateOrder::parse("dym"), None);
}

#[test]
fn date_errors_have_distinct_rules() {
    let dmy = ParseOptions {
        date_order: DateOrder::Dmy,
        ..opts()
    };
    let cases = [
        (opts(), "05/03/26", "date_two_digit_year"),
        (dmy, "05/03/26", "date_two_digit_year"),
        (dmy, "5.3.26", "date_two_digit_year"),
        (opts(), "26-03-05", "date_two_digit_year"),
        (opts(), "45292", "date_excel_serial"),
        (dmy, "45292", "date_excel_serial"),
        (opts(), "45292.5", "date_excel_serial"),
        (opts(), "2023-02-29", "date_invalid"),
        (opts(), "2026-13-01", "date_invalid"),
        (opts(), "2026-00-10", "date_invalid"),
        (opts(), "2026-04-31", "date_invalid"),
        (opts(), "2026-03", "date_format"),
        (opts(), "1 March 2026", "date_format"),
        (opts(), "2026-03-01T10:00", "date_format"),
        (opts(), "2026-003-01", "date_format"),
        // A four-digit year in the wrong place is the wrong order, not a two-digit year.
        (opts(), "05/03/2026", "date_format"),
        (dmy, "2026/03/05", "date_format"),
        (opts(), "20260-03-01", "date_format"),
    ];
    for (o, v, rule) in cases {
        let e = one_with(&o, |i| i.fracture_date = v.into());
        assert_eq!(
            fvr(&e),
            ("fracture_date", v, rule),
            "{v} {:?}",
            o.date_order
        );
    }
    assert_eq!(
        parse_date("f", "2024-02-29", DateOrder::Ymd),
        Ok(Some(date!(2024 - 02 - 29)))
    );
    let e = parse_date("f", "2026-03", DateOrder::Dmy).unwrap_err();
    assert_eq!(e.args, vec![("format", "DD/MM/YYYY".to_string())]);
}

#[test]
fn every_date_column_is_read_as_declared() {
    let dmy = ParseOptions {
        date_order: DateOrder::Dmy,
        ..opts()
    };
    for f in [
        "death_date",
        "identified_date",
        "fls_assessment_date",
        "dxa_date",
        "strength_balance_date",
        "first_followup_date",
        "second_followup_date",
    ] {
        let e = one_with(&dmy, |i| set(i, f, "10/03/26"));
        assert_eq!(fvr(&e), (f, "10/03/26", "date_two_digit_year"));
        let e = one_with(&dmy, |i| set(i, f, "45300"));
        assert_eq!(fvr(&e), (f, "45300", "date_excel_serial"));
        ok_with(&dmy, |i| set(i, f, "10/03/2026"));
    }
}

#[test]
fn no_date_after_today() {
    // Spec: "not after today" for the fracture; the code applies it to every event date.
    let tomorrow = "2026-11-27";
    for f in [
        "fracture_date",
        "death_date",
        "identified_date",
        "fls_assessment_date",
        "dxa_date",
        "strength_balance_date",
        "first_followup_date",
        "second_followup_date",
    ] {
        let e = one(|i| set(i, f, tomorrow));
        assert_eq!(fvr(&e), (f, tomorrow, "date_in_future"));
        ok(|i| set(i, f, "2026-11-26"));
    }
    let e = one(|i| {
        i.refracture_date = tomorrow.into();
        i.refracture_site = "rib".into();
    });
    assert_eq!(fvr(&e), ("refracture_date", tomorrow, "date_in_future"));
}

#[test]
fn several_errors_are_reported_at_once() {
    let e = errs(|i| {
        i.patient_ref = "x".repeat(65);
        i.sex = "W".into();
        i.birth_date = "1900-01-01".into();
        i.fracture_site = "spine".into();
        i.fracture_icd10 = "S72.0".into();
        i.identified_date = "2026-01-01".into();
        i.dxa_status = "not_done".into();
        i.dxa_date = "2026-03-10".into();
        i.frax_major_pct = "10".into();
        i.frax_hip_pct = "20".into();
        i.first_followup_date = "2026-06-01".into();
        i.second_followup_date = "2026-05-01".into();
        i.phone = "call me".into();
    });
    let got: Vec<(&str, &str)> = e.iter().map(|e| (e.field.as_str(), e.rule)).collect();
    assert_eq!(
        got,
        vec![
            ("patient_ref", "too_long"),
            ("sex", "one_of"),
            ("phone", "phone_chars"),
            ("spine_detection", "required_for_spine"),
            ("fracture_icd10", "icd10_site_mismatch"),
            ("birth_date", "age_out_of_range"),
            ("identified_date", "identified_too_early"),
            ("second_followup_date", "second_not_after_first"),
            ("dxa_status", "dxa_date_means_done"),
            ("frax_hip_pct", "frax_hip_above_major"),
        ]
    );
}

#[test]
fn closing_needs_a_date_and_a_reason_and_may_follow_a_death() {
    let e = one(|i| i.closed_date = "2026-04-01".into());
    assert_eq!(fvr(&e), ("closed_reason", "", "required_with_closed"));
    let e = one(|i| i.closed_reason = "moved_away".into());
    assert_eq!(fvr(&e), ("closed_date", "", "required_with_reason"));
    let e = one(|i| i.closed_reason = "bored".into());
    assert_eq!(fvr(&e).2, "one_of");
    let closed = ok(|i| {
        i.death_date = i.fracture_date.clone();
        i.closed_date = "2026-05-01".into();
        i.closed_reason = "completed".into();
    });
    assert_eq!(closed.closed_reason, Some(ClosedReason::Completed));
}

#[test]
fn a_fully_filled_episode_round_trips() {
    let full = EpisodeInput {
        fls_code: "GB-GLA".into(),
        patient_ref: "H123".into(),
        fracture_date: "2026-03-01".into(),
        sex: "F".into(),
        birth_date: "1950-06-15".into(),
        death_date: "2026-11-20".into(),
        family_name: "Al-Sayed العلي".into(),
        given_names: "Fatima 花子".into(),
        phone: "+44 (0)141 555-0123".into(),
        primary_care_contact: "Dr Brown, Partick Practice".into(),
        fracture_site: "spine".into(),
        spine_detection: "radiological".into(),
        fracture_icd10: "M80.08XA".into(),
        setting: "outpatient".into(),
        identified_date: "2026-02-27".into(),
        identification_route: "radiology".into(),
        fls_assessment_date: "2026-03-15".into(),
        dxa_status: "done".into(),
        dxa_date: "2025-09-01".into(),
        t_score_lumbar_spine: "-3.1".into(),
        t_score_total_hip: "-2.5".into(),
        t_score_femoral_neck: "0".into(),
        frax_major_pct: "23.4".into(),
        frax_hip_pct: "7.25".into(),
        falls_assessment: "referred".into(),
        aom_recommendation: "continue".into(),
        aom_recommended_atc: "M05BX04".into(),
        aom_start_date: "2024-01-10".into(),
        aom_start_atc: "M05BX04".into(),
        strength_balance_date: "2026-04-01".into(),
        first_followup_date: "2026-06-21".into(),
        second_followup_date: "2026-11-19".into(),
        aom_at_52_weeks: "yes".into(),
        refracture_date: "2026-10-02".into(),
        refracture_site: "hip".into(),
        notes: "Lives alone.\nDaughter visits.".into(),
        closed_date: "2026-11-25".into(),
        closed_reason: "completed".into(),
        residence_before: "care_home".into(),
        high_risk: "yes".into(),
        secondary_causes_screen: "done".into(),
        lifestyle_advice: "declined".into(),
        primary_care_letter_date: "2026-04-01".into(),
    };
    let (ep, w) = parse(&full, &opts()).unwrap();
    assert!(w.is_empty());
    // Every column has a value, so one the parser or the way back forgets shows here.
    for (c, cell) in COLUMNS.iter().zip(ep.cells()) {
        assert!(!cell.is_blank(), "{c} is blank");
    }
    let back = EpisodeInput::from(&ep);
    assert_eq!(back, full, "the canonical text is what was typed");
    // What the stores write and read back.
    let stored = ep.cells().map(Cell::to_owned_cell);
    assert_eq!(Episode::from_cells(stored), Ok(ep.clone()));
    assert_eq!(parse(&back, &opts()).unwrap().0, ep);
    // Non-canonical text (dmy dates, decimal commas, case) comes back canonical and equal.
    let messy = EpisodeInput {
        fracture_date: "01/03/2026".into(),
        birth_date: "15.06.1950".into(),
        sex: "f".into(),
        fracture_site: "Spine".into(),
        fracture_icd10: "m80.08xa".into(),
        t_score_lumbar_spine: "\u{2212}3,1".into(),
        frax_hip_pct: "7,25".into(),
        aom_start_atc: "m05bx04".into(),
        ..full.clone()
    };
    let o = ParseOptions {
        date_order: DateOrder::Dmy,
        decimal_comma: true,
        ..opts()
    };
    let (ep2, _) = parse(&messy, &o).unwrap();
    assert_eq!(ep2, ep);
    assert_eq!(EpisodeInput::from(&ep2), full);
}

#[test]
fn an_implied_dxa_status_round_trips_as_done() {
    let ep = ok(|i| {
        i.dxa_date = "2026-03-10".into();
        i.t_score_total_hip = "-0.0".into();
    });
    let back = EpisodeInput::from(&ep);
    assert_eq!(back.dxa_status, "done");
    assert_eq!(back.t_score_total_hip, "0");
    assert_eq!(parse(&back, &opts()).unwrap().0, ep);
}

#[test]
fn code_lists_are_complete() {
    assert_eq!(FractureSite::codes().len(), 11);
    assert_eq!(
        DxaStatus::codes(),
        vec!["done", "not_required", "declined", "not_done"]
    );
    assert_eq!(ATC.len(), 14);
    assert_eq!(COLUMNS.len(), 43);
}

#[test]
fn kinds_follow_the_declared_types() {
    let k = |c: &str| KINDS[COLUMNS.iter().position(|x| *x == c).unwrap()];
    assert_eq!(k("patient_ref"), Kind::Text);
    assert_eq!(k("fracture_date"), Kind::Date);
    assert_eq!(k("sex"), Kind::Code);
    assert_eq!(k("death_date"), Kind::OptDate);
    assert_eq!(k("fracture_icd10"), Kind::OptText);
    assert_eq!(k("dxa_status"), Kind::OptCode);
    assert_eq!(k("frax_hip_pct"), Kind::Dec);
    assert_eq!(k("notes").storage(), Storage::Text);
}

#[test]
fn stored_values_that_are_not_the_column_s_are_refused() {
    let (ep, _) = parse(&valid(), &opts()).unwrap();
    let cells = || ep.cells().map(Cell::to_owned_cell);
    let at = |c: &str| COLUMNS.iter().position(|x| *x == c).unwrap();
    let with = |c: &str, v: OwnedCell| {
        let mut v2 = cells();
        v2[at(c)] = v;
        Episode::from_cells(v2).map_err(|e| (e.column, e.problem))
    };
    assert_eq!(
        with("sex", OwnedCell::Text(Some("Q".into()))),
        Err(("sex", "unknown code"))
    );
    assert_eq!(
        with("fracture_date", OwnedCell::Date(None)),
        Err(("fracture_date", "missing value"))
    );
    assert_eq!(
        with("patient_ref", OwnedCell::Dec(Some(1.0))),
        Err(("patient_ref", "wrong type of value"))
    );
    // A blank optional code is no code.
    assert_eq!(
        with("dxa_status", OwnedCell::Text(Some(String::new()))),
        Ok(Episode {
            dxa_status: None,
            ..ep.clone()
        })
    );
    assert!(Episode::from_cells(cells().into_iter().take(N_COLUMNS - 1)).is_err());
    assert!(Episode::from_cells(cells().into_iter().chain([OwnedCell::Dec(None)])).is_err());
}
