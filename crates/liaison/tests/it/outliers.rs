//! The outlier report (issue 19) on a registry small enough to check by hand: who sees which
//! outlier named, its figures as each viewer may see them, the API's shape, the files, bad
//! input and rule 8 (docs/comparisons.md#outliers).

use crate::helpers::*;
use crate::kpi::{API_Q, Q, add, ep, token};
use serde_json::Value;

const K: &str = "kpi3_assessment_12w";

/// Three services of 21 patients each, every patient's FLS assessment recorded (so data
/// completeness is the same everywhere): GB-ONE assesses all 21 within 12 weeks, GB-TWO and
/// FR-ONE 10 of 21 (the other 11 late). kpi3's pooled value is p₀ = 41/63 ≈ 0.651.
/// GB-ONE: 21/21 = 1. Under Binomial(21, 41/63), P(X = 21) = (41/63)^21 ≈ 1.2e-4 < 0.001, so
/// even the upper 99.8 % limit is below 1: an alarm, above the pooled value, doing better.
/// GB-TWO and FR-ONE: 10/21 ≈ 0.476, above the lower 95 % limit (≈ 0.43): inside.
/// Every other proportion is 0 everywhere (p₀ = 0, every limit 0): inside.
async fn registry() -> TestApp {
    let t = spawn().await;
    for (code, cc, on_time) in [
        ("GB-ONE", "GB", 21),
        ("GB-TWO", "GB", 10),
        ("FR-ONE", "FR", 10),
    ] {
        t.fls(code, cc).await;
        for i in 0..21 {
            let mut e = ep(
                code,
                &format!("P{i}"),
                &format!("2025-03-{:02}", i + 1),
                "1950-01-01",
                "wrist",
                "outpatient",
            );
            e.fls_assessment_date = if i < on_time {
                "2025-04-01".into()
            } else {
                "2025-12-01".into()
            };
            add(&t.app, e).await;
        }
    }
    t.user("reviewer@x.org", "programme_reviewer", "").await;
    t.user("nl.gb@x.org", "national_lead", "GB").await;
    t.user("nl.fr@x.org", "national_lead", "FR").await;
    t.user("rl@x.org", "regional_lead", "europe").await;
    t.user("lead.one@x.org", "fls_lead", "GB-ONE").await;
    t.user("lead.two@x.org", "fls_lead", "GB-TWO").await;
    t.user("mentor@x.org", "mentor", "FR-ONE").await;
    // A national lead of a country without services sees no service at all.
    t.user("nobody@x.org", "national_lead", "JP").await;
    t
}

fn kpi<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["id"] == id)
        .unwrap_or_else(|| panic!("{id} in {v}"))
}

/// Every outlier of the answer as (KPI, service).
fn named(v: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for k in v["kpis"].as_array().unwrap() {
        for o in k["outliers"].as_array().unwrap() {
            out.push((
                k["id"].as_str().unwrap().to_string(),
                o["fls"].as_str().unwrap().to_string(),
            ));
        }
    }
    out
}

#[tokio::test]
async fn an_outlier_is_named_only_for_those_who_may_see_its_service() {
    let t = registry().await;
    let mut b = t.browser();
    let one = vec![(K.to_string(), "GB-ONE".to_string())];
    let mut get = async |email: &str, extra: &str| {
        let tok = token(&t, email).await;
        b.api_get(&format!("/api/v1/kpis/outliers?{API_Q}{extra}"), &tok)
            .await
    };
    // Reviewers, the national lead of GB and the regional lead of Europe: GB-ONE, named, with
    // its counts disclosed (21 rounds to 20) and its exact value.
    for (email, compared) in [("reviewer@x.org", 3), ("nl.gb@x.org", 2), ("rl@x.org", 3)] {
        let r = get(email, "").await;
        assert_eq!(r.status, 200, "{email}: {}", r.body);
        let v = r.json();
        assert_eq!(named(&v), one, "{email}: {v}");
        let k = kpi(&v, K);
        assert_eq!(k["compared"], compared, "{email}");
        assert!((k["pooled_value"].as_f64().unwrap() - 41.0 / 63.0).abs() < 1e-12);
        let o = &k["outliers"][0];
        assert_eq!(o["name"], "GB-ONE service");
        assert_eq!(o["country"], "GB");
        assert_eq!(o["own"], false);
        assert_eq!(
            (&o["numerator"], &o["denominator"]),
            (&Value::from(20), &Value::from(20))
        );
        assert_eq!(o["value"], 1.0);
        assert_eq!(
            (&o["limit"], &o["side"], &o["reading"]),
            (&"99.8".into(), &"above".into(), &"better".into())
        );
    }
    // GB-ONE's own lead: their status, exact.
    let v = get("lead.one@x.org", "").await.json();
    assert_eq!(named(&v), one);
    let o = &kpi(&v, K)["outliers"][0];
    assert_eq!(
        (&o["own"], &o["numerator"], &o["denominator"]),
        (&true.into(), &21.into(), &21.into())
    );
    // GB-TWO's lead and FR's national lead and FR-ONE's mentor see their own service, inside:
    // GB-ONE is not theirs to see.
    for email in ["lead.two@x.org", "nl.fr@x.org", "mentor@x.org"] {
        let v = get(email, "").await.json();
        assert_eq!(named(&v), vec![], "{email}: {v}");
        assert_eq!(kpi(&v, K)["compared"], 1, "{email}");
    }
    // A scope the user sees nothing of answers 404, as one that does not exist.
    for (email, scope) in [
        ("nl.gb@x.org", "country:FR"),
        ("lead.two@x.org", "fls:GB-ONE"),
        ("nl.fr@x.org", "region:asia_pacific"),
        ("nobody@x.org", ""),
    ] {
        let r = get(email, &format!("&scope={scope}")).await;
        assert_eq!(r.status, 404, "{email} {scope}: {}", r.body);
        assert_eq!(r.json()["error"]["code"], "not_found");
    }
    let r = get("reviewer@x.org", "&scope=country:FR").await;
    let v = r.json();
    assert_eq!((named(&v), &kpi(&v, K)["compared"]), (vec![], &1.into()));
    assert_eq!(v["scope"], "country:FR");
}

