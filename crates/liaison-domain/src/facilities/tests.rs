use super::kpis::{self, InstKpi, Place, Placed};
use super::*;
use crate::benchmark::Disclosure;

fn full() -> Answers {
    [
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
        ("secondary_tests", "vitamin_d,bone_profile"),
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
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

fn rules(e: &Invalid) -> Vec<(String, String, &'static str)> {
    e.0.iter()
        .map(|f| (f.field.clone(), f.value.clone(), f.rule))
        .collect()
}

#[test]
fn the_shipped_questionnaire_loads_and_says_it_is_not_official() {
    let q = Questionnaire::public_1();
    assert_eq!(q.version, "public-1");
    assert!(
        q.source
            .contains("not either audit's official questionnaire")
    );
    for question in &q.questions {
        for lang in crate::lang::Lang::ALL {
            assert!(
                question.text.contains_key(lang.code()),
                "{} {lang:?}",
                question.id
            );
        }
    }
}

#[test]
fn a_complete_return_submits_and_is_normalised() {
    let q = Questionnaire::public_1();
    let a = check(&q, &full(), true).unwrap();
    // Options in the questionnaire's order.
    assert_eq!(a["secondary_tests"], "bone_profile,vitamin_d");
    // Arabic-Indic digits are read as numbers.
    let mut g = full();
    g.insert("governance_meetings".into(), "١٢".into());
    assert_eq!(check(&q, &g, true).unwrap()["governance_meetings"], "12");
}

#[test]
fn staff_outside_0_to_200_and_a_fractional_dxa_wait_are_refused() {
    let q = Questionnaire::public_1();
    let mut a = full();
    a.insert("staff_nurse".into(), "-1".into());
    a.insert("staff_doctor".into(), "200.5".into());
    a.insert("dxa_wait_weeks".into(), "2.5".into());
    let e = check(&q, &a, false).unwrap_err();
    assert_eq!(
        rules(&e),
        vec![
            ("dxa_wait_weeks".into(), "2.5".into(), "integer"),
            ("staff_doctor".into(), "200.5".into(), "decimal_between"),
            ("staff_nurse".into(), "-1".into(), "decimal_between"),
        ]
    );
    // 0 and 200 are the limits, inclusive.
    a.insert("staff_nurse".into(), "0".into());
    a.insert("staff_doctor".into(), "200".into());
    a.insert("dxa_wait_weeks".into(), "3".into());
    assert!(check(&q, &a, true).is_ok());
}

#[test]
fn submitting_lists_every_missing_required_answer_and_a_draft_may_be_partial() {
    let q = Questionnaire::public_1();
    let mut a = Answers::new();
    a.insert("setting".into(), "community".into());
    assert!(check(&q, &a, false).is_ok());
    let e = check(&q, &a, true).unwrap_err();
    let missing: Vec<&str> = e.0.iter().map(|f| f.field.as_str()).collect();
    assert!(e.0.iter().all(|f| f.rule == "required"));
    assert!(missing.contains(&"staff_nurse") && missing.contains(&"funding"));
    // Conditional answers are not required while their condition is unmet.
    assert!(!missing.contains(&"dxa_wait_weeks"));
    assert!(!missing.contains(&"funding_renewal"));
    let required = q.questions.iter().filter(|x| x.required).count();
    assert_eq!(missing.len(), required - 1);
}

#[test]
fn conditional_answers_become_required() {
    let q = Questionnaire::public_1();
    let mut a = full();
    a.remove("dxa_wait_weeks");
    a.insert("funding".into(), "fixed_term".into());
    let e = check(&q, &a, true).unwrap_err();
    let fields: Vec<&str> = e.0.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, vec!["dxa_wait_weeks", "funding_renewal"]);
    a.insert("dxa_access".into(), "none".into());
    a.insert("funding_renewal".into(), "2027-03-31".into());
    assert!(check(&q, &a, true).is_ok());
}

#[test]
fn unknown_options_and_questions_are_named() {
    let q = Questionnaire::public_1();
    let mut a = full();
    a.insert("setting".into(), "castle".into());
    a.insert("moat".into(), "yes".into());
    let e = check(&q, &a, false).unwrap_err();
    assert_eq!(
        rules(&e),
        vec![
            (
                "moat".into(),
                "yes".into(),
                "questionnaire_unknown_question"
            ),
            ("setting".into(), "castle".into(), "one_of"),
        ]
    );
}

#[test]
fn the_deadline_day_is_still_open() {
    let d = time::macros::date!(2026 - 12 - 31);
    assert!(open_on(d, d));
    assert!(!open_on(d, time::macros::date!(2027 - 01 - 01)));
    assert_eq!(after_deadline(d).value, "2026-12-31");
}

#[test]
fn a_broken_questionnaire_is_refused() {
    let mut v: serde_json::Value = serde_json::from_str(PUBLIC_1_JSON).unwrap();
    v["questions"][0]["section"] = "nowhere".into();
    let e = Questionnaire::from_json(&v.to_string()).unwrap_err();
    assert_eq!(e.rule, "questionnaire_invalid");
}

#[test]
fn institutional_figures_equal_a_hand_computation() {
    let q = Questionnaire::public_1();
    let a = check(&q, &full(), true).unwrap();
    // 2.5 + 0.5 + 0 + 1 = 4 WTE over 800 + 200 expected fractures = 4 per 1,000.
    let e = kpis::expected_per_year(Some(800), Some(200));
    let f = kpis::of(&q, &a, e);
    assert_eq!(f.staff_wte, Some(4.0));
    assert_eq!(f.staff_per_1000, Some(4.0));
    assert_eq!(f.groups_covered, Some(3));
    assert_eq!(f.dxa_wait_weeks, Some(6.0));
    assert_eq!(f.governance_meetings, Some(4.0));
    assert_eq!(f.funding_secured, Some(true));
    // No expected caseload, no ratio.
    assert_eq!(kpis::expected_per_year(None, Some(200)), None);
    assert_eq!(kpis::of(&q, &a, None).staff_per_1000, None);
}

#[test]
fn the_organisation_domain_gets_the_guidelines_suggestion() {
    let q = Questionnaire::public_1();
    let s = q.bpf_suggestions(&full());
    assert_eq!(s.get("s05_guidelines").map(String::as_str), Some("gold"));
}

fn placed(id: i64, country: &str, region: &str, meetings: f64, secured: bool) -> Placed {
    Placed {
        fls_id: id,
        country: country.into(),
        region: region.into(),
        figures: kpis::Institutional {
            governance_meetings: Some(meetings),
            funding_secured: Some(secured),
            ..Default::default()
        },
    }
}

#[test]
fn areas_with_fewer_than_the_minimum_services_are_withheld() {
    let d = Disclosure::default();
    let rs = vec![
        placed(1, "GB", "europe", 2.0, true),
        placed(2, "GB", "europe", 4.0, false),
        placed(3, "GB", "europe", 12.0, true),
        placed(4, "FR", "europe", 6.0, true),
        placed(5, "FR", "europe", 6.0, true),
        placed(6, "FR", "europe", 6.0, true),
        placed(7, "BR", "latin_america", 1.0, false),
    ];
    let areas = kpis::compare(&rs, &d);
    let places: Vec<&Place> = areas.iter().map(|a| &a.place).collect();
    // Brazil alone (1 service) is not released, nor its region, nor the world
    // (world − Europe would show Brazil's service).
    assert_eq!(
        places,
        vec![
            &Place::Region("europe".into()),
            &Place::Country("FR".into()),
            &Place::Country("GB".into()),
        ]
    );
    let gb = &areas[2];
    let meetings = gb
        .kpis
        .iter()
        .find(|k| k.kpi == InstKpi::GovernanceMeetings);
    assert_eq!(meetings.unwrap().value, Some(4.0));
    let funded = gb.kpis.iter().find(|k| k.kpi == InstKpi::FundingSecured);
    assert_eq!(funded.unwrap().value, Some(2.0 / 3.0));
    // Nobody gave a DXA wait: withheld, not zero.
    let dxa = gb.kpis.iter().find(|k| k.kpi == InstKpi::DxaWaitWeeks);
    assert_eq!(dxa.unwrap().value, None);
}
