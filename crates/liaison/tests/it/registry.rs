//! The patient registry through the form: registering, the pathway, concurrent edits,
//! duplicates, worklists and their exports, search, refractures, and a save while the
//! database is held. The helpers the other `registry_*` modules share live here; every
//! dataset rule and the API are in registry_rules.rs, isolation in registry_isolation.rs.

use crate::helpers::*;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use liaison_app::Actor;
use serde_json::{Value, json};

pub(crate) fn base() -> Vec<(&'static str, String)> {
    vec![
        ("patient_ref", "H100".into()),
        ("fracture_date", "2026-05-04".into()),
        ("sex", "F".into()),
        ("birth_date", "1948-07-12".into()),
        ("fracture_site", "wrist".into()),
        ("setting", "outpatient".into()),
    ]
}

pub(crate) fn with(over: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    let mut v = base();
    for (k, val) in over {
        v.retain(|(kk, _)| kk != k);
        v.push((k, val.to_string()));
    }
    v
}

pub(crate) async fn api(
    b: &mut Browser,
    method: &str,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> Resp {
    let mut req = Request::builder()
        .method(method)
        .uri(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"));
    let body = match body {
        Some(v) => {
            req = req.header(header::CONTENT_TYPE, "application/json");
            Body::from(v.to_string())
        }
        None => Body::empty(),
    };
    b.send(req.body(body).unwrap()).await
}

pub(crate) async fn setup() -> (TestApp, Browser, String) {
    let t = spawn().await;
    t.fls("GB-GLA", "GB").await;
    t.fls("ES-MAD", "ES").await;
    let id = t.user("nurse@x.org", "fls_clinician", "GB-GLA").await;
    let token = liaison_app::users::create_token(&t.app, &Actor::operator(), id, "t")
        .await
        .unwrap();
    let b = t.signed_in("nurse@x.org").await;
    (t, b, token)
}

pub(crate) async fn post_fields(
    b: &mut Browser,
    path: &str,
    fields: &[(&'static str, String)],
) -> Resp {
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    b.post(path, &refs).await
}

#[tokio::test]
async fn register_then_complete_the_pathway_step_by_step() {
    let (t, mut b, _) = setup().await;
    let r = post_fields(&mut b, "/fls/GB-GLA/episodes", &base()).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page_url = r.location().split('?').next().unwrap().to_string();
    let page = b.get(&r.location()).await;
    assert_eq!(page.texts(".notice")[0], "The fracture is registered.");
    // 2026-05-04 + 84 days = 2026-07-27, overdue by 2026-11-26.
    let steps = page.texts("table.stack tbody tr");
    assert!(
        steps[0].starts_with("FLS assessment (12 weeks) 27 Jul 2026")
            && steps[0].ends_with("Overdue"),
        "{steps:?}"
    );
    let version = page.attr("input[name=version]", "value").unwrap();
    let mut form: Vec<(&'static str, String)> = base();
    form.push(("version", version));
    form.push(("fls_assessment_date", "2026-06-01".into()));
    form.push(("dxa_date", "2026-06-10".into()));
    form.push(("t_score_total_hip", "-2.7".into()));
    form.push(("aom_recommendation", "recommended".into()));
    form.push(("aom_recommended_atc", "M05BA04".into()));
    let r = post_fields(&mut b, &page_url, &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = b.get(&page_url).await;
    let steps = page.texts("table.stack tbody tr");
    assert!(
        steps[0].ends_with("Done in time") && steps[1].ends_with("Done in time"),
        "{steps:?}"
    );
    assert!(
        steps[3].starts_with("Treatment started") && steps[3].ends_with("Overdue"),
        "{steps:?}"
    );
    assert_eq!(
        page.attr("#f-aom_recommended_atc option[selected]", "value")
            .as_deref(),
        Some("M05BA04")
    );
    assert!(page.texts("#f-aom_recommended_atc option[selected]")[0].contains("alendronic acid"));
    // The history shows the change with before and after.
    let hist = page.texts(".history li");
    assert!(
        hist.iter()
            .any(|h| h.contains("Changed") && h.contains("DXA date — 2026-06-10"))
            && hist.iter().any(|h| h.contains("Registered")),
        "{hist:?}"
    );
    assert!(t.count_audit("episode.read").await >= 2);
}

#[tokio::test]
async fn a_later_save_based_on_an_old_version_is_refused_and_loses_nothing() {
    let (t, mut b, token) = setup().await;
    let r = post_fields(&mut b, "/fls/GB-GLA/episodes", &base()).await;
    let url = r.location().split('?').next().unwrap().to_string();
    let id: i64 = url.rsplit('/').next().unwrap().parse().unwrap();
    let mut other = t.signed_in("nurse@x.org").await;
    let v1 = b
        .get(&url)
        .await
        .attr("input[name=version]", "value")
        .unwrap();
    let mut first = with(&[("fls_assessment_date", "2026-06-01")]);
    first.push(("version", v1.clone()));
    assert_eq!(
        post_fields(&mut other, &url, &first).await.status,
        StatusCode::SEE_OTHER
    );
    let mut second = with(&[("notes", "called the GP")]);
    second.push(("version", v1.clone()));
    let r = post_fields(&mut b, &url, &second).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.texts(".errors h2")[0].contains("someone else changed this episode"));
    assert_eq!(
        r.texts("#f-notes")[0],
        "called the GP",
        "what the user typed is kept"
    );
    let stored = liaison_store::episodes::get(&t.app.db, &liaison_domain::access::FlsSet::All, id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((stored.notes.as_str(), stored.version), ("", 2));
    // Saving again from the conflict page (now based on the current version) is deliberate.
    let v2 = r.attr("input[name=version]", "value").unwrap();
    let mut third = with(&[
        ("notes", "called the GP"),
        ("fls_assessment_date", "2026-06-01"),
    ]);
    third.push(("version", v2));
    assert_eq!(
        post_fields(&mut b, &url, &third).await.status,
        StatusCode::SEE_OTHER
    );
    // The API refuses a stale version the same way.
    let mut body = json!({ "fls_code": "GB-GLA", "version": 1 });
    for (k, v) in base() {
        body[k] = json!(v);
    }
    let r = api(
        &mut b,
        "PUT",
        &format!("/api/v1/episodes/{id}"),
        &token,
        Some(body),
    )
    .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.json()["error"]["code"], "version_conflict");
    assert_eq!(r.json()["error"]["details"]["version"], 3);
}

#[tokio::test]
async fn likely_duplicates_are_flagged_before_saving() {
    let (t, mut b, _) = setup().await;
    post_fields(&mut b, "/fls/GB-GLA/episodes", &base()).await;
    // Same birth date and sex, fracture 20 days later, another hospital number.
    let dup = with(&[("patient_ref", "H999"), ("fracture_date", "2026-05-24")]);
    let r = post_fields(&mut b, "/fls/GB-GLA/episodes", &dup).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.texts("#duplicates li")[0].contains("H100"));
    // Same hospital number, a year later: flagged too.
    let r = post_fields(
        &mut b,
        "/fls/GB-GLA/episodes",
        &with(&[("fracture_date", "2026-10-01")]),
    )
    .await;
    assert!(!r.texts("#duplicates li").is_empty());
    let mut confirmed = dup.clone();
    confirmed.push(("confirm_duplicate", "1".into()));
    assert_eq!(
        post_fields(&mut b, "/fls/GB-GLA/episodes", &confirmed)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    // The exact key again is an error, not a duplicate warning.
    let mut again = base();
    again.push(("confirm_duplicate", "1".into()));
    let r = post_fields(&mut b, "/fls/GB-GLA/episodes", &again).await;
    assert!(
        r.texts(".errors li")[0].contains("already has an episode"),
        "{:?}",
        r.texts(".errors li")
    );
    assert_eq!(
        liaison_store::episodes::count(&t.app.db, &liaison_domain::access::FlsSet::All)
            .await
            .unwrap(),
        2
    );
}

#[tokio::test]
async fn worklists_show_who_is_due_and_export_to_csv_and_xlsx() {
    let (_t, mut b, _) = setup().await;
    // Overdue for assessment (fracture in May), not yet due (fracture last week), assessed, dead.
    post_fields(
        &mut b,
        "/fls/GB-GLA/episodes",
        &with(&[("patient_ref", "=HYPERLINK(1)"), ("phone", "+44 141")]),
    )
    .await;
    post_fields(
        &mut b,
        "/fls/GB-GLA/episodes",
        &with(&[
            ("patient_ref", "NEW1"),
            ("fracture_date", "2026-11-20"),
            ("birth_date", "1950-01-01"),
        ]),
    )
    .await;
    post_fields(
        &mut b,
        "/fls/GB-GLA/episodes",
        &with(&[
            ("patient_ref", "DONE"),
            ("fls_assessment_date", "2026-05-10"),
            ("birth_date", "1951-01-01"),
        ]),
    )
    .await;
    post_fields(
        &mut b,
        "/fls/GB-GLA/episodes",
        &with(&[
            ("patient_ref", "DEAD"),
            ("death_date", "2026-05-20"),
            ("birth_date", "1952-01-01"),
        ]),
    )
    .await;
    let r = b.get("/fls/GB-GLA/worklists/awaiting-assessment").await;
    assert_eq!(r.status, StatusCode::OK);
    let refs: Vec<String> = r.texts("tbody tr td:first-child");
    assert_eq!(refs, vec!["=HYPERLINK(1)", "NEW1"]);
    let r = b
        .get("/fls/GB-GLA/worklists/awaiting-assessment?state=overdue")
        .await;
    assert_eq!(r.texts("tbody tr td:first-child"), vec!["=HYPERLINK(1)"]);
    let r = b
        .get("/fls/GB-GLA/worklists/awaiting-assessment?sort=patient_ref&dir=desc")
        .await;
    assert_eq!(
        r.texts("tbody tr td:first-child"),
        vec!["NEW1", "=HYPERLINK(1)"]
    );
    let csv = b
        .get("/fls/GB-GLA/worklists/awaiting-assessment?state=overdue&format=csv")
        .await;
    assert!(
        csv.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert!(
        csv.body
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("'=HYPERLINK(1)"),
        "{}",
        csv.body
    );
    let x = b
        .get("/fls/GB-GLA/worklists/awaiting-assessment?format=xlsx")
        .await;
    assert!(
        x.headers["content-type"]
            .to_str()
            .unwrap()
            .contains("spreadsheetml")
    );
    assert!(x.body.as_bytes().starts_with(b"PK"));
    // The counts on the tabs.
    let r = b.get("/fls/GB-GLA/worklists/dxa-pending").await;
    assert!(
        r.texts("nav.tabs a")
            .iter()
            .any(|t| t == "Awaiting assessment (2)"),
        "{:?}",
        r.texts("nav.tabs a")
    );
}

#[tokio::test]
async fn search_finds_by_hospital_number_or_name_within_the_fls_only() {
    let (t, mut b, token) = setup().await;
    post_fields(
        &mut b,
        "/fls/GB-GLA/episodes",
        &with(&[("family_name", "MacDonald"), ("given_names", "Isla")]),
    )
    .await;
    let op = Actor::operator();
    let mut other = liaison_domain::dataset::EpisodeInput {
        fls_code: "ES-MAD".into(),
        ..Default::default()
    };
    for (k, v) in with(&[("family_name", "Macías")]) {
        other.set(k, v);
    }
    liaison_app::episodes::create(&t.app, &op, &other, true)
        .await
        .unwrap();
    let r = b.get("/fls/GB-GLA/episodes?q=macd").await;
    assert_eq!(r.texts("tbody td:first-child"), vec!["H100"]);
    let r = b.get("/fls/GB-GLA/episodes?q=mac").await;
    assert_eq!(
        r.texts("tbody td:first-child"),
        vec!["H100"],
        "the Madrid patient stays invisible"
    );
    assert_eq!(
        b.get("/fls/ES-MAD/episodes?q=mac").await.status,
        StatusCode::NOT_FOUND
    );
    let r = api(&mut b, "GET", "/api/v1/episodes?q=mac", &token, None).await;
    assert_eq!(r.json()["total"], 1);
    assert!(t.count_audit("episode.search").await >= 2);
}

#[tokio::test]
async fn a_refracture_on_a_closed_episode_offers_a_new_episode() {
    let (_t, mut b, _) = setup().await;
    let fields = with(&[
        ("aom_recommendation", "recommended"),
        ("first_followup_date", "2026-08-01"),
        ("second_followup_date", "2026-10-01"),
        ("refracture_date", "2026-11-02"),
        ("refracture_site", "hip"),
    ]);
    let r = post_fields(&mut b, "/fls/GB-GLA/episodes", &fields).await;
    let page = b.get(&r.location()).await;
    let sel = scraper::Selector::parse("p.notice a").unwrap();
    let link = page
        .html()
        .select(&sel)
        .next()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .expect("offer");
    let form = b.get(&link).await;
    assert_eq!(
        form.attr("#f-fracture_date", "value").as_deref(),
        Some("2026-11-02")
    );
    assert_eq!(
        form.attr("#f-fracture_site option[selected]", "value")
            .as_deref(),
        Some("hip")
    );
    assert_eq!(
        form.attr("#f-patient_ref", "value").as_deref(),
        Some("H100")
    );
}

/// On SQLite a large import holds the write lock until it commits. A nurse saving meanwhile
/// gets the form back with what she typed and a message saying to save again, not an error
/// page that loses it; once the import is done, saving works. (PostgreSQL has no
/// database-wide write lock, so there the save simply happens.)
#[tokio::test]
async fn a_save_while_the_database_is_held_keeps_what_was_typed() {
    let t = spawn_on(Default::default(), std::time::Duration::from_millis(200)).await;
    let liaison_store::Db::Sqlite(pool) = &t.app.db else {
        return;
    };
    t.fls("GB-GLA", "GB").await;
    t.user("nurse@x.org", "fls_clinician", "GB-GLA").await;
    let mut b = t.signed_in("nurse@x.org").await;
    let path = pool.connect_options().get_filename().display().to_string();
    let other = liaison_store::Db::connect(&format!("sqlite://{path}"))
        .await
        .unwrap();
    let held = other.begin().await.unwrap();
    let fields = with(&[("patient_ref", "H-BUSY"), ("family_name", "Okafor")]);
    let r = post_fields(&mut b, "/fls/GB-GLA/episodes", &fields).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{}", r.body);
    assert!(
        r.texts(".errors li")[0].contains("busy with another write"),
        "{:?}",
        r.texts(".errors li")
    );
    assert_eq!(r.attr("#f-patient_ref", "value").as_deref(), Some("H-BUSY"));
    assert_eq!(r.attr("#f-family_name", "value").as_deref(), Some("Okafor"));
    held.rollback().await.unwrap();
    let r = post_fields(&mut b, "/fls/GB-GLA/episodes", &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}