#[tokio::test]
async fn the_page_names_the_outlier_or_says_your_service() {
    let t = registry().await;
    let rows = |r: &Resp| r.texts(&format!("#outliers-{K} tbody tr"));
    let mut reviewer = t.signed_in("reviewer@x.org").await;
    let r = reviewer.get(&format!("/kpis/outliers?{Q}")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let got = rows(&r);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].starts_with("GB-ONE service United Kingdom 20 20 100.0%"),
        "{got:?}"
    );
    assert!(
        got[0].contains("99.8 % limit") && got[0].contains("above the pooled value"),
        "{got:?}"
    );
    assert!(got[0].contains("Doing better than expected"), "{got:?}");
    // Only kpi3 has an outlier; the others say none is outside.
    assert_eq!(r.texts("tr.outlier-row").len(), 1);
    // The KPI index links to the report.
    assert!(
        reviewer
            .get("/kpis")
            .await
            .body
            .contains("href=\"/kpis/outliers\"")
    );

    let mut lead = t.signed_in("lead.one@x.org").await;
    let got = rows(&lead.get(&format!("/kpis/outliers?{Q}")).await);
    assert!(
        got[0].starts_with("Your service GB-ONE service United Kingdom 21 21"),
        "{got:?}"
    );
    let mut two = t.signed_in("lead.two@x.org").await;
    let r = two.get(&format!("/kpis/outliers?{Q}")).await;
    assert_eq!(r.status, 200);
    assert!(!r.body.contains("GB-ONE"), "GB-ONE is not GB-TWO's to see");
    assert!(
        r.body
            .contains("One service compared; none is outside the limits.")
    );
    // In another language, from the same figures.
    two.post("/language", &[("lang", "fr"), ("next", "/")])
        .await;
    let r = two.get(&format!("/kpis/outliers?{Q}")).await;
    let summary = r.texts(&format!("#outliers-{K} p"));
    assert!(
        summary[0].ends_with("Un service comparé ; aucun n'est hors des limites."),
        "{summary:?}"
    );

    let mut nobody = t.signed_in("nobody@x.org").await;
    assert_eq!(nobody.get("/kpis/outliers").await.status, 404);
    let mut nl = t.signed_in("nl.gb@x.org").await;
    assert_eq!(
        nl.get(&format!("/kpis/outliers?{Q}&scope=country:FR"))
            .await
            .status,
        404
    );
    assert!(t.count_audit("authorisation_denied").await >= 2);
}

