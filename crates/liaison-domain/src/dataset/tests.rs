//! One test (or more) per rule of `docs/dataset.md`, all through [`parse`], each asserting
//! the field, the value and the rule code of the error. The base episode is a valid hip fracture
//! on 2026-03-01 of a woman born 1950-06-15; "today" is 2026-11-26.

use super::*;
use crate::error::FieldError;
use time::macros::date;

pub fn valid() -> EpisodeInput {
    EpisodeInput {
        fls_code: "GB-GLA".into(),
        patient_ref: "H123".into(),
        fracture_date: "2026-03-01".into(),
        sex: "F".into(),
        birth_date: "1950-06-15".into(),
        fracture_site: "hip".into(),
        setting: "inpatient".into(),
        ..Default::default()
    }
}

pub fn opts() -> ParseOptions {
    ParseOptions::new(date!(2026 - 11 - 26))
}

/// The base episode changed by `f`.
fn with(f: impl FnOnce(&mut EpisodeInput)) -> EpisodeInput {
    let mut i = valid();
    f(&mut i);
    i
}

/// Parse with the default options; panic with the errors if invalid.
fn ok(f: impl FnOnce(&mut EpisodeInput)) -> Episode {
    ok_with(&opts(), f).0
}

fn ok_with(o: &ParseOptions, f: impl FnOnce(&mut EpisodeInput)) -> (Episode, Vec<Warning>) {
    let i = with(f);
    match parse(&i, o) {
        Ok(r) => r,
        Err(e) => panic!("expected valid, got {:?} for {i:?}", e.0),
    }
}

/// All errors, in order, as (field, value, rule).
fn errs_with(o: &ParseOptions, f: impl FnOnce(&mut EpisodeInput)) -> Vec<FieldError> {
    let i = with(f);
    match parse(&i, o) {
        Ok(_) => panic!("expected invalid: {i:?}"),
        Err(e) => e.0,
    }
}

fn errs(f: impl FnOnce(&mut EpisodeInput)) -> Vec<FieldError> {
    errs_with(&opts(), f)
}

/// The one and only error.
fn one(f: impl FnOnce(&mut EpisodeInput)) -> FieldError {
    one_with(&opts(), f)
}

fn one_with(o: &ParseOptions, f: impl FnOnce(&mut EpisodeInput)) -> FieldError {
    let e = errs_with(o, f);
    assert_eq!(e.len(), 1, "expected exactly one error, got {e:?}");
    e.into_iter().next().unwrap()
}

fn fvr(e: &FieldError) -> (&str, &str, &'static str) {
    (e.field.as_str(), e.value.as_str(), e.rule)
}

/// How a long value is quoted in an error.
fn quoted(s: &str) -> String {
    if s.chars().count() > 80 {
        s.chars().take(77).collect::<String>() + "..."
    } else {
        s.to_string()
    }
}

fn set(i: &mut EpisodeInput, col: &str, v: &str) {
    assert!(i.set(col, v.into()), "unknown column {col}");
}

#[test]
fn a_minimal_episode_is_valid() {
    let (e, w) = parse(&valid(), &opts()).unwrap();
    assert_eq!(e.age_at_fracture(), 75);
    assert!(w.is_empty());
    assert_eq!(EpisodeInput::from(&e), valid());
}

#[test]
fn every_column_has_an_input_field() {
    let mut i = EpisodeInput::default();
    for c in COLUMNS {
        assert!(i.set(c, c.to_string()), "{c}");
        assert_eq!(i.get(c), Some(c));
    }
    assert!(!i.set("nonsense", String::new()));
    assert_eq!(i.get("nonsense"), None);
    for c in PRIVATE_COLUMNS {
        assert!(COLUMNS.contains(&c));
    }
}

#[test]
fn required_fields_are_all_reported() {
    let e = parse(&EpisodeInput::default(), &opts()).unwrap_err().0;
    let got: Vec<_> = e.iter().map(fvr).collect();
    // The forms mark exactly the columns the validation requires.
    let names: Vec<_> = got.iter().map(|g| g.0).collect();
    assert_eq!(names, REQUIRED_COLUMNS);
    assert_eq!(
        got,
        vec![
            ("fls_code", "", "required"),
            ("patient_ref", "", "required"),
            ("fracture_date", "", "required"),
            ("sex", "", "required"),
            ("birth_date", "", "required"),
            ("fracture_site", "", "required"),
            ("setting", "", "required"),
        ]
    );
    // Blanks made of spaces are blanks.
    let e = one(|i| i.sex = "  ".into());
    assert_eq!(fvr(&e), ("sex", "", "required"));
}

// ---------------------------------------------------------------------------------------------
// Key and identity

#[test]
fn fls_code_length_and_characters() {
    ok(|i| i.fls_code = "GB".into());
    ok(|i| i.fls_code = "a".repeat(32));
    ok(|i| i.fls_code = "Gb-glA_1.x".into());
    let e = one(|i| i.fls_code = "G".into());
    assert_eq!(fvr(&e), ("fls_code", "G", "length_between"));
    let long = "A".repeat(33);
    let e = one(|i| i.fls_code = long.clone());
    assert_eq!(fvr(&e), ("fls_code", long.as_str(), "length_between"));
    let e = one(|i| i.fls_code = "GB GLA".into());
    assert_eq!(fvr(&e), ("fls_code", "GB GLA", "fls_code_chars"));
    let e = one(|i| i.fls_code = "GB/GLA".into());
    assert_eq!(fvr(&e), ("fls_code", "GB/GLA", "fls_code_chars"));
}

