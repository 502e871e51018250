//! Issue 12: numbers typed in the digits the page shows, one set of digits per page, no English
//! left in other languages, and a calculator preset that leads to results.

use crate::helpers::*;
use axum::http::StatusCode;
use liaison_app::Actor;
use liaison_domain::calculator as calc;
use liaison_domain::format;
use liaison_domain::lang::Lang;
use liaison_web::i18n::has_key;

const PRESET: &str = "uk-glasgow-mclellan-2011";

async fn stored(t: &TestApp, id: i64) -> liaison_domain::dataset::EpisodeInput {
    liaison_app::episodes::read(&t.app, &Actor::operator(), id)
        .await
        .unwrap()
        .to_input()
}

#[tokio::test]
async fn an_arabic_user_types_arabic_digits_and_gets_the_numbers_stored() {
    let t = spawn().await;
    t.fls("GB-GLA", "GB").await;
    t.user("ann@x.org", "fls_clinician", "GB-GLA").await;
    let mut b = t.signed_in("ann@x.org").await;
    b.cookies.insert("liaison_lang".into(), "ar".into());
    let r = b
        .post(
            "/fls/GB-GLA/episodes",
            &[
                ("patient_ref", "٤٥٦٧"),
                ("fracture_date", "٢٠٢٦-٠٣-١٥"),
                ("sex", "F"),
                ("birth_date", "١٩٥٠-٠٦-١٥"),
                ("fracture_site", "hip"),
                ("setting", "inpatient"),
                ("frax_major_pct", "٧٢"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let path = r.location();
    let id: i64 = path
        .split('/')
        .nth(4)
        .and_then(|s| s.split('?').next())
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("{path}"));
    let e = stored(&t, id).await;
    assert_eq!(
        (
            e.patient_ref.as_str(),
            e.fracture_date.as_str(),
            e.birth_date.as_str(),
            e.frax_major_pct.as_str()
        ),
        ("4567", "2026-03-15", "1950-06-15", "72")
    );
    // The Arabic page shows the saved value in its own digits, right to left.
    let page = b.get(&path).await;
    assert_eq!(page.attr("html", "dir").as_deref(), Some("rtl"));
    assert_eq!(
        page.attr("#f-frax_major_pct", "value").as_deref(),
        Some("٧٢")
    );
    // Saving the page with ٧٢ still in its field changes only what was typed.
    let fields = crate::edits::form_of(
        &page,
        &[
            ("t_score_total_hip", "-٢٫٥"),
            ("dxa_status", "done"),
            ("dxa_date", "2026-04-01"),
        ],
    );
    let again = crate::edits::submit(&mut b, &format!("/fls/GB-GLA/episodes/{id}"), &fields).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER, "{}", again.body);
    let e = stored(&t, id).await;
    assert_eq!(
        (e.frax_major_pct.as_str(), e.t_score_total_hip.as_str()),
        ("72", "-2.5")
    );
    // The search finds the reference typed either way.
    for q in ["٤٥٦٧", "4567"] {
        let list = b
            .get(&format!(
                "/fls/GB-GLA/episodes?q={}",
                urlencoding::encode(q)
            ))
            .await;
        assert_eq!(list.status, StatusCode::OK);
        assert!(list.body.contains("4567"), "{q}: {}", list.body);
    }
    // A KPI period typed in Arabic digits is a period, not an error.
    let kpi = b
        .get(&format!(
            "/fls/GB-GLA/kpis?period=custom&from={}&to={}",
            urlencoding::encode("٢٠٢٦-٠١-٠١"),
            urlencoding::encode("٢٠٢٦-٠٦-٣٠")
        ))
        .await;
    assert_eq!(kpi.status, StatusCode::OK);
    assert!(
        kpi.texts(".errors").is_empty(),
        "{:?}",
        kpi.texts(".errors")
    );
}

/// Every word of the visible text of `main` that holds an ASCII digit, outside `<bdi>` and
/// `<code>` (names and codes), isolates (quoted references) and words with a Latin letter
/// (`UTF-16`, `H123`).
fn ascii_numbers(r: &Resp) -> Vec<String> {
    let html = r.html();
    let main = scraper::Selector::parse("main").unwrap();
    let mut out = Vec::new();
    for m in html.select(&main) {
        for node in m.descendants() {
            let Some(text) = node.value().as_text() else {
                continue;
            };
            let hidden = node.ancestors().any(|a| {
                a.value()
                    .as_element()
                    .is_some_and(|e| matches!(e.name(), "bdi" | "code" | "script" | "style"))
            });
            if hidden {
                continue;
            }
            // A reference quoted inside a directional isolate keeps its published digits.
            let mut outside = String::new();
            let mut depth = 0usize;
            for c in text.chars() {
                match c {
                    '\u{2066}'..='\u{2068}' => depth += 1,
                    '\u{2069}' => depth = depth.saturating_sub(1),
                    _ if depth == 0 => outside.push(c),
                    _ => {}
                }
            }
            for w in outside.split_whitespace() {
                if w.chars().any(|c| c.is_ascii_digit())
                    && !w.chars().any(|c| c.is_ascii_alphabetic())
                {
                    out.push(w.to_string());
                }
            }
        }
    }
    out
}

#[tokio::test]
async fn the_calculator_reads_arabic_digits_and_writes_every_number_in_them() {
    let t = spawn().await;
    let mut b = t.browser();
    b.cookies.insert("liaison_lang".into(), "ar".into());
    let r = b
        .get(&format!(
            "/calculator?preset={PRESET}&patients_per_year={}&cost_fracture_hip={}\
             &cost_fracture_vertebral=4000&cost_fracture_other=2500&cost_drug_per_year=300",
            urlencoding::encode("١٢٫٥"),
            urlencoding::encode("٢٥٬٠٠٠")
        ))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.texts(".errors").join(" "));
    let mut input = calc::CalculatorInput {
        cost_fracture: calc::PerSite {
            hip: Some(25000.0),
            vertebral: Some(4000.0),
            other: Some(2500.0),
        },
        cost_drug_per_year: Some(300.0),
        ..Default::default()
    };
    calc::preset(PRESET).unwrap().apply(&mut input);
    // The preset sets 1,000 patients; the query's value comes after it in the form.
    let from_query = b
        .get(&format!(
            "/calculator?basis={PRESET}&patients_per_year={}",
            urlencoding::encode("١٢٫٥")
        ))
        .await;
    assert_eq!(
        from_query
            .attr("input[name=patients_per_year]", "value")
            .as_deref(),
        Some("١٢٫٥")
    );
    assert!(
        from_query
            .texts("table.calc-inputs td.num")
            .contains(&"١٢٫٥".to_string())
    );
    assert!(
        r.texts("table.calc-inputs td.num")
            .contains(&format::decimal(Lang::Ar, 25000.0, 0))
    );
    input.patients_per_year = Some(1000.0);
    let want = calc::calculate(&input).unwrap();
    let total = format::decimal(Lang::Ar, want.fractures.prevented.total(), 1);
    assert!(r.texts(".calc-summary dd").contains(&total), "{total}");
    // One set of digits on the page: numbers, chart labels, citations, the values in the form.
    assert_eq!(ascii_numbers(&r), Vec::<String>::new());
    assert_eq!(r.attr("#f-fls_started", "value").as_deref(), Some("٠٫٩٢٧"));
    assert!(r.body.contains("السنة ١"));
}

