//! The Partnership's objectives (issue 18): every figure against a hand computation, the
//! disclosure rules on the public page, the administrators' settings refused with field,
//! value and rule and nothing stored, audited writes, and backup of the new tables.

use crate::helpers::*;
use crate::kpi::{add, ep};
use liaison_app::Actor;
use liaison_app::objectives as svc;
use liaison_domain::org::FlsInput;

async fn fls(t: &TestApp, code: &str, country: &str, start: &str) {
    let input = FlsInput {
        code: code.into(),
        name: format!("{code} service"),
        country: country.into(),
        expected_non_spine_per_year: "500".into(),
        expected_spine_per_year: "50".into(),
        start_date: start.into(),
        ..Default::default()
    };
    liaison_app::orgs::save_fls(&t.app, &Actor::operator(), &input)
        .await
        .expect("save fls");
}

/// `n` hip fractures in `year` at `code`, the first `started` of them recommended and started
/// on AOM within 16 weeks, the next `recommended − started` recommended and never started.
async fn patients(
    t: &TestApp,
    code: &str,
    year: i32,
    n: usize,
    recommended: usize,
    started: usize,
) {
    for i in 0..n {
        let mut e = ep(
            code,
            &format!("{code}-{year}-{i}"),
            &format!("{year}-03-{:02}", i + 1),
            "1950-01-01",
            "hip",
            "inpatient",
        );
        if i < recommended {
            e.aom_recommendation = "recommended".into();
            e.aom_recommended_atc = "M05BA04".into();
        }
        if i < started {
            e.aom_start_date = format!("{year}-05-01");
            e.aom_start_atc = "M05BA04".into();
        }
        add(&t.app, e).await;
    }
}

/// Today is 2026-11-26 (the test clock). GB: A from 2018, B from mid-2019, C from 2020, D
/// from 2019 closed mid-2023; BR-A from 2021; US-A with no start date (registered today).
/// 2020: A 9, B 8, C 8 hip fractures (none recommended). 2024: A alone, 10 recommended, 2
/// started. 2025: A 10 recommended 6 started, B 10/5, C 10/9.
async fn registry() -> TestApp {
    let t = spawn().await;
    fls(&t, "GB-A", "GB", "2018-01-01").await;
    fls(&t, "GB-B", "GB", "2019-06-01").await;
    fls(&t, "GB-C", "GB", "2020-03-01").await;
    fls(&t, "GB-D", "GB", "2019-01-01").await;
    fls(&t, "BR-A", "BR", "2021-01-01").await;
    fls(&t, "US-A", "US", "").await;
    svc::set_fls_closed(&t.app, &Actor::operator(), "GB-D", "2023-06-30")
        .await
        .unwrap();
    patients(&t, "GB-A", 2020, 9, 0, 0).await;
    patients(&t, "GB-B", 2020, 8, 0, 0).await;
    patients(&t, "GB-C", 2020, 8, 0, 0).await;
    patients(&t, "GB-A", 2024, 10, 10, 2).await;
    patients(&t, "GB-A", 2025, 10, 10, 6).await;
    patients(&t, "GB-B", 2025, 10, 10, 5).await;
    patients(&t, "GB-C", 2025, 10, 10, 9).await;
    t.user("admin@x.org", "administrator", "").await;
    t.user("lead.a@x.org", "fls_lead", "GB-A").await;
    t
}

fn area<'a>(o: &'a serde_json::Value, scope: &str) -> &'a serde_json::Value {
    o["areas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["scope"] == scope)
        .unwrap_or_else(|| panic!("no area {scope}"))
}

