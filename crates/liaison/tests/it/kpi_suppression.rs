//! Small counts seen from outside an FLS (docs/comparisons.md): an aggregate is released only
//! with three contributing services, and a suppressed count cannot be recovered by
//! subtracting the members from their country, region or world.

use crate::helpers::*;
use crate::kpi::{API_Q, Q, add, crafted_app, ep, four, i, kpi, token};
use serde_json::Value;
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
    // A quarter: outside the FLS a single day is refused (rule 8).
    let day = "from=2025-01-01&to=2025-03-31&as_of=2026-11-26";
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
