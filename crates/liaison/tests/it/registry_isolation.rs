//! Isolation between services: with random episodes in several FLSs, nothing scoped to one
//! FLS ever shows another's row.

use crate::helpers::*;
use crate::registry::api;
use axum::http::StatusCode;
use liaison_app::Actor;
/// Several FLSs with random episodes: nothing scoped to one FLS ever shows another's row.
#[tokio::test]
async fn tenant_isolation_with_randomised_data() {
    let t = spawn().await;
    let codes = ["AA-1", "BB-2", "CC-3"];
    for c in codes {
        t.fls(c, "GB").await;
    }
    let op = Actor::operator();
    let opts = liaison_fixtures::generate::GenOptions {
        seed: 7,
        fls: 3,
        episodes: 240,
        end: time::macros::date!(2026 - 11 - 20),
        years: 2,
    };
    let gen_fls = liaison_fixtures::generate::generate_fls(&opts);
    let mut inputs = Vec::new();
    liaison_fixtures::generate::generate_episodes(&opts, &gen_fls, |e| inputs.push(e));
    for (i, mut e) in inputs.into_iter().enumerate() {
        let code = codes[i % 3];
        e.patient_ref = format!("{code}/{i}");
        e.fls_code = code.into();
        liaison_app::episodes::create(&t.app, &op, &e, true)
            .await
            .unwrap();
    }
    let uid = t.user("lead@x.org", "fls_lead", "BB-2").await;
    let token = liaison_app::users::create_token(&t.app, &op, uid, "t")
        .await
        .unwrap();
    let mut b = t.signed_in("lead@x.org").await;
    let mine = |s: &str| s.starts_with("BB-2/");
    let mut pages = vec![
        "/fls/BB-2/episodes".to_string(),
        "/fls/BB-2/episodes?q=/1".into(),
        "/fls/BB-2/episodes?page=1".into(),
    ];
    for w in [
        "awaiting-assessment",
        "dxa-pending",
        "treatment-not-started",
        "followup-16",
        "review-52",
    ] {
        pages.push(format!("/fls/BB-2/worklists/{w}"));
        pages.push(format!("/fls/BB-2/worklists/{w}?format=csv"));
    }
    let mut seen = 0;
    for p in &pages {
        let r = b.get(p).await;
        assert_eq!(r.status, StatusCode::OK, "{p}");
        for code in codes.iter().filter(|c| **c != "BB-2") {
            assert!(
                !r.body.contains(&format!("{code}/")),
                "{p} shows a row of {code}"
            );
        }
        seen += r.body.matches("BB-2/").count();
    }
    assert!(seen > 0, "the lead sees their own patients");
    let list = api(
        &mut b,
        "GET",
        "/api/v1/episodes?per_page=1000",
        &token,
        None,
    )
    .await
    .json();
    let refs: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["patient_ref"].as_str().unwrap())
        .collect();
    assert!(!refs.is_empty() && refs.iter().all(|r| mine(r)), "{refs:?}");
    let all = liaison_store::episodes::list(
        &t.app.db,
        &liaison_domain::access::FlsSet::All,
        &Default::default(),
        1000,
        0,
    )
    .await
    .unwrap()
    .0;
    for e in all.iter().filter(|e| !mine(&e.patient_ref)) {
        assert_eq!(
            b.get(&format!("/fls/BB-2/episodes/{}", e.id)).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            b.get(&format!("/fls/{}/episodes/{}", e.fls_code, e.id))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            api(
                &mut b,
                "GET",
                &format!("/api/v1/episodes/{}", e.id),
                &token,
                None
            )
            .await
            .status,
            StatusCode::NOT_FOUND
        );
    }
}
