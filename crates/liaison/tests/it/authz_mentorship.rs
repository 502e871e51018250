//! Authorisation-matrix rows of mentorship (see `authz.rs`), and the mentor's reach into an
//! FLS before, during and after a pairing. The matrix's `{pairing}` is a pairing of another
//! mentor with the actor's FLS (inside) or with the other FLS (outside); `{request}` an open
//! request of that FLS.

#[allow(unused_imports)]
use crate::authz::{Want, Want::*, has};
use crate::helpers::*;
use axum::http::StatusCode;
use liaison_app::Actor;
use liaison_app::mentorship as svc;
use liaison_domain::access::Access;
use liaison_domain::auth::Role;
use liaison_domain::mentorship::{MentorInput, RequestInput};

/// A user named by their address who holds no grant (a user is created with one, a viewer's
/// at AA-ONE, which is then removed).
pub async fn bare_user(t: &TestApp, email: &str) -> i64 {
    let op = Actor::operator();
    let gi = liaison_app::users::GrantInput {
        role: "viewer".into(),
        fls: "AA-ONE".into(),
        ..Default::default()
    };
    let g = liaison_app::users::parse_grant(&t.app, &op, &gi)
        .await
        .expect("grant");
    let id = liaison_app::users::create_user(&t.app, &op, email, email, Some(PASSWORD), &[g])
        .await
        .expect("user")
        .user
        .id;
    let gid = liaison_store::users::grants_of(&t.app.db, id)
        .await
        .unwrap()[0]
        .id;
    let mut tx = t.app.db.begin().await.unwrap();
    liaison_store::users::remove_grant(&mut tx, id, gid)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    id
}

/// A certified mentor with no grant: the user's id.
pub async fn mentor(t: &TestApp, email: &str, languages: &str, countries: &str) -> i64 {
    let op = Actor::operator();
    let id = bare_user(t, email).await;
    let input = MentorInput {
        email: email.into(),
        languages: languages.into(),
        countries: countries.into(),
        topics: "getting_started, data".into(),
        level: "international".into(),
        capacity: "3".into(),
        certified_on: "2025-06-01".into(),
        cohort: "2025".into(),
        expires_on: "2028-06-01".into(),
        active: "on".into(),
        ..Default::default()
    };
    svc::save_profile(&t.app, &op, &input)
        .await
        .expect("profile");
    id
}

/// An open request for `fls_id`, as made by user `by`.
pub async fn request(t: &TestApp, by: i64, fls_id: i64) -> i64 {
    let lead = Actor {
        user_id: Some(by),
        access: Access::operator(),
        ..Actor::operator()
    };
    let input = RequestInput {
        language: "en".into(),
        needs: "Setting up the follow-up clinic".into(),
        g2g_step: "getting_started".into(),
        preferred_mentor: String::new(),
    };
    svc::request(&t.app, &lead, fls_id, &input)
        .await
        .expect("request")
}

/// What the matrix's `{request}` and `{pairing}` name, inside and outside.
pub struct Ids {
    pub request_a: i64,
    pub request_b: i64,
    pub pairing_a: i64,
    pub pairing_b: i64,
}

pub async fn setup(t: &TestApp, by: i64, fls_a: i64, fls_b: i64) -> Ids {
    let m = mentor(t, "mentor.pair@x.org", "en,es", "GB,BR").await;
    let op = Actor::operator();
    let mut pairing = Vec::new();
    for f in [fls_a, fls_b] {
        let r = request(t, by, f).await;
        pairing.push(svc::pair(&t.app, &op, r, m).await.expect("pair"));
    }
    Ids {
        request_a: request(t, by, fls_a).await,
        request_b: request(t, by, fls_b).await,
        pairing_a: pairing[0],
        pairing_b: pairing[1],
    }
}

pub fn expected(method: &str, path: &str, role: Option<Role>, inside: bool) -> Option<Want> {
    use Role::*;
    let signed = |w: Want| if role.is_none() { SignIn } else { w };
    let programme = has(role, &[Administrator, ProgrammeReviewer]);
    // The pair: the FLS's leads (the mentor of the matrix's pairings is not the actor).
    let pair = programme || (inside && has(role, &[FlsLead]));
    Some(match (method, path) {
        ("GET", "/mentors" | "/mentorship") => signed(Ok),
        // A lead asks for their own FLS; the empty form is refused with a message.
        ("POST", "/mentorship/requests") => signed(if has(role, &[Administrator, FlsLead]) {
            Ok
        } else {
            Hidden
        }),
        (
            "POST",
            "/mentorship/requests/{request}/pair"
            | "/mentorship/mentors"
            | "/mentorship/pairs/{pairing}/close",
        ) => signed(if programme { Ok } else { Hidden }),
        ("GET", "/mentorship/pairs/{pairing}")
        | (
            "POST",
            "/mentorship/pairs/{pairing}/sessions" | "/mentorship/pairs/{pairing}/actions",
        ) => signed(if pair { Ok } else { Hidden }),
        _ => return None,
    })
}

