//! One patient's timeline, the refracture offered to their earlier episode, and the sixth
//! worklist "new fracture of a known patient" (issue 15).

use crate::helpers::*;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use liaison_app::Actor;
use liaison_app::app::App;
use liaison_app::episodes::{Saved, create};
use liaison_domain::dataset::EpisodeInput;

/// Save an episode as the operator; its id.
async fn add(app: &App, fls: &str, r: &str, fracture: &str, extra: &[(&str, &str)]) -> i64 {
    let mut e = EpisodeInput {
        fls_code: fls.into(),
        patient_ref: r.into(),
        fracture_date: fracture.into(),
        sex: "F".into(),
        birth_date: "1950-01-01".into(),
        fracture_site: "wrist".into(),
        setting: "outpatient".into(),
        ..Default::default()
    };
    for (k, v) in extra {
        assert!(e.set(k, v.to_string()), "{k}");
    }
    match create(app, &Actor::operator(), &e, true).await {
        Ok(Saved::Done { row, .. }) => row.id,
        Ok(_) => panic!("{r}: not saved"),
        Err(e) => panic!("{r}: {e:?}"),
    }
}

async fn setup() -> (TestApp, Browser) {
    let t = spawn().await;
    t.fls("GB-GLA", "GB").await;
    t.fls("ES-MAD", "ES").await;
    t.user("nurse@x.org", "fls_clinician", "GB-GLA").await;
    let b = t.signed_in("nurse@x.org").await;
    (t, b)
}

/// Register through the form (a known patient is a likely duplicate: kept on purpose); the
/// episode page's address.
async fn register(b: &mut Browser, r: &str, fracture: &str, site: &str) -> String {
    let f = [
        ("patient_ref", r),
        ("fracture_date", fracture),
        ("sex", "F"),
        ("birth_date", "1950-01-01"),
        ("fracture_site", site),
        ("setting", "inpatient"),
        ("confirm_duplicate", "1"),
    ];
    let resp = b.post("/fls/GB-GLA/episodes", &f).await;
    assert_eq!(resp.status, StatusCode::SEE_OTHER, "{}", resp.body);
    resp.location().split('?').next().unwrap().to_string()
}

#[tokio::test]
async fn the_timeline_shows_the_patients_other_episodes_of_this_fls_only() {
    let (t, mut b) = setup().await;
    let first = add(&t.app, "GB-GLA", "H1", "2025-03-01", &[]).await;
    add(&t.app, "ES-MAD", "H1", "2025-09-01", &[]).await;
    let gone = add(&t.app, "GB-GLA", "H1", "2025-10-01", &[]).await;
    liaison_app::episodes::delete(&t.app, &Actor::operator(), gone)
        .await
        .unwrap();
    add(&t.app, "GB-GLA", "H2", "2025-06-01", &[]).await;
    let path = register(&mut b, "H1", "2026-05-04", "hip").await;
    let page = b.get(&path).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let rows = page.texts("table.timeline tbody tr");
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(
        rows[0].contains("1 Mar 2025") && rows[0].contains("Wrist"),
        "{rows:?}"
    );
    assert!(
        rows[1].contains("4 May 2026") && rows[1].contains("this episode"),
        "{rows:?}"
    );
    assert_eq!(
        page.attr("table.timeline tbody tr a", "href").as_deref(),
        Some(format!("/fls/GB-GLA/episodes/{first}").as_str())
    );
    // The earlier episode's page shows the same timeline.
    let other = b.get(&format!("/fls/GB-GLA/episodes/{first}")).await;
    assert_eq!(other.texts("table.timeline tbody tr").len(), 2);
}