#[test]
fn patient_ref_length_and_control_characters() {
    let r64 = "R".repeat(64);
    assert_eq!(ok(|i| i.patient_ref = r64.clone()).patient_ref, r64);
    let r65 = "R".repeat(65);
    let e = one(|i| i.patient_ref = r65.clone());
    assert_eq!(fvr(&e), ("patient_ref", r65.as_str(), "too_long"));
    // 64 characters, not bytes.
    ok(|i| i.patient_ref = "é".repeat(64));
    let e = one(|i| i.patient_ref = "H1\u{7}23".into());
    assert_eq!(fvr(&e), ("patient_ref", "H1\u{7}23", "control_characters"));
    let e = one(|i| i.patient_ref = "H1\n23".into());
    assert_eq!(fvr(&e), ("patient_ref", "H1\n23", "control_characters"));
    // Surrounding blanks are not part of the reference.
    assert_eq!(ok(|i| i.patient_ref = "  H9 ".into()).patient_ref, "H9");
}

#[test]
fn fracture_date_not_before_1990() {
    let e = one(|i| {
        i.fracture_date = "1989-12-31".into();
        i.birth_date = "1920-01-01".into();
    });
    assert_eq!(fvr(&e), ("fracture_date", "1989-12-31", "date_before_1990"));
    let ep = ok(|i| {
        i.fracture_date = "1990-01-01".into();
        i.birth_date = "1920-01-01".into();
    });
    assert_eq!(ep.fracture_date, date!(1990 - 01 - 01));
}

#[test]
fn fracture_date_not_after_today() {
    let o = ParseOptions::new(date!(2026 - 03 - 01));
    ok_with(&o, |_| {});
    let e = one_with(&o, |i| i.fracture_date = "2026-03-02".into());
    assert_eq!(fvr(&e), ("fracture_date", "2026-03-02", "date_in_future"));
    assert_eq!(e.args, vec![("today", "2026-03-01".to_string())]);
}

// ---------------------------------------------------------------------------------------------
// Patient

#[test]
fn sex_codes() {
    for (s, want) in [
        ("F", Sex::F),
        ("M", Sex::M),
        ("X", Sex::X),
        ("U", Sex::U),
        ("f", Sex::F),
    ] {
        assert_eq!(ok(|i| i.sex = s.into()).sex, want);
    }
    let e = one(|i| i.sex = "female".into());
    assert_eq!(fvr(&e), ("sex", "female", "one_of"));
    assert_eq!(e.args, vec![("allowed", "F, M, X, U".to_string())]);
}

#[test]
fn birth_date_before_fracture() {
    let e = one(|i| i.birth_date = "2026-03-01".into());
    assert_eq!(
        fvr(&e),
        ("birth_date", "2026-03-01", "birth_not_before_fracture")
    );
    let e = one(|i| i.birth_date = "2026-04-01".into());
    assert_eq!(
        fvr(&e),
        ("birth_date", "2026-04-01", "birth_not_before_fracture")
    );
}

#[test]
fn age_at_fracture_18_to_120() {
    // Fracture on 2026-03-01.
    let e = one(|i| i.birth_date = "2008-03-02".into());
    assert_eq!(fvr(&e), ("birth_date", "2008-03-02", "age_out_of_range"));
    assert_eq!(e.args, vec![("age", "17".to_string())]);
    let (ep, w) = ok_with(&opts(), |i| i.birth_date = "2008-03-01".into());
    assert_eq!(ep.age_at_fracture(), 18);
    assert_eq!(
        w,
        vec![Warning {
            field: "birth_date",
            rule: "under_50"
        }]
    );
    let (ep, w) = ok_with(&opts(), |i| i.birth_date = "1906-03-01".into());
    assert_eq!(ep.age_at_fracture(), 120);
    assert!(w.is_empty());
    // One day short of 121.
    let (ep, _) = ok_with(&opts(), |i| i.birth_date = "1905-03-02".into());
    assert_eq!(ep.age_at_fracture(), 120);
    let e = one(|i| i.birth_date = "1905-03-01".into());
    assert_eq!(fvr(&e), ("birth_date", "1905-03-01", "age_out_of_range"));
    assert_eq!(e.args, vec![("age", "121".to_string())]);
}

#[test]
fn under_50_is_a_warning_not_an_error() {
    let (ep, w) = ok_with(&opts(), |i| i.birth_date = "1976-03-02".into());
    assert_eq!(ep.age_at_fracture(), 49);
    assert_eq!(
        w,
        vec![Warning {
            field: "birth_date",
            rule: "under_50"
        }]
    );
    let (ep, w) = ok_with(&opts(), |i| i.birth_date = "1976-03-01".into());
    assert_eq!(ep.age_at_fracture(), 50);
    assert!(w.is_empty());
}

