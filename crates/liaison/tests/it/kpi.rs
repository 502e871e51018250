//! KPIs through the web UI, the API and the command line, on small data computed by hand
//! (docs/kpi-definitions.md), with the disclosure rules of docs/comparisons.md. The expected numbers are written
//! out here, so the suite checks SQLite and PostgreSQL against the same figures.

use crate::helpers::*;
use liaison_app::Actor;
use liaison_app::app::{App, Config};
use liaison_app::episodes::{Saved, create};
use liaison_domain::clock::ManualClock;
use liaison_domain::dataset::EpisodeInput;
use liaison_domain::org::FlsInput;
use liaison_store::Db;
use serde_json::Value;
use std::sync::Arc;

const Q: &str = "period=custom&from=2025-01-01&to=2025-12-31&as_of=2026-11-26";
const API_Q: &str = "from=2025-01-01&to=2025-12-31&as_of=2026-11-26";

fn ep(fls: &str, r: &str, fracture: &str, birth: &str, site: &str, setting: &str) -> EpisodeInput {
    EpisodeInput {
        fls_code: fls.into(),
        patient_ref: r.into(),
        fracture_date: fracture.into(),
        sex: "F".into(),
        birth_date: birth.into(),
        fracture_site: site.into(),
        setting: setting.into(),
        ..Default::default()
    }
}

async fn add(app: &App, e: EpisodeInput) -> i64 {
    match create(app, &Actor::operator(), &e, true).await {
        Ok(Saved::Done { row, .. }) => row.id,
        Ok(_) => panic!("not saved"),
        Err(err) => panic!("{err:?}: {:?}", liaison::cli::explain(&err)),
    }
}

/// The crafted episodes of docs/kpi-definitions.md's rules (see the expected figures in `check_exact`):
/// P1 did everything in time; P2 (hip) has nothing recorded; P3 (spine) died at 30 days;
/// P4 is under 50 and P5 outside the period, so neither counts.
async fn crafted(app: &App, fls: &str) {
    let mut e1 = ep(fls, "P1", "2025-03-01", "1950-01-01", "wrist", "outpatient");
    e1.fls_assessment_date = "2025-04-01".into();
    e1.dxa_status = "done".into();
    e1.dxa_date = "2025-05-01".into();
    e1.falls_assessment = "done".into();
    e1.aom_recommendation = "recommended".into();
    e1.aom_start_date = "2025-05-10".into();
    e1.aom_recommended_atc = "M05BA04".into();
    e1.aom_start_atc = "M05BA04".into();
    e1.first_followup_date = "2025-06-01".into();
    e1.second_followup_date = "2026-03-01".into();
    e1.aom_at_52_weeks = "yes".into();
    add(app, e1).await;
    add(
        app,
        ep(fls, "P2", "2025-06-10", "1960-05-05", "hip", "inpatient"),
    )
    .await;
    let mut e3 = ep(fls, "P3", "2025-09-01", "1940-01-01", "spine", "outpatient");
    e3.spine_detection = "clinical".into();
    e3.death_date = "2025-10-01".into();
    add(app, e3).await;
    add(
        app,
        ep(fls, "P4", "2025-02-02", "1990-01-01", "wrist", "outpatient"),
    )
    .await;
    add(
        app,
        ep(fls, "P5", "2026-10-01", "1950-01-01", "wrist", "outpatient"),
    )
    .await;
}

fn kpi<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["id"] == id)
        .unwrap_or_else(|| panic!("{id} missing in {v}"))
}

/// (numerator, denominator, not_yet_due, excluded_died) as JSON.
fn four(v: &Value, id: &str) -> (Value, Value, Value, Value) {
    let k = kpi(v, id);
    (
        k["numerator"].clone(),
        k["denominator"].clone(),
        k["not_yet_due"].clone(),
        k["excluded_died"].clone(),
    )
}

fn n(x: f64) -> Value {
    serde_json::json!(x)
}
fn i(x: u64) -> Value {
    serde_json::json!(x)
}

