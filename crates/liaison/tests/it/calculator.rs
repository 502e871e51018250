//! The public FLS Benefit Calculator: results for a preset, validation messages in two
//! languages, share links, the CSV export, and filling from the registry (and who may).

use crate::helpers::*;
use axum::http::StatusCode;
use liaison_app::Actor;
use liaison_domain::calculator::{self as calc, CalculatorInput};
use liaison_domain::format;
use liaison_domain::lang::Lang;

const PRESET: &str = "uk-glasgow-mclellan-2011";

/// The Glasgow preset with the figures it leaves to the user.
fn preset_query() -> String {
    format!(
        "/calculator?preset={PRESET}&patients_per_year=1000&cost_fracture_hip=25000\
         &cost_fracture_vertebral=4000&cost_fracture_other=2500&cost_drug_per_year=300"
    )
}

/// The same inputs, computed by the domain model directly.
fn expected_result() -> calc::CalculatorResult {
    let mut input = CalculatorInput {
        patients_per_year: Some(1000.0),
        cost_fracture: calc::PerSite {
            hip: Some(25000.0),
            vertebral: Some(4000.0),
            other: Some(2500.0),
        },
        cost_drug_per_year: Some(300.0),
        ..CalculatorInput::default()
    };
    calc::preset(PRESET).unwrap().apply(&mut input);
    calc::calculate(&input).unwrap()
}

/// The summary as (label, value) pairs.
fn summary(r: &Resp) -> Vec<(String, String)> {
    r.texts(".calc-summary dt")
        .into_iter()
        .zip(r.texts(".calc-summary dd"))
        .collect()
}

fn summary_value(r: &Resp, label: &str) -> String {
    summary(r)
        .into_iter()
        .find(|(l, _)| l == label)
        .unwrap_or_else(|| panic!("no {label} in {:?}", summary(r)))
        .1
}

#[tokio::test]
async fn anyone_gets_results_for_a_preset_with_charts_and_sources() {
    let t = spawn().await;
    let mut b = t.browser();
    let r = b.get(&preset_query()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let want = expected_result();
    let en = |x: f64, p: usize| format::decimal(Lang::En, x, p);
    assert_eq!(
        summary_value(&r, "Fractures prevented"),
        en(want.fractures.prevented.total(), 1)
    );
    assert_eq!(
        summary_value(&r, "Fractures prevented: Hip"),
        en(want.fractures.prevented.hip, 1)
    );
    assert_eq!(
        summary_value(&r, "Net saving"),
        en(want.costs.net_saving, 0)
    );
    assert_eq!(
        summary_value(&r, "Patients treated, with the FLS"),
        en(want.treated.starters_fls, 0)
    );
    assert_eq!(summary_value(&r, "Patients over the horizon"), "5,000");
    // The preset's values are in the form, its note and citations beside them.
    assert_eq!(
        r.attr("input[name=usual_care_treated]", "value").as_deref(),
        Some("0.193")
    );
    assert!(r.body.contains("McLellan 2011 (abstract): 193 of 1,000"));
    assert_eq!(
        r.texts("#s-usual_care_treated strong.tag-preset"),
        ["Preset"]
    );
    // Defaults show their source; one without a published source is labelled an assumption.
    let retention = r.texts("#s-persistence_retention")[0].clone();
    assert!(
        retention.starts_with("Assumption Default: 0.8 — assumption"),
        "{retention}"
    );
    // One chart per year of service (bars by site), the cumulative saving and the tornado,
    // each an accessible image with a data table beside it.
    let svgs = r.texts("svg[role=img] > title");
    assert_eq!(
        svgs,
        [
            "Fractures prevented by site and year",
            "Cumulative net saving",
            "Sensitivity of the net saving"
        ]
    );
    assert_eq!(r.texts("table.calc-years tbody tr").len(), 5);
    assert!(r.texts("table.calc-years tbody tr")[0].starts_with("Year 1 "));
    // The tornado's table lists the inputs, the one moving the net saving most first.
    let sens = calc::sensitivity(&{
        let mut i = CalculatorInput {
            patients_per_year: Some(1000.0),
            cost_fracture: calc::PerSite {
                hip: Some(25000.0),
                vertebral: Some(4000.0),
                other: Some(2500.0),
            },
            cost_drug_per_year: Some(300.0),
            ..CalculatorInput::default()
        };
        calc::preset(PRESET).unwrap().apply(&mut i);
        i
    })
    .unwrap();
    let rows = r.texts("table.calc-sensitivity tbody th");
    assert_eq!(rows.len(), sens.len());
    let first_label = match sens[0].input {
        "patients_per_year" => "Patients per year",
        "cost_fracture_hip" => "Cost of a hip fracture",
        "horizon_years" => "Horizon (years)",
        other => other,
    };
    assert_eq!(rows[0], first_label);
    // Every input used is listed with its source.
    let inputs = r.texts("table.calc-inputs tbody tr");
    assert!(
        inputs
            .iter()
            .any(|row| row.starts_with("Patients per year 1,000 Preset: McLellan 2011"))
    );
    // An empty form shows no results and no errors.
    let blank = b.get("/calculator").await;
    assert_eq!(blank.status, StatusCode::OK);
    assert!(blank.texts(".calc-summary").is_empty());
    assert!(blank.texts(".errors").is_empty());
}

#[tokio::test]
async fn arabic_results_use_arabic_digits_and_mirrored_charts() {
    let t = spawn().await;
    let mut b = t.browser();
    b.cookies.insert("liaison_lang".into(), "ar".into());
    let r = b.get(&preset_query()).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.attr("html", "dir").as_deref(), Some("rtl"));
    let total = format::decimal(Lang::Ar, expected_result().fractures.prevented.total(), 1);
    assert!(r.texts(".calc-summary dd").contains(&total), "{total}");
    // Year 1's bar label sits on the right half of the 640-wide chart.
    let svg = &r.body[r.body.find("chart-fractures-t").unwrap()..];
    let label = format!(">{}</text>", "السنة ١");
    let at = svg.find(&label).expect("year label");
    let x_attr = svg[..at].rfind("x=\"").unwrap();
    let x: f64 = svg[x_attr + 3..]
        .split('"')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(x > 320.0, "{x}");
    // No inline styles: the Content-Security-Policy blocks them.
    for svg in r.body.split("<svg").skip(1) {
        let svg = &svg[..svg.find("</svg>").unwrap()];
        assert!(!svg.contains("style="), "{svg}");
    }
}