#[tokio::test]
async fn every_figure_equals_a_hand_computation() {
    let t = registry().await;
    let mut visitor = t.browser();
    let r = visitor.get("/api/v1/objectives").await;
    assert_eq!(r.status, 200, "{}", r.body);
    let o = r.json();
    assert_eq!(o["baseline_year"], 2020);
    let years: Vec<i64> = (2018..=2026).collect();
    assert_eq!(o["years"], serde_json::json!(years));
    let world = area(&o, "global");
    // Open at each year's end (2026: today): D closes in 2023, US-A counts from today.
    assert_eq!(
        world["active"],
        serde_json::json!([1, 3, 4, 5, 5, 4, 4, 4, 5])
    );
    assert_eq!(
        world["opened"],
        serde_json::json!([1, 2, 1, 1, 0, 0, 0, 0, 1])
    );
    assert_eq!(
        world["closed"],
        serde_json::json!([0, 0, 0, 0, 0, 1, 0, 0, 0])
    );
    assert_eq!(world["fls_target"], 8.0);
    let gb = area(&o, "country:GB");
    assert_eq!(gb["active"], serde_json::json!([1, 3, 4, 4, 4, 3, 3, 3, 3]));
    // The care gap of 2025: 30 recommended, 6 + 5 + 9 = 20 started, gap 10/30.
    let gap = world["care_gap"][7].as_f64().unwrap();
    assert!((gap - 1.0 / 3.0).abs() < 1e-9, "{gap}");
    assert_eq!(world["care_gap_population"][7], 30);
    assert_eq!(world["care_gap_started"][7], 20);
    assert!((gb["care_gap"][7].as_f64().unwrap() - 1.0 / 3.0).abs() < 1e-9);
    // 2024: GB-A alone contributes, so neither GB nor the world is released that year.
    assert!(world["care_gap"][6].is_null());
    assert!(world["hip"][6].is_null());
    // 2020: nobody recommended, so no gap; 25 hip fractures registered, aim 75 % of them.
    assert!(world["care_gap"][2].is_null());
    assert_eq!(world["hip"][2], 25);
    assert_eq!(world["spine"][2], 0);
    assert_eq!(world["fracture_target"], 18.75);
    // 2025: 30 hip fractures.
    assert_eq!(world["hip"][7], 30);
    // Brazil and the US have one service each: never shown on their own, nor their regions.
    let scopes: Vec<&str> = o["areas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["scope"].as_str().unwrap())
        .collect();
    assert_eq!(scopes, ["global", "region:europe", "country:GB"]);
    // Uptake: 5 open services, the three that saved records today active.
    assert_eq!(o["uptake"]["registered"], 5);
    assert_eq!(o["uptake"]["active_90_days"], 3);
    assert!(
        o["uptake"]["quiet"].is_null(),
        "the public sees no quiet list"
    );
}

#[tokio::test]
async fn the_public_page_shows_released_areas_and_files_of_every_figure() {
    let t = registry().await;
    let mut visitor = t.browser();
    let r = visitor.get("/objectives").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.texts("tr.area th"),
        ["World", "Europe", "United Kingdom"],
        "BR and US are folded away"
    );
    assert_eq!(r.texts("#year-2025 .gap"), ["33.3%"]);
    assert_eq!(r.texts("#year-2024 .gap"), ["—"]);
    assert!(r.body.contains("<svg"), "charts drawn on the server");
    assert!(r.texts(".objectives-quiet").is_empty());
    let bad = visitor.get("/objectives?area=country:BR").await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("country:BR"));
    let csv = visitor.get("/objectives?figure=care_gap&format=csv").await;
    assert_eq!(csv.status, 200);
    let lines: Vec<&str> = csv.body.lines().collect();
    assert!(
        lines[0].starts_with("baseline_year,area,year,care_gap,started_aom_16w,kpi_population")
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("2020,global,2025,0.3333,20,30,")),
        "{}",
        csv.body
    );
    assert!(
        lines.iter().any(|l| l.starts_with("2020,global,2024,,,,")),
        "{}",
        csv.body
    );
    assert!(!csv.body.contains("country:BR"));
    for f in ["fls", "fractures", "population", "uptake"] {
        let x = visitor
            .get(&format!("/objectives?figure={f}&format=xlsx"))
            .await;
        assert_eq!(x.status, 200, "{f}");
        assert!(x.body.starts_with("PK"), "{f}: an XLSX workbook");
    }
    // In Arabic the charts run right to left.
    let mut ar = t.browser();
    ar.post("/language", &[("lang", "ar")]).await;
    let r = ar.get("/objectives").await;
    assert!(r.body.contains(r#"direction="rtl""#));
}

#[tokio::test]
async fn programme_staff_see_which_services_went_quiet() {
    let t = registry().await;
    let mut admin = t.signed_in("admin@x.org").await;
    let r = admin.get("/objectives").await;
    // Open services without a record in 90 days: BR-A and US-A (GB-D is closed).
    let quiet: Vec<String> = r.texts("tr.quiet th");
    assert_eq!(quiet, ["BR-A service", "US-A service"]);
    let mut lead = t.signed_in("lead.a@x.org").await;
    assert!(lead.get("/objectives").await.texts("tr.quiet").is_empty());
}

#[tokio::test]
async fn bad_settings_are_refused_with_field_value_and_rule_and_nothing_is_stored() {
    let t = registry().await;
    let mut admin = t.signed_in("admin@x.org").await;
    for bad in ["-2020", "1989", "2101"] {
        let r = admin
            .post("/objectives/settings/baseline", &[("baseline_year", bad)])
            .await;
        assert_eq!(r.status, 422, "{bad}");
        assert!(
            r.body.contains("Baseline year") && r.body.contains(bad),
            "{}",
            r.body
        );
        assert!(r.body.contains("1990") && r.body.contains("2100"));
    }
    assert_eq!(svc::baseline_year(&t.app).await.unwrap(), 2020);
    let pop = |area: &'static str, year: &'static str, source: &'static str| {
        vec![
            ("area", area),
            ("year", year),
            ("people_50_plus", "25000000"),
            ("source", source),
        ]
    };
    for (fields, field, value) in [
        (pop("GB", "2020", ""), "Source", ""),
        (pop("XX", "2020", "ONS"), "Area", "XX"),
        (pop("GB", "1989", "ONS"), "Year", "1989"),
    ] {
        let r = admin.post("/objectives/settings/population", &fields).await;
        assert_eq!(r.status, 422, "{fields:?}");
        assert!(
            r.body.contains(field) && r.body.contains(value),
            "{}",
            r.body
        );
    }
    assert!(svc::populations(&t.app).await.unwrap().is_empty());
    let r = admin
        .post(
            "/objectives/settings/closing",
            &[("code", "GB-A"), ("closed_on", "2017-01-01")],
        )
        .await;
    assert_eq!(r.status, 422, "closed before it started");
    assert_eq!(t.count_audit("settings.objectives_baseline_year").await, 0);
    assert_eq!(t.count_audit("objectives.population_save").await, 0);
    assert_eq!(
        t.count_audit("fls.close").await,
        1,
        "the registry's own closing of GB-D"
    );
}

