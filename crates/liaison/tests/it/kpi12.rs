//! kpi12, high-risk patients started on AOM within 16 weeks (issue 15), on crafted episodes
//! computed by hand: the dashboard, the API, the CLI and the patients behind the figure, and
//! the FRAX threshold of the definitions in force when the report is made.

use crate::helpers::*;
use crate::kpi::{API_Q, Q, add, ep, four, i, kpi, token};
use liaison_app::Actor;
use liaison_app::app::App;
use serde_json::Value;

const K12: &str = "kpi12_high_risk_aom_16w";

/// At the shipped FRAX threshold (20):
/// H1 wrist, FRAX 25, AOM started at 40 days → numerator;
/// H2 hip, high-risk by its site, nothing started → denominator only;
/// H3 hip the clinician called not high-risk → not in kpi12;
/// H4 wrist judged high-risk, died at 30 days without a start → excluded (died);
/// H5 wrist with nothing else → not high-risk.
/// So kpi12 = 1 / 2, one excluded: 50 %, amber.
async fn crafted(app: &App, fls: &str) {
    let mut h1 = ep(fls, "H1", "2025-03-01", "1950-01-01", "wrist", "outpatient");
    h1.frax_major_pct = "25".into();
    h1.aom_recommendation = "recommended".into();
    h1.aom_recommended_atc = "M05BA04".into();
    h1.aom_start_date = "2025-04-10".into();
    h1.aom_start_atc = "M05BA04".into();
    add(app, h1).await;
    add(
        app,
        ep(fls, "H2", "2025-04-01", "1945-01-01", "hip", "inpatient"),
    )
    .await;
    let mut h3 = ep(fls, "H3", "2025-05-01", "1945-01-01", "hip", "inpatient");
    h3.high_risk = "no".into();
    add(app, h3).await;
    let mut h4 = ep(fls, "H4", "2025-06-01", "1940-01-01", "wrist", "outpatient");
    h4.high_risk = "yes".into();
    h4.death_date = "2025-07-01".into();
    add(app, h4).await;
    add(
        app,
        ep(fls, "H5", "2025-07-01", "1950-01-01", "wrist", "outpatient"),
    )
    .await;
}

fn v(x: u64) -> Value {
    i(x)
}

#[tokio::test]
async fn the_dashboard_and_the_api_show_kpi12_computed_by_hand() {
    let t = spawn().await;
    t.fls("AA-ONE", "GB").await;
    crafted(&t.app, "AA-ONE").await;
    t.user("lead@x.org", "fls_lead", "AA-ONE").await;
    let mut b = t.signed_in("lead@x.org").await;

    let r = b.get(&format!("/fls/AA-ONE/kpis?{Q}")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let row = r.texts(&format!("#row-{K12} td"));
    assert_eq!((row[0].as_str(), row[1].as_str()), ("1", "2"), "{row:?}");
    assert!(
        row[2].starts_with("50.0%") && row[2].contains("amber"),
        "{row:?}"
    );
    assert_eq!(row[4], "1", "excluded (died)");
    assert!(
        r.body
            .contains("High-risk patients started on treatment within 16 weeks")
    );

    let tok = token(&t, "lead@x.org").await;
    let j = b
        .api_get(&format!("/api/v1/kpis?scope=fls:AA-ONE&{API_Q}"), &tok)
        .await
        .json();
    assert_eq!(four(&j, K12), (v(1), v(2), v(0), v(1)));
    assert_eq!(kpi(&j, K12)["value"], 0.5);
    assert_eq!(kpi(&j, K12)["band"], "amber");

    // Its own page, with the run chart by quarter like every proportion KPI (one service
    // alone has no funnel plot).
    let page = b.get(&format!("/fls/AA-ONE/kpis/{K12}?{Q}")).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("<svg"));
    let run = b
        .get(&format!("/fls/AA-ONE/kpis/{K12}?{Q}&format=svg&chart=run"))
        .await;
    assert_eq!(run.status, 200);
    assert!(run.body.contains("<title id=\"run-t\">"), "{}", run.body);

    // The CSV export has the row too.
    let csv = b.get(&format!("/fls/AA-ONE/kpis?{Q}&format=csv")).await;
    assert!(
        csv.body.contains(&format!(
            "AA-ONE,2025-01-01,2025-12-31,2026-11-26,1,{K12},High-risk patients started on AOM within 16 weeks,1,2,0.5000,amber,0,1"
        )),
        "{}",
        csv.body
    );

    // The country raises its FRAX threshold to 30: H1 (FRAX 25) is no longer high-risk, and
    // the same period is recounted with the threshold in force now.
    let mut defs: Value = serde_json::from_str(liaison_domain::kpi::V1_JSON).unwrap();
    defs["version"] = "gb-2".into();
    defs["frax_high_risk_threshold"] = 30.into();
    liaison_app::kpi::save_definitions(&t.app, &Actor::operator(), Some("GB"), &defs.to_string())
        .await
        .unwrap();
    let j = b
        .api_get(&format!("/api/v1/kpis?scope=fls:AA-ONE&{API_Q}"), &tok)
        .await
        .json();
    assert_eq!(j["definitions_version"], "gb-2");
    assert_eq!(four(&j, K12), (v(0), v(1), v(0), v(1)));
}

#[tokio::test]
async fn the_patients_behind_kpi12_are_exactly_the_high_risk_ones() {
    let t = spawn().await;
    t.fls("AA-ONE", "GB").await;
    crafted(&t.app, "AA-ONE").await;
    t.user("lead@x.org", "fls_lead", "AA-ONE").await;
    let mut b = t.signed_in("lead@x.org").await;
    let dash = b.get(&format!("/fls/AA-ONE/kpis?{Q}")).await;
    assert!(
        dash.attr(&format!("#row-{K12} a[href*='part=denominator']"), "href")
            .is_some()
    );
    let base = format!("/fls/AA-ONE/kpis/{K12}/patients");
    for (part, want) in [
        ("denominator", vec!["H1", "H2"]),
        ("numerator", vec!["H1"]),
        ("excluded_died", vec!["H4"]),
    ] {
        let r = b.get(&format!("{base}?part={part}&{Q}")).await;
        assert_eq!(r.status, 200, "{}", r.body);
        let mut got = r.texts("tbody td:first-child bdi");
        got.sort();
        assert_eq!(got, want, "{part}");
    }
}

#[tokio::test]
async fn the_cli_gives_kpi12_as_json() {
    let (url, _dir) = fresh_db_url().await;
    {
        let app = cli_app(&url).await;
        crafted(&app, "AA-ONE").await;
        app.db.close().await;
    }
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_liaison"))
        .arg("--database")
        .arg(&url)
        .args([
            "kpi",
            "--scope",
            "fls:AA-ONE",
            "--from",
            "2025-01-01",
            "--to",
            "2025-12-31",
            "--as-of",
            "2026-11-26",
        ])
        .env("LIAISON_LOG", "error")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let j: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(four(&j, K12), (v(1), v(2), v(0), v(1)));
    assert_eq!(kpi(&j, K12)["band"], "amber");
}
