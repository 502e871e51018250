//! Disclosure rules 7 and 8 of docs/comparisons.md (issue 13) against a differencing probe:
//! complementary suppression across the rounding, the minimum period outside an FLS, and the
//! funnel's centre line.

use crate::helpers::*;
use crate::kpi::{add, ep, kpi, token};
use serde_json::Value;

const K: &str = "kpi3_assessment_12w";
/// Q1 of a common year: 90 days, the shortest period shown outside an FLS.
const Q1: &str = "from=2025-01-01&to=2025-03-31&as_of=2026-11-26";
const DAY: &str = "from=2025-03-01&to=2025-03-01&as_of=2026-11-26";

/// `n` episodes of patients over 50, none assessed, fractured in Q1 2025.
async fn episodes(t: &TestApp, fls: &str, n: usize) {
    for i in 0..n {
        let day = format!("2025-03-{:02}", 1 + i % 28);
        add(
            &t.app,
            ep(
                fls,
                &format!("P{i}"),
                &day,
                "1950-01-01",
                "wrist",
                "outpatient",
            ),
        )
        .await;
    }
}

/// What a shown count tells at least and at most (docs/comparisons.md, rule 7's reading).
fn range(v: &Value) -> (u64, u64) {
    match v.as_u64() {
        Some(0) => (0, 0),
        Some(n) => ((n - 2).max(8), n + 2),
        None => {
            assert_eq!(v, "<8", "{v}");
            (1, 7)
        }
    }
}

#[tokio::test]
async fn rule7_subtraction_across_the_rounding_pins_no_suppressed_count() {
    let t = spawn().await;
    let codes = ["AA-ONE", "AA-TWO", "AA-THR", "AA-FOU", "AA-FIV"];
    for code in codes {
        t.fls(code, "GB").await;
    }
    // The probe of docs/comparisons.md: 8 + 1 + 1 + 1 + 1 = 12. Rounded, the country would be
    // 10 (at most 12) and AA-ONE 10 (at least 8), so each `<8` would be 12 − 8 − 3 = 1.
    episodes(&t, "AA-ONE", 8).await;
    for code in &codes[1..] {
        episodes(&t, code, 1).await;
    }
    t.user("nl@x.org", "national_lead", "GB").await;
    t.user("lead@x.org", "fls_lead", "AA-ONE").await;
    let nl = token(&t, "nl@x.org").await;
    let mut b = t.browser();
    let mut members = Vec::new();
    for code in codes {
        let r = b
            .api_get(&format!("/api/v1/kpis?scope=fls:{code}&{Q1}"), &nl)
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        members.push(r.json());
    }
    assert_eq!(kpi(&members[0], K)["denominator"], 10);
    for m in &members[1..] {
        assert_eq!(kpi(m, K)["denominator"], "<8");
    }
    for scope in ["country:GB", "region:europe", "global"] {
        let v = b
            .api_get(&format!("/api/v1/kpis?scope={scope}&{Q1}"), &nl)
            .await
            .json();
        assert_eq!(v["released"], true, "{scope}: {v}");
        assert_eq!(
            kpi(&v, K)["denominator"],
            "<8",
            "{scope}: 12 would pin the four"
        );
        assert_eq!(kpi(&v, K)["value"], Value::Null, "{scope}");
        // Everything the user can ask for, subtracted: no `<8` member is bounded below 7.
        for x in v["kpis"].as_array().unwrap() {
            let id = x["id"].as_str().unwrap();
            for f in ["numerator", "denominator", "not_yet_due", "excluded_died"] {
                // kpi1 and kpi2 divide by an expected caseload, not a count of patients.
                if (id.starts_with("kpi1_") || id.starts_with("kpi2_")) && f == "denominator" {
                    continue;
                }
                let Some(most) = x[f].as_u64().map(|n| range(&Value::from(n)).1) else {
                    continue;
                };
                let lows: Vec<u64> = members.iter().map(|m| range(&kpi(m, id)[f]).0).collect();
                for (j, m) in members.iter().enumerate() {
                    if kpi(m, id)[f] == "<8" {
                        let others: u64 = lows.iter().sum::<u64>() - lows[j];
                        let bound = most.saturating_sub(others);
                        assert!(bound >= 7, "{scope} {id} {f}: member {j} ≤ {bound}");
                    }
                }
            }
        }
    }
    // Beside AA-ONE, seen from outside: the pooled values are withheld, and so is the signal
    // against the world's value, which would tell where that value lies.
    let mut nl_web = t.signed_in("nl@x.org").await;
    let r = nl_web
        .get(&format!("/fls/AA-ONE/kpis?period=custom&{Q1}"))
        .await;
    assert_eq!(r.status, 200);
    let cells = r.texts(&format!("#row-{K} td"));
    assert!(cells[2].starts_with("0.0%"), "{cells:?}");
    assert_eq!(cells[5..9], ["—", "—", "—", ""], "{cells:?}");
    // Inside AA-ONE (8, exact), "the country minus my FLS" would be at most 4: withheld too.
    let lead = token(&t, "lead@x.org").await;
    let v = b
        .api_get(&format!("/api/v1/kpis?scope=country:GB&{Q1}"), &lead)
        .await
        .json();
    assert_eq!(kpi(&v, K)["denominator"], "<8", "{v}");
    let mut web = t.signed_in("lead@x.org").await;
    let r = web
        .get(&format!("/fls/AA-ONE/kpis?period=custom&{Q1}"))
        .await;
    assert_eq!(r.status, 200);
    // Cells: numerator, denominator, value, not yet due, excluded, country, region, world.
    let cells = r.texts(&format!("#row-{K} td"));
    assert_eq!(cells[5..8], ["—", "—", "—"], "{cells:?}");
}

