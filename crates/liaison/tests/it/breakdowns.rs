//! Breakdowns (dataset version 2): every KPI by age band, sex, residence, site, setting,
//! country or service, on the dashboard, the scope pages, the API, the command line and the
//! exports; exact inside the viewer's own FLS, disclosed elsewhere with the second withheld
//! cell; `by` refused with its field, value and allowed values.

use crate::cli::{liaison, text};
use crate::helpers::*;
use crate::kpi::{API_Q, Q, add, crafted_app, ep, kpi, token};
use liaison_app::kpi::{Scope, Viewer, for_scope_by};
use liaison_domain::kpi::{Dimension, PeriodAsk};
use serde_json::{Value, json};

fn cells(v: &Value) -> &Vec<Value> {
    v["breakdown"]["cells"]
        .as_array()
        .unwrap_or_else(|| panic!("no breakdown in {v}"))
}

fn cell<'a>(v: &'a Value, code: &str) -> &'a Value {
    cells(v)
        .iter()
        .find(|c| c["cell"] == code)
        .unwrap_or_else(|| panic!("no cell {code} in {v}"))
}

/// Σ over the cells of one count of one KPI, all exact.
fn sum(v: &Value, id: &str, field: &str) -> u64 {
    cells(v)
        .iter()
        .map(|c| kpi(c, id)[field].as_u64().unwrap_or_else(|| panic!("{c}")))
        .sum()
}

