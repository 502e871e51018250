//! Dataset version 2's supporting measures on crafted episodes computed by hand: the
//! dashboard, the API and the command line inside the FLS, and the disclosed figures a national
//! lead or another FLS's lead sees (docs/kpi-definitions.md, "Supporting measures of set 2").

use crate::helpers::*;
use crate::kpi::{add, ep, i, token};
use liaison_app::app::App;
use serde_json::Value;

/// 2024, so that the 24-month windows of its fractures have closed by the suite's today.
const Q: &str = "period=custom&from=2024-01-01&to=2024-12-31&as_of=2026-11-26";
const API_Q: &str = "from=2024-01-01&to=2024-12-31&as_of=2026-11-26";

fn with_aom(e: &mut liaison_domain::dataset::EpisodeInput, start: &str) {
    e.aom_recommendation = "recommended".into();
    e.aom_recommended_atc = "M05BA04".into();
    e.aom_start_date = start.into();
    e.aom_start_atc = "M05BA04".into();
}

fn assessed(e: &mut liaison_domain::dataset::EpisodeInput, on: &str) {
    e.fls_assessment_date = on.into();
    e.dxa_status = "declined".into();
    e.falls_assessment = "done".into();
}

/// M1 hip: letter at 45 days, screen and advice done, AOM at 31 days, refracture at 214 days.
/// M2 hip: letter at 122 days (late), screen not required, advice declined, refracture at 426.
/// M3 wrist: died at 31 days with nothing recorded.
/// M4 wrist: letter at 19 days, screen declined, advice done, AOM at 116 days (too late).
/// M5 spine: screen done, advice not done, nothing else.
/// Letter 2/4 (M3 excluded), screen 2/4, advice 2/5, refracture 12 months 1/4 and 24 months
/// 2/4 (M3 excluded from both). Completeness: the recommendation (2 of 4 missing), both
/// follow-ups and the 52-week answer are over 20 % missing: 4 items, so the FLS passes.
async fn crafted(app: &App, fls: &str) {
    let mut m1 = ep(fls, "M1", "2024-03-01", "1945-01-01", "hip", "inpatient");
    assessed(&mut m1, "2024-03-10");
    with_aom(&mut m1, "2024-04-01");
    m1.primary_care_letter_date = "2024-04-15".into();
    m1.secondary_causes_screen = "done".into();
    m1.lifestyle_advice = "done".into();
    m1.refracture_date = "2024-10-01".into();
    m1.refracture_site = "wrist".into();
    add(app, m1).await;
    let mut m2 = ep(fls, "M2", "2024-04-01", "1945-01-01", "hip", "inpatient");
    assessed(&mut m2, "2024-04-10");
    m2.primary_care_letter_date = "2024-08-01".into();
    m2.secondary_causes_screen = "not_required".into();
    m2.lifestyle_advice = "declined".into();
    m2.refracture_date = "2025-06-01".into();
    m2.refracture_site = "humerus".into();
    add(app, m2).await;
    let mut m3 = ep(fls, "M3", "2024-05-01", "1945-01-01", "wrist", "outpatient");
    m3.death_date = "2024-06-01".into();
    add(app, m3).await;
    let mut m4 = ep(fls, "M4", "2024-06-01", "1945-01-01", "wrist", "outpatient");
    assessed(&mut m4, "2024-06-10");
    with_aom(&mut m4, "2024-09-25");
    m4.primary_care_letter_date = "2024-06-20".into();
    m4.secondary_causes_screen = "declined".into();
    m4.lifestyle_advice = "done".into();
    add(app, m4).await;
    let mut m5 = ep(fls, "M5", "2024-07-01", "1945-01-01", "spine", "outpatient");
    m5.spine_detection = "clinical".into();
    assessed(&mut m5, "2024-07-10");
    m5.secondary_causes_screen = "done".into();
    m5.lifestyle_advice = "not_done".into();
    add(app, m5).await;
}