/// The figures of `crafted`, computed by hand from docs/kpi-definitions.md.
fn check_exact(v: &Value) {
    assert_eq!(v["definitions_version"], "1");
    assert_eq!(v["period"]["from"], "2025-01-01");
    assert_eq!(v["as_of"], "2026-11-26");
    assert_eq!(v["supporting"]["episodes"], 3);
    // kpi1: P1 and P2 over 500 × 365 / 365.25 = 499.66 expected.
    assert_eq!(
        four(v, "kpi1_identification_non_spine"),
        (i(2), n(499.7), i(0), i(0))
    );
    assert_eq!(kpi(v, "kpi2_identification_spine")["numerator"], 1);
    // kpi3: P1 in time, P2 not; P3 died at 30 days without an assessment.
    assert_eq!(four(v, "kpi3_assessment_12w"), (i(1), i(2), i(0), i(1)));
    assert_eq!(kpi(v, "kpi3_assessment_12w")["value"], 0.5);
    assert_eq!(kpi(v, "kpi3_assessment_12w")["band"], "amber");
    assert_eq!(four(v, "kpi4_dxa_12w"), (i(1), i(2), i(0), i(1)));
    assert_eq!(four(v, "kpi5_falls_assessment"), (i(1), i(3), i(0), i(0)));
    assert_eq!(kpi(v, "kpi5_falls_assessment")["band"], "red");
    assert_eq!(four(v, "kpi6_aom_recommended"), (i(1), i(3), i(0), i(0)));
    assert_eq!(four(v, "kpi7_followup_16w"), (i(1), i(1), i(0), i(0)));
    assert_eq!(kpi(v, "kpi7_followup_16w")["band"], "green");
    assert_eq!(four(v, "kpi8_aom_started_16w"), (i(1), i(1), i(0), i(0)));
    // kpi9: P2 is a hip; P1 has no start; P3 died without one.
    assert_eq!(
        four(v, "kpi9_strength_balance_16w"),
        (i(0), i(1), i(0), i(1))
    );
    assert_eq!(
        four(v, "kpi10_aom_persistence_52w"),
        (i(1), i(1), i(0), i(0))
    );
    // kpi11: P1 10 of 10 items, P2 2 of 6, P3 2 of 2 (its 4 assessment items excluded).
    assert_eq!(four(v, "kpi11_completeness"), (i(14), i(18), i(0), i(4)));
}

async fn crafted_app() -> TestApp {
    let t = spawn().await;
    t.fls("AA-ONE", "GB").await;
    t.fls("BB-TWO", "BR").await;
    crafted(&t.app, "AA-ONE").await;
    t
}

async fn token(t: &TestApp, email: &str) -> String {
    let id = liaison_store::users::user_by_email(&t.app.db, email)
        .await
        .unwrap()
        .unwrap()
        .id;
    liaison_app::users::create_token(&t.app, &Actor::operator(), id, "t")
        .await
        .unwrap()
}

