//! The programme: Best Practice Framework self-assessment and review, framework versions,
//! the demo's programme and the programme API. The helpers the other `programme_*` modules
//! share live here; the public Map of Best Practice is in programme_map.rs, Getting to Gold
//! in programme_gold.rs.

use crate::helpers::*;
use axum::http::StatusCode;
use liaison_app::Actor;
use liaison_app::programme::{self as svc, Draft, Review};
use liaison_domain::dataset::EpisodeInput;
use liaison_domain::programme::PUBLIC_1_JSON;
use liaison_domain::programme::scoring::{Answer, Answers};
use std::collections::BTreeMap;

pub(crate) async fn episode(t: &TestApp, fls: &str, patient: &str, fracture: &str, assessed: &str) {
    let input = EpisodeInput {
        fls_code: fls.into(),
        patient_ref: patient.into(),
        fracture_date: fracture.into(),
        sex: "F".into(),
        birth_date: "1944-02-03".into(),
        fracture_site: "wrist".into(),
        setting: "outpatient".into(),
        fls_assessment_date: assessed.into(),
        ..Default::default()
    };
    liaison_app::episodes::create(&t.app, &Actor::operator(), &input, true)
        .await
        .unwrap();
}

fn answers(pairs: &[(&str, &str)]) -> Answers {
    pairs
        .iter()
        .map(|(k, v)| {
            (
                k.to_string(),
                Answer {
                    option: v.to_string(),
                    reason: String::new(),
                },
            )
        })
        .collect()
}

/// Every question of the default framework answered `option`.
pub(crate) fn all(option: &str) -> Answers {
    let fw = liaison_domain::programme::Framework::public_1();
    fw.questions()
        .into_iter()
        .map(|(s, d)| {
            (
                format!("{}.{}", s.id, d.id),
                Answer {
                    option: option.into(),
                    reason: "as audited".into(),
                },
            )
        })
        .collect()
}

pub(crate) async fn fls_row(t: &TestApp, code: &str) -> liaison_store::orgs::FlsRow {
    liaison_store::orgs::fls_by_code(&t.app.db, &liaison_domain::access::FlsSet::All, code)
        .await
        .unwrap()
        .unwrap()
}