#[tokio::test]
async fn the_preset_alone_shows_results_and_asks_for_the_costs_it_cannot_fill() {
    let t = spawn().await;
    let mut b = t.browser();
    let r = b.get(&format!("/calculator?preset={PRESET}")).await;
    assert_eq!(r.status, StatusCode::OK);
    // No error box, no field marked invalid: nothing was typed wrongly.
    assert!(r.texts(".errors, .err").is_empty(), "{:?}", r.texts(".err"));
    assert!(!r.body.contains("aria-invalid"));
    // Results: fractures and patients, with the costs asked for beside their fields.
    let labels = r.texts(".calc-summary dt");
    assert!(
        labels.contains(&"Fractures prevented".to_string()),
        "{labels:?}"
    );
    assert!(!labels.contains(&"Net saving".to_string()));
    assert_eq!(
        r.texts(".costs-needed li"),
        [
            "Cost of a hip fracture",
            "Cost of a vertebral fracture",
            "Cost of another fracture",
            "Medication cost per patient-year"
        ]
    );
    assert_eq!(
        r.texts("#n-cost_fracture_hip"),
        ["Needed to show costs and savings."]
    );
    assert_eq!(
        r.texts("svg[role=img] > title"),
        ["Fractures prevented by site and year"]
    );
    // Shares read as percentages, never 0.927027027027.
    assert!(!r.body.contains("0.927027"));
    let inputs = r.texts("table.calc-inputs tbody tr");
    assert!(
        inputs
            .iter()
            .any(|row| row.starts_with("Of those, share who start 92.7%")),
        "{inputs:?}"
    );
    // The share link keeps the costs empty rather than at a made-up 0.
    let share = r.attr("a.share-link", "href").unwrap();
    assert!(share.contains("cost_fracture_hip=&"), "{share}");
    // With the costs entered, the money follows.
    let full = b
        .get(&format!(
            "{share}&cost_fracture_hip=25000&cost_fracture_vertebral=4000\
             &cost_fracture_other=2500&cost_drug_per_year=300"
        ))
        .await;
    assert_eq!(full.status, StatusCode::OK);
    assert!(full.texts(".costs-needed").is_empty());
    assert!(
        full.texts(".calc-summary dt")
            .contains(&"Net saving".to_string())
    );
    assert_eq!(full.texts("svg[role=img] > title").len(), 3);
}