#[test]
fn age_counts_whole_years_across_leap_days() {
    assert_eq!(age(date!(2004 - 02 - 29), date!(2022 - 02 - 28)), 17);
    assert_eq!(age(date!(2004 - 02 - 29), date!(2022 - 03 - 01)), 18);
    assert_eq!(age(date!(1950 - 06 - 15), date!(2026 - 06 - 14)), 75);
    assert_eq!(age(date!(1950 - 06 - 15), date!(2026 - 06 - 15)), 76);
}

#[test]
fn death_not_before_fracture() {
    assert_eq!(
        ok(|i| i.death_date = "2026-03-01".into()).death_date,
        Some(date!(2026 - 03 - 01))
    );
    let e = one(|i| i.death_date = "2026-02-28".into());
    assert_eq!(
        fvr(&e),
        ("death_date", "2026-02-28", "date_before_fracture")
    );
}

#[test]
fn no_event_after_death() {
    let fields = [
        ("identified_date", "2026-03-11"),
        ("fls_assessment_date", "2026-03-11"),
        ("dxa_date", "2026-03-11"),
        ("strength_balance_date", "2026-03-11"),
        ("first_followup_date", "2026-03-11"),
        ("second_followup_date", "2026-03-11"),
    ];
    for (f, v) in fields {
        let e = one(|i| {
            i.death_date = "2026-03-10".into();
            set(i, f, v);
        });
        assert_eq!(fvr(&e), (f, v, "date_after_death"));
        // On the day of death is fine.
        ok(|i| {
            i.death_date = "2026-03-11".into();
            set(i, f, v);
        });
    }
    let e = one(|i| {
        i.death_date = "2026-03-10".into();
        i.aom_recommendation = "recommended".into();
        i.aom_start_date = "2026-03-11".into();
        i.aom_start_atc = "M05BA04".into();
    });
    assert_eq!(
        fvr(&e),
        ("aom_start_date", "2026-03-11", "date_after_death")
    );
    let e = one(|i| {
        i.death_date = "2026-03-10".into();
        i.refracture_date = "2026-03-11".into();
        i.refracture_site = "wrist".into();
    });
    assert_eq!(
        fvr(&e),
        ("refracture_date", "2026-03-11", "date_after_death")
    );
    // A course of AOM that began before the fracture (continue) is before death too.
    ok(|i| {
        i.death_date = "2026-03-10".into();
        i.aom_recommendation = "continue".into();
        i.aom_start_date = "2024-01-01".into();
        i.aom_start_atc = "M05BA04".into();
    });
}

#[test]
fn death_not_after_today() {
    let e = one(|i| i.death_date = "2026-11-27".into());
    assert_eq!(fvr(&e), ("death_date", "2026-11-27", "date_in_future"));
}

// ---------------------------------------------------------------------------------------------
// Contact

#[test]
fn names_any_script_up_to_100_characters() {
    let ep = ok(|i| {
        i.family_name = "العلي".into();
        i.given_names = "فاطمة".into();
    });
    assert_eq!(
        (ep.family_name.as_str(), ep.given_names.as_str()),
        ("العلي", "فاطمة")
    );
    ok(|i| {
        i.family_name = "佐藤".into();
        i.given_names = "花子".into();
    });
    ok(|i| i.family_name = "字".repeat(100));
    let n101 = "字".repeat(101);
    let e = one(|i| i.family_name = n101.clone());
    assert_eq!(fvr(&e), ("family_name", quoted(&n101).as_str(), "too_long"));
    assert_eq!(e.args, vec![("max", "100".to_string())]);
    ok(|i| i.given_names = "a".repeat(100));
    let g101 = "a".repeat(101);
    let e = one(|i| i.given_names = g101.clone());
    assert_eq!(fvr(&e), ("given_names", quoted(&g101).as_str(), "too_long"));
    let e = one(|i| i.family_name = "Smith\u{0}".into());
    assert_eq!(fvr(&e), ("family_name", "Smith\u{0}", "control_characters"));
}

#[test]
fn primary_care_contact_up_to_200_characters() {
    ok(|i| i.primary_care_contact = "x".repeat(200));
    let c201 = "x".repeat(201);
    let e = one(|i| i.primary_care_contact = c201.clone());
    assert_eq!(
        fvr(&e),
        ("primary_care_contact", quoted(&c201).as_str(), "too_long")
    );
}

#[test]
fn phone_characters_and_length() {
    assert_eq!(
        ok(|i| i.phone = "+44 (0)141-555 0123".into()).phone,
        "+44 (0)141-555 0123"
    );
    let p32 = "0".repeat(32);
    ok(|i| i.phone = p32.clone());
    let p33 = "0".repeat(33);
    let e = one(|i| i.phone = p33.clone());
    assert_eq!(fvr(&e), ("phone", p33.as_str(), "too_long"));
    for bad in [
        "0141 555 0123 ext 4",
        "0141.555.0123",
        "+44/141",
        "０１４１",
    ] {
        let e = one(|i| i.phone = bad.into());
        assert_eq!(fvr(&e), ("phone", bad, "phone_chars"));
    }
}

// ---------------------------------------------------------------------------------------------
// Fracture and identification

#[test]
fn every_fracture_site_code_is_accepted() {
    for &s in FractureSite::ALL {
        let ep = ok(|i| {
            i.fracture_site = s.code().into();
            if s == FractureSite::Spine {
                i.spine_detection = "clinical".into();
            }
        });
        assert_eq!(ep.fracture_site, s);
    }
    assert_eq!(
        ok(|i| i.fracture_site = " Hip ".into()).fracture_site,
        FractureSite::Hip
    );
    let e = one(|i| i.fracture_site = "femur".into());
    assert_eq!(fvr(&e), ("fracture_site", "femur", "one_of"));
}

