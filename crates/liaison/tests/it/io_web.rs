//! Imports and exports through the web pages and the API: upload, preview and confirm,
//! size limits, progress and background jobs, FHIR round trip, retention of unconfirmed
//! uploads.

use crate::helpers::*;
use crate::io::{HEAD, apply, row, setup, snapshot, upload};
use liaison_app::Actor;

fn count(r: &Resp, what: &str) -> String {
    r.texts(&format!("#count-{what}")).join("")
}

#[tokio::test]
async fn web_upload_previews_then_confirms_and_a_second_upload_changes_nothing() {
    let t = setup().await;
    t.user("lead@a.test", "fls_lead", "AA-ONE").await;
    t.user("clin@a.test", "fls_clinician", "AA-ONE").await;
    let mut clin = t.signed_in("clin@a.test").await;
    assert_eq!(
        clin.get("/import").await.status,
        404,
        "a clinician cannot import"
    );
    let mut b = t.signed_in("lead@a.test").await;
    assert_eq!(b.get("/import").await.status, 200);
    let good = format!(
        "{HEAD}\n{}{}",
        row("P1", "2024-01-05"),
        row("P2", "2024-01-06")
    );
    let with_bad = format!(
        "{good}AA-ONE,P3,2024-01-07,Q,1950-04-02,wrist,outpatient,,,\nBB-TWO,P4,2024-01-08,F,1950-04-02,wrist,outpatient,,,\n"
    );
    let before = snapshot(&t).await;
    let r = upload(
        &mut b,
        "f.csv",
        with_bad.as_bytes(),
        &[("date_order", "ymd")],
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = r.location();
    let p = b.get(&page).await;
    assert_eq!(count(&p, "new"), "2");
    assert_eq!(count(&p, "invalid"), "2");
    let lines = p.texts(".io-errors tbody td:first-child");
    assert_eq!(lines, vec!["4", "5"], "every invalid row with its line");
    let problems = p.texts(".io-errors tbody tr").join(" | ");
    assert!(problems.contains("BB-TWO"), "{problems}");
    assert!(
        p.texts("#confirm").is_empty(),
        "all-or-nothing is not offered"
    );
    assert_eq!(snapshot(&t).await.0, before.0, "a preview writes nothing");
    // Import the valid rows only, then download the invalid ones.
    let r = b
        .post(&format!("{page}/confirm"), &[("valid_only", "1")])
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let done = b.get(&page).await;
    assert!(!done.texts(".io-done").is_empty(), "{}", done.body);
    assert_eq!(snapshot(&t).await.0.len(), 2);
    let e = b.get(&format!("{page}/errors")).await;
    assert_eq!(e.status, 200);
    assert!(e.body.starts_with(&format!("{HEAD},error")), "{}", e.body);
    assert!(e.body.contains("AA-ONE,P3") && e.body.contains("BB-TWO,P4"));
    assert_eq!(e.body.lines().count(), 3, "{}", e.body);
    // A confirmation counts once.
    b.post(&format!("{page}/confirm"), &[("valid_only", "1")])
        .await;
    assert_eq!(snapshot(&t).await.0.len(), 2);
    // The same rows again: all unchanged, and confirming changes nothing.
    let r = upload(&mut b, "f.csv", good.as_bytes(), &[]).await;
    let page = r.location();
    let p = b.get(&page).await;
    assert_eq!(
        (
            count(&p, "new"),
            count(&p, "unchanged"),
            count(&p, "invalid")
        ),
        ("0".into(), "2".into(), "0".into())
    );
    let before = snapshot(&t).await;
    b.post(&format!("{page}/confirm"), &[]).await;
    assert!(!b.get(&page).await.texts(".io-done").is_empty());
    assert_eq!(snapshot(&t).await.0, before.0);
    // The list of the user's imports links to both; another user cannot open them.
    let list = b.get("/import").await;
    assert_eq!(list.texts(".io-imports tbody tr").len(), 2);
    t.user("lead2@a.test", "fls_lead", "AA-ONE").await;
    let mut other = t.signed_in("lead2@a.test").await;
    assert_eq!(other.get(&page).await.status, 404);
}

#[tokio::test]
async fn a_file_over_the_limit_is_refused_and_changes_nothing() {
    let t = spawn_with(liaison_app::app::Config {
        max_upload_bytes: 2048,
        ..Default::default()
    })
    .await;
    t.fls("AA-ONE", "GB").await;
    t.user("lead@a.test", "fls_lead", "AA-ONE").await;
    let mut b = t.signed_in("lead@a.test").await;
    let mut f = HEAD.to_string() + "\n";
    for i in 0..100 {
        f += &row(&format!("P{i}"), "2024-01-05");
    }
    let before = snapshot(&t).await;
    let r = upload(&mut b, "big.csv", f.as_bytes(), &[]).await;
    assert_eq!(r.status, 413);
    let msg = r.texts("#upload-errors li").join(" ");
    assert!(msg.contains("larger than the limit of 1 MB"), "{msg}");
    assert_eq!(snapshot(&t).await.0, before.0);
    assert!(b.get("/import").await.texts(".io-imports tr").is_empty());
}

#[tokio::test]
async fn a_running_import_shows_its_progress_and_a_crash_leaves_it_failed() {
    let t = setup().await;
    let uid = t.user("lead@a.test", "fls_lead", "AA-ONE").await;
    let mut b = t.signed_in("lead@a.test").await;
    let id = liaison_store::imports::create(
        &t.app.db,
        uid,
        "f.csv",
        "csv",
        "{}",
        "",
        liaison_domain::import_status::ImportStatus::Importing,
        t.app.now(),
    )
    .await
    .unwrap();
    liaison_store::imports::progress(&t.app.db, id, 420)
        .await
        .unwrap();
    let p = b.get(&format!("/import/{id}")).await;
    assert_eq!(p.attr("#io-progress", "value").as_deref(), Some("420"));
    assert_eq!(
        p.attr("meta[http-equiv=refresh]", "content").as_deref(),
        Some("2")
    );
    // The server stops; on the next start the import is failed, nothing having changed.
    liaison_app::import::recover(&t.app).await.unwrap();
    let p = b.get(&format!("/import/{id}")).await;
    assert!(p.attr("meta[http-equiv=refresh]", "content").is_none());
    assert!(!p.texts(".io-nothing").is_empty(), "{}", p.body);
    let list = b.get("/import").await.texts(".io-status").join(" ");
    assert!(list.contains("failed"), "{list}");
}

#[tokio::test]
async fn a_large_file_runs_in_the_background() {
    let t = setup().await;
    t.user("lead@a.test", "fls_lead", "AA-ONE").await;
    let mut b = t.signed_in("lead@a.test").await;
    let mut f = HEAD.to_string() + "\n";
    let mut i = 0;
    while f.len() <= liaison_app::import::BACKGROUND_BYTES {
        f += &row(&format!("P{i}"), "2024-01-05");
        i += 1;
    }
    let r = upload(&mut b, "big.csv", f.as_bytes(), &[]).await;
    let page = r.location();
    // Wait for the background preview (no timing asserted: poll until it is done).
    let mut p = b.get(&page).await;
    while p.attr("meta[http-equiv=refresh]", "content").is_some() {
        assert!(!p.texts("#io-progress").is_empty() || p.attr("#io-progress", "max").is_some());
        tokio::task::yield_now().await;
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        p = b.get(&page).await;
    }
    assert_eq!(count(&p, "new"), i.to_string());
}

#[tokio::test]
async fn fhir_export_then_import_changes_nothing() {
    let t = setup().await;
    let f = format!(
        "{HEAD}\n{}AA-ONE,P2,2024-02-01,M,1941-01-01,hip,inpatient,-2.7,2024-02-10,a note\n",
        row("P1", "2024-01-05")
    );
    assert!(apply(&t, f.as_bytes()).await.written);
    t.user("lead@a.test", "fls_lead", "AA-ONE").await;
    let mut b = t.signed_in("lead@a.test").await;
    assert_eq!(b.get("/fls/BB-TWO/export?format=fhir").await.status, 404);
    let x = b.get("/fls/AA-ONE/export?format=fhir").await;
    assert_eq!(x.status, 200);
    let bundle = x.json();
    assert_eq!(bundle["resourceType"], "Bundle");
    assert!(!x.body.contains("a note"), "notes stay in the FLS");
    let before = snapshot(&t).await;
    let r = upload(&mut b, "bundle.json", x.body.as_bytes(), &[]).await;
    let page = r.location();
    let p = b.get(&page).await;
    assert_eq!(
        (
            count(&p, "new"),
            count(&p, "unchanged"),
            count(&p, "invalid")
        ),
        ("0".into(), "2".into(), "0".into()),
        "{}",
        p.body
    );
    b.post(&format!("{page}/confirm"), &[]).await;
    assert_eq!(snapshot(&t).await.0, before.0);
    // The CSV export downloads too, and the administrators' scope form.
    let csv = b.get("/fls/AA-ONE/export?format=csv").await;
    assert!(csv.body.contains("AA-ONE,P1"));
    assert_eq!(b.get("/export?scope=global&format=csv").await.status, 404);
}

#[tokio::test]
async fn api_imports_preview_apply_and_refuse_all_or_nothing() {
    let t = setup().await;
    let uid = t.user("lead@a.test", "fls_lead", "AA-ONE").await;
    let token = liaison_app::users::create_token(&t.app, &Actor::operator(), uid, "t")
        .await
        .unwrap();
    let mut b = t.browser();
    let post = |q: &str, body: String| {
        axum::http::Request::builder()
            .method("POST")
            .uri(format!("/api/v1/imports{q}"))
            .header("authorization", format!("Bearer {token}"))
            .header("content-type", "text/csv")
            .body(axum::body::Body::from(body))
            .unwrap()
    };
    let good = format!("{HEAD}\n{}", row("P1", "2024-01-05"));
    let bad = format!("{good}BB-TWO,P4,2024-01-08,F,1950-04-02,wrist,outpatient,,,\n");
    let r = b.send(post("?dry_run=true", good.clone())).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["result"]["new"], 1);
    assert!(snapshot(&t).await.0.is_empty());
    let r = b.send(post("", bad)).await;
    assert_eq!(r.status, 422);
    assert_eq!(r.json()["error"]["details"][0]["line"], 3);
    assert!(snapshot(&t).await.0.is_empty());
    let r = b.send(post("", good)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let id = r.json()["id"].as_i64().unwrap();
    assert_eq!(snapshot(&t).await.0.len(), 1);
    let g = b.api_get(&format!("/api/v1/imports/{id}"), &token).await;
    assert_eq!(g.json()["status"], "done");
    let x = b
        .api_get("/api/v1/export?scope=fls:AA-ONE&format=fhir", &token)
        .await;
    assert_eq!(x.json()["resourceType"], "Bundle");
    let x = b
        .api_get("/api/v1/export?scope=fls:BB-TWO&format=csv", &token)
        .await;
    assert_eq!(x.status, 404);
}

#[tokio::test]
async fn an_upload_left_unconfirmed_is_forgotten_after_the_retention() {
    let t = setup().await;
    t.user("lead@a.test", "fls_lead", "AA-ONE").await;
    let mut b = t.signed_in("lead@a.test").await;
    let bad = format!("{HEAD}\nAA-ONE,P3,2024-01-07,Q,1950-04-02,wrist,outpatient,,,\n");
    let r = upload(&mut b, "f.csv", bad.as_bytes(), &[("date_order", "ymd")]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = r.location();
    assert_eq!(b.get(&format!("{page}/errors")).await.status, 200);
    // A day later it is still there; past the retention (48 h) its rows are gone.
    t.clock.advance(time::Duration::hours(24));
    liaison_app::import::expire_uploads(&t.app).await.unwrap();
    let mut b = t.signed_in("lead@a.test").await;
    assert_eq!(b.get(&format!("{page}/errors")).await.status, 200);
    t.clock.advance(time::Duration::hours(25));
    liaison_app::import::expire_uploads(&t.app).await.unwrap();
    let mut b = t.signed_in("lead@a.test").await;
    assert_eq!(b.get(&format!("{page}/errors")).await.status, 404);
    let id: i64 = page.rsplit('/').next().unwrap().parse().unwrap();
    assert_eq!(
        liaison_app::import::staged_bytes(&t.app, id).await.unwrap(),
        Vec::<u8>::new(),
        "the file itself is deleted"
    );
    // Confirming now writes nothing.
    let before = snapshot(&t).await;
    b.post(&format!("{page}/confirm"), &[("valid_only", "1")])
        .await;
    assert_eq!(snapshot(&t).await.0, before.0);
}
