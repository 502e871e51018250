//! The annual report (issue 19): the PDF read back with poppler (text and page count in
//! English, Arabic and Japanese), the HTML page's rights, a year without data, and an
//! unsupported language (docs/report.md).

use crate::helpers::*;
use crate::kpi::{add, ep};
use liaison_app::kpi::Scope;
use liaison_app::report::{ReportAsk, check};
use liaison_domain::lang::Lang;
use liaison_web::pages::report::{Format, render};
use std::process::Command;

/// Six services of 21 patients in 2025, three in each country so that the United Kingdom,
/// France and Europe are released (rule 3): GB-ONE and FR-ONE assess every patient within 12
/// weeks, the others 10 of 21 (as in `outliers.rs`: GB-ONE and FR-ONE are above the 99.8 %
/// limit of kpi3's world funnel).
async fn registry() -> TestApp {
    let t = spawn().await;
    for (code, cc, on_time) in [
        ("GB-ONE", "GB", 21),
        ("GB-TWO", "GB", 10),
        ("GB-THR", "GB", 10),
        ("FR-ONE", "FR", 21),
        ("FR-TWO", "FR", 10),
        ("FR-THR", "FR", 10),
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
    t.user("nl.gb@x.org", "national_lead", "GB").await;
    t.user("nl.jp@x.org", "national_lead", "JP").await;
    t
}

/// poppler's tools, installed when missing (as scripts/test.sh does) so the test runs on a
/// fresh machine.
fn poppler() {
    if Command::new("pdftotext").arg("-v").output().is_ok() {
        return;
    }
    let sudo = if std::env::var("USER").as_deref() == Ok("root") {
        vec![]
    } else {
        vec!["sudo"]
    };
    let mut cmd = sudo.clone();
    cmd.extend(["apt-get", "install", "-y", "-qq", "poppler-utils"]);
    let ok = Command::new(cmd[0]).args(&cmd[1..]).status();
    assert!(
        ok.is_ok_and(|s| s.success()),
        "poppler-utils is needed to read the PDF back"
    );
}

/// The PDF's text as pdftotext extracts it, and its page count as pdfinfo reads it.
fn read_back(pdf: &[u8]) -> (String, usize) {
    poppler();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.pdf");
    std::fs::write(&path, pdf).unwrap();
    let text = Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    assert!(text.status.success(), "pdftotext refused the file");
    let info = Command::new("pdfinfo").arg(&path).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout).into_owned();
    let pages = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count in {info}"));
    (String::from_utf8_lossy(&text.stdout).into_owned(), pages)
}

async fn pdf(t: &TestApp, scope: Scope, year: i32, lang: Lang) -> Vec<u8> {
    let ask = ReportAsk { scope, year, lang };
    render(&t.app, ask, Format::Pdf)
        .await
        .expect("report")
        .expect("scope")
}

/// Arabic-Indic digits as the Arabic pages write numbers.
fn arabic_digits(n: usize) -> String {
    n.to_string()
        .chars()
        .map(|c| char::from_u32(0x0660 + c.to_digit(10).unwrap_or(0)).unwrap_or(c))
        .collect()
}

#[tokio::test]
async fn the_pdf_reads_back_with_its_words_and_page_count_in_english_arabic_and_japanese() {
    let t = registry().await;
    let gb = Scope::Country("GB".into());
    // English: the title, a section per part, the footer's "page n of N" on every page.
    let (text, pages) = read_back(&pdf(&t, gb.clone(), 2025, Lang::En).await);
    assert!(pages >= 3, "cover, figures and methods: {pages} pages");
    for want in [
        "Annual report 2025: United Kingdom",
        "Summary",
        "Key performance indicators",
        "Facilities summary",
        "No facilities audit round was opened for 2025",
        "Outliers",
        "Methods and definitions",
        "KPI definitions version",
    ] {
        assert!(text.contains(want), "{want:?} in\n{text}");
    }
    // Every page says which of how many it is, and the count is pdfinfo's.
    for n in 1..=pages {
        assert!(
            text.contains(&format!("Page {n} of {pages}")),
            "page {n} of {pages}"
        );
    }
    assert!(!text.contains(&format!("of {}", pages + 1)));
    // pdftotext ends each page with a form feed.
    assert_eq!(text.matches('\u{c}').count(), pages);

    // Japanese (Noto Sans CJK): the title and headings in Japanese, the footer in Japanese.
    let (text, pages) = read_back(&pdf(&t, gb.clone(), 2025, Lang::Ja).await);
    for want in ["年次報告書", "概要", "主要業績指標", "外れ値", "方法と定義"]
    {
        assert!(text.contains(want), "{want:?} in\n{text}");
    }
    assert!(
        text.contains(&format!("{pages} ページ中 {pages} ページ")),
        "{text}"
    );

    // Arabic (Noto Naskh Arabic, right to left): pdftotext gives words back in their logical
    // order, so the headings read as written; the page numbers are Arabic-Indic digits.
    let (text, pages) = read_back(&pdf(&t, gb, 2025, Lang::Ar).await);
    for want in [
        "التقرير السنوي",
        "الملخص",
        "مؤشرات الأداء الرئيسية",
        "الطرق والتعريفات",
    ] {
        assert!(text.contains(want), "{want:?} in\n{text}");
    }
    assert!(text.contains(&arabic_digits(pages)), "{text}");
}