/// English sentences of the calculator's sources and of the audit trail.
fn english_sentences() -> Vec<String> {
    let mut out: Vec<String> = calc::default_sources()
        .into_iter()
        .map(|(_, s)| s.to_string())
        .collect();
    let p = calc::preset(PRESET).unwrap();
    out.push(p.note.clone());
    out.extend(p.values.iter().map(|v| v.source.clone()));
    out.extend(
        [
            "wrong password",
            "Episode changed",
            "Sign-in",
            "episode.read",
        ]
        .into_iter()
        .map(str::to_string),
    );
    out
}

#[tokio::test]
async fn japanese_pages_show_no_english_sentences() {
    let t = spawn().await;
    t.fls("GB-GLA", "GB").await;
    t.user("adm@x.org", "administrator", "").await;
    // Something for the trail to show: a wrong password, a sign-in, an episode changed.
    let mut other = t.browser();
    other.sign_in("adm@x.org", "not the password").await;
    let mut b = t.signed_in("adm@x.org").await;
    b.cookies.insert("liaison_lang".into(), "ja".into());
    let id = crate::authz::episode(&t, "GB-GLA").await;
    b.get(&format!("/fls/GB-GLA/episodes/{id}")).await;

    let calc_page = b.get(&format!("/calculator?preset={PRESET}")).await;
    let audit = b.get("/audit").await;
    assert_eq!(audit.status, StatusCode::OK);
    for (name, page) in [("calculator", &calc_page), ("audit", &audit)] {
        // Codes stay codes (in <code>); every sentence around them is Japanese.
        let text = page.texts("main").join(" ");
        let code_free: String = page
            .texts("main code")
            .iter()
            .fold(text, |acc, c| acc.replacen(c.as_str(), "", 1));
        for en in english_sentences() {
            assert!(!code_free.contains(&en), "{name} shows “{en}”");
        }
    }
    let actions = audit.texts("tbody td:nth-child(4)");
    assert!(
        actions.iter().any(|a| a.starts_with("サインイン")),
        "{actions:?}"
    );
    assert!(
        actions.iter().any(|a| a.starts_with("エピソードの閲覧")),
        "{actions:?}"
    );
    assert!(audit.body.contains("パスワードが違う"));
    // The drug list of the episode form names each medicine in Japanese with its ATC code.
    let form = b.get(&format!("/fls/GB-GLA/episodes/{id}")).await;
    assert!(form.body.contains("アレンドロン酸 (M05BA04)"));
}

