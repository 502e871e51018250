//! Mentorship (issue 17): the directory, a lead's request, pairing refusals (nothing stored),
//! the pair's sessions read in each viewer's time zone, and actions.

use crate::authz_mentorship::{bare_user, mentor, request};
use crate::helpers::*;
use axum::http::StatusCode;
use liaison_app::mentorship as svc;
use liaison_app::{Actor, ServiceError};
use liaison_domain::mentorship::MentorInput;

fn rule_of(e: ServiceError) -> (String, String, &'static str) {
    match e {
        ServiceError::Invalid(inv) => {
            let f = &inv.0[0];
            (f.field.clone(), f.value.clone(), f.rule)
        }
        e => panic!("not a validation error: {e:?}"),
    }
}

async fn count(t: &TestApp, table: &str) -> i64 {
    let sql = format!("SELECT COUNT(*) FROM {table}");
    match &t.app.db {
        liaison_store::Db::Sqlite(p) => sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .fetch_one(p)
            .await
            .unwrap(),
        liaison_store::Db::Postgres(p) => sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .fetch_one(p)
            .await
            .unwrap(),
    }
}

#[tokio::test]
async fn the_directory_shows_certified_active_unexpired_mentors_and_filters() {
    let t = spawn().await;
    t.fls("AA-ONE", "GB").await;
    t.user("lead@x.org", "fls_lead", "AA-ONE").await;
    mentor(&t, "ana@x.org", "es,pt", "BR").await;
    mentor(&t, "bob@x.org", "en", "GB").await;
    let op = Actor::operator();
    // Expired on the day before the test's clock (2026-11-26), and one never certified.
    for (email, certified, expires) in [
        ("old@x.org", "2020-01-01", "2026-11-25"),
        ("new@x.org", "", ""),
    ] {
        bare_user(&t, email).await;
        let input = MentorInput {
            email: email.into(),
            languages: "en".into(),
            countries: "GB".into(),
            topics: "data".into(),
            level: "national".into(),
            capacity: "2".into(),
            certified_on: certified.into(),
            expires_on: expires.into(),
            active: "on".into(),
            ..Default::default()
        };
        svc::save_profile(&t.app, &op, &input).await.unwrap();
    }
    let mut b = t.signed_in("lead@x.org").await;
    let all = b.get("/mentors").await;
    assert_eq!(all.status, StatusCode::OK);
    assert_eq!(
        all.texts("tr.mentor").len(),
        2,
        "{:?}",
        all.texts("tr.mentor")
    );
    let es = b.get("/mentors?language=es&country=&topic=").await;
    let rows = es.texts("tr.mentor th");
    assert_eq!(rows, vec!["ana@x.org".to_string()]);
    let gb = b.get("/mentors?language=&country=gb&topic=data").await;
    assert_eq!(gb.texts("tr.mentor th"), vec!["bob@x.org".to_string()]);
    // Signed in only.
    let anon = t.browser().get("/mentors").await;
    assert!(anon.location().starts_with("/sign-in"));
}