#[tokio::test]
async fn a_year_without_data_gives_a_no_data_document() {
    let t = registry().await;
    let (text, pages) = read_back(&pdf(&t, Scope::Country("GB".into()), 2023, Lang::En).await);
    assert!(text.contains("No data"), "{text}");
    assert!(text.contains("no figures to report"), "{text}");
    assert!(!text.contains("Key performance indicators"), "{text}");
    assert_eq!(pages, 2, "the cover and the no-data page");
    // The page says so too, with 200: a year without data is not an error.
    let mut b = t.signed_in("nl.gb@x.org").await;
    let r = b.get("/kpis/country/GB/report?year=2023&lang=en").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains("No data"));
}

#[tokio::test]
async fn the_html_report_shows_only_what_the_reader_may_see() {
    let t = registry().await;
    let mut b = t.signed_in("nl.gb@x.org").await;
    let r = b.get("/kpis/country/GB/report?year=2025").await;
    assert_eq!(r.status, 200, "{}", r.body);
    let h = r.html();
    assert_eq!(
        h.select(&scraper::Selector::parse("h1").unwrap())
            .map(|e| e.text().collect::<String>())
            .collect::<Vec<_>>(),
        ["Annual report 2025: United Kingdom"]
    );
    assert!(r.body.contains("GB-ONE"), "the GB outlier is named");
    assert!(r.body.contains("<svg"), "charts");
    // The world's report as a national lead of GB sees it: FR-ONE is an outlier too, but not
    // theirs to see.
    let r = b.get("/kpis/global/report?year=2025").await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("GB-ONE"));
    assert!(!r.body.contains("FR-ONE"), "FR-ONE is not theirs to see");
    // A country they may not see, and a lead of a country without services: 404, as for a
    // scope that does not exist.
    assert_eq!(b.get("/kpis/country/FR/report?year=2025").await.status, 404);
    let mut jp = t.signed_in("nl.jp@x.org").await;
    assert_eq!(
        jp.get("/kpis/country/GB/report?year=2025").await.status,
        404
    );
    // The scope page links to its report; the PDF comes from the same page.
    let r = b.get("/kpis/country/GB").await;
    assert!(r.body.contains("href=\"/kpis/country/GB/report\""));
    let r = b
        .get("/kpis/country/GB/report?year=2025&lang=ja&format=pdf")
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.headers["content-type"], "application/pdf");
    assert!(r.body.starts_with("%PDF-"));
}

#[tokio::test]
async fn an_unsupported_language_or_year_is_refused_listing_what_is_allowed() {
    let t = registry().await;
    let mut b = t.signed_in("nl.gb@x.org").await;
    let r = b.get("/kpis/country/GB/report?year=2025&lang=de").await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("“de”"), "{}", r.body);
    assert!(
        r.body.contains("en, es, fr, pt, ar, zh-Hans, ja"),
        "{}",
        r.body
    );
    let r = b.get("/kpis/country/GB/report?year=20x5").await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("20x5"), "{}", r.body);
    // The use case names both at once, and so does the command line.
    let e = check(Scope::Global, "1999", "xx", t.app.now().date()).unwrap_err();
    let msg = liaison::cli::explain(&e);
    assert!(msg.contains("1999") && msg.contains("xx"), "{msg}");
}