/// Twelve wrist fractures, each with a letter in time, nine with advice given: large enough
/// for its counts to be shown (rounded) outside.
async fn twelve(app: &App, fls: &str) {
    for k in 0..12 {
        let day = format!("2024-02-{:02}", k + 1);
        let mut e = ep(
            fls,
            &format!("T{k}"),
            &day,
            "1950-01-01",
            "wrist",
            "outpatient",
        );
        e.primary_care_letter_date = format!("2024-03-{:02}", k + 1);
        if k < 9 {
            e.lifestyle_advice = "done".into();
        }
        add(app, e).await;
    }
}

/// AA-ONE (crafted), BB-TWO (twelve) and CC-THREE (three bare episodes), all in GB.
async fn three_services() -> TestApp {
    let t = spawn().await;
    t.fls("AA-ONE", "GB").await;
    t.fls("BB-TWO", "GB").await;
    t.fls("CC-THREE", "GB").await;
    crafted(&t.app, "AA-ONE").await;
    twelve(&t.app, "BB-TWO").await;
    for k in 0..3 {
        let day = format!("2024-05-{:02}", k + 1);
        add(
            &t.app,
            ep(
                "CC-THREE",
                &format!("C{k}"),
                &day,
                "1950-01-01",
                "wrist",
                "outpatient",
            ),
        )
        .await;
    }
    t
}

fn measure<'a>(v: &'a Value, id: &str, cell: Option<(&str, &str)>) -> &'a Value {
    v["supporting"]["measures"]
        .as_array()
        .unwrap_or_else(|| panic!("no measures in {v}"))
        .iter()
        .find(|m| {
            m["id"] == id
                && match cell {
                    None => m["split"].is_null(),
                    Some((s, c)) => m["split"] == s && m["cell"] == c,
                }
        })
        .unwrap_or_else(|| panic!("{id} {cell:?} missing"))
}

/// (numerator, denominator, value)
fn three(v: &Value, id: &str, cell: Option<(&str, &str)>) -> (Value, Value, Value) {
    let m = measure(v, id, cell);
    (
        m["numerator"].clone(),
        m["denominator"].clone(),
        m["value"].clone(),
    )
}

fn n(x: f64) -> Value {
    serde_json::json!(x)
}

/// The answer fits the OpenAPI document's schema of `GET /api/v1/kpis`.
async fn fits_schema(b: &mut Browser, v: &Value) {
    let doc = b.get("/api/v1/openapi.json").await.json();
    let schema = &doc["paths"]["/api/v1/kpis"]["get"]["responses"]["200"]["content"]["application/json"]
        ["schema"];
    let root = serde_json::json!({ "allOf": [schema], "components": doc["components"] });
    let check = jsonschema::validator_for(&root).expect("the schema compiles");
    let errors: Vec<String> = check.iter_errors(v).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert!(
        schema.to_string().contains("completeness_pass")
            || doc["components"].to_string().contains("completeness_pass"),
        "the schema describes the measures"
    );
}