/// The message beside `field`.
fn message(r: &Resp, field: &str) -> String {
    r.texts(&format!("#e-{field}")).join(" ")
}

#[tokio::test]
async fn invalid_inputs_name_field_value_and_rule_in_the_users_language() {
    let t = spawn().await;
    let mut b = t.browser();
    let base = "/calculator?patients_per_year=1000&cost_fracture_hip=1&cost_fracture_vertebral=1\
                &cost_fracture_other=1&cost_fls_per_patient=1&cost_drug_per_year=1";
    let cases = [
        (
            "usual_care_treated=1.5",
            "usual_care_treated",
            "Share treated under usual care “1.5”: must be a share between 0 and 1 (for example 0.65).",
            "Proportion traitée en prise en charge habituelle « 1.5 » : doit être une proportion comprise entre 0 et 1 (par exemple 0,65).",
        ),
        (
            "fls_started=-0.1",
            "fls_started",
            "Of those, share who start “-0.1”: must be a share between 0 and 1 (for example 0.65).",
            "Parmi eux, proportion qui le commence « -0.1 » : doit être une proportion comprise entre 0 et 1 (par exemple 0,65).",
        ),
        (
            "cost_fracture_hip=-250",
            "cost_fracture_hip",
            "Cost of a hip fracture “-250”: must not be negative.",
            "Coût d’une fracture de hanche « -250 » : ",
        ),
        (
            "horizon_years=0",
            "horizon_years",
            "Horizon (years) “0”: must be a whole number of years from 1 to 10.",
            "Horizon (années) « 0 » : doit être un nombre entier d’années compris entre 1 et 10.",
        ),
        (
            "horizon_years=11",
            "horizon_years",
            "Horizon (years) “11”: must be a whole number of years from 1 to 10.",
            "Horizon (années) « 11 » : doit être un nombre entier d’années compris entre 1 et 10.",
        ),
    ];
    for (q, field, en, fr) in cases {
        let url = format!("{base}&{q}");
        b.cookies.remove("liaison_lang");
        let r = b.get(&url).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{q}");
        assert_eq!(message(&r, field), en, "{q}");
        // The summary at the top links to the field; the value typed is kept.
        assert!(r.texts(".errors li").contains(&en.to_string()), "{q}");
        assert_eq!(
            r.attr(&format!("#f-{field}"), "aria-invalid").as_deref(),
            Some("true")
        );
        assert!(
            r.texts(".calc-summary").is_empty(),
            "no results with errors"
        );
        b.cookies.insert("liaison_lang".into(), "fr".into());
        let r = b.get(&url).await;
        assert!(
            message(&r, field).starts_with(fr),
            "{q}: {}",
            message(&r, field)
        );
        // The CSV export refuses the same input with the same messages.
        let csv = b
            .get(&url.replacen("/calculator?", "/calculator.csv?", 1))
            .await;
        assert_eq!(csv.status, StatusCode::UNPROCESSABLE_ENTITY);
        let body = csv.body.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(body.starts_with(fr), "{body}");
    }
    // Site shares that do not add up to 1: one message on the group.
    b.cookies.remove("liaison_lang");
    let r = b.get(&format!("{base}&site_share_other=0.5")).await;
    assert_eq!(
        r.texts("#f-site_shares"),
        [
            "Site shares “0.2 + 0.2 + 0.5”: the shares of hip, vertebral and other fractures must add up to 1 (they add up to 0.9)."
        ]
    );
}