/// Submit and approve an assessment of `code` as the operator, with the given publication.
pub(crate) async fn approve(t: &TestApp, code: &str, publish: bool, publish_city: bool) {
    let op = Actor::operator();
    let f = fls_row(t, code).await;
    let d = Draft {
        answers: all("gold"),
        publish,
        publish_city,
        submit: true,
    };
    svc::save(&t.app, &op, &f, &d).await.unwrap();
    let levels: BTreeMap<String, String> = [
        "hip",
        "other_inpatient",
        "outpatient",
        "vertebral",
        "organisation",
        "overall",
    ]
    .iter()
    .map(|d| (d.to_string(), "gold".to_string()))
    .collect();
    svc::review(
        &t.app,
        &op,
        &f,
        &Review {
            action: "approve".into(),
            comment: String::new(),
            levels,
        },
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn a_lead_drafts_and_submits_a_reviewer_asks_for_changes_then_approves() {
    let t = spawn().await;
    t.fls("AA-ONE", "GB").await;
    for (i, d) in ["2026-06-01", "2026-06-02", "2026-06-03"]
        .iter()
        .enumerate()
    {
        let assessed = format!("2026-06-{:02}", 21 + i);
        episode(&t, "AA-ONE", &format!("P{i}"), d, &assessed).await;
    }
    t.user("lead@x.org", "fls_lead", "AA-ONE").await;
    t.user("rev@x.org", "programme_reviewer", "").await;
    let mut lead = t.signed_in("lead@x.org").await;
    let page = lead.get("/fls/AA-ONE/bpf").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Start a new self-assessment"));
    assert_eq!(
        lead.post("/fls/AA-ONE/bpf", &[]).await.status,
        StatusCode::SEE_OTHER
    );
    let page = lead.get("/fls/AA-ONE/bpf").await;
    assert!(page.texts("h2").iter().any(|h| h.contains("Draft")));
    // The registry's figure beside the question it supports: 20 days median to assessment.
    let pre = page.texts(".bpf-prefill");
    assert!(
        pre.iter()
            .any(|p| p.contains("Median time to FLS assessment: 20 days")
                && p.contains("Within 8 weeks")),
        "{pre:?}"
    );
    // The pre-filled answer is selected.
    assert_eq!(
        page.attr("select[name='a.s03_timing.hip'] option[selected]", "value")
            .as_deref(),
        Some("gold")
    );
    // Overruling it without a reason is refused at submission.
    let r = lead
        .post(
            "/fls/AA-ONE/bpf",
            &[
                ("form", "1"),
                ("a.s03_timing.hip", "silver"),
                ("action", "submit"),
                ("publish", "1"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let errs = r.texts(".err");
    assert!(
        errs.iter().any(
            |e| e.contains("3. Post-fracture assessment timing (Hip fractures)")
                && e.contains("registry data suggest")
        ),
        "{errs:?}"
    );
    // ... and nothing typed is lost.
    assert_eq!(
        r.attr("select[name='a.s03_timing.hip'] option[selected]", "value")
            .as_deref(),
        Some("silver")
    );
    let r = lead
        .post(
            "/fls/AA-ONE/bpf",
            &[
                ("form", "1"),
                ("a.s03_timing.hip", "silver"),
                ("r.s03_timing.hip", "Hip patients wait longer for clinic"),
                ("a.s01_identification.hip", "gold"),
                ("r.s01_identification.hip", "Audit of ward lists"),
                ("action", "submit"),
                ("publish", "1"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = lead.get("/fls/AA-ONE/bpf").await;
    assert!(page.body.contains("Submitted, awaiting review"));
    assert!(page.body.contains("Hip patients wait longer for clinic"));
    // Under review: the lead cannot change it.
    let r = lead
        .post("/fls/AA-ONE/bpf", &[("form", "1"), ("action", "save")])
        .await;
    assert!(r.location().contains("notice=bpf-under-review"));
    // Not yet on the public map.
    assert!(
        !t.browser()
            .get("/map")
            .await
            .body
            .contains("AA-ONE service")
    );

    let mut rev = t.signed_in("rev@x.org").await;
    let q = rev.get("/bpf/review").await;
    assert!(q.texts("td a").contains(&"AA-ONE service".to_string()));
    let r = rev
        .post(
            "/fls/AA-ONE/bpf/review",
            &[("action", "request_changes"), ("comment", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = rev
        .post(
            "/fls/AA-ONE/bpf/review",
            &[
                ("action", "request_changes"),
                ("comment", "Please answer the vertebral domain."),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = lead.get("/fls/AA-ONE/bpf").await;
    assert!(page.body.contains("Changes requested"));
    assert!(
        page.texts("blockquote")
            .contains(&"Please answer the vertebral domain.".to_string())
    );
    // The lead answers and submits again.
    let mut fields: Vec<(String, String)> = all("gold")
        .into_keys()
        .flat_map(|k| {
            [
                (format!("a.{k}"), "gold".to_string()),
                (format!("r.{k}"), "Local audit".to_string()),
            ]
        })
        .collect();
    fields.push(("a.s03_timing.hip".into(), "silver".into()));
    fields.push(("r.s03_timing.hip".into(), "Hip clinic delays".into()));
    fields.push(("action".into(), "submit".into()));
    fields.push(("form".into(), "1".into()));
    fields.push(("publish".into(), "1".into()));
    fields.retain(|(k, v)| {
        !(k.ends_with("s03_timing.hip") && v != "silver" && v != "Hip clinic delays")
    });
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        lead.post("/fls/AA-ONE/bpf", &refs).await.status,
        StatusCode::SEE_OTHER
    );
    // The reviewer sees the levels the answers reach and approves per domain and overall.
    let page = rev.get("/fls/AA-ONE/bpf").await;
    assert_eq!(
        page.attr("select[name='level.hip'] option[selected]", "value")
            .as_deref(),
        Some("gold"),
        "ten of eleven hip standards are gold"
    );
    let r = rev
        .post(
            "/fls/AA-ONE/bpf/review",
            &[
                ("action", "approve"),
                ("level.hip", "gold"),
                ("level.other_inpatient", "gold"),
                ("level.outpatient", "silver"),
                ("level.vertebral", "gold"),
                ("level.organisation", "gold"),
                ("level.overall", "gold"),
                ("comment", "Well done."),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = lead.get("/fls/AA-ONE/bpf").await;
    assert!(page.body.contains("Approved"));
    // Every step is in the history shown on the page and in the audit trail.
    let history = page.texts("ol.history li code");
    for a in [
        "bpf.save",
        "bpf.submit",
        "bpf.request_changes",
        "bpf.approve",
    ] {
        assert!(history.iter().any(|h| h == a), "{a} in {history:?}");
    }
    assert_eq!(t.count_audit("bpf.submit").await, 2);
    assert_eq!(t.count_audit("bpf.approve").await, 1);
    // Now public: the profile shows the approved levels, no sign-in needed.
    let mut anon = t.browser();
    let p = anon.get("/map/fls/AA-ONE").await;
    assert_eq!(p.status, StatusCode::OK);
    assert_eq!(p.texts("h1"), ["AA-ONE service"]);
    let dd = p.texts("dl.public-profile dd");
    assert!(
        dd.contains(&"Silver".to_string()) && dd.contains(&"Gold".to_string()),
        "{dd:?}"
    );
    // A new assessment can be started once the last one is decided.
    assert!(
        lead.get("/fls/AA-ONE/bpf")
            .await
            .body
            .contains("Start a new self-assessment")
    );
}

#[tokio::test]
async fn a_new_framework_version_does_not_change_earlier_assessments() {
    let t = spawn().await;
    t.fls("AA-ONE", "GB").await;
    t.user("admin@x.org", "administrator", "").await;
    let op = Actor::operator();
    let f = fls_row(&t, "AA-ONE").await;
    // Ten of eleven gold in each patient domain, all gold in organisation.
    let mut a = all("gold");
    for d in ["hip", "other_inpatient", "outpatient", "vertebral"] {
        a.insert(
            format!("s10_medication_review.{d}"),
            answers(&[("x", "none")])["x"].clone(),
        );
    }
    let d = Draft {
        answers: a.clone(),
        publish: true,
        publish_city: true,
        submit: true,
    };
    let first = svc::save(&t.app, &op, &f, &d).await.unwrap();
    assert_eq!(first.framework_version, "public-1");
    assert_eq!(first.framework_sha256, svc::sha256_hex(PUBLIC_1_JSON));
    let mut admin = t.signed_in("admin@x.org").await;
    let url = format!("/fls/AA-ONE/bpf?assessment={}", first.id);
    let before = admin.get(&url).await.texts("table.bpf-summary td .lvl");
    assert!(before.iter().all(|l| l == "Gold"), "{before:?}");
    // A stricter version 2: every standard of a domain must reach the level.
    let v2 = PUBLIC_1_JSON
        .replace("\"version\": \"public-1\"", "\"version\": \"public-2\"")
        .replace(
            "\"domain_min_standards\": 10",
            "\"domain_min_standards\": 11",
        );
    let r = admin.post("/admin/bpf", &[("framework", &v2)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let list = admin.get("/admin/bpf").await;
    assert!(list.body.contains("public-2") && list.body.contains("public-1"));
    // The same version cannot be loaded twice, nor a broken file.
    let r = admin.post("/admin/bpf", &[("framework", &v2)]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("already loaded"));
    let r = admin
        .post("/admin/bpf", &[("framework", "{\"version\": 1}")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The earlier assessment still shows version 1 and the same levels.
    let page = admin.get(&url).await;
    assert!(page.body.contains("Framework version public-1"));
    assert_eq!(page.texts("table.bpf-summary td .lvl"), before);
    // Approve it; a new assessment uses version 2, where the same answers reach less.
    let levels = [
        "hip",
        "other_inpatient",
        "outpatient",
        "vertebral",
        "organisation",
        "overall",
    ]
    .iter()
    .map(|d| (d.to_string(), "gold".to_string()))
    .collect();
    let ap = Review {
        action: "approve".into(),
        comment: String::new(),
        levels,
    };
    svc::review(&t.app, &op, &f, &ap).await.unwrap();
    let second = svc::save(&t.app, &op, &f, &Draft { submit: false, ..d })
        .await
        .unwrap();
    assert_eq!(second.framework_version, "public-2");
    let page = admin.get("/fls/AA-ONE/bpf").await;
    assert!(page.body.contains("Framework version public-2"));
    let hip = page.texts("table.bpf-summary tbody tr:first-child td .lvl");
    assert_eq!(hip[0], "Black (no rating)");
    assert_eq!(
        admin.get(&url).await.texts("table.bpf-summary td .lvl")[0],
        "Gold"
    );
    assert_eq!(t.count_audit("bpf.framework_load").await, 1);
}

/// `liaison serve --demo` shows the programme working: approved, published services on the
/// public map, assessments waiting in the reviewer's queue (not on the map), and Getting to
/// Gold steps, all made through the same use cases as the forms.
#[tokio::test]
async fn the_demo_has_a_map_a_review_queue_and_getting_to_gold() {
    let t = spawn().await;
    liaison_fixtures::demo::seed(&t.app).await.unwrap();
    let r = t.browser().get("/map").await;
    let mut names = r.texts("table.map-list td a");
    names.sort();
    assert_eq!(
        names,
        [
            "FLS São Paulo",
            "Filière Fracture Lyon",
            "Glasgow FLS",
            "North London FLS",
            "Sydney FLS",
            "Unidad de Fractura Madrid",
            "東京骨折リエゾン"
        ],
        "approved and published: on the map; submitted or draft: not"
    );
    let mut rev = t.browser();
    rev.sign_in(
        "reviewer@demo.liaison.test",
        liaison_fixtures::demo::PASSWORD,
    )
    .await;
    let mut queue = rev.get("/bpf/review").await.texts("td a");
    queue.sort();
    assert_eq!(queue, ["FLS Monterrey", "وحدة كسور الرياض"]);
    let g = rev.get("/g2g").await;
    assert_eq!(g.status, StatusCode::OK);
    assert!(g.body.contains("Glasgow FLS"), "{}", g.body);
}

/// The API serves the programme with the page's rules: the map to anyone, published fields
/// only; an FLS's assessments and plan to whoever sees its aggregates, 404 to anyone else.
#[tokio::test]
async fn the_programme_api_serves_the_map_assessments_and_plan_with_the_pages_rules() {
    let t = spawn().await;
    t.fls("AA-ONE", "GB").await;
    t.fls("BB-TWO", "BR").await;
    approve(&t, "AA-ONE", true, false).await;
    let f = fls_row(&t, "AA-ONE").await;
    svc::set_step(&t.app, &Actor::operator(), svc::Target::Fls(&f), "3")
        .await
        .unwrap();
    let mut anon = t.browser();
    let map = anon.get("/api/v1/map").await;
    assert_eq!(map.status, StatusCode::OK);
    let items = map.json()["items"].as_array().unwrap().clone();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["code"], "AA-ONE");
    assert_eq!(items[0]["overall"], "gold");
    assert_eq!(items[0]["domains"]["hip"], "gold");
    assert!(items[0]["city"].is_null(), "the city was not agreed");
    let token = |email: &'static str, fls: &'static str| {
        let t = &t;
        async move {
            let id = t.user(email, "fls_lead", fls).await;
            liaison_app::users::create_token(&t.app, &Actor::operator(), id, "t")
                .await
                .unwrap()
        }
    };
    let lead = token("lead@a.test", "AA-ONE").await;
    let other = token("lead@b.test", "BB-TWO").await;
    let mut b = t.browser();
    let r = b.api_get("/api/v1/fls/AA-ONE/assessments", &lead).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let a = &r.json()["items"][0];
    assert_eq!(a["status"], "approved");
    assert_eq!(a["approved"]["overall"], "gold");
    assert_eq!(a["reviews"][0]["action"], "submit");
    let r = b.api_get("/api/v1/fls/AA-ONE/g2g", &lead).await;
    assert_eq!(r.json()["step_code"], "getting_funded");
    for path in ["/api/v1/fls/AA-ONE/assessments", "/api/v1/fls/AA-ONE/g2g"] {
        let r = b.api_get(path, &other).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(r.json()["error"]["code"], "not_found");
    }
}
