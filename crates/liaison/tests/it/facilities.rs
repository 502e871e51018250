//! The yearly facilities audit (issue 19): rounds, a lead's return through its life, last
//! year's answers, bad input, institutional KPIs and who sees them.

use crate::helpers::*;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use liaison_app::{Actor, users};
use serde_json::{Value, json};

/// A complete, valid return (4 WTE in all).
pub fn full() -> Vec<(&'static str, &'static str)> {
    vec![
        ("setting", "general_hospital"),
        ("staff_nurse", "2.5"),
        ("staff_doctor", "0.5"),
        ("staff_allied", "0"),
        ("staff_admin", "1"),
        ("consultant_sessions", "2"),
        ("group_hip", "ward_lists"),
        ("group_other_inpatient", "ward_lists"),
        ("group_outpatient", "clinic_lists"),
        ("group_vertebral", "not_covered"),
        ("dxa_access", "on_site"),
        ("dxa_wait_weeks", "6"),
        ("secondary_tests", "vitamin_d"),
        ("guidelines", "national"),
        ("treatment_start", "fls"),
        ("falls_referral", "all_at_risk"),
        ("exercise_referral", "yes"),
        ("monitoring_who", "fls"),
        ("monitoring_how", "telephone"),
        ("experience_survey", "no"),
        ("governance_meetings", "4"),
        ("funding", "recurrent"),
    ]
}

fn with(changes: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    let mut a = full();
    for (k, v) in changes {
        a.retain(|(x, _)| x != k);
        a.push((k, v));
    }
    a
}

/// The form's fields for these answers.
fn form(
    year: &str,
    action: &str,
    answers: &[(&'static str, &'static str)],
) -> Vec<(String, String)> {
    let mut f = vec![
        ("year".to_string(), year.to_string()),
        ("action".to_string(), action.to_string()),
    ];
    f.extend(
        answers
            .iter()
            .map(|(k, v)| (format!("q-{k}"), v.to_string())),
    );
    f
}

async fn post_form(b: &mut Browser, path: &str, fields: &[(String, String)]) -> Resp {
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    b.post(path, &refs).await
}

async fn token(t: &TestApp, email: &str) -> String {
    let id = liaison_store::users::user_by_email(&t.app.db, email)
        .await
        .unwrap()
        .unwrap()
        .id;
    users::create_token(&t.app, &Actor::operator(), id, "t")
        .await
        .unwrap()
}

