//! The history of a self-assessment and of a Getting to Gold plan, field by field in the
//! reader's language, never raw JSON (issue 12).

use crate::helpers::*;
use axum::http::StatusCode;

#[tokio::test]
async fn a_self_assessments_history_names_questions_and_levels_not_json() {
    let t = spawn().await;
    liaison_fixtures::demo::seed(&t.app).await.unwrap();
    let mut rev = t.browser();
    rev.sign_in(
        "reviewer@demo.liaison.test",
        liaison_fixtures::demo::PASSWORD,
    )
    .await;
    let page = rev.get("/fls/MX-MTY/bpf").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("&#34;answers&#34;"), "raw JSON shown");
    assert!(page.texts("ol.history pre").is_empty());
    let rows = page.texts("ol.history tbody tr");
    // The submission: its status, named and translated, and answers by question, as levels.
    assert!(
        rows.iter()
            .any(|r| r.contains("Status") && r.contains("Draft") && r.contains("Submitted")),
        "{rows:?}"
    );
    assert!(
        rows.iter()
            .any(|r| r.contains("Silver") && !r.contains("s01_")),
        "{rows:?}"
    );
    // The same page in Spanish: field and values translated.
    rev.post("/language", &[("lang", "es"), ("next", "/fls/MX-MTY/bpf")])
        .await;
    let es = rev.get("/fls/MX-MTY/bpf").await;
    let rows = es.texts("ol.history tbody tr");
    assert!(rows.iter().any(|r| r.contains("Estado")), "{rows:?}");
}
