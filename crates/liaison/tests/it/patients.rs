//! Issue 16's patient information: public pages in the reader's language, the page's own list
//! of languages, Arabic right to left, dates and sources, printable.

use crate::helpers::spawn;
use axum::http::StatusCode;

#[tokio::test]
async fn a_visitor_reads_every_page_in_the_reader_language() {
    let t = spawn().await;
    let mut b = t.browser();
    let r = b.get("/patients").await;
    assert_eq!(r.status, StatusCode::OK);
    let links = r.texts(".patient-list a");
    assert_eq!(links.len(), 5, "{links:?}");
    assert!(links.contains(&"What a fragility fracture means".to_string()));
    for slug in [
        "fragility-fracture",
        "what-the-fls-does",
        "medicines",
        "falls-and-exercise",
        "questions-to-ask",
    ] {
        let r = b.get(&format!("/patients/{slug}")).await;
        assert_eq!(r.status, StatusCode::OK, "{slug}");
        assert_eq!(r.attr("article.patient", "lang").as_deref(), Some("en"));
        assert!(r.texts(".patient-sources li").len() >= 2, "{slug}: sources");
        assert!(
            !r.texts("#patient-review-by").is_empty(),
            "{slug}: review date"
        );
        assert_eq!(
            r.texts(".patient-langs li").len(),
            7,
            "{slug}: seven languages"
        );
    }
    assert_eq!(
        b.get("/patients/no-such-page").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn arabic_readers_get_the_arabic_page_right_to_left() {
    let t = spawn().await;
    let mut b = t.browser();
    b.post("/language", &[("lang", "ar"), ("next", "/patients")])
        .await;
    let r = b.get("/patients/medicines").await;
    assert_eq!(r.attr("html", "dir").as_deref(), Some("rtl"));
    assert_eq!(r.attr("article.patient", "dir").as_deref(), Some("rtl"));
    assert_eq!(r.texts("h1"), vec!["أدوية العظام والمخاوف الشائعة"]);
    // The reader picks French from the page's list: the article changes, the interface stays.
    let r = b.get("/patients/medicines?lang=fr").await;
    assert_eq!(r.attr("html", "dir").as_deref(), Some("rtl"));
    assert_eq!(r.attr("article.patient", "lang").as_deref(), Some("fr"));
    assert_eq!(r.attr("article.patient", "dir").as_deref(), Some("ltr"));
    assert_eq!(
        r.attr(".patient-langs a[aria-current=page]", "hreflang")
            .as_deref(),
        Some("fr")
    );
    // An unknown language in the address falls back to the reader's.
    let r = b.get("/patients/medicines?lang=xx").await;
    assert_eq!(r.attr("article.patient", "lang").as_deref(), Some("ar"));
}

#[tokio::test]
async fn the_stylesheet_prints_only_the_page_on_any_paper() {
    let t = spawn().await;
    let css = t.browser().get("/static/app.css").await.body;
    assert!(
        css.contains("@page { size: auto;"),
        "paper size left to the printer"
    );
    assert!(
        css.contains("body:has(article.patient) .top"),
        "navigation hidden on paper"
    );
}