#[test]
fn skull_face_hand_and_feet_sites_are_not_fragility_fractures() {
    for s in [
        "skull", "face", "hand", "hands", "finger", "fingers", "toe", "toes", "foot", "feet",
        "Skull",
    ] {
        let e = one(|i| i.fracture_site = s.into());
        assert_eq!(fvr(&e), ("fracture_site", s, "site_not_fragility"));
    }
}

#[test]
fn spine_needs_spine_detection_and_other_sites_must_not_have_it() {
    let e = one(|i| i.fracture_site = "spine".into());
    assert_eq!(fvr(&e), ("spine_detection", "", "required_for_spine"));
    for (d, want) in [
        ("clinical", SpineDetection::Clinical),
        ("radiological", SpineDetection::Radiological),
    ] {
        let ep = ok(|i| {
            i.fracture_site = "spine".into();
            i.spine_detection = d.into();
        });
        assert_eq!(ep.spine_detection, Some(want));
    }
    let e = one(|i| i.spine_detection = "clinical".into());
    assert_eq!(fvr(&e), ("spine_detection", "clinical", "only_for_spine"));
    // An unknown code is one error, not also "required".
    let e = one(|i| {
        i.fracture_site = "spine".into();
        i.spine_detection = "xray".into();
    });
    assert_eq!(fvr(&e), ("spine_detection", "xray", "one_of"));
}

/// Agreement table of docs/dataset.md: (code, the site it means).
const ICD10_TABLE: &[(&str, FractureSite)] = {
    use FractureSite::*;
    &[
        ("S72.0", Hip),
        ("S72.1", Hip),
        ("S72.2", Hip),
        ("S72.00", Hip),
        ("S72.001A", Hip),
        ("S72.3", FemurOther),
        ("S72.4", FemurOther),
        ("S72.8", FemurOther),
        ("S72.9", FemurOther),
        ("S22.0", Spine),
        ("S22.1", Spine),
        ("S32.0", Spine),
        ("S32.000A", Spine),
        ("S12", Spine),
        ("S12.1", Spine),
        ("T08", Spine),
        ("M48.5", Spine),
        ("M48.56", Spine),
        ("M80.08", Spine),
        ("M80.88", Spine),
        ("M80.08XA", Spine),
        ("S52.5", Wrist),
        ("S52.6", Wrist),
        ("S52.501A", Wrist),
        ("S42.2", Humerus),
        ("S42.3", Humerus),
        ("S32.1", Pelvis),
        ("S32.4", Pelvis),
        ("S32.8", Pelvis),
        ("S82.1", TibiaFibula),
        ("S82.2", TibiaFibula),
        ("S82.4", TibiaFibula),
        ("S82.5", Ankle),
        ("S82.6", Ankle),
        ("S82.8", Ankle),
        ("S22.3", Rib),
        ("S22.4", Rib),
        ("S42.0", Clavicle),
        // `other`: anything else in S, or M80 without a vertebral site.
        ("M80.0", Other),
        ("M80.05", Other),
        ("S42.4", Other),
        ("S52.0", Other),
        ("S82.0", Other),
        ("S22.2", Other),
        ("S32.9", Other),
        ("S62.0", Other),
        ("S92.0", Other),
    ]
};

#[test]
fn icd10_agreement_table() {
    for &(code, site) in ICD10_TABLE {
        assert_eq!(icd10_site(code), Ok(site), "{code}");
        let ep = ok(|i| {
            i.fracture_site = site.code().into();
            if site == FractureSite::Spine {
                i.spine_detection = "radiological".into();
            }
            i.fracture_icd10 = code.into();
        });
        assert_eq!(ep.fracture_icd10.as_deref(), Some(code));
        // Any other site disagrees.
        let other = if site == FractureSite::Wrist {
            FractureSite::Rib
        } else {
            FractureSite::Wrist
        };
        let e = one(|i| {
            i.fracture_site = other.code().into();
            i.fracture_icd10 = code.into();
        });
        assert_eq!(
            fvr(&e),
            ("fracture_icd10", code, "icd10_site_mismatch"),
            "{code}"
        );
        assert_eq!(
            e.args,
            vec![
                ("site", other.code().to_string()),
                ("icd_site", site.code().to_string())
            ]
        );
    }
}

#[test]
fn icd10_non_vertebral_m80_is_not_spine() {
    let e = one(|i| {
        i.fracture_site = "spine".into();
        i.spine_detection = "clinical".into();
        i.fracture_icd10 = "M80.0".into();
    });
    assert_eq!(fvr(&e), ("fracture_icd10", "M80.0", "icd10_site_mismatch"));
}

#[test]
fn icd10_is_stored_upper_case_and_trimmed() {
    let ep = ok(|i| i.fracture_icd10 = " s72.001a ".into());
    assert_eq!(ep.fracture_icd10.as_deref(), Some("S72.001A"));
}

