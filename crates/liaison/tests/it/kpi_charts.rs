//! One KPI's charts: the funnel plot and the run chart as server-made SVG with a data table,
//! accessible (title, description, no inline style) and mirrored in Arabic.

use crate::helpers::*;
use crate::kpi::{Q, add, crafted_app, ep};
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