/// The pages of an FLS a mentor reads through a pairing: profile, KPIs, BPF, plan, and the
/// API's assessments and plan.
async fn reach(b: &mut Browser, code: &str) -> Vec<(String, StatusCode)> {
    let mut out = Vec::new();
    for p in [
        format!("/fls/{code}"),
        format!("/fls/{code}/kpis"),
        format!("/fls/{code}/bpf"),
        format!("/fls/{code}/g2g"),
    ] {
        let s = b.get(&p).await.status;
        out.push((p, s));
    }
    out
}

fn all(v: &[(String, StatusCode)], want: StatusCode) -> bool {
    v.iter().all(|(_, s)| *s == want)
}

#[tokio::test]
async fn a_mentor_reads_the_mentee_fls_only_while_paired() {
    let t = spawn().await;
    let a = t.fls("AA-ONE", "GB").await;
    t.fls("BB-TWO", "BR").await;
    let lead = t.user("lead@x.org", "fls_lead", "AA-ONE").await;
    let m = mentor(&t, "m@x.org", "en", "GB").await;
    let mut mb = t.signed_in("m@x.org").await;

    let before = reach(&mut mb, "AA-ONE").await;
    assert!(all(&before, StatusCode::NOT_FOUND), "before: {before:?}");
    assert!(all(&reach(&mut mb, "BB-TWO").await, StatusCode::NOT_FOUND));

    let r = request(&t, lead, a).await;
    let mut reviewer = {
        t.user("rev@x.org", "programme_reviewer", "").await;
        t.signed_in("rev@x.org").await
    };
    let page = reviewer.get("/mentorship").await;
    assert!(
        page.body
            .contains(&format!("/mentorship/requests/{r}/pair")),
        "the open request is in the programme's queue"
    );
    let res = reviewer
        .post(
            &format!("/mentorship/requests/{r}/pair"),
            &[("mentor", m.to_string().as_str())],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let pair_url = res.location();

    let during = reach(&mut mb, "AA-ONE").await;
    assert!(all(&during, StatusCode::OK), "during: {during:?}");
    let other = reach(&mut mb, "BB-TWO").await;
    assert!(all(&other, StatusCode::NOT_FOUND), "other FLS: {other:?}");
    assert_eq!(mb.get(&pair_url).await.status, StatusCode::OK);
    let api = mb.get("/fls/AA-ONE/episodes").await;
    assert_eq!(api.status, StatusCode::NOT_FOUND, "never patient data");

    let closed = reviewer.post(&format!("{pair_url}/close"), &[]).await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER, "{}", closed.body);
    let after = reach(&mut mb, "AA-ONE").await;
    assert!(all(&after, StatusCode::NOT_FOUND), "after: {after:?}");
    // The pair's page stays readable to its mentor (history), without forms.
    let p = mb.get(&pair_url).await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.attr("#session-form", "action").is_none());
    assert!(t.count_audit("mentorship.pair").await == 1);
    assert!(t.count_audit("mentorship.close").await == 1);
}

#[tokio::test]
async fn the_pair_page_is_hidden_from_everyone_else() {
    let t = spawn().await;
    let a = t.fls("AA-ONE", "GB").await;
    t.fls("BB-TWO", "BR").await;
    let lead = t.user("lead@x.org", "fls_lead", "AA-ONE").await;
    t.user("clin@x.org", "fls_clinician", "AA-ONE").await;
    t.user("other.lead@x.org", "fls_lead", "BB-TWO").await;
    let m = mentor(&t, "m@x.org", "en", "GB").await;
    mentor(&t, "m2@x.org", "en", "GB").await;
    let r = request(&t, lead, a).await;
    let p = svc::pair(&t.app, &Actor::operator(), r, m).await.unwrap();
    let url = format!("/mentorship/pairs/{p}");
    for (who, want) in [
        ("m@x.org", StatusCode::OK),
        ("lead@x.org", StatusCode::OK),
        ("m2@x.org", StatusCode::NOT_FOUND),
        ("clin@x.org", StatusCode::NOT_FOUND),
        ("other.lead@x.org", StatusCode::NOT_FOUND),
    ] {
        let mut b = t.signed_in(who).await;
        assert_eq!(b.get(&url).await.status, want, "{who}");
    }
}