#[tokio::test]
async fn the_command_line_writes_the_report_and_explains_bad_input() {
    let (url, _db_dir) = fresh_db_url().await;
    // One service in GB and no episode: every year is "no data".
    let app = cli_app(&url).await;
    app.db.close().await;
    let dir = tempfile::tempdir().unwrap();
    let out = |name: &str| dir.path().join(name).display().to_string();
    let run = |lang: &str, scope: &str, file: &str| {
        crate::cli::liaison(
            &url,
            &[
                "report", "--scope", scope, "--year", "2025", "--lang", lang, "--output", file,
            ],
            None,
        )
    };
    let o = run("fr", "country:GB", &out("r.pdf"));
    assert!(o.status.success(), "{}", crate::cli::text(&o.stderr));
    let (text, pages) = read_back(&std::fs::read(out("r.pdf")).unwrap());
    assert!(text.contains("Rapport annuel 2025"), "{text}");
    assert!(text.contains("Aucune donnée"), "{text}");
    assert!(
        text.contains(&format!("Page {pages} sur {pages}")),
        "{text}"
    );
    let o = run("ar", "country:GB", &out("r.html"));
    assert!(o.status.success(), "{}", crate::cli::text(&o.stderr));
    let html = std::fs::read_to_string(out("r.html")).unwrap();
    assert!(html.contains("<html lang=\"ar\" dir=\"rtl\">"), "{html}");
    assert!(html.contains("لا توجد بيانات"));
    // An unsupported language: exit 1 listing the languages, no file written.
    let o = run("de", "country:GB", &out("de.pdf"));
    assert_eq!(o.status.code(), Some(1));
    assert!(
        crate::cli::text(&o.stderr).contains("en, es, fr, pt, ar, zh-Hans, ja"),
        "{}",
        crate::cli::text(&o.stderr)
    );
    assert!(!dir.path().join("de.pdf").exists());
    // A country without a service, and an output that is neither PDF nor HTML.
    let o = run("en", "country:JP", &out("jp.pdf"));
    assert_eq!(o.status.code(), Some(1));
    assert!(crate::cli::text(&o.stderr).contains("no such scope"));
    let o = run("en", "country:GB", &out("r.docx"));
    assert_eq!(o.status.code(), Some(1));
    assert!(crate::cli::text(&o.stderr).contains(".pdf or .html"));
}

#[tokio::test]
async fn the_report_summarises_the_years_facilities_audit_as_released_medians() {
    use crate::facilities::{full, open_round, submit, with};
    let t = registry().await;
    let mut b = t.signed_in("nl.gb@x.org").await;
    let section = |body: &str| {
        let from = body.find("Facilities summary").expect("the section");
        body[from..].to_string()
    };
    let r = b.get("/kpis/country/GB/report?year=2025&lang=en").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(
        section(&r.body).contains("No facilities audit round was opened for 2025"),
        "{}",
        r.body
    );
    open_round(&t, "2025", "2026-12-31").await;
    // Two of the country's three services: too few to release (rule 3).
    submit(&t, "GB-ONE", "2025", &with(&[("staff_nurse", "1.5")])).await;
    submit(&t, "GB-TWO", "2025", &full()).await;
    let r = b.get("/kpis/country/GB/report?year=2025&lang=en").await;
    let s = section(&r.body);
    assert!(s.contains("its figures are withheld"), "{s}");
    assert!(!s.contains("Governance meetings a year"), "{s}");
    submit(&t, "GB-THR", "2025", &with(&[("staff_nurse", "5.5")])).await;
    let r = b.get("/kpis/country/GB/report?year=2025&lang=en").await;
    let s = section(&r.body);
    assert!(
        s.contains("3 services of this area submitted the 2025 facilities audit"),
        "{s}"
    );
    // Staff 3, 4 and 7 WTE over 550 expected fractures: the median 4 → 7.27 per 1,000.
    assert!(s.contains("7.27"), "{s}");
    assert!(s.contains("Governance meetings a year"), "{s}");
    // The PDF carries the same section, in the reader's language.
    let (text, _) = read_back(&pdf(&t, Scope::Country("GB".into()), 2025, Lang::Es).await);
    assert!(
        text.contains("3 servicios de esta zona enviaron la auditoría de recursos de 2025"),
        "{text}"
    );
}