#[test]
fn icd10_format_errors() {
    for bad in [
        "S720",
        "S72.",
        "S72.0000000",
        "72.0",
        "SS2.0",
        "S7",
        "S72-0",
        "S72.0 A",
    ] {
        assert_eq!(icd10_site(bad), Err("icd10_format"), "{bad}");
        let e = one(|i| i.fracture_icd10 = bad.into());
        assert_eq!(fvr(&e), ("fracture_icd10", bad, "icd10_format"));
    }
}

#[test]
fn icd10_codes_that_are_not_fractures() {
    for bad in ["I10", "M81.0", "T14", "M48.0", "E11.9"] {
        let e = one(|i| i.fracture_icd10 = bad.into());
        assert_eq!(fvr(&e), ("fracture_icd10", bad, "icd10_not_fracture"));
    }
}

#[test]
fn icd10_skull_face_fingers_toes_are_not_fragility() {
    for bad in [
        "S02", "S02.0", "S02.4", "S62.5", "S62.6", "S62.7", "S92.4", "S92.5", "S62.600A",
    ] {
        let e = one(|i| {
            i.fracture_site = "other".into();
            i.fracture_icd10 = bad.into();
        });
        assert_eq!(fvr(&e), ("fracture_icd10", bad, "icd10_not_fragility"));
    }
}

#[test]
fn setting_codes() {
    assert_eq!(
        ok(|i| i.setting = "outpatient".into()).setting,
        Setting::Outpatient
    );
    let e = one(|i| i.setting = "day_case".into());
    assert_eq!(fvr(&e), ("setting", "day_case", "one_of"));
}

#[test]
fn identified_date_at_most_7_days_before_fracture() {
    assert_eq!(
        ok(|i| i.identified_date = "2026-02-22".into()).identified_date,
        Some(date!(2026 - 02 - 22))
    );
    let e = one(|i| i.identified_date = "2026-02-21".into());
    assert_eq!(
        fvr(&e),
        ("identified_date", "2026-02-21", "identified_too_early")
    );
    let e = one(|i| i.identified_date = "2026-11-27".into());
    assert_eq!(fvr(&e), ("identified_date", "2026-11-27", "date_in_future"));
}

#[test]
fn identification_route_codes() {
    for &r in IdentificationRoute::ALL {
        assert_eq!(
            ok(|i| i.identification_route = r.code().into()).identification_route,
            Some(r)
        );
    }
    let e = one(|i| i.identification_route = "gp".into());
    assert_eq!(fvr(&e), ("identification_route", "gp", "one_of"));
}

// ---------------------------------------------------------------------------------------------
// Assessment and investigation

#[test]
fn fls_assessment_not_before_fracture() {
    ok(|i| i.fls_assessment_date = "2026-03-01".into());
    let e = one(|i| i.fls_assessment_date = "2026-02-28".into());
    assert_eq!(
        fvr(&e),
        ("fls_assessment_date", "2026-02-28", "date_before_fracture")
    );
}

#[test]
fn dxa_date_up_to_365_days_before_fracture() {
    // 2025-03-01 is 365 days before 2026-03-01.
    assert_eq!(
        ok(|i| i.dxa_date = "2025-03-01".into()).dxa_date,
        Some(date!(2025 - 03 - 01))
    );
    let e = one(|i| i.dxa_date = "2025-02-28".into());
    assert_eq!(fvr(&e), ("dxa_date", "2025-02-28", "dxa_too_early"));
}

#[test]
fn dxa_status_and_date() {
    // A date implies done.
    let ep = ok(|i| i.dxa_date = "2026-03-10".into());
    assert_eq!(ep.dxa_status, Some(DxaStatus::Done));
    let ep = ok(|i| {
        i.dxa_status = "done".into();
        i.dxa_date = "2026-03-10".into();
    });
    assert_eq!(ep.dxa_status, Some(DxaStatus::Done));
    // Done needs a date.
    let e = one(|i| i.dxa_status = "done".into());
    assert_eq!(fvr(&e), ("dxa_date", "", "dxa_done_needs_date"));
    // Other statuses without a date are fine; with a date they are errors.
    for s in ["not_required", "declined", "not_done"] {
        let ep = ok(|i| i.dxa_status = s.into());
        assert_eq!(ep.dxa_status, DxaStatus::parse(s));
        let e = one(|i| {
            i.dxa_status = s.into();
            i.dxa_date = "2026-03-10".into();
        });
        assert_eq!(fvr(&e), ("dxa_status", s, "dxa_date_means_done"));
    }
    let e = one(|i| i.dxa_status = "yes".into());
    assert_eq!(fvr(&e), ("dxa_status", "yes", "one_of"));
}

#[test]
fn an_unreadable_dxa_date_is_one_error() {
    let e = one(|i| {
        i.dxa_status = "done".into();
        i.dxa_date = "10/03/26".into();
        i.t_score_total_hip = "-2.5".into();
    });
    assert_eq!(fvr(&e), ("dxa_date", "10/03/26", "date_two_digit_year"));
    let e = one(|i| {
        i.dxa_date = "tomorrow".into();
        i.t_score_total_hip = "-2.5".into();
    });
    assert_eq!(fvr(&e), ("dxa_date", "tomorrow", "date_format"));
}