#[tokio::test]
async fn the_share_link_reproduces_the_results() {
    let t = spawn().await;
    let mut b = t.browser();
    let r = b.get(&format!("{}&currency=gbp", preset_query())).await;
    let link = r.attr("a.share-link", "href").unwrap();
    assert!(
        link.starts_with("/calculator?patients_per_year=1000&"),
        "{link}"
    );
    assert!(link.contains("basis=uk-glasgow-mclellan-2011"), "{link}");
    assert!(
        link.contains("currency=GBP") && !link.contains("preset="),
        "{link}"
    );
    // Someone else opens it.
    let mut other = t.browser();
    let again = other.get(&link).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(summary(&again), summary(&r));
    assert_eq!(
        again.texts("table.calc-years tbody tr"),
        r.texts("table.calc-years tbody tr")
    );
    assert_eq!(
        again.texts("table.calc-inputs tbody tr"),
        r.texts("table.calc-inputs tbody tr")
    );
    assert_eq!(again.texts(".amounts")[0], "Amounts in GBP.");
    assert_eq!(again.attr("a.share-link", "href"), Some(link.clone()));
    // Changing one input in the link changes the result.
    let changed = other
        .get(&link.replace("patients_per_year=1000", "patients_per_year=2000"))
        .await;
    assert_eq!(
        summary_value(&changed, "Patients over the horizon"),
        "10,000"
    );
}

