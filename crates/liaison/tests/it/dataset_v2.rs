//! Dataset version 2's remaining columns and the high-risk rule (issue 15): a version 1 file
//! still imports and never touches the new columns, the episode page says whether and why an
//! episode is high-risk (with the FRAX threshold of the country's KPI definitions), and the
//! research extract carries the letter to primary care as days from the fracture.

use crate::helpers::*;
use axum::http::StatusCode;
use liaison_app::Actor;
use liaison_app::export::{self, ExportFormat, Scope};
use liaison_app::import::{self, Mode, Options};
use liaison_domain::access::FlsSet;
use liaison_domain::dataset::{COLUMNS, EpisodeInput};
use liaison_domain::interchange as ic;

const V2: [&str; 7] = [
    "closed_date",
    "closed_reason",
    "residence_before",
    "high_risk",
    "secondary_causes_screen",
    "lifestyle_advice",
    "primary_care_letter_date",
];

fn nop(_: u64, _: u64) {}

fn wrist(patient_ref: &str) -> EpisodeInput {
    EpisodeInput {
        fls_code: "AA-ONE".into(),
        patient_ref: patient_ref.into(),
        fracture_date: "2026-01-10".into(),
        sex: "F".into(),
        birth_date: "1950-04-02".into(),
        fracture_site: "wrist".into(),
        setting: "outpatient".into(),
        fls_assessment_date: "2026-01-20".into(),
        ..Default::default()
    }
}

async fn stored(t: &TestApp) -> Vec<EpisodeInput> {
    let (rows, _) =
        liaison_store::episodes::list(&t.app.db, &FlsSet::All, &Default::default(), 100, 0)
            .await
            .unwrap();
    let mut v: Vec<EpisodeInput> = rows.iter().map(|r| r.to_input()).collect();
    v.sort_by(|a, b| a.patient_ref.cmp(&b.patient_ref));
    v
}

/// A file with only version 1's columns imports as before, and updating an episode from it
/// keeps what version 2 recorded, even when blank cells clear stored values.
#[tokio::test]
async fn a_version_1_file_imports_and_keeps_version_2_values() {
    let t = spawn().await;
    t.fls("AA-ONE", "GB").await;
    let mut recorded = wrist("KNOWN");
    for (k, v) in [
        ("residence_before", "care_home"),
        ("high_risk", "yes"),
        ("secondary_causes_screen", "done"),
        ("lifestyle_advice", "declined"),
        ("primary_care_letter_date", "2026-02-01"),
    ] {
        recorded.set(k, v.into());
    }
    liaison_app::episodes::create(&t.app, &Actor::operator(), &recorded, false)
        .await
        .expect("the form saves it");

    let v1: Vec<&str> = COLUMNS
        .iter()
        .copied()
        .filter(|c| !V2.contains(c))
        .collect();
    assert_eq!(v1.len(), 36, "version 1 has 36 columns");
    let mut known = wrist("KNOWN");
    known.falls_assessment = "done".into();
    let rows: Vec<Vec<String>> = [known, wrist("NEW")]
        .iter()
        .map(|i| {
            v1.iter()
                .map(|c| i.get(c).unwrap_or("").to_string())
                .collect()
        })
        .collect();
    let mut file = Vec::new();
    ic::write_csv(&mut file, &v1, rows).unwrap();
    let opts = Options {
        blanks_clear: true,
        ..Default::default()
    };
    let table = ic::read(&file).expect("a version 1 file reads");
    let s = import::run(
        &t.app,
        &Actor::operator(),
        table,
        opts,
        Mode::Apply { skip: None },
        &nop,
    )
    .await
    .unwrap();
    assert!(s.written && s.errors.is_empty(), "{:?}", s.errors);
    assert_eq!((s.new, s.changed), (1, 1));

    let eps = stored(&t).await;
    let (known, new) = (&eps[0], &eps[1]);
    assert_eq!(
        known.falls_assessment, "done",
        "the file's change is applied"
    );
    assert_eq!(known.residence_before, "care_home");
    assert_eq!(known.high_risk, "yes");
    assert_eq!(known.secondary_causes_screen, "done");
    assert_eq!(known.lifestyle_advice, "declined");
    assert_eq!(known.primary_care_letter_date, "2026-02-01");
    for c in V2 {
        assert_eq!(new.get(c), Some(""), "{c} of a version 1 row");
    }
}

async fn page_says(b: &mut Browser, path: &str) -> String {
    let page = b.get(path).await;
    assert_eq!(page.status, StatusCode::OK);
    page.texts("#high-risk").join(" ")
}

