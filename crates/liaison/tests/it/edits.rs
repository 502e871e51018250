//! Two people editing one episode: a save sends only what its user changed, a conflict shows
//! field by field what the other person saved, and saving again never reverts their change.
//! The history reads as fields with before and after.

use crate::helpers::*;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use liaison_app::Actor;
use serde_json::json;

/// Every field of the page's episode form as a browser would submit it, with some changed.
pub fn form_of(page: &Resp, changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let html = page.html();
    let sel =
        scraper::Selector::parse("form.episode input, form.episode select, form.episode textarea")
            .unwrap();
    let mut out = Vec::new();
    for el in html.select(&sel) {
        let v = el.value();
        let Some(name) = v.attr("name") else { continue };
        let value = match v.name() {
            "select" => {
                let opt = scraper::Selector::parse("option[selected]").unwrap();
                el.select(&opt)
                    .next()
                    .and_then(|o| o.value().attr("value"))
                    .unwrap_or("")
                    .to_string()
            }
            "textarea" => el.text().collect(),
            _ => v.attr("value").unwrap_or("").to_string(),
        };
        out.push((name.to_string(), value));
    }
    for (k, v) in changes {
        match out.iter_mut().find(|(n, _)| n == k) {
            Some(f) => f.1 = v.to_string(),
            None => out.push((k.to_string(), v.to_string())),
        }
    }
    out
}

pub async fn submit(b: &mut Browser, url: &str, fields: &[(String, String)]) -> Resp {
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .filter(|(k, _)| k != "_csrf")
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    b.post(url, &refs).await
}

async fn stored(t: &TestApp, id: i64) -> liaison_domain::dataset::EpisodeInput {
    liaison_app::episodes::read(&t.app, &Actor::operator(), id)
        .await
        .unwrap()
        .to_input()
}

async fn setup() -> (TestApp, Browser, Browser, String, i64) {
    let t = spawn().await;
    t.fls("GB-GLA", "GB").await;
    t.user("ann@x.org", "fls_clinician", "GB-GLA").await;
    t.user("bob@x.org", "fls_clinician", "GB-GLA").await;
    let id = crate::authz::episode(&t, "GB-GLA").await;
    let ann = t.signed_in("ann@x.org").await;
    let bob = t.signed_in("bob@x.org").await;
    (t, ann, bob, format!("/fls/GB-GLA/episodes/{id}"), id)
}