/// The hand-computed figures of `crafted`, exact.
fn check_exact(v: &Value) {
    let site = |s| Some(("fracture_site", s));
    let aom = |s| Some(("aom_started_16w", s));
    let letter = measure(v, "primary_care_letter_16w", None);
    assert_eq!(
        three(v, "primary_care_letter_16w", None),
        (i(2), i(4), n(0.5))
    );
    assert_eq!(
        (&letter["not_yet_due"], &letter["excluded_died"]),
        (&i(0), &i(1))
    );
    assert_eq!(letter["days"], 112);
    assert_eq!(
        three(v, "secondary_causes_screen_done", None),
        (i(2), i(4), n(0.5))
    );
    assert_eq!(
        three(v, "lifestyle_advice_given", None),
        (i(2), i(5), n(0.4))
    );
    assert_eq!(three(v, "refracture_12m", None), (i(1), i(4), n(0.25)));
    assert_eq!(three(v, "refracture_24m", None), (i(2), i(4), n(0.5)));
    assert_eq!(measure(v, "refracture_24m", None)["excluded_died"], 1);
    assert_eq!(
        three(v, "refracture_12m", site("hip")),
        (i(1), i(2), n(0.5))
    );
    assert_eq!(
        three(v, "refracture_24m", site("hip")),
        (i(2), i(2), n(1.0))
    );
    let wrist = measure(v, "refracture_12m", site("wrist"));
    assert_eq!(
        (&wrist["denominator"], &wrist["excluded_died"]),
        (&i(1), &i(1))
    );
    assert_eq!(
        three(v, "refracture_12m", site("spine")),
        (i(0), i(1), n(0.0))
    );
    assert_eq!(three(v, "refracture_12m", aom("yes")), (i(1), i(1), n(1.0)));
    assert_eq!(three(v, "refracture_12m", aom("no")), (i(0), i(3), n(0.0)));
    assert_eq!(
        three(v, "refracture_24m", aom("no")),
        (i(1), i(3), n(1.0 / 3.0))
    );
    let pass = &v["supporting"]["completeness_pass"];
    assert_eq!(pass["pass"], true, "{pass}");
    assert_eq!((&pass["fls_passing"], &pass["fls_judged"]), (&i(1), &i(1)));
}

#[tokio::test]
async fn inside_the_fls_the_dashboard_and_the_api_show_every_measure_by_hand() {
    let t = three_services().await;
    t.user("lead@x.org", "fls_lead", "AA-ONE").await;
    let mut b = t.signed_in("lead@x.org").await;
    let r = b.get(&format!("/fls/AA-ONE/kpis?{Q}")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.texts("#measure-primary_care_letter_16w td"),
        ["2", "4", "50.0%", "0", "1"]
    );
    assert!(
        r.body.contains("Letter to primary care within 16 weeks"),
        "the measure's name"
    );
    assert_eq!(
        r.texts("#measure-secondary_causes_screen_done td")[..3],
        ["2", "4", "50.0%"]
    );
    assert_eq!(
        r.texts("#measure-lifestyle_advice_given td")[..3],
        ["2", "5", "40.0%"]
    );
    assert_eq!(
        r.texts("#measure-refracture_12m td")[..3],
        ["1", "4", "25.0%"]
    );
    assert_eq!(
        r.texts("#split-fracture_site-hip td"),
        ["1 / 2", "50.0%", "2 / 2", "100.0%"]
    );
    assert_eq!(
        r.texts("#split-aom_started_16w-no td"),
        ["0 / 3", "0.0%", "1 / 3", "33.3%"]
    );
    // Sites without any episode are left out of the table.
    assert!(r.texts("#split-fracture_site-rib td").is_empty());
    let pass = r.texts("#completeness-pass").join(" ");
    assert!(pass.contains("Completeness check: passed"), "{pass}");

    let tok = token(&t, "lead@x.org").await;
    let j = b
        .api_get(&format!("/api/v1/kpis?scope=fls:AA-ONE&{API_Q}"), &tok)
        .await
        .json();
    assert_eq!(j["disclosure"], "exact");
    check_exact(&j);
    fits_schema(&mut b, &j).await;

    // The API's CSV and the dashboard's export have a row per measure and cell.
    let csv = b
        .api_get(
            &format!("/api/v1/kpis?scope=fls:AA-ONE&{API_Q}&format=csv"),
            &tok,
        )
        .await;
    assert!(
        csv.body.contains(
            "fls:AA-ONE,2024-01-01,2024-12-31,2026-11-26,1,refracture_12m/fracture_site=hip,Refracture within 12 months,1,2,0.5000,,0,0"
        ),
        "{}",
        csv.body
    );
    let x = b.get(&format!("/fls/AA-ONE/kpis?{Q}&format=csv")).await;
    assert!(
        x.body.contains(
            "AA-ONE,2024-01-01,2024-12-31,2026-11-26,1,primary_care_letter_16w,Letter to primary care within 16 weeks,2,4,0.5000,,0,1,,,,"
        ),
        "{}",
        x.body
    );
    assert!(
        x.body
            .contains(",completeness_pass,FLSs passing the completeness check,1,1,1.0000,"),
        "{}",
        x.body
    );
    let widths: std::collections::BTreeSet<usize> =
        x.body.lines().map(|l| l.split(',').count()).collect();
    assert_eq!(widths.len(), 1, "every line has the header's width");
    let x = b.get(&format!("/fls/AA-ONE/kpis?{Q}&format=xlsx")).await;
    assert_eq!(x.status, 200);
}

