//! One test (or more) per rule of `docs/dataset.md`, all through [`parse`], each asserting
//! the field, the value and the rule code of the error. The base episode is a valid hip fracture
//! on 2026-03-01 of a woman born 1950-06-15; "today" is 2026-11-26. This file holds the helpers
//! and the key, patient, contact and fracture rules; `tests/clinical.rs` and `tests/formats.rs`
//! the rest.

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

mod clinical;
mod formats;