#[test]
fn t_scores_between_minus_7_and_plus_5() {
    for f in [
        "t_score_lumbar_spine",
        "t_score_total_hip",
        "t_score_femoral_neck",
    ] {
        for (v, want) in [
            ("-7.0", -7.0),
            ("+5.0", 5.0),
            ("5", 5.0),
            ("-2.5", -2.5),
            ("0", 0.0),
        ] {
            let ep = ok(|i| {
                i.dxa_date = "2026-03-10".into();
                set(i, f, v);
            });
            let got = match f {
                "t_score_lumbar_spine" => ep.t_score_lumbar_spine,
                "t_score_total_hip" => ep.t_score_total_hip,
                _ => ep.t_score_femoral_neck,
            };
            assert_eq!(got, Some(want), "{f}={v}");
        }
        for v in ["-7.1", "5.1", "-100"] {
            let e = one(|i| {
                i.dxa_date = "2026-03-10".into();
                set(i, f, v);
            });
            assert_eq!(fvr(&e), (f, v, "decimal_between"));
            assert_eq!(
                e.args,
                vec![("min", "-7".to_string()), ("max", "5".to_string())]
            );
        }
        for v in ["abc", "-2.5.1", "2-", "1e1", "--1", "NaN"] {
            let e = one(|i| {
                i.dxa_date = "2026-03-10".into();
                set(i, f, v);
            });
            assert_eq!(fvr(&e), (f, v, "decimal"));
        }
    }
}

#[test]
fn t_scores_only_with_a_dxa() {
    for f in [
        "t_score_lumbar_spine",
        "t_score_total_hip",
        "t_score_femoral_neck",
    ] {
        let e = one(|i| set(i, f, "-2.5"));
        assert_eq!(fvr(&e), (f, "-2.5", "t_score_needs_dxa"));
        for s in ["not_done", "declined", "not_required"] {
            let e = one(|i| {
                i.dxa_status = s.into();
                set(i, f, "-2.5");
            });
            assert_eq!(fvr(&e), (f, "-2.5", "t_score_needs_dxa"));
        }
        ok(|i| {
            i.dxa_status = "done".into();
            i.dxa_date = "2026-03-10".into();
            set(i, f, "-2.5");
        });
    }
}

#[test]
fn frax_between_0_and_100_and_hip_not_above_major() {
    let ep = ok(|i| {
        i.frax_major_pct = "100".into();
        i.frax_hip_pct = "0".into();
    });
    assert_eq!(
        (ep.frax_major_pct, ep.frax_hip_pct),
        (Some(100.0), Some(0.0))
    );
    ok(|i| {
        i.frax_major_pct = "12.5".into();
        i.frax_hip_pct = "12.5".into();
    });
    ok(|i| i.frax_hip_pct = "4".into());
    let e = one(|i| i.frax_major_pct = "100.1".into());
    assert_eq!(fvr(&e), ("frax_major_pct", "100.1", "decimal_between"));
    assert_eq!(
        e.args,
        vec![("min", "0".to_string()), ("max", "100".to_string())]
    );
    let e = one(|i| i.frax_hip_pct = "-1".into());
    assert_eq!(fvr(&e), ("frax_hip_pct", "-1", "decimal_between"));
    let e = one(|i| {
        i.frax_major_pct = "12.5".into();
        i.frax_hip_pct = "12.6".into();
    });
    assert_eq!(fvr(&e), ("frax_hip_pct", "12.6", "frax_hip_above_major"));
}

#[test]
fn falls_assessment_codes() {
    for &f in FallsAssessment::ALL {
        assert_eq!(
            ok(|i| i.falls_assessment = f.code().into()).falls_assessment,
            Some(f)
        );
    }
    let e = one(|i| i.falls_assessment = "yes".into());
    assert_eq!(fvr(&e), ("falls_assessment", "yes", "one_of"));
}

#[test]
fn decimal_comma_only_when_declared() {
    let e = one(|i| i.frax_major_pct = "12,5".into());
    assert_eq!(fvr(&e), ("frax_major_pct", "12,5", "decimal"));
    let comma = ParseOptions {
        decimal_comma: true,
        ..opts()
    };
    let (ep, _) = ok_with(&comma, |i| {
        i.frax_major_pct = "12,5".into();
        i.dxa_date = "2026-03-10".into();
        i.t_score_total_hip = "\u{2212}2,5".into();
    });
    assert_eq!(ep.frax_major_pct, Some(12.5));
    assert_eq!(ep.t_score_total_hip, Some(-2.5));
    // A point still reads with a declared comma; thousands separators do not.
    let (ep, _) = ok_with(&comma, |i| i.frax_major_pct = "12.5".into());
    assert_eq!(ep.frax_major_pct, Some(12.5));
    let e = one_with(&comma, |i| i.frax_major_pct = "1.2,5".into());
    assert_eq!(fvr(&e), ("frax_major_pct", "1.2,5", "decimal"));
    let e = one_with(&comma, |i| i.frax_major_pct = "1,2,5".into());
    assert_eq!(fvr(&e), ("frax_major_pct", "1,2,5", "decimal"));
}

#[test]
fn unicode_minus_and_plus_sign() {
    let ep = ok(|i| {
        i.dxa_date = "2026-03-10".into();
        i.t_score_lumbar_spine = "\u{2212}3.1".into();
        i.t_score_femoral_neck = "+1.5".into();
    });
    assert_eq!(ep.t_score_lumbar_spine, Some(-3.1));
    assert_eq!(ep.t_score_femoral_neck, Some(1.5));
    let e = one(|i| {
        i.dxa_date = "2026-03-10".into();
        i.t_score_lumbar_spine = "\u{2212}7.5".into();
    });
    assert_eq!(
        fvr(&e),
        ("t_score_lumbar_spine", "\u{2212}7.5", "decimal_between")
    );
}

