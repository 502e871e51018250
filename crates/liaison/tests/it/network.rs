//! Joining the network (issue 18): the public application, duplicates flagged not merged, bad
//! input refused with nothing stored, the per-address limit, the pipeline per country, and an
//! accepted application becoming an FLS and its lead without re-typing.

use crate::helpers::*;
use liaison_app::Actor;

const ES: &[(&str, &str)] = &[
    ("hospital", "Hospital Universitario La Paz"),
    ("city", "Madrid"),
    ("country", "ES"),
    ("contact_name", "Ana García"),
    ("contact_email", "ana@lapaz.example.org"),
    ("patient_group", "hip"),
    ("patient_group", "vertebral"),
    ("wants_mentor", "yes"),
];

async fn pipeline(t: &TestApp) -> Vec<liaison_app::network::ApplicationRow> {
    liaison_app::network::pipeline(&t.app, &Actor::operator())
        .await
        .unwrap()
}

async fn registry() -> TestApp {
    let t = spawn().await;
    t.fls("GB-A", "GB").await;
    t.user("admin@x.org", "administrator", "").await;
    t.user("reviewer@x.org", "programme_reviewer", "").await;
    t.user("national.es@x.org", "national_lead", "ES").await;
    t.user("national.gb@x.org", "national_lead", "GB").await;
    t.user("lead.a@x.org", "fls_lead", "GB-A").await;
    t
}

#[tokio::test]
async fn an_application_is_stored_and_a_second_for_the_same_hospital_is_flagged() {
    let t = registry().await;
    let r = t.browser().post("/join", ES).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.texts("#join-done").len(), 1);
    let mut again: Vec<(&str, &str)> = ES.to_vec();
    again[0] = ("hospital", "HOSPITAL UNIVERSITARIO  LA PAZ");
    again[4] = ("contact_email", "jefe@lapaz.example.org");
    assert_eq!(t.browser().post("/join", &again).await.status, 200);
    let rows = pipeline(&t).await;
    assert_eq!(rows.len(), 2, "not merged");
    let (second, first) = (&rows[0], &rows[1]);
    assert_eq!(first.duplicate_of, None);
    assert_eq!(second.duplicate_of, Some(first.id));
    assert_eq!(first.patient_groups, "hip,vertebral");
    assert!(first.wants_mentor);
    assert_eq!(t.count_audit("network.apply").await, 2);
    let page = t.signed_in("admin@x.org").await.get("/network").await;
    assert_eq!(page.status, 200);
    assert_eq!(page.texts(".duplicate").len(), 1);
}

#[tokio::test]
async fn bad_applications_are_refused_and_nothing_is_stored() {
    let t = registry().await;
    let mut bad: Vec<(&str, &str)> = ES.to_vec();
    bad[2] = ("country", "XX");
    bad[4] = ("contact_email", "not-an-address");
    let r = t.browser().post("/join", &bad).await;
    assert_eq!(r.status, 422);
    assert!(
        r.body.contains("Country") && r.body.contains("XX"),
        "{}",
        r.body
    );
    assert!(r.body.contains("not-an-address"));
    assert!(pipeline(&t).await.is_empty());
    assert_eq!(t.count_audit("network.apply").await, 0);
}

#[tokio::test]
async fn one_address_may_not_send_many_applications() {
    let t = registry().await;
    let mut b = t.browser();
    for _ in 0..3 {
        assert_eq!(b.post("/join", ES).await.status, 200);
    }
    let r = b.post("/join", ES).await;
    assert_eq!(r.status, 429);
    assert_eq!(pipeline(&t).await.len(), 3, "the fourth was not stored");
    // Another address is not held back; after 20 minutes the first may apply again.
    assert_eq!(t.browser().post("/join", ES).await.status, 200);
    t.clock.advance(time::Duration::minutes(21));
    assert_eq!(b.post("/join", ES).await.status, 200);
}