#[tokio::test]
async fn the_refracture_is_offered_and_applied_only_when_confirmed() {
    let (t, mut b) = setup().await;
    let earlier = add(&t.app, "GB-GLA", "H1", "2025-03-01", &[]).await;
    let path = register(&mut b, "H1", "2026-05-04", "hip").await;
    let page = b.get(&path).await;
    assert!(
        page.body.contains("id=\"refracture-offer\""),
        "{}",
        page.body
    );
    let earlier_path = format!("/fls/GB-GLA/episodes/{earlier}");
    // Nothing applied yet.
    let before = b.get(&earlier_path).await;
    assert!(!before.body.contains("id=\"refracture-offer\""));
    assert_eq!(t.count_audit("episode.update").await, 0);
    let fields = [
        ("earlier", earlier.to_string()),
        (
            "version",
            page.attr("#refracture-offer input[name=version]", "value")
                .unwrap(),
        ),
    ];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = b.post(&format!("{path}/refracture"), &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(r.location().starts_with(&earlier_path), "{}", r.location());
    assert_eq!(t.count_audit("episode.update").await, 1);
    let after = b.get(&r.location()).await;
    assert!(after.body.contains("Refracture recorded"), "{}", after.body);
    let stored = liaison_app::episodes::read(&t.app, &Actor::operator(), earlier)
        .await
        .unwrap();
    assert_eq!(stored.refracture_date.unwrap().to_string(), "2026-05-04");
    assert_eq!(stored.refracture_site.unwrap().code(), "hip");
    // The offer is gone once recorded.
    assert!(!b.get(&path).await.body.contains("id=\"refracture-offer\""));
}

#[tokio::test]
async fn the_apis_create_answer_lists_the_offer_and_applies_nothing() {
    let (t, mut b) = setup().await;
    let earlier = add(&t.app, "GB-GLA", "H1", "2025-03-01", &[]).await;
    let api = t.user("api@x.org", "fls_clinician", "GB-GLA").await;
    let token = liaison_app::users::create_token(&t.app, &Actor::operator(), api, "a")
        .await
        .unwrap();
    let body = serde_json::json!({
        "fls_code": "GB-GLA", "patient_ref": "H1", "fracture_date": "2026-05-04", "sex": "F",
        "birth_date": "1950-01-01", "fracture_site": "hip", "setting": "inpatient",
        "confirm_duplicate": true,
    });
    let req = Request::builder()
        .method("POST")
        .uri("/api/v1/episodes")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    let r = b.send(req).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let offers = &r.json()["refracture_offers"];
    assert_eq!(offers.as_array().map(Vec::len), Some(1), "{}", r.body);
    assert_eq!(offers[0]["episode_id"], earlier);
    assert_eq!(offers[0]["refracture_date"], "2026-05-04");
    assert_eq!(offers[0]["refracture_site"], "hip");
    let stored = liaison_app::episodes::read(&t.app, &Actor::operator(), earlier)
        .await
        .unwrap();
    assert_eq!(stored.refracture_date, None, "nothing applied");
}

#[tokio::test]
async fn the_sixth_worklist_lists_recent_fractures_of_known_patients() {
    let (t, mut b) = setup().await;
    // Today is 2026-11-26: the list looks back 90 days, to 2026-08-28.
    add(&t.app, "GB-GLA", "K1", "2026-01-10", &[]).await;
    add(&t.app, "GB-GLA", "K1", "2026-10-01", &[]).await; // listed
    add(&t.app, "GB-GLA", "K2", "2025-05-01", &[]).await;
    add(&t.app, "GB-GLA", "K2", "2026-06-01", &[]).await; // too old
    add(&t.app, "GB-GLA", "K3", "2026-11-01", &[]).await; // first fracture
    add(&t.app, "GB-GLA", "K4", "2026-03-01", &[]).await;
    add(
        &t.app,
        "GB-GLA",
        "K4",
        "2026-11-10",
        &[
            ("closed_date", "2026-11-20"),
            ("closed_reason", "completed"),
        ],
    )
    .await;
    add(&t.app, "ES-MAD", "K5", "2026-03-01", &[]).await;
    add(&t.app, "GB-GLA", "K5", "2026-11-10", &[]).await; // the earlier one is another FLS's
    let gone = add(&t.app, "GB-GLA", "K6", "2026-02-01", &[]).await;
    add(&t.app, "GB-GLA", "K6", "2026-11-12", &[]).await; // the earlier one is deleted
    liaison_app::episodes::delete(&t.app, &Actor::operator(), gone)
        .await
        .unwrap();
    let list = b
        .get("/fls/GB-GLA/worklists/new-fracture-known-patient")
        .await;
    assert_eq!(list.status, 200, "{}", list.body);
    assert!(list.body.contains("New fracture of a known patient"));
    let rows = list.texts("table tbody tr");
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(rows[0].contains("K1"), "{rows:?}");
    let overdue = b
        .get("/fls/GB-GLA/worklists/new-fracture-known-patient?state=overdue")
        .await;
    assert_eq!(overdue.texts("table tbody tr").len(), 0);
    let home = b.get("/").await;
    let row = home.texts("#today-GB-GLA-new-fracture-known-patient td");
    assert_eq!(row, ["1", "0"], "{}", home.body);
    let csv = b
        .get("/fls/GB-GLA/worklists/new-fracture-known-patient?format=csv")
        .await;
    assert_eq!(csv.status, 200);
    assert!(
        csv.body.contains("K1") && !csv.body.contains("K2"),
        "{}",
        csv.body
    );
}

#[tokio::test]
async fn the_import_preview_lists_the_offer_and_the_import_applies_none() {
    use crate::io::{HEAD, row, upload};
    let t = crate::io::setup().await;
    t.user("lead@a.test", "fls_lead", "AA-ONE").await;
    let earlier = add(&t.app, "AA-ONE", "P1", "2024-01-05", &[]).await;
    let mut b = t.signed_in("lead@a.test").await;
    let file = format!(
        "{HEAD}\n{}{}",
        row("P1", "2024-06-01"),
        row("P9", "2024-06-02")
    );
    let r = upload(&mut b, "f.csv", file.as_bytes(), &[("date_order", "ymd")]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = r.location();
    let p = b.get(&page).await;
    let offers = p.texts(".io-offers tbody tr");
    assert_eq!(offers.len(), 1, "{}", p.body);
    assert!(
        offers[0].contains("P1")
            && offers[0].contains("2024-01-05")
            && offers[0].contains("2024-06-01"),
        "{offers:?}"
    );
    let r = b.post(&format!("{page}/confirm"), &[]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let _ = b.get(&r.location()).await;
    let stored = liaison_app::episodes::read(&t.app, &Actor::operator(), earlier)
        .await
        .unwrap();
    assert_eq!(stored.refracture_date, None, "never applied silently");
    assert_eq!(
        liaison_app::episodes::list(&t.app, &Actor::operator(), &Default::default(), 10, 0, "t")
            .await
            .unwrap()
            .1,
        3,
        "the import itself was written"
    );
}