#[tokio::test]
async fn the_csv_export_has_the_numbers_of_the_page() {
    let t = spawn().await;
    let mut b = t.browser();
    let page = b.get(&preset_query()).await;
    let csv_url = page.attr("a.csv-link", "href").unwrap();
    let r = b.get(&csv_url).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let mut rd = csv::Reader::from_reader(r.body.as_bytes());
    assert_eq!(
        rd.headers().unwrap().iter().collect::<Vec<_>>(),
        ["section", "item", "label", "year", "value", "source"]
    );
    let rows: Vec<Vec<String>> = rd
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    let value = |section: &str, item: &str, year: &str| -> f64 {
        rows.iter()
            .find(|r| r[0] == section && r[1] == item && r[3] == year)
            .unwrap_or_else(|| panic!("{section} {item} {year}"))[4]
            .parse()
            .unwrap()
    };
    let en = |x: f64, p: usize| format::decimal(Lang::En, x, p);
    for (item, label, places) in [
        ("net_saving", "Net saving", 0),
        ("fractures_prevented", "Fractures prevented", 1),
        ("fracture_costs_avoided", "Fracture costs avoided", 0),
        ("starters_fls", "Patients treated, with the FLS", 0),
    ] {
        assert_eq!(
            en(value("result", item, ""), places),
            summary_value(&page, label),
            "{item}"
        );
    }
    let table = page.texts("table.calc-years tbody tr");
    for (i, row) in table.iter().enumerate() {
        let y = (i + 1).to_string();
        let want = format!(
            "Year {y} {} {} {} {}",
            en(value("year", "fractures_prevented_hip", &y), 1),
            en(value("year", "fractures_prevented_vertebral", &y), 1),
            en(value("year", "fractures_prevented_other", &y), 1),
            en(value("year", "fractures_prevented", &y), 1),
        );
        assert!(row.starts_with(&want), "{row} / {want}");
        assert!(row.ends_with(&en(value("year", "cumulative_net_saving", &y), 0)));
    }
    // Inputs with their sources; an assumption says so.
    let input = |f: &str| rows.iter().find(|r| r[0] == "input" && r[1] == f).unwrap();
    assert_eq!(input("usual_care_treated")[4], "0.193");
    assert!(input("usual_care_treated")[5].starts_with("Preset: McLellan 2011"));
    assert_eq!(
        input("persistence_retention")[2],
        "Share staying on treatment each following year (Assumption)"
    );
    assert!(rows.iter().any(|r| r[0] == "sensitivity"));
    // Nothing to export without inputs.
    assert_eq!(
        b.get("/calculator.csv").await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
}

async fn episode(t: &TestApp, fls: &str, patient_ref: &str, recommended: bool) {
    let mut input = liaison_domain::dataset::EpisodeInput {
        fls_code: fls.into(),
        patient_ref: patient_ref.into(),
        fracture_date: "2026-01-10".into(),
        sex: "F".into(),
        birth_date: "1944-02-03".into(),
        fracture_site: "wrist".into(),
        setting: "outpatient".into(),
        ..Default::default()
    };
    if recommended {
        input.aom_recommendation = "recommended".into();
    }
    match liaison_app::episodes::create(&t.app, &Actor::operator(), &input, true)
        .await
        .unwrap()
    {
        liaison_app::episodes::Saved::Done { .. } => {}
        _ => panic!("episode not created"),
    }
}

#[tokio::test]
async fn a_lead_fills_the_inputs_from_their_own_fls_only() {
    let t = spawn().await;
    t.fls("AA-ONE", "GB").await;
    t.fls("BB-TWO", "BR").await;
    for (i, rec) in [true, true, false, false].into_iter().enumerate() {
        episode(&t, "AA-ONE", &format!("A{i}"), rec).await;
    }
    // The other FLS has more patients: its figures must not leak.
    for i in 0..7 {
        episode(&t, "BB-TWO", &format!("B{i}"), true).await;
    }
    t.user("lead@x.org", "fls_lead", "AA-ONE").await;
    let mut b = t.signed_in("lead@x.org").await;

    // The page offers only the lead's FLS.
    let page = b.get("/calculator").await;
    assert_eq!(
        page.texts("select[name=from_fls] option"),
        ["AA-ONE service (AA-ONE)"]
    );

    let r = b.get("/calculator?from_fls=AA-ONE").await;
    // Costs are still missing: the inputs are filled, fractures shown, the costs asked for.
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.texts(".costs-needed li").len(), 5);
    assert_eq!(
        r.attr("input[name=patients_per_year]", "value").as_deref(),
        Some("4")
    );
    assert_eq!(
        r.attr("input[name=fls_recommended]", "value").as_deref(),
        Some("0.5")
    );
    // Both recommended patients are past 16 weeks without a start recorded: 0 of 2.
    assert_eq!(
        r.attr("input[name=fls_started]", "value").as_deref(),
        Some("0")
    );
    // Nobody is 52 weeks past the fracture yet: persistence keeps its default.
    assert_eq!(
        r.attr("input[name=persistence_year1]", "value").as_deref(),
        Some("0.65")
    );
    assert_eq!(
        r.texts(".registry-fill h2"),
        ["Inputs filled from the registry of AA-ONE service"]
    );
    let items = r.texts(".registry-fill dd");
    assert!(
        items[0].starts_with(
            "4 — 4 patients aged 50 or over with a fracture from 27 Nov 2025 to 26 Nov 2026"
        ),
        "{items:?}"
    );
    assert!(
        items
            .iter()
            .any(|i| i.contains("KPI 6: medication recommended for 2 of 4 patients"))
    );
    assert!(items.iter().any(|i| i.contains("Not enough data")));
    assert_eq!(
        r.texts("#s-patients_per_year strong.tag-registry"),
        ["Registry"]
    );
    assert_eq!(t.count_audit("calculator.registry_fill").await, 1);

    // With the costs, results; the share link carries the values, not the FLS.
    let full = b
        .get(
            "/calculator?from_fls=AA-ONE&cost_fracture_hip=1&cost_fracture_vertebral=1\
             &cost_fracture_other=1&cost_fls_per_patient=1&cost_drug_per_year=1",
        )
        .await;
    assert_eq!(full.status, StatusCode::OK, "{}", full.body);
    assert_eq!(summary_value(&full, "Patients over the horizon"), "20");
    let link = full.attr("a.share-link", "href").unwrap();
    assert!(
        !link.contains("from_fls") && !link.contains("AA-ONE"),
        "{link}"
    );

    // Another FLS's figures: as if it did not exist, and the refusal is in the trail.
    let denied_before = t.count_audit("authorisation_denied").await;
    for code in ["BB-TWO", "ZZ-NONE"] {
        let r = b.get(&format!("/calculator?from_fls={code}")).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{code}");
        assert!(!r.body.contains("B6"));
    }
    assert_eq!(
        t.count_audit("authorisation_denied").await,
        denied_before + 2
    );
    let csv = b.get("/calculator.csv?from_fls=BB-TWO").await;
    assert_eq!(csv.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn anonymous_users_never_see_registry_figures() {
    let t = spawn().await;
    t.fls("AA-ONE", "GB").await;
    for i in 0..3 {
        episode(&t, "AA-ONE", &format!("A{i}"), true).await;
    }
    let mut b = t.browser();
    let page = b.get("/calculator").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.texts("select[name=from_fls]").is_empty());
    assert!(!page.body.contains("AA-ONE"));
    for url in [
        "/calculator?from_fls=AA-ONE",
        "/calculator.csv?from_fls=AA-ONE",
    ] {
        let r = b.get(url).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{url}");
        assert!(!r.body.contains("AA-ONE service"));
    }
    assert_eq!(t.count_audit("calculator.registry_fill").await, 0);
}