#[tokio::test]
async fn outside_the_fls_counts_are_rounded_or_withheld() {
    let t = three_services().await;
    t.user("nl@x.org", "national_lead", "GB").await;
    let mut b = t.signed_in("nl@x.org").await;

    // AA-ONE's counts are all below 8: withheld, and so is its pass.
    let r = b.get(&format!("/fls/AA-ONE/kpis?{Q}")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.texts("#measure-primary_care_letter_16w td"),
        ["<8", "<8", "—"],
        "no not-yet-due or excluded columns outside"
    );
    let pass = r.texts("#completeness-pass").join(" ");
    assert!(pass.contains("not shown"), "{pass}");
    // BB-TWO's are rounded to 5; the value is the exact share.
    let r = b.get(&format!("/fls/BB-TWO/kpis?{Q}")).await;
    assert_eq!(
        r.texts("#measure-lifestyle_advice_given td"),
        ["10", "10", "75.0%"]
    );
    assert_eq!(
        r.texts("#measure-primary_care_letter_16w td"),
        ["10", "10", "100.0%"]
    );

    let tok = token(&t, "nl@x.org").await;
    let j = b
        .api_get(&format!("/api/v1/kpis?scope=fls:AA-ONE&{API_Q}"), &tok)
        .await
        .json();
    assert_eq!(j["disclosure"], "disclosed");
    fits_schema(&mut b, &j).await;
    let letter = measure(&j, "primary_care_letter_16w", None);
    assert_eq!(
        (
            &letter["numerator"],
            &letter["denominator"],
            &letter["value"]
        ),
        (&Value::from("<8"), &Value::from("<8"), &Value::Null)
    );
    assert!(letter.get("not_yet_due").is_none());
    let pass = &j["supporting"]["completeness_pass"];
    assert_eq!(
        (&pass["pass"], &pass["fls_not_shown"]),
        (&Value::Null, &i(1))
    );
    let j = b
        .api_get(&format!("/api/v1/kpis?scope=fls:BB-TWO&{API_Q}"), &tok)
        .await
        .json();
    assert_eq!(
        three(&j, "lifestyle_advice_given", None),
        (i(10), i(10), n(0.75))
    );
    assert_eq!(
        three(&j, "secondary_causes_screen_done", None),
        (i(0), i(10), n(0.0))
    );
    assert_eq!(j["supporting"]["completeness_pass"]["pass"], true);

    // The country: three services with episodes, so it is released. Its counts follow
    // rules 6 and 7; of the three, only BB-TWO's pass can be shown.
    let j = b
        .api_get(&format!("/api/v1/kpis?scope=country:GB&{API_Q}"), &tok)
        .await
        .json();
    assert_eq!(j["released"], true, "{j}");
    fits_schema(&mut b, &j).await;
    let ms = j["supporting"]["measures"].as_array().unwrap();
    assert_eq!(ms.len(), 5 + 2 * 13);
    for m in ms {
        for k in ["numerator", "denominator"] {
            let ok = m[k] == "<8" || m[k].as_u64().is_some_and(|x| x % 5 == 0);
            assert!(ok, "{k} of {m}");
        }
        if m["numerator"] == "<8" || m["denominator"] == "<8" {
            assert_eq!(m["value"], Value::Null, "{m}");
        }
    }
    let pass = &j["supporting"]["completeness_pass"];
    assert_eq!(
        (
            &pass["fls_passing"],
            &pass["fls_judged"],
            &pass["fls_not_shown"]
        ),
        (&i(1), &i(1), &i(2))
    );
    let page = b.get(&format!("/kpis/country/GB?{Q}")).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let pass = page.texts("#completeness-pass").join(" ");
    assert!(
        pass.contains("1 of 1 services pass (2 more not shown"),
        "{pass}"
    );
    assert_eq!(page.texts("#pass-BB-TWO td").last().unwrap(), "passed");
    assert_eq!(page.texts("#pass-AA-ONE td").last().unwrap(), "—");
    assert!(!page.texts("#measure-lifestyle_advice_given td").is_empty());
    // The page's file has each service's measures as its viewer sees them.
    let x = b.get(&format!("/kpis/country/GB?{Q}&format=csv")).await;
    assert!(
        x.body
            .contains(",BB-TWO,lifestyle_advice_given,10,10,0.7500,,,"),
        "{}",
        x.body
    );
    assert!(
        x.body.contains(",AA-ONE,primary_care_letter_16w,<8,<8,,,,"),
        "{}",
        x.body
    );
}

