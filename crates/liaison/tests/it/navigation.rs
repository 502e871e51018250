//! Issue 12: each role's home starts their work, every link shown may be followed, scope pages
//! draw their comparisons, and every signal says which way it points.

use crate::helpers::*;
use liaison_app::Actor;
use liaison_app::app::App;
use liaison_app::episodes::{Saved, create};
use liaison_domain::dataset::EpisodeInput;
use std::collections::BTreeSet;

const Q: &str = "period=custom&from=2025-01-01&to=2025-12-31&as_of=2026-11-26";

async fn add(app: &App, fls: &str, r: &str, fracture: &str, assessed: Option<&str>) {
    let e = EpisodeInput {
        fls_code: fls.into(),
        patient_ref: r.into(),
        fracture_date: fracture.into(),
        sex: "F".into(),
        birth_date: "1950-01-01".into(),
        fracture_site: "wrist".into(),
        setting: "outpatient".into(),
        fls_assessment_date: assessed.unwrap_or("").into(),
        ..Default::default()
    };
    match create(app, &Actor::operator(), &e, true).await {
        Ok(Saved::Done { .. }) => {}
        Ok(_) => panic!("{r}: not saved"),
        Err(e) => panic!("{r}: {e:?}"),
    }
}

/// The first number in a text ("3 episodes" → 3).
fn number(s: &str) -> i64 {
    let d: String = s
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit())
        .collect();
    d.parse().unwrap_or_else(|_| panic!("no number in {s:?}"))
}

#[tokio::test]
async fn a_coordinators_home_shows_todays_due_and_overdue_counts_of_each_worklist() {
    let t = spawn().await;
    t.fls("AA-ONE", "GB").await;
    t.user("nurse@x.org", "fls_clinician", "AA-ONE").await;
    // Today is 2026-11-26: an assessment is due 84 days after the fracture, "due" 14 days ahead.
    for (r, d) in [
        ("P1", "2026-07-15"),
        ("P2", "2026-08-01"),
        ("P3", "2026-09-10"),
        ("P4", "2026-11-20"),
    ] {
        add(&t.app, "AA-ONE", r, d, None).await;
    }
    add(&t.app, "AA-ONE", "P5", "2026-07-20", Some("2026-08-01")).await;
    let mut b = t.signed_in("nurse@x.org").await;
    let home = b.get("/").await;
    assert_eq!(home.status, 200, "{}", home.body);
    let row = home.texts("#today-AA-ONE-awaiting-assessment td");
    assert_eq!(row, ["1", "2"], "{}", home.body);
    // Every count is the length of the list it links to.
    let html = home.html();
    let cells = scraper::Selector::parse("table.today td a").unwrap();
    let links: Vec<(String, String)> = html
        .select(&cells)
        .map(|a| {
            let text = a.text().collect::<String>();
            (a.value().attr("href").unwrap().to_string(), text)
        })
        .collect();
    assert_eq!(links.len(), 12, "six worklists, due and overdue");
    for (href, count) in links {
        let list = b.get(&href).await;
        assert_eq!(list.status, 200, "{href}");
        let shown = list.texts("main p[role=status]");
        assert_eq!(number(&shown[0]), number(&count), "{href}: {shown:?}");
    }
    // The search box asks the patient list.
    assert_eq!(
        home.attr("form[role=search]", "action").as_deref(),
        Some("/fls/AA-ONE/episodes")
    );
    let found = b.get("/fls/AA-ONE/episodes?q=P3").await;
    assert_eq!(found.status, 200);
    assert!(found.body.contains("P3"));
}

/// Every internal link of `pages`, as `href`s without their fragment.
async fn links_of(b: &mut Browser, pages: &[String]) -> BTreeSet<String> {
    let sel = scraper::Selector::parse("a[href]").unwrap();
    let mut out = BTreeSet::new();
    for p in pages {
        let r = b.get(p).await;
        assert_eq!(r.status, 200, "{p}: {}", r.body);
        for a in r.html().select(&sel) {
            let href = a.value().attr("href").unwrap_or("");
            let href = href.split('#').next().unwrap_or("");
            if href.starts_with('/') && !href.starts_with("//") {
                out.insert(href.to_string());
            }
        }
    }
    out
}

