//! The policy tracker (issue 18, part 3): the public sees published status items only, on the
//! map, the country's page and the API; the programme and a country's national leads see and
//! edit the rest; bad input refused with field, value and rule and nothing stored; every write
//! audited.

use crate::helpers::*;
use liaison_app::Actor;
use liaison_app::policy as svc;

async fn registry() -> TestApp {
    let t = spawn().await;
    t.fls("GB-A", "GB").await;
    t.user("admin@x.org", "administrator", "").await;
    t.user("reviewer@x.org", "programme_reviewer", "").await;
    t.user("national.es@x.org", "national_lead", "ES").await;
    t.user("lead.a@x.org", "fls_lead", "GB-A").await;
    t
}

const REIMBURSED: &[(&str, &str)] = &[
    ("item", "reimbursed"),
    ("state", "yes"),
    ("as_of", "2024-04-01"),
    (
        "source_text",
        "NHS England, Best Practice Tariff for fragility hip fracture 2024/25",
    ),
    (
        "source_url",
        "https://www.england.nhs.uk/pay-syst/national-tariff/",
    ),
    ("published", "on"),
];

#[tokio::test]
async fn the_public_sees_published_items_on_the_map_the_page_and_the_api() {
    let t = registry().await;
    let mut admin = t.signed_in("admin@x.org").await;
    let r = admin.post("/policy/GB/status", REIMBURSED).await;
    assert_eq!(r.status, 303, "{}", r.body);
    // A draft: recorded, not published.
    let r = admin
        .post(
            "/policy/gb/status",
            &[
                ("item", "mandated"),
                ("state", "yes"),
                ("as_of", "2025-01-15"),
                ("source_text", "Draft letter from the Department of Health"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    // A second version of the published item: the history keeps both.
    let mut changed = REIMBURSED.to_vec();
    changed[1] = ("state", "partial");
    changed[2] = ("as_of", "2023-04-01");
    let r = admin.post("/policy/GB/status", &changed).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let r = admin.post("/policy/GB/status", REIMBURSED).await;
    assert_eq!(r.status, 303, "{}", r.body);

    let list = t.browser().get("/policy").await;
    assert_eq!(list.status, 200);
    assert_eq!(list.texts(".policy-country").len(), 1);
    assert_eq!(list.texts(".policy-country .yes-count"), ["1"]);
    assert!(list.body.contains(r#"class="tile pol-1""#), "{}", list.body);
    let page = t.browser().get("/policy/GB").await;
    assert_eq!(page.status, 200);
    assert_eq!(page.texts(".policy-item.state-yes").len(), 1);
    assert!(page.texts(".item-mandated .state")[0].contains("Not recorded"));
    assert!(!page.body.contains("Draft letter"));
    assert_eq!(page.texts(".policy-history .version").len(), 3);
    assert!(page.texts("#stakeholders-h").is_empty());
    let api = t.browser().get("/api/v1/policy").await.json();
    assert_eq!(api["countries"][0]["country"], "GB");
    assert_eq!(api["countries"][0]["yes"], 1);
    assert_eq!(api["countries"][0]["items"].as_array().unwrap().len(), 1);
    let gb = t.browser().get("/api/v1/policy/GB").await.json();
    assert_eq!(gb["items"][0]["state"], "yes");
    assert_eq!(t.browser().get("/api/v1/policy/XX").await.status, 404);
    assert_eq!(t.browser().get("/policy/XX").await.status, 404);

    // Programme staff see the draft and every version.
    let mine = admin.get("/policy/GB").await;
    assert_eq!(mine.texts(".policy-item.state-yes").len(), 2);
    assert_eq!(mine.texts(".policy-history .version").len(), 4);
    assert_eq!(t.count_audit("policy.status").await, 4);
}

#[tokio::test]
async fn a_national_lead_works_on_their_country_only() {
    let t = registry().await;
    let mut lead = t.signed_in("national.es@x.org").await;
    let r = lead
        .post(
            "/policy/ES/stakeholders",
            &[
                ("organisation", "Ministerio de Sanidad"),
                ("role_title", "Dirección General de Salud Pública"),
                ("stance", "supportive"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let r = lead
        .post(
            "/policy/ES/roundtables",
            &[
                ("subject", "Mesa redonda sobre fractura por fragilidad"),
                ("held_on", "2024-10-20"),
                ("status", "held"),
                ("outcomes", "Call to action signed"),
                ("documents", "https://example.org/acta.pdf"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let r = lead
        .post(
            "/policy/ES/actions",
            &[
                ("subject", "Brief the Ministry on FLS tariffs"),
                ("owner", "SEIOMM"),
                ("due_on", "2026-06-30"),
                ("status", "open"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = lead.get("/policy/ES").await;
    assert_eq!(page.texts(".stakeholder").len(), 1);
    assert_eq!(page.texts(".roundtable.status-held").len(), 1);
    assert_eq!(page.texts(".action.status-open").len(), 1);
    // Not another country, nor for an FLS lead; both audited as refusals.
    assert_eq!(lead.post("/policy/GB/status", REIMBURSED).await.status, 404);
    let mut fls_lead = t.signed_in("lead.a@x.org").await;
    assert_eq!(
        fls_lead.post("/policy/GB/status", REIMBURSED).await.status,
        404
    );
    assert!(
        fls_lead
            .get("/policy/GB")
            .await
            .texts("#stakeholders-h")
            .is_empty()
    );
    assert!(t.count_audit("authorisation_denied").await >= 2);
    // The public does not see the working lists.
    let public = t.browser().get("/policy/ES").await;
    assert!(!public.body.contains("Ministerio de Sanidad"));
    assert!(!public.body.contains("SEIOMM"));
    for action in ["policy.stakeholder", "policy.roundtable", "policy.action"] {
        assert_eq!(t.count_audit(action).await, 1, "{action}");
    }
}

#[tokio::test]
async fn bad_input_is_refused_with_field_value_and_rule_and_nothing_stored() {
    let t = registry().await;
    let mut admin = t.signed_in("admin@x.org").await;
    let no_source: Vec<(&str, &str)> = REIMBURSED
        .iter()
        .copied()
        .filter(|(k, _)| !k.starts_with("source"))
        .collect();
    let r = admin.post("/policy/GB/status", &no_source).await;
    assert_eq!(r.status, 422);
    assert!(
        r.body.contains("Source (citation)") && r.body.contains("cite a source"),
        "{}",
        r.body
    );
    let mut bad = REIMBURSED.to_vec();
    bad[1] = ("state", "maybe");
    bad[2] = ("as_of", "1989-12-31");
    let r = admin.post("/policy/GB/status", &bad).await;
    assert_eq!(r.status, 422);
    assert!(
        r.body.contains("maybe") && r.body.contains("must be one of"),
        "{}",
        r.body
    );
    assert!(
        r.body.contains("1989-12-31") && r.body.contains("1990-01-01"),
        "{}",
        r.body
    );
    let r = admin.post("/policy/XX/status", REIMBURSED).await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("XX"), "{}", r.body);
    let r = admin
        .post(
            "/policy/GB/actions",
            &[("subject", "Brief the minister"), ("status", "open")],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("Owner"), "{}", r.body);
    let r = admin
        .post(
            "/policy/GB/roundtables",
            &[
                ("subject", "National roundtable"),
                ("held_on", "2099-05-01"),
                ("status", "held"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(
        r.body.contains("2099-05-01") && r.body.contains("after today"),
        "{}",
        r.body
    );
    let r = admin
        .post(
            "/policy/GB/stakeholders",
            &[
                ("organisation", "Royal Osteoporosis Society"),
                ("stance", "keen"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);

    let p = svc::page(&t.app, Some(&Actor::operator()), "GB")
        .await
        .unwrap();
    assert!(p.items.is_empty() && p.history.is_empty());
    let w = p.work.unwrap();
    assert!(w.stakeholders.is_empty() && w.roundtables.is_empty() && w.actions.is_empty());
    for action in [
        "policy.status",
        "policy.stakeholder",
        "policy.roundtable",
        "policy.action",
    ] {
        assert_eq!(t.count_audit(action).await, 0, "{action}");
    }
}

#[tokio::test]
async fn coalitions_api_keeps_contacts_for_signed_in_users() {
    let t = registry().await;
    let input = liaison_domain::coalitions::CoalitionInput {
        name: "Global Coalition".into(),
        scope: "international".into(),
        ..Default::default()
    };
    let id = liaison_app::coalitions::create(&t.app, &Actor::operator(), &input)
        .await
        .unwrap();
    let contact = liaison_domain::coalitions::ContactInput {
        name: "Dr Ana Ruiz".into(),
        role_title: "Chair".into(),
        email: "ana@coalition.example.org".into(),
    };
    liaison_app::coalitions::add_contact(&t.app, &Actor::operator(), id, &contact)
        .await
        .unwrap();
    let list = t.browser().get("/api/v1/coalitions").await.json();
    assert_eq!(list["items"][0]["name"], "Global Coalition");
    let one = t.browser().get(&format!("/api/v1/coalitions/{id}")).await;
    assert_eq!(one.status, 200);
    assert!(!one.body.contains("ana@coalition.example.org"));
    let path = format!("/api/v1/coalitions/{id}/contacts");
    assert_eq!(t.browser().get(&path).await.status, 401);
    let uid = t.user("viewer@x.org", "viewer", "GB-A").await;
    let token = liaison_app::users::create_token(&t.app, &Actor::operator(), uid, "t")
        .await
        .unwrap();
    let r = t.browser().api_get(&path, &token).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["items"][0]["email"], "ana@coalition.example.org");
}

#[tokio::test]
async fn the_closing_date_is_edited_on_the_fls_profile_form() {
    let t = registry().await;
    let mut admin = t.signed_in("admin@x.org").await;
    let profile = |closed: &'static str| {
        vec![
            ("editing", "1"),
            ("code", "GB-B"),
            ("name", "Fracture Liaison Service B"),
            ("country", "GB"),
            ("expected_non_spine_per_year", "400"),
            ("expected_spine_per_year", "40"),
            ("start_date", "2020-03-01"),
            ("closed_on", closed),
        ]
    };
    let r = admin.post("/admin/fls", &profile("")[1..7]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let closes = t.count_audit("fls.close").await;
    let r = admin.post("/admin/fls", &profile("2019-12-31")).await;
    assert_eq!(r.status, 422);
    assert!(
        r.body.contains("Closing date") && r.body.contains("2019-12-31"),
        "{}",
        r.body
    );
    let dates = liaison_app::objectives::fls_dates(&t.app, &Actor::operator())
        .await
        .unwrap();
    let b = dates.iter().find(|d| d.code == "GB-B").unwrap();
    assert_eq!(b.closed_on, None);
    let r = admin.post("/admin/fls", &profile("2024-06-30")).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let form = admin.get("/admin/fls/GB-B/edit").await;
    assert!(form.body.contains(r#"value="2024-06-30""#), "{}", form.body);
    assert_eq!(t.count_audit("fls.close").await, closes + 1);
}
