//! Every dataset rule through the form and the API, each refusal naming the field, the value
//! and the rule; the API creates, reads, updates, lists and deletes under the same rules.

use crate::registry::{api, base, post_fields, setup, with};
use axum::http::StatusCode;
use serde_json::json;
/// (field, bad value, other fields to set, rule code): every dataset rule.
/// (field, bad value, other fields to set, rule code)
type RuleCase = (
    &'static str,
    &'static str,
    Vec<(&'static str, &'static str)>,
    &'static str,
);

fn rule_cases() -> Vec<RuleCase> {
    vec![
        ("patient_ref", "", vec![], "required"),
        (
            "patient_ref",
            &"X12345678901234567890123456789012345678901234567890123456789012345"[..65],
            vec![],
            "too_long",
        ),
        (
            "fracture_date",
            "1989-12-31",
            vec![("birth_date", "1930-01-01")],
            "date_before_1990",
        ),
        ("fracture_date", "2026-11-27", vec![], "date_in_future"),
        ("fracture_date", "2023-02-29", vec![], "date_invalid"),
        ("fracture_date", "45292", vec![], "date_excel_serial"),
        ("sex", "W", vec![], "one_of"),
        (
            "birth_date",
            "2026-06-01",
            vec![],
            "birth_not_before_fracture",
        ),
        ("birth_date", "1900-01-01", vec![], "age_out_of_range"),
        ("death_date", "2026-05-01", vec![], "date_before_fracture"),
        ("phone", "call me", vec![], "phone_chars"),
        ("fracture_site", "skull", vec![], "site_not_fragility"),
        ("fracture_site", "knee", vec![], "one_of"),
        (
            "spine_detection",
            "",
            vec![("fracture_site", "spine")],
            "required_for_spine",
        ),
        ("spine_detection", "clinical", vec![], "only_for_spine"),
        ("fracture_icd10", "S720", vec![], "icd10_format"),
        ("fracture_icd10", "I10", vec![], "icd10_not_fracture"),
        ("fracture_icd10", "S72.0", vec![], "icd10_site_mismatch"),
        ("setting", "home", vec![], "one_of"),
        (
            "identified_date",
            "2026-04-26",
            vec![],
            "identified_too_early",
        ),
        (
            "fls_assessment_date",
            "2026-05-03",
            vec![],
            "date_before_fracture",
        ),
        ("dxa_date", "2025-05-03", vec![], "dxa_too_early"),
        (
            "dxa_date",
            "",
            vec![("dxa_status", "done")],
            "dxa_done_needs_date",
        ),
        (
            "dxa_status",
            "not_done",
            vec![("dxa_date", "2026-06-01")],
            "dxa_date_means_done",
        ),
        (
            "t_score_total_hip",
            "-7.1",
            vec![("dxa_date", "2026-06-01")],
            "decimal_between",
        ),
        ("t_score_lumbar_spine", "-2.5", vec![], "t_score_needs_dxa"),
        ("frax_major_pct", "abc", vec![], "decimal"),
        (
            "frax_hip_pct",
            "12",
            vec![("frax_major_pct", "10")],
            "frax_hip_above_major",
        ),
        ("falls_assessment", "maybe", vec![], "one_of"),
        (
            "aom_recommended_atc",
            "M05BA04",
            vec![("aom_recommendation", "not_indicated")],
            "atc_needs_recommendation",
        ),
        ("aom_start_atc", "M05B", vec![], "atc_unknown"),
        (
            "aom_start_atc",
            "",
            vec![("aom_start_date", "2026-06-01")],
            "required_with_start",
        ),
        (
            "aom_start_date",
            "",
            vec![("aom_start_atc", "M05BX04")],
            "required_with_atc",
        ),
        (
            "aom_start_date",
            "2026-01-01",
            vec![
                ("aom_start_atc", "M05BX04"),
                ("aom_recommendation", "recommended"),
            ],
            "date_before_fracture",
        ),
        (
            "strength_balance_date",
            "2026-05-01",
            vec![],
            "date_before_fracture",
        ),
        (
            "first_followup_date",
            "2026-05-04",
            vec![],
            "date_not_after_fracture",
        ),
        (
            "second_followup_date",
            "2026-06-01",
            vec![("first_followup_date", "2026-07-01")],
            "second_not_after_first",
        ),
        ("aom_at_52_weeks", "perhaps", vec![], "one_of"),
        (
            "refracture_date",
            "2026-05-04",
            vec![("refracture_site", "hip")],
            "date_not_after_fracture",
        ),
        (
            "refracture_site",
            "",
            vec![("refracture_date", "2026-09-01")],
            "required_with_refracture",
        ),
        (
            "refracture_date",
            "",
            vec![("refracture_site", "hip")],
            "required_with_site",
        ),
        (
            "fls_assessment_date",
            "2026-08-01",
            vec![("death_date", "2026-07-01")],
            "date_after_death",
        ),
        ("notes", &"n".repeat(2001).leak()[..], vec![], "too_long"),
    ]
}