#[test]
fn every_audit_action_has_a_label_in_every_language() {
    let mut missing = Vec::new();
    for lang in Lang::ALL {
        for a in liaison_app::audit::ACTIONS {
            let key = liaison_web::pages::audit_action_key(a);
            if !has_key(lang, &key, &[]) {
                missing.push(format!("{}: {key}", lang.code()));
            }
        }
    }
    assert!(missing.is_empty(), "{missing:?}");
}

/// Every action code the sources record (`.audit("x")`, the sign-in and plan helpers) is
/// declared in `ACTIONS`, so none reaches the audit page without a label.
#[test]
fn every_action_the_code_records_is_declared() {
    let base = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let mut files = Vec::new();
    for krate in ["liaison", "liaison-app", "liaison-web"] {
        collect(&format!("{base}/{krate}/src"), &mut files);
    }
    let mut unknown = std::collections::BTreeSet::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for pat in [
            ".audit(",
            "identity_entry(",
            "plan_audit(",
            "reauthenticate(",
        ] {
            for (i, _) in text.match_indices(pat) {
                let call: String = text[i..].chars().take(200).collect();
                let call = call.split(';').next().unwrap_or("");
                for lit in call.split('"').skip(1).step_by(2) {
                    let is_code = !lit.is_empty()
                        && lit
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c == '_' || c == '.')
                        && (lit.contains('.') || lit.starts_with("sign_"));
                    if is_code && !liaison_app::audit::ACTIONS.contains(&lit) {
                        unknown.insert(format!("{lit} ({})", f.display()));
                    }
                }
            }
        }
    }
    assert!(unknown.is_empty(), "not in audit::ACTIONS: {unknown:?}");
}

fn collect(root: &str, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(root).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            collect(p.to_str().unwrap(), out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The calculator's sources and every preset's name, note and citations are keys in every
/// language, and the English ones say what the data says.
#[test]
fn every_calculator_source_and_preset_text_is_translated() {
    let en = liaison_web::i18n::Tr::new(Lang::En);
    let mut keys: Vec<(String, String)> = calc::default_sources()
        .into_iter()
        .map(|(f, s)| (format!("calculator-default-source-{f}"), s.to_string()))
        .collect();
    for p in calc::presets() {
        let key = |what: &str| liaison_web::pages::calculator_preset_key(&p.id, what);
        keys.push((key("name"), p.name.clone()));
        keys.push((key("note"), p.note.clone()));
        for v in &p.values {
            keys.push((key(&format!("source-{}", v.field)), v.source.clone()));
        }
    }
    let mut problems = Vec::new();
    for (key, english) in &keys {
        if en.t(key) != *english {
            problems.push(format!("en: {key} differs from the data"));
        }
        for lang in Lang::ALL {
            if !has_key(lang, key, &[]) {
                problems.push(format!("{}: missing {key}", lang.code()));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_medicine_has_a_name_in_every_language() {
    let mut missing = Vec::new();
    for (code, _) in liaison_domain::dataset::ATC {
        let key = format!("drug-{}", code.trim_end_matches('*'));
        for lang in Lang::ALL {
            if !has_key(lang, &key, &[]) {
                missing.push(format!("{}: {key}", lang.code()));
            }
        }
    }
    assert!(missing.is_empty(), "{missing:?}");
}
