//! Public statistics (issue 19): released areas only, every count disclosed, and named
//! figures only for the services whose leads chose to publish them; the choice itself on the
//! FLS page, the administrators' form and the API (docs/comparisons.md#public-statistics).

use crate::helpers::*;
use crate::kpi::{add, ep, token};

/// GB: three services (released on its own; Europe too). Latin America: BR and AR, one
/// service each, and North America: US, one service: too small, withheld with their
/// countries, 3 services in all, so the world is released. Each service has 10 patients in
/// 2025 (the default period, the last full year), GB-A 3 of them assessed in time.
async fn registry() -> TestApp {
    let t = spawn().await;
    for (code, cc) in [
        ("GB-A", "GB"),
        ("GB-B", "GB"),
        ("GB-C", "GB"),
        ("BR-A", "BR"),
        ("AR-A", "AR"),
        ("US-A", "US"),
    ] {
        t.fls(code, cc).await;
        for i in 0..10 {
            let mut e = ep(
                code,
                &format!("P{i}"),
                &format!("2025-05-{:02}", i + 1),
                "1950-01-01",
                "wrist",
                "outpatient",
            );
            if code == "GB-A" && i < 3 {
                e.fls_assessment_date = "2025-06-01".into();
            }
            add(&t.app, e).await;
        }
    }
    t.user("lead.a@x.org", "fls_lead", "GB-A").await;
    t.user("nurse.a@x.org", "fls_clinician", "GB-A").await;
    t.user("admin@x.org", "administrator", "").await;
    t
}

/// Every number in the counts under the values (numerator / denominator).
fn counts(r: &Resp) -> Vec<String> {
    r.texts(".counts")
        .iter()
        .flat_map(|c| c.split(" / ").map(str::to_string).collect::<Vec<_>>())
        .collect()
}

#[tokio::test]
async fn the_public_page_shows_released_areas_and_only_published_services() {
    let t = registry().await;
    let mut visitor = t.browser();
    let r = visitor.get("/statistics").await;
    assert_eq!(r.status, 200, "{}", r.body);
    let areas: Vec<String> = r
        .html()
        .select(&scraper::Selector::parse("tr.area").unwrap())
        .filter_map(|e| e.value().attr("id").map(str::to_string))
        .collect();
    assert_eq!(
        areas,
        ["area-world", "area-region-europe", "area-country-GB"],
        "BR, AR and US (and their regions) are too small to show"
    );
    assert_eq!(r.texts("#area-world .fls-count"), ["6"]);
    assert_eq!(r.texts("#area-country-GB .fls-count"), ["3"]);
    // kpi3 of GB: 3 of 30, shown as "<8" with its value withheld.
    let gb = r.texts("#area-country-GB td");
    assert_eq!(gb[3], "— <8 / 30", "{gb:?}");
    // No count from 1 to 7 anywhere.
    let shown = counts(&r);
    assert!(!shown.is_empty());
    for c in &shown {
        if let Ok(n) = c.replace(',', "").parse::<u64>() {
            assert!(n == 0 || n >= 8, "a count of {n} is shown: {shown:?}");
        }
    }
    // Nobody publishes yet: no service is named.
    assert!(!r.body.contains("GB-A service"));
    assert_eq!(r.texts("#statistics-no-services").len(), 1);
    // The public header links to it, beside the map.
    assert!(r.body.contains("href=\"/statistics\""));

    // GB-A's lead publishes its figures from the FLS page; its clinician may not.
    let mut nurse = t.signed_in("nurse.a@x.org").await;
    let r = nurse
        .post(
            "/fls/GB-A/publish-statistics",
            &[("publish_statistics", "1")],
        )
        .await;
    assert_eq!(r.status, 404);
    let mut lead = t.signed_in("lead.a@x.org").await;
    let page = lead.get("/fls/GB-A").await;
    assert_eq!(page.texts("#publish-statistics"), ["Not published"]);
    let r = lead
        .post(
            "/fls/GB-A/publish-statistics",
            &[("publish_statistics", "1")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(r.location(), "/fls/GB-A");
    assert_eq!(
        lead.get("/fls/GB-A").await.texts("#publish-statistics"),
        ["Published by name"]
    );
    // Audited as every profile edit, the flag before and after.
    let rows = liaison_store::audit::search(
        &t.app.db,
        &liaison_domain::access::FlsSet::All,
        &liaison_store::audit::Filter {
            action: Some("fls.update".into()),
            ..Default::default()
        },
        100,
        0,
    )
    .await
    .unwrap();
    let edit = rows
        .iter()
        .find(|a| a.entity_id == "GB-A")
        .expect("the choice is in the trail");
    let json = |s: &Option<String>| -> serde_json::Value {
        serde_json::from_str(s.as_deref().unwrap()).unwrap()
    };
    assert_eq!(json(&edit.before_json)["publish_statistics"], false);
    assert_eq!(json(&edit.after_json)["publish_statistics"], true);

    let r = visitor.get("/statistics").await;
    let row = r.texts("#service-GB-A td");
    assert_eq!(r.texts("#service-GB-A th"), ["GB-A service"]);
    assert_eq!(row[0], "United Kingdom");
    // kpi3 of GB-A: 3 of 10, "<8" and withheld; its denominator rounded.
    assert_eq!(row[3], "— <8 / 10", "{row:?}");
    assert!(!r.body.contains("GB-B service") && !r.body.contains("BR-A service"));
    for c in counts(&r) {
        if let Ok(n) = c.parse::<u64>() {
            assert!(n == 0 || n >= 8, "a count of {n} is shown");
        }
    }
    // The API's profile says so.
    let tok = token(&t, "lead.a@x.org").await;
    let v = visitor.api_get("/api/v1/fls/GB-A", &tok).await.json();
    assert_eq!(v["publish_statistics"], true);
}

#[tokio::test]
async fn administrators_tick_it_on_the_profile_form_and_rule_8_holds() {
    let t = registry().await;
    let mut admin = t.signed_in("admin@x.org").await;
    let form = admin.get("/admin/fls/GB-B/edit").await;
    assert_eq!(form.attr("#f-publish_statistics", "checked"), None);
    let fields = [
        ("editing", "1"),
        ("code", "GB-B"),
        ("name", "GB-B service"),
        ("country", "GB"),
        ("expected_non_spine_per_year", "500"),
        ("expected_spine_per_year", "50"),
        ("publish_statistics", "1"),
    ];
    let r = admin.post("/admin/fls", &fields).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let form = admin.get("/admin/fls/GB-B/edit").await;
    assert!(form.attr("#f-publish_statistics", "checked").is_some());
    let mut visitor = t.browser();
    let r = visitor.get("/statistics").await;
    assert_eq!(r.texts("#service-GB-B th"), ["GB-B service"]);
    // Unticked, it is withdrawn.
    let r = admin.post("/admin/fls", &fields[..6]).await;
    assert_eq!(r.status, 303);
    assert!(
        !visitor
            .get("/statistics")
            .await
            .body
            .contains("GB-B service")
    );
    // A month is too short for figures seen from outside (rule 8).
    let r = visitor
        .get("/statistics?period=custom&from=2025-03-01&to=2025-03-30")
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("2025-03-01..2025-03-30"), "{}", r.body);
    // In Arabic, right to left.
    visitor
        .post("/language", &[("lang", "ar"), ("next", "/statistics")])
        .await;
    let r = visitor.get("/statistics").await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("dir=\"rtl\"") && r.body.contains("الإحصاءات العامة"));
}