// ---------------------------------------------------------------------------------------------
// Treatment

#[test]
fn aom_recommendation_codes() {
    for &r in AomRecommendation::ALL {
        assert_eq!(
            ok(|i| i.aom_recommendation = r.code().into()).aom_recommendation,
            Some(r)
        );
    }
    assert!(AomRecommendation::Recommended.is_positive());
    assert!(AomRecommendation::Continue.is_positive());
    assert!(!AomRecommendation::Declined.is_positive());
    let e = one(|i| i.aom_recommendation = "yes".into());
    assert_eq!(fvr(&e), ("aom_recommendation", "yes", "one_of"));
}

#[test]
fn accepted_atc_codes() {
    let accepted = [
        ("M05BA04", "alendronic acid"),
        ("M05BA06", "ibandronic acid"),
        ("M05BA07", "risedronic acid"),
        ("M05BA08", "zoledronic acid"),
        ("M05BB03", "bisphosphonate combination"),
        ("M05BB05", "bisphosphonate combination"),
        ("M05BX03", "strontium ranelate"),
        ("M05BX04", "denosumab"),
        ("M05BX06", "romosozumab"),
        ("H05AA02", "teriparatide"),
        ("H05AA04", "abaloparatide"),
        ("G03XC01", "raloxifene"),
        ("G03XC02", "bazedoxifene"),
        ("G03CA03", "hormone therapy (oestrogens)"),
        ("G03CA", "hormone therapy (oestrogens)"),
        ("G03FA01", "hormone therapy (progestogens and oestrogens)"),
        ("m05ba04", "alendronic acid"),
    ];
    for (code, name) in accepted {
        assert_eq!(atc_name(code), Some(name), "{code}");
        for f in ["aom_recommended_atc", "aom_start_atc"] {
            let ep = ok(|i| {
                i.aom_recommendation = "recommended".into();
                i.aom_start_date = "2026-03-20".into();
                i.aom_start_atc = "M05BA04".into();
                set(i, f, code);
            });
            let got = if f == "aom_start_atc" {
                ep.aom_start_atc
            } else {
                ep.aom_recommended_atc
            };
            assert_eq!(got, Some(code.to_ascii_uppercase()));
        }
    }
}

#[test]
fn unknown_atc_codes_are_rejected() {
    for bad in [
        "M05B",
        "M05BB",
        "G03C",
        "G03F",
        "M05BA99",
        "A11CC05",
        "M05BB0301",
        "G03C-A",
    ] {
        assert_eq!(atc_name(bad), None, "{bad}");
        let e = one(|i| {
            i.aom_recommendation = "recommended".into();
            i.aom_recommended_atc = bad.into();
        });
        assert_eq!(fvr(&e), ("aom_recommended_atc", bad, "atc_unknown"));
    }
}

#[test]
fn recommended_atc_only_with_recommended_or_continue() {
    for r in ["recommended", "continue"] {
        ok(|i| {
            i.aom_recommendation = r.into();
            i.aom_recommended_atc = "M05BX04".into();
        });
    }
    for r in ["not_indicated", "contraindicated", "declined", ""] {
        let e = one(|i| {
            i.aom_recommendation = r.into();
            i.aom_recommended_atc = "M05BX04".into();
        });
        assert_eq!(
            fvr(&e),
            ("aom_recommended_atc", "M05BX04", "atc_needs_recommendation")
        );
    }
}

#[test]
fn aom_start_date_and_atc_go_together() {
    let ep = ok(|i| {
        i.aom_recommendation = "recommended".into();
        i.aom_start_date = "2026-03-20".into();
        i.aom_start_atc = "M05BA08".into();
    });
    assert_eq!(ep.aom_start_date, Some(date!(2026 - 03 - 20)));
    assert_eq!(ep.aom_start_atc.as_deref(), Some("M05BA08"));
    let e = one(|i| i.aom_start_date = "2026-03-20".into());
    assert_eq!(fvr(&e), ("aom_start_atc", "", "required_with_start"));
    let e = one(|i| i.aom_start_atc = "M05BA08".into());
    assert_eq!(fvr(&e), ("aom_start_date", "", "required_with_atc"));
    // An unknown code or an unreadable date is one error, not two.
    let e = one(|i| {
        i.aom_start_date = "2026-03-20".into();
        i.aom_start_atc = "X".into();
    });
    assert_eq!(fvr(&e), ("aom_start_atc", "X", "atc_unknown"));
    let e = one(|i| {
        i.aom_start_date = "20.3.2026".into();
        i.aom_start_atc = "M05BA08".into();
    });
    assert_eq!(fvr(&e), ("aom_start_date", "20.3.2026", "date_format"));
}