#[tokio::test]
async fn the_files_list_one_row_per_outlier() {
    let t = registry().await;
    let mut b = t.signed_in("nl.gb@x.org").await;
    let r = b.get(&format!("/kpis/outliers?{Q}&format=csv")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(
        r.headers[axum::http::header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains("outliers-global-2025-01-01-2025-12-31.csv")
    );
    let lines: Vec<&str> = r.body.lines().collect();
    assert_eq!(
        lines,
        [
            "scope,from,to,as_of,definitions_version,kpi,fls,name,country,own,numerator,denominator,value,pooled_value,limit,side,reading",
            "global,2025-01-01,2025-12-31,2026-11-26,1,kpi3_assessment_12w,GB-ONE,GB-ONE service,GB,false,20,20,1.0000,0.6508,99.8,above,better",
        ]
    );
    // The API's CSV is the same table.
    let tok = token(&t, "nl.gb@x.org").await;
    let api = b
        .api_get(&format!("/api/v1/kpis/outliers?{API_Q}&format=csv"), &tok)
        .await;
    assert_eq!(api.body, r.body);
    let x = b.get(&format!("/kpis/outliers?{Q}&format=xlsx")).await;
    assert_eq!(x.status, 200);
    assert!(
        x.headers[axum::http::header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .contains("spreadsheetml")
    );
}

#[tokio::test]
async fn bad_input_and_a_short_period_are_refused_naming_the_field() {
    let t = registry().await;
    let tok = token(&t, "reviewer@x.org").await;
    let mut b = t.browser();
    // 30 days, seen from outside every service: rule 8.
    let month = "from=2025-03-01&to=2025-03-30&as_of=2026-11-26";
    let r = b
        .api_get(&format!("/api/v1/kpis/outliers?{month}"), &tok)
        .await;
    assert_eq!(r.status, 422, "{}", r.body);
    let e = &r.json()["error"];
    assert_eq!(e["code"], "period_too_short");
    assert_eq!(e["details"][0]["field"], "period");
    assert_eq!(e["details"][0]["value"], "2025-03-01..2025-03-30");
    assert_eq!(e["details"][0]["rule"], "period_too_short");
    // Even an FLS's own lead: the report compares with every other service.
    let mut lead = t.signed_in("lead.one@x.org").await;
    let r = lead
        .get(&format!("/kpis/outliers?period=custom&{month}"))
        .await;
    assert_eq!(r.status, 422);
    assert!(
        r.body.contains("2025-03-01..2025-03-30") && r.body.contains("has 30 days"),
        "{}",
        r.body
    );
    // Every bad field, with its value and rule.
    let r = b
        .api_get(
            "/api/v1/kpis/outliers?scope=planet:mars&format=pdf&from=2025-13-01&to=2025-01-01",
            &tok,
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.body);
    let fields: Vec<(String, String)> = r.json()["error"]["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["field"].as_str().unwrap().into(),
                d["value"].as_str().unwrap().into(),
            )
        })
        .collect();
    for f in [
        ("scope", "planet:mars"),
        ("format", "pdf"),
        ("from", "2025-13-01"),
    ] {
        assert!(fields.contains(&(f.0.into(), f.1.into())), "{fields:?}");
    }
    let mut rv = t.signed_in("reviewer@x.org").await;
    let r = rv
        .get(&format!("/kpis/outliers?{Q}&scope=planet:mars"))
        .await;
    assert_eq!(r.status, 422);
    assert!(
        r.texts(".errors li")[0].contains("planet:mars"),
        "{:?}",
        r.texts(".errors li")
    );
}

/// `liaison serve --demo` shows both pages working: outliers a reviewer sees named, and
/// services that publish their figures on the public page beside ones that do not.
#[tokio::test]
async fn the_demo_has_outliers_and_services_that_publish() {
    let t = spawn().await;
    liaison_fixtures::demo::seed(&t.app).await.unwrap();
    let mut rev = t.browser();
    rev.sign_in(
        "reviewer@demo.liaison.test",
        liaison_fixtures::demo::PASSWORD,
    )
    .await;
    let r = rev.get("/kpis/outliers").await;
    assert_eq!(r.status, 200);
    assert!(
        !r.texts("tr.outlier-row").is_empty(),
        "no outlier in the demo"
    );
    let r = t.browser().get("/statistics").await;
    let mut named = r.texts("tr.service th");
    named.sort();
    assert_eq!(
        named,
        [
            "Glasgow FLS",
            "Unidad de Fractura Madrid",
            "東京骨折リエゾン"
        ]
    );
    assert!(!r.body.contains("North London FLS"));
}

/// No page links to the report for a user it would answer 404.
#[tokio::test]
async fn the_kpi_index_links_to_the_report_only_for_those_who_may_open_it() {
    let t = registry().await;
    let mut nobody = t.signed_in("nobody@x.org").await;
    let r = nobody.get("/kpis").await;
    assert_eq!(r.status, 200);
    assert!(!r.body.contains("/kpis/outliers"));
    let mut lead = t.signed_in("lead.two@x.org").await;
    assert!(
        lead.get("/kpis")
            .await
            .body
            .contains("href=\"/kpis/outliers\"")
    );
}