#[tokio::test]
async fn settings_change_the_figures_and_are_audited() {
    let t = registry().await;
    let mut admin = t.signed_in("admin@x.org").await;
    let r = admin
        .post(
            "/objectives/settings/baseline",
            &[("baseline_year", "2021")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let r = admin
        .post(
            "/objectives/settings/population",
            &[
                ("area", "gb"),
                ("year", "2021"),
                ("people_50_plus", "25000000"),
                ("hip_fractures", "70000"),
                ("source", "ONS mid-year estimates 2021"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let r = admin
        .post(
            "/objectives/settings/closing",
            &[("code", "GB-C"), ("closed_on", "2025-06-30")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(t.count_audit("settings.objectives_baseline_year").await, 1);
    assert_eq!(t.count_audit("objectives.population_save").await, 1);
    assert_eq!(t.count_audit("fls.close").await, 2);
    let o = t.browser().get("/api/v1/objectives").await.json();
    assert_eq!(o["baseline_year"], 2021);
    let world = area(&o, "global");
    // 2021: A, B, C, D and BR-A open; the aim is twice that. GB-C closed in 2025.
    assert_eq!(world["fls_target"], 10.0);
    assert_eq!(world["active"][7], 3);
    // No service registered a fracture of 2021, so that year is not released: no aim.
    assert!(world["fracture_target"].is_null());
    let gb = area(&o, "country:GB");
    assert_eq!(gb["population"][0]["source"], "ONS mid-year estimates 2021");
    let page = t.browser().get("/objectives").await;
    assert!(page.body.contains("ONS mid-year estimates 2021"));
}

#[tokio::test]
async fn backup_carries_the_new_tables() {
    let t = registry().await;
    svc::save_population(
        &t.app,
        &Actor::operator(),
        &liaison_domain::objectives::PopulationInput {
            area: "latin_america".into(),
            year: "2020".into(),
            people_50_plus: "200000000".into(),
            hip_fractures: String::new(),
            source: "Eurostat 2020".into(),
        },
    )
    .await
    .unwrap();
    let mut file = Vec::new();
    liaison_store::backup::dump(&t.app.db, &mut file)
        .await
        .unwrap();
    let other = spawn().await;
    liaison_store::backup::restore(&other.app.db, &mut std::io::Cursor::new(file))
        .await
        .unwrap();
    // Latin America is never released here (one service), yet a population figure is a
    // published statistic: it is shown with its source.
    let csv = t
        .browser()
        .get("/objectives?figure=population&format=csv")
        .await;
    assert!(
        csv.body
            .contains("region:latin_america,2020,200000000,,Eurostat 2020"),
        "{}",
        csv.body
    );
    assert!(
        t.browser()
            .get("/objectives")
            .await
            .body
            .contains("Eurostat 2020")
    );
    let p = svc::populations(&other.app).await.unwrap();
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].source, "Eurostat 2020");
    let spans = liaison_store::objectives::spans(&other.app.db)
        .await
        .unwrap();
    let d = spans.iter().find(|s| s.code == "GB-D").unwrap();
    assert_eq!(d.closed_on, Some(time::macros::date!(2023 - 06 - 30)));
}
