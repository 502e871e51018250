//! Small things of a coordinator's day (issue 12): what the pathway table says about steps that
//! are undated or not needed, and how search finds a patient.

use crate::helpers::*;
use axum::http::StatusCode;

fn form(over: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    let mut v: Vec<(&'static str, String)> = vec![
        ("patient_ref", "H200".into()),
        ("fracture_date", "2026-05-04".into()),
        ("sex", "F".into()),
        ("birth_date", "1948-07-12".into()),
        ("fracture_site", "wrist".into()),
        ("setting", "outpatient".into()),
    ];
    for (k, val) in over {
        v.retain(|(kk, _)| kk != k);
        v.push((k, val.to_string()));
    }
    v
}

async fn register(b: &mut Browser, over: &[(&'static str, &str)]) -> String {
    let f = form(over);
    let refs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = b.post("/fls/GB-GLA/episodes", &refs).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    r.location().split('?').next().unwrap().to_string()
}

async fn setup() -> (TestApp, Browser) {
    let t = spawn().await;
    t.fls("GB-GLA", "GB").await;
    t.user("nurse@x.org", "fls_clinician", "GB-GLA").await;
    let b = t.signed_in("nurse@x.org").await;
    (t, b)
}

fn step_row(page: &Resp, starts: &str) -> String {
    page.texts("table.stack tbody tr")
        .into_iter()
        .find(|r| r.starts_with(starts))
        .unwrap_or_else(|| panic!("no step {starts}"))
}

#[tokio::test]
async fn the_pathway_says_why_a_step_is_not_needed_and_never_invents_a_date() {
    let (_t, mut b) = setup().await;
    let path = register(
        &mut b,
        &[
            ("fracture_site", "hip"),
            ("setting", "inpatient"),
            ("strength_balance_date", "2026-06-01"),
            ("falls_assessment", "done"),
        ],
    )
    .await;
    let page = b.get(&path).await;
    let strength = step_row(&page, "Strength and balance");
    assert!(
        strength.contains("Not needed") && strength.contains("hip fracture's rehabilitation"),
        "{strength}"
    );
    let falls = step_row(&page, "Falls");
    assert!(
        falls.contains("no date") && !falls.contains("4 May 2026"),
        "the fracture date is not the falls assessment's: {falls}"
    );
}

#[tokio::test]
async fn search_finds_given_then_family_name_and_a_date_of_birth() {
    let (_t, mut b) = setup().await;
    register(
        &mut b,
        &[("family_name", "MacDonald"), ("given_names", "Isla Mae")],
    )
    .await;
    register(
        &mut b,
        &[
            ("patient_ref", "H201"),
            ("family_name", "Isles"),
            ("given_names", "Donald"),
            ("birth_date", "1950-01-02"),
        ],
    )
    .await;
    let found = |r: &Resp| r.texts("tbody td:first-child");
    for q in [
        "Isla MacDonald",
        "macdonald isla",
        "isla 12/07/1948",
        "1948-07-12",
    ] {
        let r = b
            .get(&format!("/fls/GB-GLA/episodes?q={}", q.replace(' ', "+")))
            .await;
        assert_eq!(found(&r), vec!["H200"], "{q}");
    }
    let r = b.get("/fls/GB-GLA/episodes?q=02.01.1950").await;
    assert_eq!(found(&r), vec!["H201"]);
    // Every word must match: a name and another patient's birth date find no one.
    let r = b.get("/fls/GB-GLA/episodes?q=isla+1950-01-02").await;
    assert!(found(&r).is_empty(), "{:?}", found(&r));
}

#[tokio::test]
async fn the_register_form_marks_required_fields_and_saving_a_section_returns_to_it() {
    let (_t, mut b) = setup().await;
    let new = b.get("/fls/GB-GLA/episodes/new").await;
    for name in [
        "patient_ref",
        "fracture_date",
        "sex",
        "birth_date",
        "fracture_site",
        "setting",
    ] {
        assert!(
            new.attr(&format!("#f-{name}"), "required").is_some(),
            "{name} is not marked required"
        );
    }
    assert!(new.attr("#f-family_name", "required").is_none());
    // A hint says what the field is for, and the control is described by it.
    assert_eq!(
        new.attr("#f-spine_detection", "aria-describedby")
            .as_deref(),
        Some("h-spine_detection")
    );
    assert!(new.texts("#h-spine_detection")[0].contains("Spine fractures only"));

    let path = register(&mut b, &[]).await;
    let page = b.get(&path).await;
    let version = page.attr("input[name=version]", "value").unwrap();
    let base = page.attr("input[name=base]", "value").unwrap();
    let mut f = form(&[("fls_assessment_date", "2026-06-01")]);
    f.push(("version", version));
    f.push(("base", base));
    f.push(("section", "assessment".into()));
    let refs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = b.post(&path, &refs).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(r.location().ends_with("#g-assessment"), "{}", r.location());
    let saved = b.get(&r.location()).await;
    assert_eq!(
        saved.texts("fieldset#g-assessment .notice"),
        vec!["Saved."],
        "the notice is beside what was saved"
    );
}

/// The KPI page opened without a period shows the last full year, in which the 52-week
/// persistence has closed windows, rather than the current year, in which it is empty.
#[tokio::test]
async fn the_first_view_of_the_kpis_has_a_52_week_figure() {
    let (t, mut b) = setup().await;
    let mut lead = {
        t.user("lead@x.org", "fls_lead", "GB-GLA").await;
        t.signed_in("lead@x.org").await
    };
    register(
        &mut b,
        &[
            ("fracture_date", "2025-03-01"),
            ("fls_assessment_date", "2025-04-01"),
            ("aom_recommendation", "recommended"),
            ("aom_recommended_atc", "M05BA04"),
            ("aom_start_date", "2025-05-10"),
            ("aom_start_atc", "M05BA04"),
            ("first_followup_date", "2025-06-01"),
            ("second_followup_date", "2026-03-01"),
            ("aom_at_52_weeks", "yes"),
        ],
    )
    .await;
    let r = lead.get("/fls/GB-GLA/kpis").await;
    assert_eq!(r.status, StatusCode::OK);
    let row = r.texts("#row-kpi10_aom_persistence_52w td");
    assert_eq!((row[0].as_str(), row[1].as_str()), ("1", "1"), "{row:?}");
    let csv = lead.get("/fls/GB-GLA/kpis?format=csv").await;
    assert!(csv.body.contains(",2025-01-01,2025-12-31,"), "{}", csv.body);
}

/// Seen from outside, counts are rounded but percentages are not: the page says why they
/// do not divide out, instead of leaving a reader to think one of them is wrong.
#[tokio::test]
async fn an_outside_viewer_is_told_why_rounded_counts_and_percentages_differ() {
    let (t, _) = setup().await;
    t.user("nat@x.org", "national_lead", "GB").await;
    let mut nat = t.signed_in("nat@x.org").await;
    let r = nat.get("/fls/GB-GLA/kpis").await;
    assert_eq!(r.status, StatusCode::OK);
    let note = r.texts("p.note").join(" ");
    assert!(note.contains("computed from the exact counts"), "{note}");
}
