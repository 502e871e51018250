//! Coalitions (issue 18, part 2): a public page without contacts, signed-in users see them;
//! bad input refused with field, value and rule and nothing stored; a user granted one
//! coalition edits that one only; every write audited.

use crate::helpers::*;
use liaison_app::Actor;
use liaison_app::coalitions as svc;
use liaison_domain::coalitions::{CoalitionInput, ContactInput};

async fn coalition(t: &TestApp, name: &str, scope: &str, area: &str) -> i64 {
    let input = CoalitionInput {
        name: name.into(),
        scope: scope.into(),
        area: area.into(),
        ..Default::default()
    };
    svc::create(&t.app, &Actor::operator(), &input)
        .await
        .unwrap()
}

async fn registry() -> (TestApp, i64, i64) {
    let t = spawn().await;
    t.fls("GB-A", "GB").await;
    t.user("admin@x.org", "administrator", "").await;
    t.user("reviewer@x.org", "programme_reviewer", "").await;
    t.user("lead.a@x.org", "fls_lead", "GB-A").await;
    let world = coalition(&t, "Global Coalition", "international", "").await;
    let spain = coalition(&t, "Coalición España", "national", "ES").await;
    (t, world, spain)
}

#[tokio::test]
async fn the_public_sees_members_and_activities_but_not_contacts() {
    let (t, world, _) = registry().await;
    let mut admin = t.signed_in("admin@x.org").await;
    let path = format!("/coalitions/{world}");
    let r = admin
        .post(
            &format!("{path}/members"),
            &[
                ("organisation", "Sociedad Española de Osteoporosis"),
                ("kind", "specialty_society"),
                ("status", "joined"),
                ("invited_on", "2024-01-10"),
                ("joined_on", "2024-03-01"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let r = admin
        .post(
            &format!("{path}/activities"),
            &[
                ("held_on", "2025-10-20"),
                ("kind", "meeting"),
                ("outcome", "Call to action signed"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let r = admin
        .post(
            &format!("{path}/contacts"),
            &[
                ("name", "Dr Ana Ruiz"),
                ("role_title", "Chair"),
                ("email", "ana@coalition.example.org"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);

    let list = t.browser().get("/coalitions").await;
    assert_eq!(list.status, 200);
    assert_eq!(list.texts(".coalition").len(), 2);
    let public = t.browser().get(&path).await;
    assert_eq!(public.status, 200);
    assert_eq!(public.texts(".member").len(), 1);
    assert!(public.texts(".member .status")[0].contains("Joined"));
    assert_eq!(public.texts(".activity").len(), 1);
    assert!(
        !public.body.contains("ana@coalition.example.org"),
        "no contacts for visitors"
    );
    assert!(public.texts("form.coalition-member").is_empty());
    let lead = t.signed_in("lead.a@x.org").await.get(&path).await;
    assert_eq!(lead.texts(".contact").len(), 1);
    assert!(lead.body.contains("ana@coalition.example.org"));
    assert!(
        lead.texts("form.coalition-member").is_empty(),
        "a lead does not edit"
    );
    for action in [
        "coalition.member",
        "coalition.activity",
        "coalition.contact",
    ] {
        assert_eq!(t.count_audit(action).await, 1, "{action}");
    }
    assert_eq!(t.browser().get("/coalitions/999999").await.status, 404);
}

#[tokio::test]
async fn bad_input_is_refused_with_field_value_and_rule_and_nothing_is_stored() {
    let (t, world, _) = registry().await;
    let mut reviewer = t.signed_in("reviewer@x.org").await;
    let r = reviewer
        .post(
            "/coalitions",
            &[("name", "  "), ("scope", "national"), ("area", "XX")],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(
        r.body.contains("Name") && r.body.contains("XX"),
        "{}",
        r.body
    );
    assert_eq!(svc::list(&t.app).await.unwrap().len(), 2);
    assert_eq!(
        t.count_audit("coalition.create").await,
        2,
        "only the two made above"
    );

    let r = reviewer
        .post(
            &format!("/coalitions/{world}/members"),
            &[
                ("organisation", "Ministry of Health"),
                ("kind", "government_body"),
                ("status", "left"),
                ("joined_on", "2024-05-01"),
                ("left_on", "2023-02-01"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(
        r.body.contains("Left on") && r.body.contains("2023-02-01"),
        "{}",
        r.body
    );
    assert!(
        r.body.contains("must not be before 2024-05-01"),
        "{}",
        r.body
    );
    let page = svc::page(&t.app, None, world).await.unwrap();
    assert!(page.members.is_empty());
    assert_eq!(t.count_audit("coalition.member").await, 0);
}

#[tokio::test]
async fn a_granted_editor_edits_that_coalition_only() {
    let (t, world, spain) = registry().await;
    t.user("editor@x.org", "viewer", "GB-A").await;
    let mut ed = t.signed_in("editor@x.org").await;
    let activity = [
        ("held_on", "2025-06-01"),
        ("kind", "campaign"),
        ("outcome", ""),
    ];
    assert_eq!(
        ed.post(&format!("/coalitions/{spain}/activities"), &activity)
            .await
            .status,
        404,
        "not yet granted"
    );
    // Only administrators grant.
    let mut reviewer = t.signed_in("reviewer@x.org").await;
    let r = reviewer
        .post(
            &format!("/coalitions/{spain}/editors"),
            &[("email", "editor@x.org")],
        )
        .await;
    assert_eq!(r.status, 404);
    let mut admin = t.signed_in("admin@x.org").await;
    let r = admin
        .post(
            &format!("/coalitions/{spain}/editors"),
            &[("email", "Editor@x.org")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(t.count_audit("coalition.editor_grant").await, 1);

    let r = ed
        .post(&format!("/coalitions/{spain}/activities"), &activity)
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = ed.get(&format!("/coalitions/{spain}")).await;
    assert_eq!(page.texts("form.coalition-activity").len(), 1);
    assert_eq!(
        ed.post(&format!("/coalitions/{world}/activities"), &activity)
            .await
            .status,
        404,
        "another coalition"
    );
    assert_eq!(
        ed.post(
            "/coalitions",
            &[("name", "Mine"), ("scope", "international")]
        )
        .await
        .status,
        404
    );
    assert!(t.count_audit("authorisation_denied").await >= 2);
    assert_eq!(
        svc::page(&t.app, None, world)
            .await
            .unwrap()
            .activities
            .len(),
        0
    );

    let r = admin
        .post(
            &format!("/coalitions/{spain}/editors"),
            &[("email", "editor@x.org"), ("action", "remove")],
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(
        ed.post(&format!("/coalitions/{spain}/activities"), &activity)
            .await
            .status,
        404
    );
    // A contact with a bad address is refused too.
    let bad = ContactInput {
        name: "X".into(),
        email: "nobody".into(),
        ..Default::default()
    };
    assert!(
        svc::add_contact(&t.app, &Actor::operator(), spain, &bad)
            .await
            .is_err()
    );
}

#[tokio::test]
async fn the_demo_has_an_international_a_regional_and_a_national_coalition() {
    let t = spawn().await;
    liaison_fixtures::demo::seed(&t.app).await.unwrap();
    let list = svc::list(&t.app).await.unwrap();
    let scopes: Vec<&str> = list.iter().map(|c| c.scope.as_str()).collect();
    assert_eq!(scopes, ["international", "regional", "national"]);
    let page = t
        .browser()
        .get(&format!("/coalitions/{}", list[0].id))
        .await;
    assert!(page.texts(".member").len() >= 3);
    assert_eq!(page.texts(".member.status-left").len(), 1);
    assert!(!page.texts(".activity").is_empty());
    // The policy tracker's demo, seeded with it: sourced items for the demo countries, drafts
    // kept from the public, and Great Britain's working lists.
    let map = t.browser().get("/policy").await;
    for cc in ["GB", "ES", "SA", "MX"] {
        assert!(map.body.contains(&format!(r#"data-code="{cc}""#)), "{cc}");
    }
    let op = liaison_app::Actor::operator();
    let gb = liaison_app::policy::page(&t.app, Some(&op), "GB")
        .await
        .unwrap();
    assert!(
        gb.items
            .iter()
            .all(|i| !i.source_text.is_empty() || !i.source_url.is_empty())
    );
    assert!(gb.items.iter().any(|i| !i.published));
    let w = gb.work.unwrap();
    assert!(w.stakeholders.len() >= 2 && w.actions.len() >= 2);
    let held: Vec<&str> = w.roundtables.iter().map(|r| r.status.as_str()).collect();
    assert!(
        held.contains(&"held") && held.contains(&"planned"),
        "{held:?}"
    );
}