#[test]
fn only_a_continued_aom_may_start_before_the_fracture() {
    let ep = ok(|i| {
        i.aom_recommendation = "continue".into();
        i.aom_start_date = "2019-05-01".into();
        i.aom_start_atc = "M05BA04".into();
    });
    assert_eq!(ep.aom_start_date, Some(date!(2019 - 05 - 01)));
    for r in [
        "recommended",
        "not_indicated",
        "contraindicated",
        "declined",
        "",
    ] {
        let e = one(|i| {
            i.aom_recommendation = r.into();
            i.aom_start_date = "2026-02-28".into();
            i.aom_start_atc = "M05BA04".into();
        });
        assert_eq!(
            fvr(&e),
            ("aom_start_date", "2026-02-28", "date_before_fracture"),
            "{r}"
        );
    }
    // Starting on the day of the fracture is fine.
    ok(|i| {
        i.aom_start_date = "2026-03-01".into();
        i.aom_start_atc = "M05BA04".into();
    });
    let e = one(|i| {
        i.aom_recommendation = "continue".into();
        i.aom_start_date = "2026-11-27".into();
        i.aom_start_atc = "M05BA04".into();
    });
    assert_eq!(fvr(&e), ("aom_start_date", "2026-11-27", "date_in_future"));
}

#[test]
fn strength_balance_not_before_fracture() {
    ok(|i| i.strength_balance_date = "2026-03-01".into());
    let e = one(|i| i.strength_balance_date = "2026-02-28".into());
    assert_eq!(
        fvr(&e),
        (
            "strength_balance_date",
            "2026-02-28",
            "date_before_fracture"
        )
    );
}

// ---------------------------------------------------------------------------------------------
// Follow-up and outcomes

#[test]
fn follow_ups_strictly_after_fracture() {
    for f in ["first_followup_date", "second_followup_date"] {
        ok(|i| set(i, f, "2026-03-02"));
        let e = one(|i| set(i, f, "2026-03-01"));
        assert_eq!(fvr(&e), (f, "2026-03-01", "date_not_after_fracture"));
        let e = one(|i| set(i, f, "2026-01-01"));
        assert_eq!(fvr(&e), (f, "2026-01-01", "date_not_after_fracture"));
        let e = one(|i| set(i, f, "2026-11-27"));
        assert_eq!(fvr(&e), (f, "2026-11-27", "date_in_future"));
    }
}

#[test]
fn second_follow_up_after_first() {
    let ep = ok(|i| {
        i.first_followup_date = "2026-06-20".into();
        i.second_followup_date = "2026-06-21".into();
    });
    assert_eq!(ep.second_followup_date, Some(date!(2026 - 06 - 21)));
    for second in ["2026-06-20", "2026-05-01"] {
        let e = one(|i| {
            i.first_followup_date = "2026-06-20".into();
            i.second_followup_date = second.into();
        });
        assert_eq!(
            fvr(&e),
            ("second_followup_date", second, "second_not_after_first")
        );
    }
}

#[test]
fn aom_at_52_weeks_codes() {
    for &y in YesNoUnknown::ALL {
        assert_eq!(
            ok(|i| i.aom_at_52_weeks = y.code().into()).aom_at_52_weeks,
            Some(y)
        );
    }
    let e = one(|i| i.aom_at_52_weeks = "maybe".into());
    assert_eq!(fvr(&e), ("aom_at_52_weeks", "maybe", "one_of"));
}

#[test]
fn refracture_after_fracture_with_a_site() {
    let ep = ok(|i| {
        i.refracture_date = "2026-03-02".into();
        i.refracture_site = "spine".into();
    });
    assert_eq!(ep.refracture_site, Some(FractureSite::Spine));
    let e = one(|i| {
        i.refracture_date = "2026-03-01".into();
        i.refracture_site = "wrist".into();
    });
    assert_eq!(
        fvr(&e),
        ("refracture_date", "2026-03-01", "date_not_after_fracture")
    );
    let e = one(|i| i.refracture_date = "2026-05-01".into());
    assert_eq!(fvr(&e), ("refracture_site", "", "required_with_refracture"));
    let e = one(|i| i.refracture_site = "wrist".into());
    assert_eq!(fvr(&e), ("refracture_date", "", "required_with_site"));
    let e = one(|i| {
        i.refracture_date = "2026-05-01".into();
        i.refracture_site = "toe".into();
    });
    assert_eq!(fvr(&e), ("refracture_site", "toe", "site_not_fragility"));
    let e = one(|i| {
        i.refracture_date = "2026-05-01".into();
        i.refracture_site = "leg".into();
    });
    assert_eq!(fvr(&e), ("refracture_site", "leg", "one_of"));
}

#[test]
fn notes_up_to_2000_characters() {
    let n2000 = "é".repeat(2000);
    assert_eq!(ok(|i| i.notes = n2000.clone()).notes, n2000);
    let n2001 = "é".repeat(2001);
    let e = one(|i| i.notes = n2001.clone());
    assert_eq!(fvr(&e), ("notes", quoted(&n2001).as_str(), "too_long"));
    assert_eq!(e.args, vec![("max", "2000".to_string())]);
}

#[test]
fn notes_may_have_several_lines() {
    let n = "Lives alone.\r\nDaughter visits weekly.\n\tInterpreter: Arabic.";
    assert_eq!(ok(|i| i.notes = n.into()).notes, n);
    let e = one(|i| i.notes = "bell\u{7}".into());
    assert_eq!(fvr(&e), ("notes", "bell\u{7}", "control_characters"));
}

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