#[tokio::test]
async fn the_dashboard_and_the_api_show_the_figures_computed_by_hand() {
    let t = crafted_app().await;
    t.user("lead@x.org", "fls_lead", "AA-ONE").await;
    let mut b = t.signed_in("lead@x.org").await;
    let r = b.get(&format!("/fls/AA-ONE/kpis?{Q}")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let row = r.texts("#row-kpi3_assessment_12w td");
    assert_eq!(row[0], "1");
    assert_eq!(row[1], "2");
    assert!(row[2].starts_with("50.0%"), "{row:?}");
    assert!(row[2].contains("amber"));
    assert_eq!(row[4], "1", "excluded (died)");
    let row = r.texts("#row-kpi1_identification_non_spine td");
    assert_eq!((row[0].as_str(), row[1].as_str()), ("2", "499.7"));
    // The lead's own FLS: links to the patients behind the figures.
    assert!(
        r.attr(
            "#row-kpi3_assessment_12w a[href*='part=denominator']",
            "href"
        )
        .is_some()
    );
    assert!(r.body.contains("version 1"));

    let tok = token(&t, "lead@x.org").await;
    let v = b
        .api_get(&format!("/api/v1/kpis?scope=fls:AA-ONE&{API_Q}"), &tok)
        .await
        .json();
    assert_eq!(v["scope"], "fls:AA-ONE");
    assert_eq!(v["disclosure"], "exact");
    check_exact(&v);

    // CSV: the same numbers.
    let csv = b
        .api_get(
            &format!("/api/v1/kpis?scope=fls:AA-ONE&{API_Q}&format=csv"),
            &tok,
        )
        .await;
    assert!(
        csv.body
            .contains("fls:AA-ONE,2025-01-01,2025-12-31,2026-11-26,1,kpi3_assessment_12w,FLS assessment within 12 weeks,1,2,0.5000,amber,0,1"),
        "{}",
        csv.body
    );
    // The dashboard's export too: one table whose first line is its header, the scope and
    // period in columns of every row, proportions with four decimals (issue 12).
    let x = b.get(&format!("/fls/AA-ONE/kpis?{Q}&format=csv")).await;
    assert!(
        x.body
            .starts_with("scope,from,to,as_of,definitions_version,id,name,"),
        "{}",
        x.body
    );
    assert!(
        x.body.contains(
            "AA-ONE,2025-01-01,2025-12-31,2026-11-26,1,kpi3_assessment_12w,FLS assessment within 12 weeks,1,2,0.5000,amber,0,1"
        ),
        "{}",
        x.body
    );
    let widths: std::collections::BTreeSet<usize> =
        x.body.lines().map(|l| l.split(',').count()).collect();
    assert_eq!(widths.len(), 1, "every line has the header's width");
    let x = b.get(&format!("/fls/AA-ONE/kpis?{Q}&format=xlsx")).await;
    assert_eq!(x.status, 200);

    // Bad parameters name every field.
    let bad = b
        .api_get("/api/v1/kpis?scope=nowhere&from=2025-13-01", &tok)
        .await;
    assert_eq!(bad.status, 422);
    let fields: Vec<String> = bad.json()["error"]["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["field"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(fields, ["scope", "from", "to"]);
}

#[tokio::test]
async fn outside_its_fls_a_user_sees_disclosed_counts_and_no_patients() {
    let t = crafted_app().await;
    t.user("nl@x.org", "national_lead", "GB").await;
    t.user("other@x.org", "fls_lead", "BB-TWO").await;
    let mut b = t.signed_in("nl@x.org").await;
    let r = b.get(&format!("/fls/AA-ONE/kpis?{Q}")).await;
    assert_eq!(r.status, 200);
    let row = r.texts("#row-kpi3_assessment_12w td");
    assert_eq!(row[0], "<8");
    assert_eq!(row[1], "<8");
    assert_eq!(row[2], "—", "a proportion of suppressed counts is withheld");
    assert!(r.attr("a[href*='/patients']", "href").is_none());
    // No patient rows from outside.
    let p = b
        .get(&format!(
            "/fls/AA-ONE/kpis/kpi3_assessment_12w/patients?part=numerator&{Q}"
        ))
        .await;
    assert_eq!(p.status, 404);

    let tok = token(&t, "nl@x.org").await;
    let v = b
        .api_get(&format!("/api/v1/kpis?scope=fls:AA-ONE&{API_Q}"), &tok)
        .await
        .json();
    assert_eq!(v["disclosure"], "disclosed");
    assert_eq!(kpi(&v, "kpi3_assessment_12w")["numerator"], "<8");
    assert_eq!(kpi(&v, "kpi3_assessment_12w")["value"], Value::Null);
    assert_eq!(kpi(&v, "kpi3_assessment_12w")["band"], Value::Null);
    // Expected caseloads are profile figures, shown as they are.
    assert_eq!(
        kpi(&v, "kpi1_identification_non_spine")["denominator"],
        499.7
    );
    assert!(
        v.get("supporting")
            .unwrap()
            .get("median_days_to_dxa")
            .is_none()
    );

    // Another FLS's lead does not see AA-ONE at all.
    let tok = token(&t, "other@x.org").await;
    let r = b
        .api_get(&format!("/api/v1/kpis?scope=fls:AA-ONE&{API_Q}"), &tok)
        .await;
    assert_eq!(r.status, 404);
}

#[tokio::test]
async fn patient_lists_hold_exactly_the_episodes_behind_each_figure() {
    let t = crafted_app().await;
    t.user("lead@x.org", "fls_lead", "AA-ONE").await;
    let mut b = t.signed_in("lead@x.org").await;
    let refs = |r: &Resp| {
        let mut v = r.texts("tbody td:first-child bdi");
        v.sort();
        v
    };
    let base = "/fls/AA-ONE/kpis/kpi3_assessment_12w/patients";
    let r = b.get(&format!("{base}?part=denominator&{Q}")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(refs(&r), ["P1", "P2"]);
    let r = b.get(&format!("{base}?part=numerator&{Q}")).await;
    assert_eq!(refs(&r), ["P1"]);
    let r = b.get(&format!("{base}?part=excluded_died&{Q}")).await;
    assert_eq!(refs(&r), ["P3"]);
    let r = b
        .get(&format!(
            "/fls/AA-ONE/kpis/kpi1_identification_non_spine/patients?part=numerator&{Q}"
        ))
        .await;
    assert_eq!(refs(&r), ["P1", "P2"]);
    // Opening a list is in the audit trail.
    assert!(t.count_audit("episode.list").await >= 4);
}

#[tokio::test]
async fn the_cli_gives_the_same_numbers_as_json_and_csv() {
    let (url, _dir) = fresh_db_url().await;
    {
        let db = Db::connect(&url).await.unwrap();
        db.migrate().await.unwrap();
        let app = App::new(
            db,
            Arc::new(ManualClock::new(start_time())),
            Config::default(),
        );
        let input = FlsInput {
            code: "AA-ONE".into(),
            name: "A".into(),
            country: "GB".into(),
            expected_non_spine_per_year: "500".into(),
            expected_spine_per_year: "50".into(),
            ..Default::default()
        };
        liaison_app::orgs::save_fls(&app, &Actor::operator(), &input)
            .await
            .unwrap();
        crafted(&app, "AA-ONE").await;
        app.db.close().await;
    }
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_liaison"))
            .arg("--database")
            .arg(&url)
            .args(args)
            .env("LIAISON_LOG", "error")
            .output()
            .unwrap()
    };
    let o = run(&[
        "kpi",
        "--scope",
        "fls:AA-ONE",
        "--from",
        "2025-01-01",
        "--to",
        "2025-12-31",
        "--as-of",
        "2026-11-26",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    check_exact(&v);
    // The operator sees a country even below 3 FLSs, exact.
    let o = run(&[
        "kpi",
        "--scope",
        "country:GB",
        "--from",
        "2025-01-01",
        "--to",
        "2025-12-31",
        "--as-of",
        "2026-11-26",
        "--format",
        "csv",
    ]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("country:GB,2025-01-01,2025-12-31,2026-11-26,1,kpi11_completeness,Data completeness,14,18,"),
        "{out}"
    );
    let o = run(&[
        "kpi",
        "--scope",
        "planet:x",
        "--from",
        "2025-01-01",
        "--to",
        "2025-12-31",
    ]);
    assert_eq!(o.status.code(), Some(1));
}

#[tokio::test]
async fn aggregates_are_released_only_with_three_contributing_services() {
    let t = crafted_app().await;
    t.user("lead@x.org", "fls_lead", "AA-ONE").await;
    let mut b = t.browser();
    let tok = token(&t, "lead@x.org").await;
    let get = |scope: &str| format!("/api/v1/kpis?scope={scope}&{API_Q}");
    let v = b.api_get(&get("global"), &tok).await.json();
    assert_eq!(v["released"], false);
    assert_eq!(v["kpis"].as_array().unwrap().len(), 0);
    // Two more GB services with one episode each: GB now has 3 contributing FLSs.
    for code in ["AA-TWO", "AA-THREE"] {
        t.fls(code, "GB").await;
        let mut e = ep(
            code,
            "Q1",
            "2025-05-05",
            "1950-01-01",
            "wrist",
            "outpatient",
        );
        e.fls_assessment_date = "2025-05-06".into();
        add(&t.app, e).await;
    }
    let v = b.api_get(&get("country:GB"), &tok).await.json();
    assert_eq!(v["released"], true, "{v}");
    // Pooled: Σ numerators / Σ denominators = (1 + 1 + 1) / (2 + 1 + 1), exact for the operator.
    let period = liaison_domain::kpi::PeriodAsk::dates("2025-01-01", "2025-12-31", "2026-11-26")
        .resolve(t.app.now().date())
        .unwrap();
    let exact = liaison_app::kpi::for_scope(
        &t.app,
        &liaison_app::kpi::Viewer::operator(),
        &liaison_app::kpi::Scope::Country("GB".into()),
        period,
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(
        four(&exact, "kpi3_assessment_12w"),
        (i(3), i(4), i(0), i(1))
    );
    assert_eq!(kpi(&exact, "kpi3_assessment_12w")["value"], 0.75);
    // Counts this small are disclosed to everyone else as an FLS's are (rule 6, issue 13).
    let s = |x: &str| serde_json::json!(x);
    assert_eq!(
        four(&v, "kpi3_assessment_12w"),
        (s("<8"), s("<8"), i(0), s("<8"))
    );
    assert_eq!(kpi(&v, "kpi3_assessment_12w")["value"], Value::Null);
    // The dashboard now has a country column beside the FLS, withheld for counts this small.
    let mut lead = t.signed_in("lead@x.org").await;
    let r = lead.get(&format!("/fls/AA-ONE/kpis?{Q}")).await;
    let row = r.texts("#row-kpi3_assessment_12w td");
    assert_eq!(row[5], "—", "{row:?}");
}

#[tokio::test]
async fn figures_depend_only_on_their_own_service_and_not_on_row_order() {
    use liaison_fixtures::generate::{GenOptions, generate_episodes, generate_fls};
    let o = GenOptions {
        seed: 7,
        fls: 3,
        episodes: 150,
        end: time::macros::date!(2026 - 11 - 01),
        years: 2,
    };
    let fls = generate_fls(&o);
    let mut eps = Vec::new();
    generate_episodes(&o, &fls, |e| eps.push(e));
    let mut reversed = eps.clone();
    reversed.reverse();
    // An episode of the second FLS, in the period.
    let mut extra = eps
        .iter()
        .find(|e| e.fls_code == fls[1].code)
        .unwrap()
        .clone();
    extra.patient_ref = "EXTRA-1".into();
    extra.fracture_date = "2025-06-01".into();
    let (a, a2, world_a) = answer(&fls, eps.clone(), Some(extra)).await;
    let (b, _, world_b) = answer(&fls, reversed, None).await;
    assert_eq!(a, b, "row order changed the figures");
    assert_eq!(
        a, a2,
        "an episode of another FLS changed this FLS's figures"
    );
    assert_ne!(
        world_a["supporting"]["episodes"], world_b["supporting"]["episodes"],
        "the world sees the extra episode (the cache noticed the change)"
    );
    for k in a["kpis"].as_array().unwrap().iter().skip(2) {
        assert!(k["numerator"].as_u64() <= k["denominator"].as_u64(), "{k}");
    }
    assert!(a["supporting"]["episodes"].as_u64().unwrap() > 0);
}

/// Load the FLSs and episodes in this order into a new app; the first FLS's figures, the same
/// after `extra` (if any) is added, and the world's.
async fn answer(
    fls: &[liaison_fixtures::generate::GenFls],
    order: Vec<EpisodeInput>,
    extra: Option<EpisodeInput>,
) -> (Value, Value, Value) {
    let t = spawn().await;
    {
        for f in fls {
            let input = FlsInput {
                code: f.code.clone(),
                name: f.name.clone(),
                country: f.country.clone(),
                expected_non_spine_per_year: f
                    .expected_non_spine_per_year
                    .map(|x| x.to_string())
                    .unwrap_or_default(),
                expected_spine_per_year: f
                    .expected_spine_per_year
                    .map(|x| x.to_string())
                    .unwrap_or_default(),
                ..Default::default()
            };
            liaison_app::orgs::save_fls(&t.app, &Actor::operator(), &input)
                .await
                .unwrap();
        }
        let period = liaison_domain::kpi::KpiPeriod {
            from: time::macros::date!(2025 - 01 - 01),
            to: time::macros::date!(2025 - 12 - 31),
            as_of: time::macros::date!(2026 - 11 - 01),
        };
        let op = liaison_app::kpi::Viewer::operator();
        let scope = liaison_app::kpi::Scope::Fls(fls[0].code.clone());
        for e in order {
            create(&t.app, &Actor::operator(), &e, true).await.unwrap();
        }
        let before = liaison_app::kpi::for_scope(&t.app, &op, &scope, period)
            .await
            .unwrap()
            .unwrap();
        let mut after = before.clone();
        if let Some(e) = extra {
            create(&t.app, &Actor::operator(), &e, true).await.unwrap();
            after = liaison_app::kpi::for_scope(&t.app, &op, &scope, period)
                .await
                .unwrap()
                .unwrap();
        }
        let world =
            liaison_app::kpi::for_scope(&t.app, &op, &liaison_app::kpi::Scope::Global, period)
                .await
                .unwrap()
                .unwrap();
        (before, after, world)
    }
}

#[tokio::test]
async fn a_country_can_use_its_own_definitions_and_results_name_them() {
    let t = crafted_app().await;
    t.user("admin@x.org", "administrator", "").await;
    let mut b = t.signed_in("admin@x.org").await;
    let json = liaison_domain::kpi::V1_JSON
        .replace("\"version\": \"1\"", "\"version\": \"gb-30d\"")
        .replace("\"assessment_days\": 84", "\"assessment_days\": 30");
    let r = b
        .post(
            "/admin/kpi-definitions",
            &[("country", "GB"), ("json", &json)],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = b
        .post(
            "/admin/kpi-definitions",
            &[("country", "GB"), ("json", "{}")],
        )
        .await;
    assert_eq!(r.status, 422);
    let v = liaison_app::kpi::for_scope(
        &t.app,
        &liaison_app::kpi::Viewer::operator(),
        &liaison_app::kpi::Scope::Fls("AA-ONE".into()),
        liaison_domain::kpi::PeriodAsk::dates("2025-01-01", "2025-12-31", "2026-11-26")
            .resolve(time::macros::date!(2026 - 11 - 26))
            .unwrap(),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(v["definitions_version"], "gb-30d");
    // P1 was assessed at 31 days: late under a 30-day window. P3 died at 30 days, inside it.
    assert_eq!(four(&v, "kpi3_assessment_12w"), (i(0), i(2), i(0), i(1)));
    assert_eq!(t.count_audit("kpi_definitions.create").await, 1);
}

/// The crafted data with two more services in GB, so that AA-ONE has a funnel plot.
async fn three_services() -> TestApp {
    let t = crafted_app().await;
    t.user("lead@x.org", "fls_lead", "AA-ONE").await;
    for code in ["AA-TWO", "AA-THREE"] {
        t.fls(code, "GB").await;
        for k in 0..20 {
            let mut e = ep(
                code,
                &format!("Q{k}"),
                "2025-05-05",
                "1950-01-01",
                "wrist",
                "outpatient",
            );
            if k % 2 == 0 {
                e.fls_assessment_date = "2025-05-06".into();
            }
            add(&t.app, e).await;
        }
    }
    t
}

#[tokio::test]
async fn one_kpi_has_a_funnel_plot_and_a_run_chart_as_svg_with_a_data_table() {
    let t = three_services().await;
    let mut b = t.signed_in("lead@x.org").await;
    let r = b
        .get(&format!(
            "/fls/AA-ONE/kpis/kpi3_assessment_12w?{Q}&compare=country"
        ))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains("<svg"));
    assert_eq!(
        r.texts("svg title")[0],
        "Funnel plot: FLS assessment within 12 weeks"
    );
    // Own point highlighted, others anonymous and by value: 50 % (own, 2), then 50 % ×2 (10).
    let rows = r.texts("details tbody tr");
    assert_eq!(rows.len(), 3);
    assert!(!r.body.contains("AA-TWO") || !r.body.contains("AA-THREE"));
    assert_eq!(r.texts("details tbody tr.own").len(), 1);
    let svg = b
        .get(&format!(
            "/fls/AA-ONE/kpis/kpi3_assessment_12w?{Q}&format=svg&chart=run"
        ))
        .await;
    assert_eq!(svg.status, 200);
    assert!(svg.body.starts_with("<?xml"));
    assert!(svg.body.contains("<title id=\"run-t\">"));
    // The scope page: services side by side, with the completeness report.
    t.user("nl@x.org", "national_lead", "GB").await;
    let mut nl = t.signed_in("nl@x.org").await;
    let r = nl.get(&format!("/kpis/country/GB?{Q}")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.texts("table.kpi-table tbody tr.aggregate").len(), 1);
    assert!(r.body.contains("AA-THREE service"));
    // Columns are named, not numbered only.
    let heads = r.texts("table.kpi-table thead th");
    assert!(
        heads
            .iter()
            .any(|h| h.starts_with("3 ") && h.contains("FLS assessment")),
        "{heads:?}"
    );
    let csv = nl.get(&format!("/kpis/country/GB?{Q}&format=csv")).await;
    assert!(
        csv.body.contains("AA-ONE,kpi3_assessment_12w,<8,<8,,,0,<8"),
        "{}",
        csv.body
    );
    assert_eq!(nl.get(&format!("/kpis/country/BR?{Q}")).await.status, 404);
}

/// The number after `prefix` (such as `x="`) in the first element `tag` (such as `<text`) in
/// `svg`.
fn first_x(svg: &str, tag: &str, prefix: &str) -> f64 {
    let at = svg.find(tag).unwrap_or_else(|| panic!("{tag} in {svg}"));
    let rest = &svg[at..];
    let a = rest.find(prefix).unwrap() + prefix.len();
    let num: String = rest[a..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    num.parse().unwrap()
}

/// `(x, text)` of the `<text>` elements in the group `<g class="x-ticks" …>`: the labels of
/// the x axis, in document order.
fn x_ticks(svg: &str) -> Vec<(f64, String)> {
    let at = svg
        .find("class=\"x-ticks\"")
        .unwrap_or_else(|| panic!("no x-axis ticks in {svg}"));
    let group = &svg[at..at + svg[at..].find("</g>").unwrap()];
    group
        .split("<text ")
        .skip(1)
        .map(|t| {
            let x = first_x(&format!("<text {t}"), "<text", "x=\"");
            let label = t[t.find('>').unwrap() + 1..t.find("</text>").unwrap()].to_string();
            (x, label)
        })
        .collect()
}

/// Each chart is an image with a title and a description that name it, and no inline style
/// (the Content-Security-Policy blocks them).
fn check_accessible(svg: &str, id: &str) {
    assert!(svg.contains("role=\"img\""), "{svg}");
    assert!(
        svg.contains(&format!("aria-labelledby=\"{id}-t {id}-d\"")),
        "{svg}"
    );
    assert!(svg.contains(&format!("<title id=\"{id}-t\">")), "{svg}");
    assert!(svg.contains(&format!("<desc id=\"{id}-d\">")), "{svg}");
    assert!(!svg.contains("style="), "{svg}");
}

#[tokio::test]
async fn funnel_plot_and_run_chart_are_accessible_and_mirror_in_arabic() {
    use liaison_domain::format;
    use liaison_domain::lang::Lang;
    let t = three_services().await;
    let url = |chart: &str| {
        format!("/fls/AA-ONE/kpis/kpi3_assessment_12w?{Q}&compare=country&format=svg&chart={chart}")
    };
    for lang in [Lang::En, Lang::Ar] {
        let mut b = t.signed_in("lead@x.org").await;
        b.cookies.insert("liaison_lang".into(), lang.code().into());
        let rtl = lang == Lang::Ar;
        // The page shows both charts inline, without inline styles.
        let page = b
            .get(&format!(
                "/fls/AA-ONE/kpis/kpi3_assessment_12w?{Q}&compare=country"
            ))
            .await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert_eq!(page.body.matches("<svg").count(), 2);
        for svg in page.body.split("<svg").skip(1) {
            let svg = &svg[..svg.find("</svg>").unwrap()];
            assert!(!svg.contains("style="), "{svg}");
        }
        let funnel = b.get(&url("funnel")).await;
        assert_eq!(funnel.status, 200);
        check_accessible(&funnel.body, "funnel");
        // AA-ONE has 2 patients and the others 20: its diamond is near the start of the x axis,
        // which is the left in English and the right in Arabic.
        let own = first_x(&funnel.body, "<path", "d=\"M");
        assert_eq!(own > 320.0, rtl, "own point at {own}");
        // The x axis has tick values: numbers of patients in the page's language.
        let ticks = x_ticks(&funnel.body);
        let labels: Vec<&str> = ticks.iter().map(|(_, l)| l.as_str()).collect();
        let expected: Vec<String> = [0, 5, 10, 15, 20]
            .iter()
            .map(|n| format::integer(lang, *n))
            .collect();
        assert_eq!(labels, expected, "{}", funnel.body);
        assert_eq!(ticks[0].0 > ticks[4].0, rtl, "{ticks:?}");
        let run = b.get(&url("run")).await;
        assert_eq!(run.status, 200);
        check_accessible(&run.body, "run");
        // The oldest quarter is at the left in English and at the right in Arabic.
        let quarters = x_ticks(&run.body);
        assert!(quarters.len() >= 2, "{}", run.body);
        let (first, last) = (quarters[0].0, quarters[quarters.len() - 1].0);
        assert_eq!(first > 320.0, rtl, "first quarter at {first}");
        assert_eq!(first > last, rtl);
    }
}

#[tokio::test]
async fn a_changed_expected_caseload_or_new_episode_shows_at_once() {
    // The server keeps every FLS's rows and counts in memory and checks one stamp of the FLS
    // table per request: an edit of the profile must move it as surely as an episode does.
    let t = crafted_app().await;
    // As the server does at start: every FLS's rows read into memory first.
    let rows = liaison_app::kpi::warm_up(&t.app).await.unwrap();
    assert!(rows >= 3, "{rows}");
    t.user("lead@x.org", "fls_lead", "AA-ONE").await;
    let tok = token(&t, "lead@x.org").await;
    let mut b = t.browser();
    let url = format!("/api/v1/kpis?scope=fls:AA-ONE&{API_Q}");
    let v = b.api_get(&url, &tok).await.json();
    assert_eq!(
        kpi(&v, "kpi1_identification_non_spine")["denominator"],
        499.7
    );
    let input = FlsInput {
        code: "AA-ONE".into(),
        name: "AA-ONE service".into(),
        country: "GB".into(),
        expected_non_spine_per_year: "1000".into(),
        expected_spine_per_year: "50".into(),
        ..Default::default()
    };
    liaison_app::orgs::save_fls(&t.app, &Actor::operator(), &input)
        .await
        .unwrap();
    let v = b.api_get(&url, &tok).await.json();
    // 1000 × 365 / 365.25.
    assert_eq!(
        kpi(&v, "kpi1_identification_non_spine")["denominator"],
        999.3
    );
    let mut e = ep(
        "AA-ONE",
        "P9",
        "2025-07-01",
        "1950-01-01",
        "wrist",
        "outpatient",
    );
    e.fls_assessment_date = "2025-07-02".into();
    add(&t.app, e).await;
    let v = b.api_get(&url, &tok).await.json();
    assert_eq!(v["supporting"]["episodes"], 4);
    assert_eq!(four(&v, "kpi3_assessment_12w"), (i(2), i(3), i(0), i(1)));
}

/// Issue 13's probe: for one day a country showed exactly 1, four of its FLSs 0 and the fifth
/// `<8`, so the fifth was 1. Seen from outside, no aggregate count is exact any more (rule 6),
/// so subtracting the members from the country, region or world gives no number.
#[tokio::test]
async fn a_suppressed_count_cannot_be_recovered_by_subtraction() {
    let t = spawn().await;
    for code in ["AA-ONE", "AA-TWO", "AA-THR", "AA-FOU", "AA-FIV"] {
        t.fls(code, "GB").await;
    }
    // One patient assessed in time at AA-ONE, one not assessed at each other FLS, all on one day.
    let mut e = ep(
        "AA-ONE",
        "P1",
        "2025-03-01",
        "1950-01-01",
        "wrist",
        "outpatient",
    );
    e.fls_assessment_date = "2025-03-10".into();
    add(&t.app, e).await;
    for code in ["AA-TWO", "AA-THR", "AA-FOU", "AA-FIV"] {
        add(
            &t.app,
            ep(
                code,
                "Q1",
                "2025-03-01",
                "1950-01-01",
                "wrist",
                "outpatient",
            ),
        )
        .await;
    }
    t.user("nl@x.org", "national_lead", "GB").await;
    let tok = token(&t, "nl@x.org").await;
    let mut b = t.browser();
    let day = "from=2025-03-01&to=2025-03-01&as_of=2026-11-26";
    let mut get = async |scope: &str| {
        b.api_get(&format!("/api/v1/kpis?scope={scope}&{day}"), &tok)
            .await
            .json()
    };
    let k = "kpi3_assessment_12w";
    let members = [
        get("fls:AA-ONE").await,
        get("fls:AA-TWO").await,
        get("fls:AA-THR").await,
        get("fls:AA-FOU").await,
        get("fls:AA-FIV").await,
    ];
    assert_eq!(kpi(&members[0], k)["numerator"], "<8");
    for m in &members[1..] {
        assert_eq!(kpi(m, k)["numerator"], 0);
    }
    for scope in ["country:GB", "region:europe", "global"] {
        let v = get(scope).await;
        assert_eq!(v["released"], true, "{scope}: {v}");
        assert_eq!(v["disclosure"], "disclosed", "{scope}");
        assert_eq!(v["fls_count"], 5, "{scope}");
        assert_eq!(kpi(&v, k)["numerator"], "<8", "{scope}: the 1 is not shown");
        assert_eq!(kpi(&v, k)["value"], Value::Null, "{scope}");
        // No count of the answer is an exact number from 1 to 7.
        for x in v["kpis"].as_array().unwrap() {
            for f in ["numerator", "denominator", "not_yet_due", "excluded_died"] {
                if let Some(n) = x[f].as_u64() {
                    assert!(
                        n == 0
                            || n % 5 == 0
                            || x["id"].as_str().unwrap().starts_with("kpi1")
                            || x["id"].as_str().unwrap().starts_with("kpi2"),
                        "{scope} {} {f} = {n}",
                        x["id"]
                    );
                }
            }
        }
    }
    // The pooled value beside an FLS is withheld too.
    t.user("lead@x.org", "fls_lead", "AA-TWO").await;
    let mut lead = t.signed_in("lead@x.org").await;
    let r = lead
        .get(&format!("/fls/AA-TWO/kpis?period=custom&{day}"))
        .await;
    assert_eq!(r.status, 200);
    assert!(
        !r.texts(&format!("#row-{k} td"))
            .join(" ")
            .contains("100.0%"),
        "{:?}",
        r.texts(&format!("#row-{k} td"))
    );
    // The operator still sees the exact figures.
    let v = liaison_app::kpi::for_scope(
        &t.app,
        &liaison_app::kpi::Viewer::operator(),
        &liaison_app::kpi::Scope::Country("GB".into()),
        liaison_domain::kpi::PeriodAsk::dates("2025-03-01", "2025-03-01", "2026-11-26")
            .resolve(t.app.now().date())
            .unwrap(),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(v["disclosure"], "exact");
}