#[tokio::test]
async fn an_fls_lead_sees_cells_by_age_that_add_up_to_the_total() {
    let t = crafted_app().await;
    t.user("lead@x.org", "fls_lead", "AA-ONE").await;
    let mut b = t.signed_in("lead@x.org").await;
    let r = b.get(&format!("/fls/AA-ONE/kpis?{Q}&by=age")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    // The form keeps the choice; the breakdown is a small chart with its table.
    assert!(
        r.body.contains(r#"<option value="age" selected>"#),
        "{}",
        r.body
    );
    assert_eq!(r.texts("#breakdown h2"), ["KPIs by age band at fracture"]);
    assert!(r.body.contains(r#"<svg class="chart""#) && r.body.contains("breakdown-t"));
    let cell_codes: Vec<String> = r
        .html()
        .select(&scraper::Selector::parse("#breakdown tbody tr").unwrap())
        .map(|e| e.value().attr("data-cell").unwrap().to_string())
        .collect();
    assert_eq!(
        cell_codes,
        ["all", "50-59", "60-69", "70-79", "80-89", "90+"]
    );
    // P1 is 75, P2 65 and P3 85 at their fractures: one episode in each of three bands.
    let episodes: Vec<String> = r
        .texts("#breakdown tbody tr td:nth-of-type(1)")
        .into_iter()
        .collect();
    assert_eq!(episodes, ["3", "0", "1", "1", "1", "0"]);
    // kpi3 (the 4th KPI column after episodes): P1 assessed in time, P2 not, P3 died.
    let kpi3 = r.texts("#breakdown tbody tr td:nth-of-type(4)");
    assert_eq!(kpi3[0], "50.0% (1/2)");
    assert_eq!(kpi3[2], "0.0% (0/1)", "60-69: P2");
    assert_eq!(kpi3[3], "100.0% (1/1)", "70-79: P1");
    assert_eq!(kpi3[4], "— (0/0)", "80-89: P3 excluded, no denominator");
    // kpi1 by age: the count identified, no proportion.
    let kpi1 = r.texts("#breakdown tbody tr td:nth-of-type(2)");
    assert_eq!(kpi1[3], "1");

    // The API: every count of every cell adds up to the figure without breakdown.
    let tok = token(&t, "lead@x.org").await;
    let v = b
        .api_get(
            &format!("/api/v1/kpis?scope=fls:AA-ONE&{API_Q}&by=age"),
            &tok,
        )
        .await
        .json();
    assert_eq!(v["breakdown"]["by"], "age");
    assert_eq!(v["breakdown"]["disclosure"], "exact");
    for k in v["kpis"].as_array().unwrap() {
        let id = k["id"].as_str().unwrap();
        assert_eq!(sum(&v, id, "numerator"), k["numerator"], "{id}");
        if !id.starts_with("kpi1_") && !id.starts_with("kpi2_") {
            assert_eq!(sum(&v, id, "denominator"), k["denominator"], "{id}");
        } else {
            assert_eq!(kpi(cell(&v, "70-79"), id)["denominator"], Value::Null);
        }
        assert_eq!(sum(&v, id, "excluded_died"), k["excluded_died"], "{id}");
    }
    let eps: u64 = cells(&v)
        .iter()
        .map(|c| c["episodes"].as_u64().unwrap())
        .sum();
    assert_eq!(eps, 3);
    // Set 2's measures too, measure by measure (the same order in every cell).
    let total = v["supporting"]["measures"].as_array().unwrap();
    assert!(!total.is_empty());
    for (i, m) in total.iter().enumerate() {
        for field in ["numerator", "denominator"] {
            let s: u64 = cells(&v)
                .iter()
                .map(|c| {
                    c["measures"][i][field]
                        .as_u64()
                        .unwrap_or_else(|| panic!("{c}"))
                })
                .sum();
            assert_eq!(s, m[field], "{} {field}", m["id"]);
        }
    }

    // The exports: one table with `by` and `cell` columns, the total first as `all`.
    let x = b
        .get(&format!("/fls/AA-ONE/kpis?{Q}&by=age&format=csv"))
        .await;
    assert!(
        x.body
            .starts_with("scope,from,to,as_of,definitions_version,by,cell,id,name,"),
        "{}",
        x.body
    );
    assert!(
        x.body
            .contains("age,all,kpi3_assessment_12w,FLS assessment within 12 weeks,1,2,0.5000,"),
        "{}",
        x.body
    );
    assert!(
        x.body
            .contains("age,70-79,kpi3_assessment_12w,FLS assessment within 12 weeks,1,1,1.0000,")
    );
    let widths: std::collections::BTreeSet<usize> =
        x.body.lines().map(|l| l.split(',').count()).collect();
    assert_eq!(widths.len(), 1, "one rectangular table");
    let x = b
        .get(&format!("/fls/AA-ONE/kpis?{Q}&by=age&format=xlsx"))
        .await;
    assert_eq!(x.status, 200);
    let csv = b
        .api_get(
            &format!("/api/v1/kpis?scope=fls:AA-ONE&{API_Q}&by=age&format=csv"),
            &tok,
        )
        .await;
    assert!(
        csv.body.contains(
            "fls:AA-ONE,2025-01-01,2025-12-31,2026-11-26,1,age,80-89,kpi3_assessment_12w,"
        ),
        "{}",
        csv.body
    );
}

/// GB with three services of 21, 15 and 3 episodes in the population.
async fn three_services() -> TestApp {
    let t = spawn().await;
    for (code, n) in [("AA-ONE", 21), ("AA-TWO", 15), ("AA-THR", 3)] {
        t.fls(code, "GB").await;
        for k in 0..n {
            let sex = if k % 2 == 0 { "F" } else { "M" };
            let mut e = ep(
                code,
                &format!("P{k}"),
                "2025-03-01",
                "1950-01-01",
                "wrist",
                "outpatient",
            );
            e.sex = sex.into();
            add(&t.app, e).await;
        }
    }
    t
}

/// No count anyone outside sees is a number from 1 to 7.
fn no_small_number(v: &Value) {
    for c in cells(v) {
        for k in c["kpis"].as_array().unwrap() {
            for f in ["numerator", "denominator", "not_yet_due", "excluded_died"] {
                if let Some(n) = k[f].as_u64() {
                    let expected = k["id"].as_str().unwrap() < "kpi3";
                    assert!(n == 0 || n >= 8 || (expected && f == "denominator"), "{c}");
                }
            }
        }
        if let Some(n) = c["episodes"].as_u64() {
            assert!(n == 0 || n >= 8, "{c}");
        }
    }
}

#[tokio::test]
async fn a_national_lead_sees_cells_by_fls_with_the_second_withheld() {
    let t = three_services().await;
    t.user("nl@x.org", "national_lead", "GB").await;
    let tok = token(&t, "nl@x.org").await;
    let mut b = t.signed_in("nl@x.org").await;
    let v = b
        .api_get(
            &format!("/api/v1/kpis?scope=country:GB&{API_Q}&by=fls"),
            &tok,
        )
        .await
        .json();
    assert_eq!(v["released"], true, "{v}");
    assert_eq!(v["supporting"]["episodes"], 40, "39 rounded");
    assert_eq!(v["breakdown"]["disclosure"], "disclosed");
    // 3 is `<8`; alone it would be 40 − 20 − 15 within the rounding, so the next smallest
    // (15) is withheld too.
    assert_eq!(cell(&v, "AA-ONE")["episodes"], 20);
    assert_eq!(cell(&v, "AA-TWO")["episodes"], "<8");
    assert_eq!(cell(&v, "AA-THR")["episodes"], "<8");
    let k6 = |c: &str| kpi(cell(&v, c), "kpi6_aom_recommended")["denominator"].clone();
    assert_eq!(
        (k6("AA-ONE"), k6("AA-TWO"), k6("AA-THR")),
        (json!(20), json!("<8"), json!("<8"))
    );
    assert_eq!(
        kpi(cell(&v, "AA-TWO"), "kpi6_aom_recommended")["value"],
        Value::Null
    );
    no_small_number(&v);
    // By sex, from outside: F 11 + 8 + 2 = 21, M 10 + 7 + 1 = 18.
    let v = b
        .api_get(
            &format!("/api/v1/kpis?scope=country:GB&{API_Q}&by=sex"),
            &tok,
        )
        .await
        .json();
    // Rule 7 over the cell's own tree: GB's women shown 20 (at most 22) less AA-ONE's and
    // AA-TWO's shown 10 (at least 8 each) would bound AA-THR's 2 women by 6, so the cell is
    // withheld; the men's cell, then alone shown, is withheld with it (the second cell).
    assert_eq!(cell(&v, "F")["episodes"], "<8");
    assert_eq!(cell(&v, "M")["episodes"], "<8");
    assert_eq!(cell(&v, "X")["episodes"], 0);
    no_small_number(&v);

    // The country page: the `by` select offers services, the table shows the same cells.
    let r = b.get(&format!("/kpis/country/GB?{Q}&by=fls")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains(r#"<option value="fls" selected>"#));
    assert!(
        !r.body.contains(r#"<option value="country""#),
        "one country"
    );
    let rows = r.texts("#breakdown tbody tr th");
    assert_eq!(
        rows,
        [
            "All patients",
            "AA-ONE service",
            "AA-TWO service",
            "AA-THR service"
        ]
    );
    let episodes = r.texts("#breakdown tbody tr td:nth-of-type(1)");
    assert_eq!(episodes, ["40", "20", "<8", "<8"]);
    // Withheld cells are drawn as their label, not as a zero bar.
    assert!(r.body.contains(r#"class="withheld""#));
    let x = b
        .get(&format!("/kpis/country/GB?{Q}&by=fls&format=csv"))
        .await;
    assert!(
        x.body
            .contains("fls,AA-TWO,kpi6_aom_recommended,AOM recommended,0,<8,,,"),
        "{}",
        x.body
    );

    // The operator sees every cell exactly, and they add up.
    let period = PeriodAsk::dates("2025-01-01", "2025-12-31", "2026-11-26")
        .resolve(t.app.now().date())
        .unwrap();
    for by in Dimension::ALL {
        let v = for_scope_by(
            &t.app,
            &Viewer::operator(),
            &Scope::Country("GB".into()),
            period,
            Some(by),
        )
        .await
        .unwrap()
        .unwrap();
        assert_eq!(v["breakdown"]["disclosure"], "exact");
        let eps: u64 = cells(&v)
            .iter()
            .map(|c| c["episodes"].as_u64().unwrap())
            .sum();
        assert_eq!(eps, 39, "{by:?}");
        for id in ["kpi3_assessment_12w", "kpi6_aom_recommended"] {
            assert_eq!(
                sum(&v, id, "denominator"),
                kpi(&v, id)["denominator"],
                "{by:?} {id}"
            );
        }
    }
}

#[tokio::test]
async fn a_viewer_of_one_fls_by_fls_sees_only_their_own_named() {
    let t = three_services().await;
    t.user("lead@x.org", "fls_lead", "AA-ONE").await;
    let tok = token(&t, "lead@x.org").await;
    let mut b = t.signed_in("lead@x.org").await;
    let v = b
        .api_get(
            &format!("/api/v1/kpis?scope=country:GB&{API_Q}&by=fls"),
            &tok,
        )
        .await
        .json();
    let names: Vec<&str> = cells(&v)
        .iter()
        .map(|c| c["cell"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["AA-ONE", "other"]);
    // Their own service exactly; the other two together, disclosed (18 → 20).
    assert_eq!(cell(&v, "AA-ONE")["episodes"], 21);
    assert_eq!(cell(&v, "other")["episodes"], 20);
    let r = b.get(&format!("/kpis/country/GB?{Q}&by=fls")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let rows = r.texts("#breakdown tbody tr th");
    assert_eq!(
        rows,
        ["All patients", "AA-ONE service", "Other services, together"]
    );
    assert!(!r.body.contains("AA-TWO") && !r.body.contains("AA-THR"));
    // By FLS is for scopes above one FLS: on the dashboard it is refused.
    let r = b.get(&format!("/fls/AA-ONE/kpis?{Q}&by=fls")).await;
    assert_eq!(r.status, 422);
    assert!(
        r.body.contains("age, sex, residence, site, setting")
            && !r.body.contains("setting, country"),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn by_colour_is_refused_with_the_field_the_value_and_the_allowed_values() {
    let t = crafted_app().await;
    t.user("nl@x.org", "national_lead", "GB").await;
    let before = t.count_audit("authorisation_denied").await;
    let mut b = t.signed_in("nl@x.org").await;
    for path in [
        format!("/fls/AA-ONE/kpis?{Q}&by=colour"),
        format!("/kpis/country/GB?{Q}&by=colour"),
    ] {
        let r = b.get(&path).await;
        assert_eq!(r.status, 422, "{path}");
        assert!(r.body.contains("Breakdown"), "{}", r.body);
        assert!(r.body.contains("colour"), "{}", r.body);
        assert!(
            r.body.contains("age, sex, residence, site, setting"),
            "{}",
            r.body
        );
    }
    let r = b.get(&format!("/kpis/country/GB?{Q}&by=colour")).await;
    assert!(r.body.contains("setting, country, fls"), "{}", r.body);
    let tok = token(&t, "nl@x.org").await;
    let r = b
        .api_get(
            &format!("/api/v1/kpis?scope=country:GB&{API_Q}&by=colour"),
            &tok,
        )
        .await;
    assert_eq!(r.status, 422);
    let e = r.json();
    assert_eq!(e["error"]["code"], "invalid");
    let d = &e["error"]["details"][0];
    assert_eq!(
        (d["field"].as_str(), d["value"].as_str(), d["rule"].as_str()),
        (Some("by"), Some("colour"), Some("one_of"))
    );
    assert_eq!(
        d["args"][0],
        json!([
            "allowed",
            "age, sex, residence, site, setting, country, fls"
        ])
    );
    let r = b
        .api_get(
            &format!("/api/v1/kpis?scope=fls:AA-ONE&{API_Q}&by=fls"),
            &tok,
        )
        .await;
    assert_eq!(r.status, 422);
    assert_eq!(
        r.json()["error"]["details"][0]["args"][0][1],
        "age, sex, residence, site, setting"
    );
    // In the reader's language.
    let mut fr = t.browser();
    fr.headers.push(("accept-language".into(), "fr".into()));
    let r = fr.sign_in("nl@x.org", PASSWORD).await;
    assert_eq!(r.status, 303);
    let r = fr.get(&format!("/fls/AA-ONE/kpis?{Q}&by=colour")).await;
    assert_eq!(r.status, 422);
    assert!(
        r.body.contains("Ventilation") && r.body.contains("colour"),
        "{}",
        r.body
    );
    // A refusal stores nothing.
    assert_eq!(t.count_audit("authorisation_denied").await, before);
}

#[tokio::test]
async fn the_command_line_breaks_down_by_sex() {
    let (url, _dir) = fresh_db_url().await;
    let app = cli_app(&url).await;
    for (k, sex) in ["F", "F", "M"].into_iter().enumerate() {
        let mut e = ep(
            "AA-ONE",
            &format!("P{k}"),
            "2025-03-01",
            "1950-01-01",
            "wrist",
            "outpatient",
        );
        e.sex = sex.into();
        add(&app, e).await;
    }
    app.db.close().await;
    let args = |by: &str, format: &str| {
        vec![
            "kpi".to_string(),
            "--scope".into(),
            "fls:AA-ONE".into(),
            "--from".into(),
            "2025-01-01".into(),
            "--to".into(),
            "2025-12-31".into(),
            "--as-of".into(),
            "2026-11-26".into(),
            "--by".into(),
            by.into(),
            "--format".into(),
            format.into(),
        ]
    };
    let run = |a: Vec<String>| {
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        liaison(&url, &a, None)
    };
    let o = run(args("sex", "csv"));
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(
        out.starts_with("scope,from,to,as_of,definitions_version,by,cell,id,"),
        "{out}"
    );
    // The operator sees exact counts: two women, one man, none other.
    assert!(
        out.contains("sex,F,kpi6_aom_recommended,AOM recommended,0,2,"),
        "{out}"
    );
    assert!(
        out.contains("sex,M,kpi6_aom_recommended,AOM recommended,0,1,"),
        "{out}"
    );
    assert!(
        out.contains("sex,all,kpi6_aom_recommended,AOM recommended,0,3,"),
        "{out}"
    );
    let o = run(args("sex", "text"));
    let out = text(&o.stdout);
    assert!(out.contains("Broken down by sex."), "{out}");
    assert!(
        out.lines().any(|l| l.starts_with("F ")
            && l.contains("kpi6_aom_recommended")
            && l.contains("0.0%")),
        "{out}"
    );
    let o = run(args("sex", "json"));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(kpi(cell(&v, "F"), "kpi6_aom_recommended")["denominator"], 2);
    let o = run(args("colour", "json"));
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(
        err.contains("colour") && err.contains("age, sex, residence, site, setting"),
        "{err}"
    );
}
