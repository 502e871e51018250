//! Organisations, users of an FLS, the API and the operational endpoints.

use crate::helpers::*;
use axum::http::StatusCode;

#[tokio::test]
async fn the_fls_form_names_field_value_and_rule_and_keeps_what_was_typed() {
    let t = spawn().await;
    t.user("admin@x.org", "administrator", "").await;
    let mut b = t.signed_in("admin@x.org").await;
    let r = b
        .post(
            "/admin/fls",
            &[
                ("code", "GB GLA"),
                ("name", "Glasgow"),
                ("country", "UK"),
                ("expected_spine_per_year", "-4"),
                ("editing", "0"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.texts(".errors li"),
        vec![
            "FLS code “GB GLA”: may only contain letters A–Z, digits, “-”, “_” and “.”.",
            "Country “UK”: is not an ISO 3166-1 country code (two letters, such as GB or BR).",
            "Expected spine fractures per year “-4”: must be a whole number from 0 to 10000000.",
        ]
    );
    // Nothing typed is lost.
    assert_eq!(r.attr("#f-name", "value").as_deref(), Some("Glasgow"));
    assert_eq!(
        r.attr("#f-country", "aria-invalid").as_deref(),
        Some("true")
    );
    assert_eq!(liaison_store::orgs::count_fls(&t.app.db).await.unwrap(), 0);
    // The same in Arabic: the page is right to left and the message is not English.
    b.post("/language", &[("lang", "ar"), ("next", "/")]).await;
    let r = b
        .post(
            "/admin/fls",
            &[
                ("code", "GB-GLA"),
                ("name", "Glasgow"),
                ("country", "UK"),
                ("editing", "0"),
            ],
        )
        .await;
    assert_eq!(r.attr("html", "dir").as_deref(), Some("rtl"));
    let msg = &r.texts(".errors li")[0];
    assert!(
        msg.contains("UK") && !msg.contains("is not an ISO"),
        "{msg}"
    );
    let ok = b
        .post(
            "/admin/fls",
            &[
                ("code", "GB-GLA"),
                ("name", "Glasgow"),
                ("country", "gb"),
                ("patient_groups", "hip"),
                ("patient_groups", "vertebral"),
                ("editing", "0"),
            ],
        )
        .await;
    assert_eq!(ok.location(), "/fls/GB-GLA");
    let f =
        liaison_store::orgs::fls_by_code(&t.app.db, &liaison_domain::access::FlsSet::All, "GB-GLA")
            .await
            .unwrap()
            .unwrap();
    assert_eq!(
        (
            f.country.as_str(),
            f.time_zone.as_str(),
            f.covers_hip,
            f.covers_vertebral,
            f.covers_outpatient
        ),
        ("GB", "Europe/London", true, true, false)
    );
    // The profile and the list name the country in the reader's language.
    let page = b.get("/fls/GB-GLA").await;
    assert!(
        page.texts("dd").contains(&"المملكة المتحدة".to_string()),
        "{:?}",
        page.texts("dd")
    );
    assert!(
        b.get("/fls")
            .await
            .texts("td")
            .contains(&"المملكة المتحدة".to_string())
    );
}

#[tokio::test]
async fn an_fls_lead_adds_and_removes_users_of_their_service_only() {
    let t = spawn().await;
    t.fls("AA-ONE", "GB").await;
    t.fls("BB-TWO", "GB").await;
    t.user("lead@x.org", "fls_lead", "AA-ONE").await;
    let mut lead = t.signed_in("lead@x.org").await;
    let r = lead
        .post(
            "/fls/AA-ONE/users",
            &[
                ("email", "new.nurse@x.org"),
                ("display_name", "New Nurse"),
                ("role", "fls_clinician"),
                ("password", "lilac ferry orbit cellar"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let pw = "lilac ferry orbit cellar".to_string();
    assert!(r.texts("#added")[0].contains("new.nurse@x.org"));
    assert!(r.texts("tbody td").iter().any(|c| c == "new.nurse@x.org"));
    // The new nurse can sign in with the password the lead chose.
    let mut nurse = t.browser();
    assert_eq!(
        nurse.sign_in("new.nurse@x.org", &pw).await.status,
        StatusCode::SEE_OTHER
    );
    // A lead cannot hand out administrator, nor act on another FLS.
    let r = lead
        .post(
            "/fls/AA-ONE/users",
            &[("email", "x@x.org"), ("role", "administrator")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.texts(".errors li")[0].contains("administrator"));
    assert_eq!(
        lead.post(
            "/fls/BB-TWO/users",
            &[("email", "y@x.org"), ("role", "viewer")]
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    assert!(
        liaison_store::users::user_by_email(&t.app.db, "y@x.org")
            .await
            .unwrap()
            .is_none()
    );
    // Bad e-mail: named, with the value.
    let r = lead
        .post(
            "/fls/AA-ONE/users",
            &[
                ("email", "not-an-address"),
                ("role", "viewer"),
                ("password", "lilac ferry orbit cellar"),
            ],
        )
        .await;
    assert_eq!(
        r.texts(".errors li"),
        vec!["E-mail “not-an-address”: is not an e-mail address."]
    );
    let page = lead.get("/fls/AA-ONE/users").await;
    let doc = page.html();
    let rows = scraper::Selector::parse("tbody tr").unwrap();
    let form = scraper::Selector::parse("form.inline").unwrap();
    let row = doc
        .select(&rows)
        .find(|r| r.text().any(|t| t == "new.nurse@x.org"))
        .unwrap();
    let action = row
        .select(&form)
        .next()
        .unwrap()
        .value()
        .attr("action")
        .unwrap()
        .to_string();
    assert_eq!(lead.post(&action, &[]).await.status, StatusCode::SEE_OTHER);
    // Without a role at AA-ONE the nurse sees no service any more.
    let mut nurse = t.signed_in_with("new.nurse@x.org", &pw).await;
    assert_eq!(nurse.get("/fls/AA-ONE").await.status, StatusCode::NOT_FOUND);
}

impl TestApp {
    pub async fn signed_in_with(&self, email: &str, pw: &str) -> Browser {
        let mut b = self.browser();
        assert_eq!(b.sign_in(email, pw).await.status, StatusCode::SEE_OTHER);
        b
    }
}

#[tokio::test]
async fn api_tokens_are_shown_once_carry_the_users_rights_and_can_be_revoked() {
    let t = spawn().await;
    t.fls("AA-ONE", "GB").await;
    t.fls("BB-TWO", "BR").await;
    t.user("lead@x.org", "national_lead", "GB").await;
    let mut b = t.signed_in("lead@x.org").await;
    let r = b.post("/account/tokens", &[("name", "my script")]).await;
    let token = r.texts("#new-token")[0].clone();
    assert!(token.starts_with("lsn_"));
    assert!(
        b.get("/account/tokens")
            .await
            .texts("#new-token")
            .is_empty(),
        "shown once only"
    );
    let me = b.api_get("/api/v1/me", &token).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["roles"], serde_json::json!(["national_lead"]));
    let list = b.api_get("/api/v1/fls", &token).await.json();
    let codes: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, vec!["AA-ONE"]);
    assert_eq!(
        b.api_get("/api/v1/fls/AA-ONE", &token).await.json()["country"],
        "GB"
    );
    let hidden = b.api_get("/api/v1/fls/BB-TWO", &token).await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    assert_eq!(
        hidden.json(),
        b.api_get("/api/v1/fls/NOPE", &token).await.json(),
        "hidden and absent look the same"
    );
    let page = b.get("/account/tokens").await;
    let sel = scraper::Selector::parse("form.inline").unwrap();
    let action = page
        .html()
        .select(&sel)
        .next()
        .unwrap()
        .value()
        .attr("action")
        .unwrap()
        .to_string();
    b.post(&action, &[]).await;
    assert_eq!(
        b.api_get("/api/v1/me", &token).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn health_and_metrics() {
    let t = spawn().await;
    t.user("admin@x.org", "administrator", "").await;
    t.user("reviewer@x.org", "programme_reviewer", "").await;
    let mut anon = t.browser();
    let h = anon.get("/health").await;
    assert_eq!(h.status, StatusCode::OK);
    assert_eq!(h.json()["status"], "ok");
    assert_eq!(anon.get("/metrics").await.status, StatusCode::NOT_FOUND);
    let mut rev = t.signed_in("reviewer@x.org").await;
    assert_eq!(rev.get("/metrics").await.status, StatusCode::NOT_FOUND);
    let mut admin = t.signed_in("admin@x.org").await;
    admin.get("/fls").await;
    let m = admin.get("/metrics").await;
    assert_eq!(m.status, StatusCode::OK);
    assert!(m.body.contains("liaison_http_requests_total"), "{}", m.body);
}

#[tokio::test]
async fn unknown_pages_answer_404_in_the_users_language_without_internals() {
    let t = spawn().await;
    let mut b = t.browser();
    b.headers.push(("accept-language".into(), "es".into()));
    let r = b.get("/no/such/page").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.attr("html", "lang").as_deref(), Some("es"));
    assert!(!r.body.to_lowercase().contains("sqlx") && !r.body.contains("panicked"));
}
