//! The audit trail: what is recorded, who may search it, and that nobody can rewrite it.

use crate::helpers::*;
use axum::http::StatusCode;
use liaison_store::Db;

#[tokio::test]
async fn changes_are_recorded_with_before_and_after_values() {
    let t = spawn().await;
    t.user("admin@x.org", "administrator", "").await;
    let mut b = t.signed_in("admin@x.org").await;
    let r = b
        .post(
            "/admin/fls",
            &[
                ("code", "GB-GLA"),
                ("name", "Glasgow"),
                ("country", "GB"),
                ("editing", "0"),
            ],
        )
        .await;
    assert_eq!(r.location(), "/fls/GB-GLA");
    let r = b
        .post(
            "/admin/fls",
            &[
                ("code", "GB-GLA"),
                ("name", "Glasgow FLS"),
                ("country", "GB"),
                ("expected_spine_per_year", "120"),
                ("editing", "1"),
            ],
        )
        .await;
    assert_eq!(r.location(), "/fls/GB-GLA");
    let page = b.get("/audit?action=fls.update").await;
    assert_eq!(page.status, StatusCode::OK);
    let rows = page.texts("tbody tr");
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(rows[0].contains("admin@x.org") && rows[0].contains("fls.update"));
    let before = page.texts("tbody tr details pre");
    assert!(
        before[0].contains("\"name\":\"Glasgow\"")
            && before[1].contains("\"name\":\"Glasgow FLS\""),
        "{before:?}"
    );
    // The export has the same rows, with formula-looking cells neutralised.
    let csv = b.get("/audit.csv?action=fls.update").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert_eq!(csv.body.lines().count(), 2, "{}", csv.body);
    assert_eq!(t.count_audit("audit.export").await, 1);
}

#[tokio::test]
async fn an_fls_lead_sees_only_their_services_rows() {
    let t = spawn().await;
    t.fls("AA-ONE", "GB").await;
    t.fls("BB-TWO", "GB").await;
    t.user("lead.a@x.org", "fls_lead", "AA-ONE").await;
    t.user("nurse.b@x.org", "fls_clinician", "BB-TWO").await;
    t.user("nurse.a@x.org", "fls_clinician", "AA-ONE").await;
    let mut lead = t.signed_in("lead.a@x.org").await;
    let page = lead.get("/audit").await;
    let text = page.texts("tbody tr").join("\n");
    assert!(
        text.contains("AA-ONE") || text.contains("nurse.a@x.org"),
        "{text}"
    );
    assert!(
        !text.contains("BB-TWO") && !text.contains("nurse.b@x.org"),
        "{text}"
    );
    // Asking for the other FLS by code is an error, not a leak.
    let r = lead.get("/audit?fls=BB-TWO").await;
    assert!(r.texts(".errors li")[0].contains("BB-TWO"));
    assert!(r.texts("tbody tr").is_empty());
}

#[tokio::test]
async fn the_application_cannot_change_or_delete_audit_rows() {
    let t = spawn().await;
    t.user("admin@x.org", "administrator", "").await;
    t.signed_in("admin@x.org").await;
    let n = t.count_audit("sign_in").await;
    assert_eq!(n, 1);
    let (upd, del) = match &t.app.db {
        Db::Sqlite(p) => (
            sqlx::query("UPDATE audit_log SET actor = 'someone else'")
                .execute(p)
                .await
                .is_err(),
            sqlx::query("DELETE FROM audit_log")
                .execute(p)
                .await
                .is_err(),
        ),
        Db::Postgres(p) => (
            sqlx::query("UPDATE audit_log SET actor = 'someone else'")
                .execute(p)
                .await
                .is_err(),
            sqlx::query("DELETE FROM audit_log")
                .execute(p)
                .await
                .is_err(),
        ),
    };
    assert!(upd && del, "audit rows must be append-only");
    assert_eq!(t.count_audit("sign_in").await, 1);
}

#[tokio::test]
async fn failed_authorisations_and_bad_tokens_are_recorded() {
    let t = spawn().await;
    t.fls("AA-ONE", "GB").await;
    t.fls("BB-TWO", "BR").await;
    t.user("nurse@x.org", "fls_clinician", "AA-ONE").await;
    let mut b = t.signed_in("nurse@x.org").await;
    assert_eq!(b.get("/fls/BB-TWO").await.status, StatusCode::NOT_FOUND);
    assert_eq!(b.get("/fls/NO-SUCH").await.status, StatusCode::NOT_FOUND);
    let rows = liaison_store::audit::search(
        &t.app.db,
        &liaison_domain::access::FlsSet::All,
        &liaison_store::audit::Filter {
            action: Some("authorisation_denied".into()),
            ..Default::default()
        },
        10,
        0,
    )
    .await
    .unwrap();
    assert_eq!(rows.len(), 2);
    assert!(
        rows.iter()
            .all(|r| r.actor == "nurse@x.org" && r.outcome == "denied")
    );
    assert!(rows.iter().any(|r| r.detail.contains("/fls/BB-TWO")));
    let r = b.api_get("/api/v1/me", "lsn_not_a_token").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.json()["error"]["code"], "unauthenticated");
    assert_eq!(t.count_audit("api_token_rejected").await, 1);
}