async fn register(b: &mut Browser, over: &[(&str, &str)]) -> String {
    let mut f: Vec<(&str, &str)> = vec![
        ("fracture_date", "2026-05-04"),
        ("sex", "F"),
        ("birth_date", "1948-07-12"),
        ("fracture_site", "wrist"),
        ("setting", "outpatient"),
        // The patients share a birth and fracture date: not duplicates.
        ("confirm_duplicate", "1"),
    ];
    for (k, v) in over {
        f.retain(|(kk, _)| kk != k);
        f.push((k, v));
    }
    let r = b.post("/fls/GB-GLA/episodes", &f).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    r.location().split('?').next().unwrap().to_string()
}

/// The pathway area says whether the episode is high-risk and why; the clinician's "no"
/// overrides a hip fracture; the FRAX threshold is the country's.
#[tokio::test]
async fn the_episode_page_says_why_an_episode_is_high_risk() {
    let t = spawn().await;
    t.fls("GB-GLA", "GB").await;
    t.user("nurse@x.org", "fls_clinician", "GB-GLA").await;
    let mut b = t.signed_in("nurse@x.org").await;

    let plain = register(&mut b, &[("patient_ref", "W1")]).await;
    assert_eq!(page_says(&mut b, &plain).await, "Not high risk.");
    let hip = register(
        &mut b,
        &[
            ("patient_ref", "H1"),
            ("fracture_site", "hip"),
            ("setting", "inpatient"),
        ],
    )
    .await;
    let said = page_says(&mut b, &hip).await;
    assert!(
        said.starts_with("High risk") && said.contains("hip or spine fracture"),
        "{said}"
    );
    let overruled = register(
        &mut b,
        &[
            ("patient_ref", "H2"),
            ("fracture_site", "hip"),
            ("setting", "inpatient"),
            ("high_risk", "no"),
        ],
    )
    .await;
    assert_eq!(page_says(&mut b, &overruled).await, "Not high risk.");
    let judged = register(&mut b, &[("patient_ref", "W2"), ("high_risk", "yes")]).await;
    assert!(
        page_says(&mut b, &judged)
            .await
            .contains("clinician's judgement")
    );
    let low_bone = register(
        &mut b,
        &[
            ("patient_ref", "W3"),
            ("dxa_date", "2026-05-20"),
            ("t_score_femoral_neck", "-2.5"),
        ],
    )
    .await;
    assert!(
        page_says(&mut b, &low_bone)
            .await
            .contains("T-score of −2.5 or lower")
    );
    let frax = register(&mut b, &[("patient_ref", "W4"), ("frax_major_pct", "22")]).await;
    let said = page_says(&mut b, &frax).await;
    assert!(said.contains("FRAX") && said.contains("20"), "{said}");

    // The country sets a higher threshold: the same FRAX is no longer high risk there.
    let mut defs: serde_json::Value = serde_json::from_str(liaison_domain::kpi::V1_JSON).unwrap();
    defs["version"] = "gb-2".into();
    defs["frax_high_risk_threshold"] = 25.into();
    liaison_app::kpi::save_definitions(&t.app, &Actor::operator(), Some("GB"), &defs.to_string())
        .await
        .expect("a threshold of 25 is valid");
    assert_eq!(page_says(&mut b, &frax).await, "Not high risk.");
    defs["frax_high_risk_threshold"] = 0.into();
    assert!(
        liaison_app::kpi::save_definitions(
            &t.app,
            &Actor::operator(),
            Some("GB"),
            &defs.to_string()
        )
        .await
        .is_err(),
        "a threshold of 0 is refused"
    );
}

/// The de-identified extract has residence and the high-risk judgement as recorded, and the
/// letter to primary care as days from the fracture, never as a date.
#[tokio::test]
async fn the_research_extract_has_the_letter_as_days_from_the_fracture() {
    let t = spawn().await;
    t.fls("AA-ONE", "GB").await;
    let mut e = wrist("R1");
    e.residence_before = "nursing_home".into();
    e.high_risk = "no".into();
    e.primary_care_letter_date = "2026-02-09".into();
    liaison_app::episodes::create(&t.app, &Actor::operator(), &e, false)
        .await
        .unwrap();
    let mut out = Vec::new();
    let scope = Scope::parse("fls:AA-ONE").unwrap();
    export::export(
        &t.app,
        &Actor::operator(),
        &scope,
        ExportFormat::Research,
        &mut out,
        &nop,
    )
    .await
    .unwrap();
    let text = String::from_utf8(out).unwrap();
    let mut lines = text.lines();
    let head: Vec<&str> = lines.next().unwrap().split(',').collect();
    let row: Vec<&str> = lines.next().unwrap().split(',').collect();
    let cell = |c: &str| row[head.iter().position(|h| *h == c).unwrap()];
    assert_eq!(cell("primary_care_letter_days"), "30");
    assert_eq!(cell("residence_before"), "nursing_home");
    assert_eq!(cell("high_risk"), "no");
    assert!(!head.contains(&"primary_care_letter_date"));
    assert!(!text.contains("2026-02-09"), "{text}");
}