#[tokio::test]
async fn every_link_on_home_the_fls_pages_and_the_navigation_opens_for_each_role() {
    let t = spawn().await;
    t.fls("AA-ONE", "GB").await;
    t.fls("AA-TWO", "GB").await;
    t.fls("BB-THREE", "ES").await;
    add(&t.app, "AA-ONE", "P1", "2026-07-15", None).await;
    // Each role, and links its home must offer to start its work.
    let roles: [(&str, &str, &str, &[&str]); 8] = [
        (
            "admin@x.org",
            "administrator",
            "",
            &[
                "/admin/users",
                "/admin/kpi-definitions",
                "/admin/bpf",
                "/audit",
            ],
        ),
        (
            "reviewer@x.org",
            "programme_reviewer",
            "",
            &["/bpf/review", "/kpis/global"],
        ),
        (
            "national@x.org",
            "national_lead",
            "GB",
            &["/kpis/country/GB", "/kpis/global"],
        ),
        (
            "regional@x.org",
            "regional_lead",
            "europe",
            &["/kpis/region/europe"],
        ),
        ("mentor@x.org", "mentor", "AA-ONE", &["/fls/AA-ONE/kpis"]),
        (
            "lead@x.org",
            "fls_lead",
            "AA-ONE",
            &["/fls/AA-ONE/users", "/import", "/fls/AA-ONE/export"],
        ),
        (
            "nurse@x.org",
            "fls_clinician",
            "AA-ONE",
            &["/fls/AA-ONE/episodes/new", "/fls/AA-ONE/episodes"],
        ),
        ("viewer@x.org", "viewer", "AA-ONE", &["/fls/AA-ONE/kpis"]),
    ];
    let mut failures = Vec::new();
    for (email, role, scope, starts) in roles {
        t.user(email, role, scope).await;
        let mut b = t.signed_in(email).await;
        let home = links_of(&mut b, &["/".to_string()]).await;
        for s in starts {
            assert!(home.contains(*s), "{role}'s home links {s}: {home:?}");
        }
        let pages = ["/", "/fls/AA-ONE", "/fls/AA-ONE/kpis"].map(String::from);
        let links = links_of(&mut b, &pages).await;
        assert!(links.len() > 5, "{role}: {links:?}");
        for href in links {
            let r = b.get(&href).await;
            if matches!(r.status.as_u16(), 403 | 404) || r.status.is_server_error() {
                failures.push(format!("{role}: {href} answers {}", r.status));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn fls_tabs_show_patients_and_export_only_to_those_who_read_them() {
    let t = spawn().await;
    t.fls("AA-ONE", "GB").await;
    t.user("viewer@x.org", "viewer", "AA-ONE").await;
    t.user("nurse@x.org", "fls_clinician", "AA-ONE").await;
    let tabs = |r: &Resp| r.texts("nav.tabs a");
    let mut v = t.signed_in("viewer@x.org").await;
    assert_eq!(
        tabs(&v.get("/fls/AA-ONE/kpis").await),
        ["Profile", "KPIs", "Facilities"]
    );
    let mut n = t.signed_in("nurse@x.org").await;
    let page = n.get("/fls/AA-ONE").await;
    assert_eq!(
        tabs(&page),
        [
            "Profile",
            "Patients",
            "Worklists",
            "KPIs",
            "Facilities",
            "Export"
        ]
    );
    assert_eq!(n.get("/fls/AA-ONE/export").await.status, 200);
    // Administrators reach the KPI definitions and the frameworks from every admin page.
    t.user("admin@x.org", "administrator", "").await;
    let mut a = t.signed_in("admin@x.org").await;
    for p in [
        "/admin/users",
        "/admin/kpi-definitions",
        "/admin/bpf",
        "/admin/facilities",
    ] {
        let r = a.get(p).await;
        let admin = r.texts("nav.admin-nav a");
        assert!(
            admin.contains(&"KPI definitions".to_string())
                && admin.contains(&"Best Practice Framework versions".to_string())
                && admin.contains(&"Facilities audit rounds".to_string()),
            "{p}: {admin:?}"
        );
    }
}

/// Three services of one country for 2025, 30 patients each: all assessed in time, half of
/// them, none.
async fn three_levels() -> TestApp {
    let t = spawn().await;
    for code in ["AA-HIGH", "AA-MID", "AA-LOW"] {
        t.fls(code, "GB").await;
        for i in 0..30 {
            let assessed = match code {
                "AA-HIGH" => true,
                "AA-MID" => i % 2 == 0,
                _ => false,
            };
            let d = format!("2025-{:02}-10", 1 + i % 10);
            let a = format!("2025-{:02}-20", 1 + i % 10);
            let r = format!("{code}-{i}");
            add(&t.app, code, &r, &d, assessed.then_some(a.as_str())).await;
        }
    }
    t
}

#[tokio::test]
async fn a_scope_page_draws_each_service_against_the_pooled_value_and_the_trend() {
    let t = three_levels().await;
    t.user("nl@x.org", "national_lead", "GB").await;
    let mut b = t.signed_in("nl@x.org").await;
    let r = b.get(&format!("/kpis/country/GB?{Q}")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let at = r
        .body
        .find("aria-labelledby=\"kpi3_assessment_12w-t")
        .expect("dot plot");
    let svg = &r.body[at..at + r.body[at..].find("</svg>").unwrap()];
    assert!(svg.contains("class=\"pooled\""), "{svg}");
    assert!(!svg.contains("style="));
    // Anonymous: labelled by patients, no codes.
    assert!(!svg.contains("AA-"), "{svg}");
    assert_eq!(svg.matches("class=\"band95\"").count(), 3);
    assert!(svg.contains("Pooled 50.0"), "{svg}");
    let counts = r.texts("#dot-kpi3_assessment_12w + p.direction-counts");
    assert_eq!(
        counts,
        ["Doing better than expected: 1 · Needs attention: 1"],
        "{}",
        r.body
    );
    let signals = r.texts(".dot-kpi details td:nth-child(3)").join(" | ");
    assert!(
        signals.contains("below the pooled value of United Kingdom (50.0")
            && signals.contains("above the pooled value of United Kingdom (50.0"),
        "{signals}"
    );
    // The trend as small multiples, its table kept.
    assert!(r.body.contains("aria-labelledby=\"trend-t trend-d\""));
    assert_eq!(r.body.matches("<g class=\"panel\"").count(), 12);
}

#[tokio::test]
async fn signals_say_above_or_below_which_pooled_value_and_what_that_means() {
    let t = three_levels().await;
    t.user("high@x.org", "fls_lead", "AA-HIGH").await;
    t.user("low@x.org", "fls_lead", "AA-LOW").await;
    let mut high = t.signed_in("high@x.org").await;
    let r = high.get(&format!("/fls/AA-HIGH/kpis?{Q}")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.texts("#better-h"), ["Doing better than expected"]);
    let better = r.texts("section.reading-better li").join(" | ");
    assert!(
        better.contains("FLS assessment within 12 weeks")
            && better.contains("above the pooled value of the world (50.0"),
        "{better}"
    );
    assert!(r.texts("#attention-h").is_empty(), "{}", r.body);
    let mut low = t.signed_in("low@x.org").await;
    let r = low.get(&format!("/fls/AA-LOW/kpis?{Q}")).await;
    let attention = r.texts("section.reading-attention li").join(" | ");
    assert!(
        attention.contains("FLS assessment within 12 weeks")
            && attention.contains("below the pooled value of the world"),
        "{attention}"
    );
    assert!(r.texts("#better-h").is_empty());
    // The funnel page says where the own service stands, against the scope compared with.
    let r = low
        .get(&format!(
            "/fls/AA-LOW/kpis/kpi3_assessment_12w?{Q}&compare=country"
        ))
        .await;
    let own = r.texts("p.own-reading").join(" ");
    assert!(
        own.contains("Needs attention") && own.contains("below the pooled value of United Kingdom"),
        "{own}"
    );
}

#[tokio::test]
async fn the_favicon_is_served_and_the_public_home_says_what_liaison_is() {
    let t = spawn().await;
    let mut b = t.browser();
    let icon = b.get("/static/favicon.svg").await;
    assert_eq!(icon.status, 200);
    assert_eq!(icon.headers["content-type"], "image/svg+xml");
    assert!(icon.body.starts_with("<svg"));
    let home = b.get("/").await;
    assert_eq!(
        home.attr("link[rel=icon]", "href").as_deref(),
        Some("/static/favicon.svg")
    );
    let links: Vec<String> = home
        .html()
        .select(&scraper::Selector::parse("main a").unwrap())
        .filter_map(|a| a.value().attr("href").map(String::from))
        .collect();
    for l in ["/map", "/calculator", "/sign-in"] {
        assert!(links.contains(&l.to_string()), "{l} in {links:?}");
    }
    let text = home.texts("main p").join(" ");
    assert!(text.contains("coordinators and clinicians"), "{text}");
}

/// The join-the-network pipeline is in the navigation of exactly those who may open it: the
/// programme and national leads; for everyone else the page answers 404 and no link shows.
#[tokio::test]
async fn the_network_link_shows_only_to_those_the_pipeline_opens_for() {
    let t = spawn().await;
    t.fls("AA-ONE", "GB").await;
    let nav = scraper::Selector::parse("nav a[href='/network']").unwrap();
    for (email, role, scope, may) in [
        ("admin@x.org", "administrator", "", true),
        ("reviewer@x.org", "programme_reviewer", "", true),
        ("national@x.org", "national_lead", "GB", true),
        ("regional@x.org", "regional_lead", "europe", false),
        ("lead@x.org", "fls_lead", "AA-ONE", false),
        ("nurse@x.org", "fls_clinician", "AA-ONE", false),
        ("viewer@x.org", "viewer", "AA-ONE", false),
    ] {
        t.user(email, role, scope).await;
        let mut b = t.signed_in(email).await;
        let home = b.get("/").await;
        let shown = home.html().select(&nav).next().is_some();
        assert_eq!(shown, may, "{role}: link shown");
        let status = b.get("/network").await.status.as_u16();
        assert_eq!(status, if may { 200 } else { 404 }, "{role}: /network");
    }
    // Signed out: the public navigation offers joining, not the pipeline.
    let home = t.browser().get("/").await;
    assert!(home.html().select(&nav).next().is_none());
}