#[tokio::test]
async fn another_services_lead_sees_the_country_disclosed() {
    let t = three_services().await;
    t.user("lead2@x.org", "fls_lead", "BB-TWO").await;
    let mut b = t.signed_in("lead2@x.org").await;
    let tok = token(&t, "lead2@x.org").await;
    // AA-ONE itself stays out of sight.
    let r = b
        .api_get(&format!("/api/v1/kpis?scope=fls:AA-ONE&{API_Q}"), &tok)
        .await;
    assert_eq!(r.status, 404);
    let j = b
        .api_get(&format!("/api/v1/kpis?scope=country:GB&{API_Q}"), &tok)
        .await
        .json();
    assert_eq!(j["disclosure"], "disclosed");
    for m in j["supporting"]["measures"].as_array().unwrap() {
        assert!(m.get("excluded_died").is_none(), "{m}");
        for k in ["numerator", "denominator"] {
            let ok = m[k] == "<8" || m[k].as_u64().is_some_and(|x| x % 5 == 0);
            assert!(ok, "{k} of {m}");
        }
    }
    // The refracture cells of AA-ONE alone (hip, spine) are small in the country too.
    let hip = measure(&j, "refracture_24m", Some(("fracture_site", "hip")));
    assert_eq!(hip["numerator"], "<8");
    assert_eq!(hip["value"], Value::Null);
}

#[tokio::test]
async fn the_cli_gives_the_measures_as_json_and_csv() {
    let (url, _dir) = fresh_db_url().await;
    {
        let app = cli_app(&url).await;
        crafted(&app, "AA-ONE").await;
        app.db.close().await;
    }
    let run = |format: &str| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_liaison"))
            .arg("--database")
            .arg(&url)
            .args([
                "kpi",
                "--scope",
                "fls:AA-ONE",
                "--from",
                "2024-01-01",
                "--to",
                "2024-12-31",
                "--as-of",
                "2026-11-26",
                "--format",
                format,
            ])
            .env("LIAISON_LOG", "error")
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    };
    let v: Value = serde_json::from_str(&run("json")).unwrap();
    check_exact(&v);
    let csv = run("csv");
    for line in [
        "fls:AA-ONE,2024-01-01,2024-12-31,2026-11-26,1,lifestyle_advice_given,Lifestyle advice given,2,5,0.4000,,0,0",
        "fls:AA-ONE,2024-01-01,2024-12-31,2026-11-26,1,refracture_24m/aom_started_16w=no,Refracture within 24 months,1,3,0.3333,,0,1",
        "fls:AA-ONE,2024-01-01,2024-12-31,2026-11-26,1,completeness_pass,FLSs passing the completeness check,1,1,1.0000,,,",
    ] {
        assert!(csv.contains(line), "{line}\n{csv}");
    }
}