#[tokio::test]
async fn a_lead_requests_and_bad_input_is_refused_with_nothing_stored() {
    let t = spawn().await;
    t.fls("AA-ONE", "GB").await;
    t.user("lead@x.org", "fls_lead", "AA-ONE").await;
    let mut b = t.signed_in("lead@x.org").await;
    let bad = b
        .post(
            "/mentorship/requests",
            &[
                ("fls", "AA-ONE"),
                ("language", "tlh"),
                ("needs", "Help"),
                ("g2g_step", "getting_started"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("tlh"), "the value is named");
    assert_eq!(count(&t, "mentorship_requests").await, 0);
    let ok = b
        .post(
            "/mentorship/requests",
            &[
                ("fls", "AA-ONE"),
                ("language", "es"),
                ("needs", "Funding the nurse post"),
                ("g2g_step", "getting_funded"),
                ("preferred_mentor", ""),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let page = b.get("/mentorship").await;
    assert!(page.body.contains("Funding the nurse post") || page.texts("li.request").len() == 1);
    assert_eq!(t.count_audit("mentorship.request").await, 1);
}

#[tokio::test]
async fn pairing_refuses_full_uncertified_and_own_fls_mentors() {
    let t = spawn().await;
    let a = t.fls("AA-ONE", "GB").await;
    let b = t.fls("BB-TWO", "BR").await;
    let c = t.fls("CC-THREE", "BR").await;
    let lead = t.user("lead@x.org", "fls_lead", "AA-ONE").await;
    let op = Actor::operator();

    // Staff of AA-ONE who is also a certified mentor.
    let staff = t.user("staff@x.org", "fls_clinician", "AA-ONE").await;
    let input = MentorInput {
        email: "staff@x.org".into(),
        languages: "en".into(),
        countries: "GB".into(),
        topics: "data".into(),
        level: "national".into(),
        capacity: "1".into(),
        certified_on: "2025-01-01".into(),
        active: "on".into(),
        ..Default::default()
    };
    svc::save_profile(&t.app, &op, &input).await.unwrap();
    let r = request(&t, lead, a).await;
    let (field, value, rule) = rule_of(svc::pair(&t.app, &op, r, staff).await.unwrap_err());
    assert_eq!(
        (field.as_str(), value.as_str(), rule),
        ("mentor", "staff@x.org", "mentor_own_fls")
    );

    // Capacity 1: a second FLS is refused.
    let r2 = request(&t, lead, b).await;
    svc::pair(&t.app, &op, r2, staff).await.unwrap();
    let r3 = request(&t, lead, c).await;
    let (_, _, rule) = rule_of(svc::pair(&t.app, &op, r3, staff).await.unwrap_err());
    assert_eq!(rule, "mentor_at_capacity");

    // Uncertified.
    bare_user(&t, "u@x.org").await;
    let uncertified = MentorInput {
        email: "u@x.org".into(),
        certified_on: String::new(),
        ..input.clone()
    };
    let u = svc::save_profile(&t.app, &op, &uncertified).await.unwrap();
    let (_, _, rule) = rule_of(svc::pair(&t.app, &op, r3, u).await.unwrap_err());
    assert_eq!(rule, "mentor_not_certified");

    // Nothing stored by the refusals: one pairing, one grant, r and r3 still open.
    assert_eq!(count(&t, "mentor_pairings").await, 1);
    let open = svc::open_requests(&t.app, &op).await.unwrap();
    let ids: Vec<i64> = open.iter().map(|o| o.request.id).collect();
    assert_eq!(ids, vec![r3, r]);
    let grants = liaison_store::users::grants_of(&t.app.db, staff)
        .await
        .unwrap();
    assert_eq!(
        grants.iter().filter(|g| g.role == "mentor").count(),
        1,
        "{grants:?}"
    );

    // A reviewer's refusal in their language names the field, the value and the rule.
    t.user("rev@x.org", "programme_reviewer", "").await;
    let mut rb = t.signed_in("rev@x.org").await;
    rb.post("/language", &[("lang", "fr")]).await;
    let res = rb
        .post(
            &format!("/mentorship/requests/{r3}/pair"),
            &[("mentor", staff.to_string().as_str())],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("staff@x.org"), "{}", res.body);
    assert!(res.body.contains("place libre"), "{}", res.body);
}

async fn set_zone(t: &TestApp, user_id: i64, zone: &str) {
    let mut tx = t.app.db.begin().await.unwrap();
    let p = liaison_store::outbox::Prefs {
        user_id,
        hour: 7,
        time_zone: zone.into(),
        kpi_alerts: false,
        facilities_deadline: true,
    };
    liaison_store::outbox::save_prefs(&mut tx, &p, &[], start_time())
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

/// A session set in Tokyo is read in São Paulo and in London, on both sides of London's
/// change back to winter time (25 October 2026).
#[tokio::test]
async fn a_tokyo_session_is_shown_in_each_viewers_time_zone() {
    let t = spawn().await;
    let a = t.fls("AA-ONE", "GB").await;
    let lead = t.user("lead@x.org", "fls_lead", "AA-ONE").await;
    let m = mentor(&t, "m@x.org", "en,ja", "GB,JP").await;
    set_zone(&t, m, "America/Sao_Paulo").await;
    set_zone(&t, lead, "Europe/London").await;
    let r = request(&t, lead, a).await;
    let p = svc::pair(&t.app, &Actor::operator(), r, m).await.unwrap();
    let url = format!("/mentorship/pairs/{p}");
    let mut lb = t.signed_in("lead@x.org").await;
    for (date, time) in [("2026-10-23", "18:00"), ("2026-10-30", "18:00")] {
        let res = lb
            .post(
                &format!("{url}/sessions"),
                &[
                    ("date", date),
                    ("time", time),
                    ("time_zone", "Asia/Tokyo"),
                    ("mode", "online"),
                    ("notes", "Review KPI 3"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    }
    let bad = lb
        .post(
            &format!("{url}/sessions"),
            &[
                ("date", "2026-10-30"),
                ("time", "18:00"),
                ("time_zone", "Asia/Nowhere"),
                ("mode", "online"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Asia/Nowhere"));

    let london = lb.get(&url).await.texts("tr.session td.when");
    assert_eq!(london.len(), 2, "{london:?}");
    assert!(
        london[0].contains("10:00") && london[0].contains("UTC+01:00"),
        "{london:?}"
    );
    assert!(
        london[1].contains("09:00") && london[1].contains("UTC+00:00"),
        "{london:?}"
    );
    let mut mb = t.signed_in("m@x.org").await;
    let sp = mb.get(&url).await.texts("tr.session td.when");
    assert!(
        sp[0].contains("06:00") && sp[0].contains("UTC-03:00"),
        "{sp:?}"
    );
    assert!(
        sp[1].contains("06:00") && sp[1].contains("America/Sao_Paulo"),
        "{sp:?}"
    );
    let given = mb.get(&url).await.texts("tr.session td.given");
    assert!(given[0].contains("18:00") && given[0].contains("Asia/Tokyo"));

    // Actions: added by the mentor, listed for the lead.
    let res = mb
        .post(
            &format!("{url}/actions"),
            &[
                ("title", "Draft the funding case"),
                ("owner", "lead@x.org"),
                ("due_on", "2026-12-15"),
                ("status", "open"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page = lb.get(&url).await;
    assert_eq!(
        page.texts("tr.action th"),
        vec!["Draft the funding case".to_string()]
    );
    assert_eq!(t.count_audit("mentorship.session").await, 2);
    assert_eq!(t.count_audit("mentorship.action").await, 1);
}