#[tokio::test]
async fn rule8_outside_an_fls_a_period_under_90_days_is_refused_everywhere() {
    let t = spawn().await;
    for code in ["AA-ONE", "AA-TWO", "AA-THR"] {
        t.fls(code, "GB").await;
        episodes(&t, code, 9).await;
    }
    t.user("nl@x.org", "national_lead", "GB").await;
    let mut web = t.signed_in("nl@x.org").await;
    for path in [
        format!("/fls/AA-ONE/kpis?period=custom&{DAY}"),
        format!("/fls/AA-ONE/kpis?period=custom&{DAY}&format=csv"),
        format!("/fls/AA-ONE/kpis/{K}?period=custom&{DAY}"),
        format!("/kpis/country/GB?period=custom&{DAY}"),
        format!("/kpis/country/GB?period=custom&{DAY}&format=xlsx"),
        "/kpis/global?period=month&ref=2025-03-01".to_string(),
    ] {
        let r = web.get(&path).await;
        assert_eq!(r.status, 422, "{path}");
        let text = r.texts("main").join(" ");
        assert!(text.contains("Period"), "{path}: {text}");
        assert!(text.contains("at least 90 days"), "{path}: {text}");
        assert!(!text.contains("kpi3"), "{path}: no figures");
    }
    let r = web
        .get(&format!("/fls/AA-ONE/kpis?period=custom&{DAY}"))
        .await;
    assert!(r.body.contains("2025-03-01..2025-03-01"), "{}", r.body);
    assert!(r.body.contains("has 1 days"), "{}", r.body);
    // Q1 of a common year has exactly 90 days: shown.
    for path in [
        format!("/fls/AA-ONE/kpis?period=custom&{Q1}"),
        format!("/kpis/country/GB?period=custom&{Q1}"),
    ] {
        assert_eq!(web.get(&path).await.status, 200, "{path}");
    }
    let nl = token(&t, "nl@x.org").await;
    let mut b = t.browser();
    for scope in ["fls:AA-ONE", "country:GB", "global"] {
        let r = b
            .api_get(&format!("/api/v1/kpis?scope={scope}&{DAY}"), &nl)
            .await;
        assert_eq!(r.status, 422, "{scope}");
        let v = r.json();
        assert_eq!(v["error"]["code"], "period_too_short", "{v}");
        assert_eq!(v["error"]["details"][0]["field"], "period");
        assert_eq!(v["error"]["details"][0]["value"], "2025-03-01..2025-03-01");
        assert_eq!(v["error"]["details"][0]["rule"], "period_too_short");
        let ok = b
            .api_get(&format!("/api/v1/kpis?scope={scope}&{Q1}"), &nl)
            .await;
        assert_eq!(ok.status, 200, "{scope}");
    }
    // An FLS the user may not see still answers 404, as one that does not exist.
    let r = b
        .api_get(&format!("/api/v1/kpis?scope=fls:ZZ-NONE&{DAY}"), &nl)
        .await;
    assert_eq!(r.status, 404);
    // The code is in the API's document.
    let doc = b.get("/api/v1/openapi.json").await.body;
    assert!(doc.contains("period_too_short"));
    // The operator (command line) is exempt.
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

#[tokio::test]
async fn rule8_inside_its_own_fls_a_single_day_still_works() {
    let t = spawn().await;
    for code in ["AA-ONE", "AA-TWO", "AA-THR"] {
        t.fls(code, "GB").await;
        episodes(&t, code, 9).await;
    }
    t.user("lead@x.org", "fls_lead", "AA-ONE").await;
    let mut web = t.signed_in("lead@x.org").await;
    let r = web
        .get(&format!("/fls/AA-ONE/kpis?period=custom&{DAY}"))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    // Its own figures, exact; the pooled values of others are not shown beside them.
    let cells = r.texts(&format!("#row-{K} td"));
    assert_eq!(cells[1], "1", "{cells:?}");
    assert_eq!(cells[5..8], ["—", "—", "—"], "{cells:?}");
    assert_eq!(r.texts("#pooled-withheld").len(), 1);
    let r = web
        .get(&format!("/fls/AA-ONE/kpis/{K}?period=custom&{DAY}"))
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.texts("#funnel-withheld").len(), 1);
    let lead = token(&t, "lead@x.org").await;
    let mut b = t.browser();
    let v = b
        .api_get(&format!("/api/v1/kpis?scope=fls:AA-ONE&{DAY}"), &lead)
        .await;
    assert_eq!(v.status, 200);
    assert_eq!(v.json()["disclosure"], "exact");
    // The country pools other FLSs: outside, so refused.
    let r = b
        .api_get(&format!("/api/v1/kpis?scope=country:GB&{DAY}"), &lead)
        .await;
    assert_eq!(r.status, 422);
}

#[tokio::test]
async fn the_funnel_centre_line_is_withheld_outside_when_its_counts_are_small() {
    let t = spawn().await;
    // 2 + 2 + 2 = 6 episodes in the world: the pooled value's counts are `<8`.
    for code in ["AA-ONE", "AA-TWO", "AA-THR"] {
        t.fls(code, "GB").await;
        episodes(&t, code, 2).await;
    }
    t.user("nl@x.org", "national_lead", "GB").await;
    t.user("lead@x.org", "fls_lead", "AA-ONE").await;
    let path = format!("/fls/AA-ONE/kpis/{K}?period=custom&{Q1}");
    let mut outside = t.signed_in("nl@x.org").await;
    let r = outside.get(&path).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.texts("#funnel-withheld").len(), 1, "{}", r.body);
    assert!(!r.body.contains("<svg id=\"funnel\""));
    let svg = outside
        .get(&format!("{path}&format=svg&chart=funnel"))
        .await;
    assert_eq!(svg.status, 404);
    // Inside, the FLS's own team sees its funnel with the centre line.
    let mut inside = t.signed_in("lead@x.org").await;
    let r = inside.get(&path).await;
    assert_eq!(r.status, 200);
    assert!(r.texts("#funnel-withheld").is_empty());
}