async fn api_post(t: &TestApp, path: &str, tok: &str, body: Value) -> Resp {
    let req = Request::builder()
        .method("POST")
        .uri(path)
        .header(header::AUTHORIZATION, format!("Bearer {tok}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    t.browser().send(req).await
}

pub async fn open_round(t: &TestApp, year: &str, deadline: &str) {
    let input = liaison_app::facilities::RoundInput {
        year: year.into(),
        deadline: deadline.into(),
        questionnaire: String::new(),
    };
    liaison_app::facilities::open_round(&t.app, &Actor::operator(), &input)
        .await
        .unwrap();
}

/// Submit a return as the operator (the tests of rights use real users).
pub async fn submit(t: &TestApp, code: &str, year: &str, answers: &[(&str, &str)]) {
    let fls =
        liaison_store::orgs::fls_by_code(&t.app.db, &liaison_domain::access::FlsSet::All, code)
            .await
            .unwrap()
            .unwrap();
    let a = answers
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    liaison_app::facilities::write(
        &t.app,
        &Actor::operator(),
        &fls,
        year,
        &a,
        liaison_app::facilities::Step::Submit,
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn a_lead_drafts_submits_reopens_and_is_refused_after_the_deadline() {
    let t = spawn().await;
    t.fls("GB-GLA", "GB").await;
    t.user("admin@x.org", "administrator", "").await;
    t.user("lead@x.org", "fls_lead", "GB-GLA").await;
    // The administrator opens the round (today is 2026-11-26).
    let mut admin = t.signed_in("admin@x.org").await;
    let r = admin
        .post(
            "/admin/facilities",
            &[("year", "2026"), ("deadline", "2026-12-15")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(t.count_audit("facilities.round_open").await, 1);
    // The same year twice is refused, by name.
    let r = admin
        .post(
            "/admin/facilities",
            &[("year", "2026"), ("deadline", "2026-12-20")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("already has a round"));

    let mut lead = t.signed_in("lead@x.org").await;
    let page = lead.get("/fls/GB-GLA/facilities").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("id=\"facilities-form\""));
    // A partial draft is kept.
    let r = post_form(
        &mut lead,
        "/fls/GB-GLA/facilities",
        &form("2026", "save", &[("setting", "community")]),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // Submitting it lists every required answer missing, and changes nothing.
    let r = post_form(
        &mut lead,
        "/fls/GB-GLA/facilities",
        &form("2026", "submit", &[("setting", "community")]),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let listed = r.texts(".errors li");
    assert_eq!(listed.len(), 20, "{listed:?}");
    assert!(
        listed
            .iter()
            .any(|m| m.contains("Governance meetings a year"))
    );
    let tok = token(&t, "lead@x.org").await;
    let got = lead
        .api_get("/api/v1/fls/GB-GLA/facilities", &tok)
        .await
        .json();
    assert_eq!(got["status"], "draft");
    // Submitted, then read-only with a reopen button.
    let r = post_form(
        &mut lead,
        "/fls/GB-GLA/facilities",
        &form("2026", "submit", &full()),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = lead.get("/fls/GB-GLA/facilities").await;
    assert!(!page.body.contains("id=\"facilities-form\""));
    assert!(page.body.contains("value=\"reopen\""));
    // A submitted return does not change without reopening.
    let r = api_post(
        &t,
        "/api/v1/fls/GB-GLA/facilities",
        &tok,
        json!({"year": 2026, "action": "save", "answers": {"setting": "community"}}),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.json()["error"]["details"][0]["rule"],
        "facilities_submitted"
    );
    let r = post_form(
        &mut lead,
        "/fls/GB-GLA/facilities",
        &form("2026", "reopen", &[]),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let got = lead
        .api_get("/api/v1/fls/GB-GLA/facilities", &tok)
        .await
        .json();
    assert_eq!(got["status"], "draft");
    assert_eq!(got["answers"]["governance_meetings"], "4");
    // The deadline day is the last: the day after, submitting is refused and nothing changes.
    t.clock.advance(time::Duration::days(20));
    // (The session has long expired: a fresh sign-in.)
    let mut lead = t.signed_in("lead@x.org").await;
    let r = post_form(
        &mut lead,
        "/fls/GB-GLA/facilities",
        &form("2026", "submit", &full()),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("2026-12-15"), "the deadline is named");
    let r = api_post(
        &t,
        "/api/v1/fls/GB-GLA/facilities",
        &tok,
        json!({"year": 2026, "action": "submit", "answers": {}}),
    )
    .await;
    let d = &r.json()["error"]["details"][0];
    assert_eq!(
        (d["field"].as_str(), d["value"].as_str(), d["rule"].as_str()),
        (
            Some("deadline"),
            Some("2026-12-15"),
            Some("facilities_deadline_passed")
        )
    );
    let got = lead
        .api_get("/api/v1/fls/GB-GLA/facilities", &tok)
        .await
        .json();
    assert_eq!(got["status"], "draft");
    assert_eq!(got["open"], false);
    // Every write is in the trail.
    assert_eq!(t.count_audit("facilities.save").await, 1);
    assert_eq!(t.count_audit("facilities.submit").await, 1);
    assert_eq!(t.count_audit("facilities.reopen").await, 1);
}

#[tokio::test]
async fn last_years_answers_are_the_starting_point() {
    let t = spawn().await;
    t.fls("GB-GLA", "GB").await;
    t.user("lead@x.org", "fls_lead", "GB-GLA").await;
    open_round(&t, "2025", "2026-12-31").await;
    submit(&t, "GB-GLA", "2025", &full()).await;
    open_round(&t, "2026", "2027-01-31").await;
    let tok = token(&t, "lead@x.org").await;
    let mut b = t.signed_in("lead@x.org").await;
    let got = b
        .api_get("/api/v1/fls/GB-GLA/facilities", &tok)
        .await
        .json();
    assert_eq!(got["round"]["year"], 2026);
    assert_eq!(got["status"], "not_started");
    assert_eq!(got["from_previous"], true);
    assert_eq!(got["previous"]["year"], 2025);
    assert_eq!(got["answers"]["staff_nurse"], "2.5");
    let page = b.get("/fls/GB-GLA/facilities").await;
    assert!(page.body.contains("answers submitted for 2025"));
    assert_eq!(page.attr("#f-staff_nurse", "value").as_deref(), Some("2.5"));
}

#[tokio::test]
async fn each_bad_answer_is_refused_by_field_value_and_rule_and_nothing_is_stored() {
    let t = spawn().await;
    t.fls("GB-GLA", "GB").await;
    t.user("lead@x.org", "fls_lead", "GB-GLA").await;
    open_round(&t, "2026", "2026-12-15").await;
    let tok = token(&t, "lead@x.org").await;
    for (field, value, rule) in [
        ("staff_nurse", "-1", "decimal_between"),
        ("staff_doctor", "200.5", "decimal_between"),
        ("dxa_wait_weeks", "2.5", "integer"),
        ("setting", "castle", "one_of"),
    ] {
        let mut answers = serde_json::Map::new();
        for (k, v) in with(&[(field, value)]) {
            answers.insert(k.into(), v.into());
        }
        let r = api_post(
            &t,
            "/api/v1/fls/GB-GLA/facilities",
            &tok,
            json!({"year": 2026, "action": "submit", "answers": answers}),
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        let d = &r.json()["error"]["details"];
        assert_eq!(d.as_array().unwrap().len(), 1, "{d}");
        assert_eq!(d[0]["field"], field);
        assert_eq!(d[0]["value"], value);
        assert_eq!(d[0]["rule"], rule);
    }
    // The form says the same in the user's words, and keeps what was typed.
    let mut b = t.signed_in("lead@x.org").await;
    let r = post_form(
        &mut b,
        "/fls/GB-GLA/facilities",
        &form("2026", "save", &with(&[("staff_nurse", "250")])),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("must be a number from 0 to 200"),
        "{}",
        r.body
    );
    assert_eq!(r.attr("#f-staff_nurse", "value").as_deref(), Some("250"));
    // Nothing was stored.
    let got = b
        .api_get("/api/v1/fls/GB-GLA/facilities", &tok)
        .await
        .json();
    assert_eq!(got["status"], "not_started");
    assert_eq!(t.count_audit("facilities.submit").await, 0);
    assert_eq!(t.count_audit("facilities.save").await, 0);
}

#[tokio::test]
async fn institutional_kpis_equal_a_hand_computation_and_small_areas_are_withheld() {
    let t = spawn().await;
    // Each test FLS expects 500 + 50 = 550 fractures a year.
    for code in ["GB-GLA", "GB-LDN", "GB-MAN", "BR-SAO"] {
        t.fls(code, &code[..2]).await;
    }
    t.user("admin@x.org", "administrator", "").await;
    open_round(&t, "2026", "2026-12-15").await;
    let tok = token(&t, "admin@x.org").await;
    let mut b = t.browser();
    // Two services: no area may be released.
    submit(&t, "GB-GLA", "2026", &with(&[("staff_nurse", "1.5")])).await;
    submit(
        &t,
        "GB-LDN",
        "2026",
        &with(&[("governance_meetings", "10")]),
    )
    .await;
    let got = b.api_get("/api/v1/facilities/kpis", &tok).await.json();
    assert_eq!(got["areas"], json!([]));
    assert_eq!(got["services"].as_array().unwrap().len(), 2);
    // A third in the country: the country, its region and the world are released.
    submit(
        &t,
        "GB-MAN",
        "2026",
        &with(&[("staff_nurse", "5.5"), ("funding", "none")]),
    )
    .await;
    // Brazil's one service alone would be recoverable as world − Europe: the world is
    // withheld, as are Brazil and its region.
    submit(&t, "BR-SAO", "2026", &full()).await;
    let got = b.api_get("/api/v1/facilities/kpis", &tok).await.json();
    let areas = got["areas"].as_array().unwrap();
    let gb = areas
        .iter()
        .find(|a| a["scope"] == "country" && a["code"] == "GB")
        .expect("GB released");
    assert!(areas.iter().any(|a| a["code"] == "europe"));
    assert!(
        !areas
            .iter()
            .any(|a| a["scope"] == "world" || a["code"] == "BR")
    );
    assert_eq!(gb["fls"], 3);
    // Staff: 3, 4 and 7 WTE over 550 → median 4 / 550 × 1000.
    let staff = gb["kpis"]["staff_per_1000"].as_f64().unwrap();
    assert!((staff - 4.0 / 550.0 * 1000.0).abs() < 1e-9, "{staff}");
    // Governance meetings 4, 10, 4 → median 4; funding secured 2 of 3.
    assert_eq!(gb["kpis"]["governance_meetings"], 4.0);
    let share = gb["kpis"]["funding_secured"].as_f64().unwrap();
    assert!((share - 2.0 / 3.0).abs() < 1e-9);
    assert_eq!(gb["kpis"]["groups_covered"], 3.0);
    assert_eq!(gb["kpis"]["dxa_wait_weeks"], 6.0);
    // The page shows the same figure, in the reader's numbers.
    let mut admin = t.signed_in("admin@x.org").await;
    let page = admin.get("/admin/facilities").await;
    assert!(page.body.contains("7.27"), "4/550×1000 = 7.27");
}

#[tokio::test]
async fn a_national_lead_sees_aggregates_but_not_another_countrys_answers() {
    let t = spawn().await;
    for code in ["GB-GLA", "GB-LDN", "GB-MAN", "FR-LYO", "FR-PAR", "FR-NCE"] {
        t.fls(code, &code[..2]).await;
    }
    t.user("nl@x.org", "national_lead", "GB").await;
    open_round(&t, "2026", "2026-12-15").await;
    for code in ["GB-GLA", "GB-LDN", "GB-MAN", "FR-LYO", "FR-PAR", "FR-NCE"] {
        submit(&t, code, "2026", &full()).await;
    }
    let tok = token(&t, "nl@x.org").await;
    let mut b = t.signed_in("nl@x.org").await;
    let got = b.api_get("/api/v1/facilities/kpis", &tok).await.json();
    let codes: Vec<&str> = got["services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, vec!["GB-GLA", "GB-LDN", "GB-MAN"]);
    let places: Vec<String> = got["areas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| format!("{}:{}", a["scope"], a["code"]))
        .collect();
    assert!(
        places.contains(&"\"country\":\"GB\"".to_string()),
        "{places:?}"
    );
    assert!(places.contains(&"\"world\":null".to_string()), "{places:?}");
    // Their own country's return reads; another country's answers 404 (and are audited).
    assert_eq!(b.get("/fls/GB-LDN/facilities").await.status, StatusCode::OK);
    assert_eq!(
        b.get("/fls/FR-PAR/facilities").await.status,
        StatusCode::NOT_FOUND
    );
    let r = b.api_get("/api/v1/fls/FR-PAR/facilities", &tok).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(!r.body.contains("governance"));
    assert!(t.count_audit("authorisation_denied").await >= 2);
    // They read, they do not write.
    let r = api_post(
        &t,
        "/api/v1/fls/GB-LDN/facilities",
        &tok,
        json!({"year": 2026, "action": "reopen"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_submitted_return_suggests_the_bpf_organisation_answer_with_its_source() {
    let t = spawn().await;
    t.fls("GB-GLA", "GB").await;
    open_round(&t, "2026", "2026-12-15").await;
    submit(&t, "GB-GLA", "2026", &with(&[("guidelines", "regional")])).await;
    let fls =
        liaison_store::orgs::fls_by_code(&t.app.db, &liaison_domain::access::FlsSet::All, "GB-GLA")
            .await
            .unwrap()
            .unwrap();
    let draft = liaison_app::programme::Draft {
        answers: Default::default(),
        publish: true,
        publish_city: true,
        submit: false,
    };
    let row = liaison_app::programme::save(&t.app, &Actor::operator(), &fls, &draft)
        .await
        .unwrap();
    let prefill: Value = serde_json::from_str(&row.prefill_json).unwrap();
    let s = &prefill["s05_guidelines.organisation"];
    assert_eq!(s["option"], "silver");
    assert_eq!(s["measure"], "facilities_audit");
    assert_eq!(s["value"], 2026.0);
}
