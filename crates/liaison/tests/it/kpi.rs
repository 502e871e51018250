//! KPIs through the web UI, the API and the command line, on small data computed by hand
//! (docs/kpi-definitions.md). The expected numbers are written out here, so the suite checks
//! SQLite and PostgreSQL against the same figures. The crafted data and helpers the other
//! `kpi_*` modules share live here; small-count suppression is in kpi_suppression.rs, the
//! charts in kpi_charts.rs.

use crate::helpers::*;
use liaison_app::Actor;
use liaison_app::app::App;
use liaison_app::episodes::{Saved, create};
use liaison_domain::dataset::EpisodeInput;
use liaison_domain::org::FlsInput;
use serde_json::Value;

pub(crate) const Q: &str = "period=custom&from=2025-01-01&to=2025-12-31&as_of=2026-11-26";
pub(crate) const API_Q: &str = "from=2025-01-01&to=2025-12-31&as_of=2026-11-26";

pub(crate) fn ep(
    fls: &str,
    r: &str,
    fracture: &str,
    birth: &str,
    site: &str,
    setting: &str,
) -> EpisodeInput {
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

pub(crate) async fn add(app: &App, e: EpisodeInput) -> i64 {
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

pub(crate) fn kpi<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["id"] == id)
        .unwrap_or_else(|| panic!("{id} missing in {v}"))
}

/// (numerator, denominator, not_yet_due, excluded_died) as JSON.
pub(crate) fn four(v: &Value, id: &str) -> (Value, Value, Value, Value) {
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
pub(crate) fn i(x: u64) -> Value {
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

pub(crate) async fn crafted_app() -> TestApp {
    let t = spawn().await;
    t.fls("AA-ONE", "GB").await;
    t.fls("BB-TWO", "BR").await;
    crafted(&t.app, "AA-ONE").await;
    t
}

pub(crate) async fn token(t: &TestApp, email: &str) -> String {
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
    // Links to the KPI's patient lists (not the public patient-information pages).
    assert!(
        r.attr("a[href*='/kpis/'][href*='/patients']", "href")
            .is_none()
    );
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
        let app = cli_app(&url).await;
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
