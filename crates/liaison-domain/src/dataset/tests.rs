use super::*;
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

#[test]
fn a_minimal_episode_is_valid() {
    let (e, w) = parse(&valid(), &opts()).unwrap();
    assert_eq!(e.age_at_fracture(), 75);
    assert!(w.is_empty());
    assert_eq!(EpisodeInput::from(&e), valid());
}