#[tokio::test]
async fn national_leads_see_and_move_their_countries_pipeline() {
    let t = registry().await;
    t.browser().post("/join", ES).await;
    let mut gb: Vec<(&str, &str)> = ES.to_vec();
    gb[0] = ("hospital", "Royal Infirmary");
    gb[2] = ("country", "GB");
    t.browser().post("/join", &gb).await;
    let rows = pipeline(&t).await;
    let (gb_id, es_id) = (rows[0].id, rows[1].id);
    let mut es_lead = t.signed_in("national.es@x.org").await;
    let page = es_lead.get("/network").await;
    assert_eq!(page.texts("tr.application th").len(), 1);
    assert!(page.body.contains("La Paz") && !page.body.contains("Royal Infirmary"));
    let id = es_id.to_string();
    let r = es_lead
        .post("/network/status", &[("id", &id), ("status", "contacted")])
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    // Backwards is refused with field, value and rule.
    let r = es_lead
        .post("/network/status", &[("id", &id), ("status", "applied")])
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("applied"));
    // Another country's application is answered as if it did not exist.
    let other = gb_id.to_string();
    let r = es_lead
        .post(
            "/network/status",
            &[("id", &other), ("status", "contacted")],
        )
        .await;
    assert_eq!(r.status, 404);
    assert_eq!(t.count_audit("network.status").await, 1);
    let rows = pipeline(&t).await;
    assert_eq!(rows[1].status, "contacted");
    assert_eq!(rows[0].status, "applied");
    assert_eq!(
        t.signed_in("lead.a@x.org")
            .await
            .get("/network")
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn an_accepted_application_becomes_an_fls_and_its_lead() {
    let t = registry().await;
    t.browser().post("/join", ES).await;
    let id = pipeline(&t).await[0].id.to_string();
    let mut admin = t.signed_in("admin@x.org").await;
    // A code already in use is refused before anything is made.
    let r = admin
        .post(
            "/network/accept",
            &[
                ("id", &id),
                ("code", "GB-A"),
                ("expected_non_spine_per_year", "400"),
                ("expected_spine_per_year", "40"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(
        liaison_app::users::user_by_email(&t.app, "ana@lapaz.example.org")
            .await
            .unwrap()
            .is_none()
    );
    let r = admin
        .post(
            "/network/accept",
            &[
                ("id", &id),
                ("code", "es-paz"),
                ("expected_non_spine_per_year", "400"),
                ("expected_spine_per_year", "40"),
            ],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.texts("#accepted-password").len(), 1);
    let fls =
        liaison_app::orgs::fls_by_code(&t.app, &liaison_domain::access::FlsSet::All, "ES-PAZ")
            .await
            .unwrap()
            .expect("the FLS");
    assert_eq!(fls.hospital, "Hospital Universitario La Paz");
    assert_eq!((fls.city.as_str(), fls.country.as_str()), ("Madrid", "ES"));
    assert!(fls.covers_hip && fls.covers_vertebral && !fls.covers_outpatient);
    assert_eq!(fls.contact_email.as_deref(), Some("ana@lapaz.example.org"));
    let user = liaison_app::users::user_by_email(&t.app, "ana@lapaz.example.org")
        .await
        .unwrap()
        .expect("the lead");
    let grants = liaison_app::users::grants_of(&t.app, user.id)
        .await
        .unwrap();
    assert_eq!(grants.len(), 1);
    assert_eq!(
        (grants[0].role.as_str(), grants[0].fls_id),
        ("fls_lead", Some(fls.id))
    );
    let row = &pipeline(&t).await[0];
    assert_eq!((row.status.as_str(), row.fls_id), ("started", Some(fls.id)));
    assert_eq!(t.count_audit("network.accept").await, 1);
    // A reviewer works the pipeline but does not create services.
    let mut reviewer = t.signed_in("reviewer@x.org").await;
    assert_eq!(reviewer.get("/network").await.status, 200);
    let r = reviewer
        .post("/network/accept", &[("id", &id), ("code", "ES-X")])
        .await;
    assert_eq!(r.status, 404);
}

#[tokio::test]
async fn an_acceptance_that_fails_at_its_last_step_leaves_nothing_behind() {
    let t = registry().await;
    t.browser().post("/join", ES).await;
    let id = pipeline(&t).await[0].id.to_string();
    // The contact's address is already a user's: the FLS is written first in the transaction,
    // the user then fails, and the whole is undone.
    t.user("ana@lapaz.example.org", "viewer", "GB-A").await;
    let fls_rows = t.count_audit("fls.create").await;
    let mut admin = t.signed_in("admin@x.org").await;
    let r = admin
        .post(
            "/network/accept",
            &[
                ("id", &id),
                ("code", "ES-PAZ"),
                ("expected_non_spine_per_year", "400"),
                ("expected_spine_per_year", "40"),
            ],
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("ana@lapaz.example.org"), "{}", r.body);
    assert!(
        liaison_app::orgs::fls_by_code(&t.app, &liaison_domain::access::FlsSet::All, "ES-PAZ")
            .await
            .unwrap()
            .is_none()
    );
    let row = &pipeline(&t).await[0];
    assert_eq!((row.status.as_str(), row.fls_id), ("applied", None));
    assert_eq!(t.count_audit("fls.create").await, fls_rows);
    assert_eq!(t.count_audit("network.accept").await, 0);
}