#[tokio::test]
async fn every_dataset_rule_is_enforced_through_the_form_and_the_api_naming_field_value_and_rule() {
    let (t, mut b, token) = setup().await;
    let tr = liaison_web::i18n::Tr::new(liaison_domain::lang::Lang::En);
    for (field, value, extra, rule) in rule_cases() {
        let mut over: Vec<(&'static str, &str)> = extra.clone();
        over.push((field, value));
        let fields = with(&over);
        // API
        let mut body = json!({ "fls_code": "GB-GLA" });
        for (k, v) in &fields {
            body[*k] = json!(v);
        }
        let r = api(&mut b, "POST", "/api/v1/episodes", &token, Some(body)).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}={value}: {}",
            r.body
        );
        let details = r.json()["error"]["details"].clone();
        let hit = details
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["field"] == field && d["rule"] == rule);
        assert!(
            hit.is_some(),
            "API {field}={value:?} should break {rule}: {details}"
        );
        // Form: the same rule, as a sentence naming the field and the value.
        let r = post_fields(&mut b, "/fls/GB-GLA/episodes", &fields).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "form {field}={value}"
        );
        let label = tr.field(field);
        let shown: String = value.chars().take(20).collect();
        let msgs = r.texts(".errors li");
        assert!(
            msgs.iter()
                .any(|m| m.starts_with(&label) && m.contains(&shown)),
            "form {field}={value:?} ({rule}): {msgs:?}"
        );
    }
    assert_eq!(
        liaison_store::episodes::count(&t.app.db, &liaison_domain::access::FlsSet::All)
            .await
            .unwrap(),
        0,
        "nothing invalid was saved"
    );
}

#[tokio::test]
async fn the_api_creates_reads_updates_lists_and_deletes_with_the_same_rules() {
    let (_t, mut b, token) = setup().await;
    let mut body = json!({ "fls_code": "GB-GLA" });
    for (k, v) in base() {
        body[k] = json!(v);
    }
    body["t_score_total_hip"] = json!(-2.5);
    body["dxa_date"] = json!("2026-06-01");
    let r = api(
        &mut b,
        "POST",
        "/api/v1/episodes",
        &token,
        Some(body.clone()),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let created = r.json();
    assert_eq!(
        (
            created["dxa_status"].as_str(),
            created["t_score_total_hip"].as_str()
        ),
        (Some("done"), Some("-2.5"))
    );
    let id = created["id"].as_i64().unwrap();
    let got = api(
        &mut b,
        "GET",
        &format!("/api/v1/episodes/{id}"),
        &token,
        None,
    )
    .await
    .json();
    assert_eq!(got["patient_ref"], "H100");
    body["version"] = json!(1);
    body["fls_assessment_date"] = json!("2026-06-02");
    let r = api(
        &mut b,
        "PUT",
        &format!("/api/v1/episodes/{id}"),
        &token,
        Some(body.clone()),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["version"], 2);
    let list = api(
        &mut b,
        "GET",
        "/api/v1/episodes?fls=GB-GLA&from=2026-01-01&to=2026-12-31&per_page=10",
        &token,
        None,
    )
    .await
    .json();
    assert_eq!(
        (list["total"].as_i64(), list["items"][0]["id"].as_i64()),
        (Some(1), Some(id))
    );
    let wl = api(
        &mut b,
        "GET",
        "/api/v1/episodes?fls=GB-GLA&worklist=dxa-pending",
        &token,
        None,
    )
    .await
    .json();
    assert_eq!(wl["total"], 0);
    body["fls_code"] = json!("ES-MAD");
    assert_eq!(
        api(
            &mut b,
            "POST",
            "/api/v1/episodes",
            &token,
            Some(body.clone())
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    body["colour"] = json!("blue");
    let r = api(&mut b, "POST", "/api/v1/episodes", &token, Some(body)).await;
    assert_eq!(r.json()["error"]["details"][0]["field"], "colour");
    assert_eq!(
        api(
            &mut b,
            "DELETE",
            &format!("/api/v1/episodes/{id}"),
            &token,
            None
        )
        .await
        .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        api(
            &mut b,
            "GET",
            &format!("/api/v1/episodes/{id}"),
            &token,
            None
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
}