#[tokio::test]
async fn saving_again_after_a_conflict_keeps_the_other_users_change() {
    let (t, mut ann, mut bob, url, id) = setup().await;
    let ann_page = ann.get(&url).await;
    let bob_page = bob.get(&url).await;
    // Ann records the assessment; Bob, from his older page, adds a note.
    let r = submit(
        &mut ann,
        &url,
        &form_of(&ann_page, &[("fls_assessment_date", "2026-02-01")]),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = submit(
        &mut bob,
        &url,
        &form_of(&bob_page, &[("notes", "called the GP")]),
    )
    .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    // The conflict names Ann's field, her value, and that Bob did not touch it.
    let rows = r.texts("table.conflicts tbody tr");
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(
        rows[0].contains("FLS assessment") && rows[0].contains("2026-02-01"),
        "{rows:?}"
    );
    assert!(rows[0].contains("you did not change it"), "{rows:?}");
    assert_eq!(stored(&t, id).await.notes, "", "nothing of Bob's was saved");
    // The form holds Ann's value with Bob's note on top; saving it as it is keeps both.
    let again = form_of(&r, &[]);
    assert!(again.contains(&("fls_assessment_date".into(), "2026-02-01".into())));
    let r = submit(&mut bob, &url, &again).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let now = stored(&t, id).await;
    assert_eq!(
        (now.fls_assessment_date.as_str(), now.notes.as_str()),
        ("2026-02-01", "called the GP")
    );
}

#[tokio::test]
async fn a_save_from_an_old_page_does_not_write_back_fields_its_user_left_alone() {
    let (t, mut ann, mut bob, url, id) = setup().await;
    let bob_page = bob.get(&url).await;
    let ann_page = ann.get(&url).await;
    let r = submit(
        &mut ann,
        &url,
        &form_of(&ann_page, &[("dxa_date", "2026-02-03")]),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    // Bob's page still shows an empty DXA date; after the conflict he changes the phone only.
    let r = submit(
        &mut bob,
        &url,
        &form_of(&bob_page, &[("phone", "0141 555")]),
    )
    .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let mut again = form_of(&r, &[]);
    // Even a form whose DXA date was emptied back (an old tab) only sends the phone: the
    // base is now the stored episode, and Bob's change is the phone.
    let r = submit(&mut bob, &url, &again).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let now = stored(&t, id).await;
    assert_eq!(
        (now.dxa_date.as_str(), now.phone.as_str()),
        ("2026-02-03", "0141 555")
    );
    // A change Bob makes on purpose to Ann's field is his to make.
    let page = bob.get(&url).await;
    again = form_of(&page, &[("dxa_date", "2026-02-04")]);
    assert_eq!(
        submit(&mut bob, &url, &again).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(stored(&t, id).await.dxa_date, "2026-02-04");
}

#[tokio::test]
async fn the_history_lists_fields_with_labels_before_and_after() {
    let (_t, mut ann, _bob, url, _id) = setup().await;
    let page = ann.get(&url).await;
    let r = submit(
        &mut ann,
        &url,
        &form_of(&page, &[("dxa_status", "not_required"), ("notes", "seen")]),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = ann.get(&url).await;
    let items = page.texts("ol.history > li");
    assert!(items.iter().any(|i| i.contains("Changed")), "{items:?}");
    let rows = page.texts("ol.history table tbody tr");
    assert!(
        rows.iter()
            .any(|r| r.contains("Notes") && r.contains("seen")),
        "{rows:?}"
    );
    assert!(!page.body.contains("{&quot;"), "no raw JSON in the history");
    // Coded values in the reader's language.
    ann.headers.push(("accept-language".into(), "fr".into()));
    let fr = ann.get(&url).await;
    let rows = fr.texts("ol.history table tbody tr");
    assert!(!rows.iter().any(|r| r.contains("not_required")), "{rows:?}");
}

#[tokio::test]
async fn patch_changes_only_the_fields_sent() {
    let (t, _ann, _bob, _url, id) = setup().await;
    let user = t.user("api@x.org", "fls_clinician", "GB-GLA").await;
    let token = liaison_app::users::create_token(&t.app, &Actor::operator(), user, "t")
        .await
        .unwrap();
    let mut b = t.browser();
    let patch = |body: serde_json::Value| {
        Request::builder()
            .method("PATCH")
            .uri(format!("/api/v1/episodes/{id}"))
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap()
    };
    let r = b
        .send(patch(json!({ "version": 1, "notes": "first" })))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        (r.json()["notes"].as_str(), r.json()["sex"].as_str()),
        (Some("first"), Some("F"))
    );
    // A stale version saves nothing and answers what is stored.
    let r = b.send(patch(json!({ "version": 1, "phone": "1" }))).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.json()["error"]["details"]["notes"], "first");
    assert_eq!(stored(&t, id).await.phone, "");
    let r = b.send(patch(json!({ "phone": "1" }))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["error"]["details"][0]["field"], "version");
}

#[tokio::test]
async fn registering_a_patient_under_50_says_they_are_outside_the_kpis() {
    let t = spawn().await;
    t.fls("GB-GLA", "GB").await;
    t.user("ann@x.org", "fls_clinician", "GB-GLA").await;
    let mut b = t.signed_in("ann@x.org").await;
    let r = b
        .post(
            "/fls/GB-GLA/episodes",
            &[
                ("patient_ref", "Y1"),
                ("fracture_date", "2026-05-04"),
                ("sex", "F"),
                ("birth_date", "1990-01-01"),
                ("fracture_site", "wrist"),
                ("setting", "outpatient"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(r.location().contains("notice=created-under-50"));
    let page = b.get(&r.location()).await;
    let notice = page.texts(".notice");
    assert!(
        notice.iter().any(|n| n.contains("50")),
        "the under-50 notice is shown: {notice:?}"
    );
}

#[tokio::test]
async fn deleting_asks_first_and_says_it_is_done() {
    let (t, mut ann, _bob, url, id) = setup().await;
    let page = ann.get(&url).await;
    let ask = page
        .attr("a.danger", "href")
        .expect("the episode page links to the question");
    // A post without the confirmation (an old page, a stray click) only leads to the question.
    let r = ann.post(&format!("{url}/delete"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), ask);
    assert!(
        liaison_app::episodes::read(&t.app, &Actor::operator(), id)
            .await
            .is_ok()
    );
    let q = ann.get(&ask).await;
    assert_eq!(q.status, StatusCode::OK);
    assert!(q.body.contains("P1"), "the question names the episode");
    let r = ann
        .post(&format!("{url}/delete"), &[("confirm", "yes")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let list = ann.get(&r.location()).await;
    assert!(
        list.texts(".notice").iter().any(|n| n.contains("deleted")),
        "{:?}",
        list.texts(".notice")
    );
    assert!(
        liaison_app::episodes::read(&t.app, &Actor::operator(), id)
            .await
            .is_err()
    );
}
