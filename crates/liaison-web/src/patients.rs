//! Patient information (issue 16): pages for patients and families, written as Markdown files
//! under `content/patients/<lang>/<slug>.md` and embedded in the binary, so a deployment needs
//! no content directory and a page cannot go missing at run time.
//!
//! Each file opens with a small front matter between `---` lines:
//! `title:`, `summary:`, `updated:` and `review-by:` (ISO dates), and one `source:` line per
//! source. The unit test below checks every page exists in every language with all of them.

use liaison_domain::lang::Lang;
use std::sync::LazyLock;
use time::Date;

/// The pages, in the order the index lists them.
pub const SLUGS: [&str; 5] = [
    "fragility-fracture",
    "what-the-fls-does",
    "medicines",
    "falls-and-exercise",
    "questions-to-ask",
];

macro_rules! files {
    ($($lang:literal),*) => {
        [$(
            ($lang, [
                include_str!(concat!("../content/patients/", $lang, "/fragility-fracture.md")),
                include_str!(concat!("../content/patients/", $lang, "/what-the-fls-does.md")),
                include_str!(concat!("../content/patients/", $lang, "/medicines.md")),
                include_str!(concat!("../content/patients/", $lang, "/falls-and-exercise.md")),
                include_str!(concat!("../content/patients/", $lang, "/questions-to-ask.md")),
            ]),
        )*]
    };
}

const FILES: [(&str, [&str; 5]); 7] = files!("en", "es", "fr", "pt", "ar", "zh-Hans", "ja");

/// One page in one language.
#[derive(Debug, Clone)]
pub struct Page {
    pub slug: &'static str,
    pub lang: Lang,
    pub title: String,
    pub summary: String,
    pub updated: Date,
    /// The date by which the page must be reviewed again.
    pub review_by: Date,
    pub sources: Vec<String>,
    /// The Markdown body, after the front matter.
    pub body: String,
}

/// Every page in every language, parsed once. A file that does not parse is a build mistake
/// the unit test catches; here it is left out rather than taking the server down.
static PAGES: LazyLock<Vec<Page>> = LazyLock::new(|| {
    let mut out = Vec::new();
    for (code, files) in FILES {
        let Some(lang) = Lang::parse(code) else {
            continue;
        };
        for (slug, text) in SLUGS.iter().zip(files) {
            if let Ok(p) = parse(slug, lang, text) {
                out.push(p);
            }
        }
    }
    out
});

/// The page in `lang`, or None when it does not exist in that language.
pub fn page(slug: &str, lang: Lang) -> Option<&'static Page> {
    PAGES.iter().find(|p| p.slug == slug && p.lang == lang)
}

/// The languages `slug` exists in, in the interface's order.
pub fn languages(slug: &str) -> Vec<Lang> {
    Lang::ALL
        .into_iter()
        .filter(|l| page(slug, *l).is_some())
        .collect()
}

/// The page in the reader's language, else in English, else in any language it has.
pub fn best(slug: &str, lang: Lang) -> Option<&'static Page> {
    page(slug, lang)
        .or_else(|| page(slug, Lang::En))
        .or_else(|| languages(slug).first().and_then(|l| page(slug, *l)))
}

fn parse(slug: &'static str, lang: Lang, text: &str) -> Result<Page, String> {
    let rest = text
        .strip_prefix("---\n")
        .ok_or("no front matter: the file must open with ---")?;
    let (head, body) = rest
        .split_once("\n---\n")
        .ok_or("the front matter is not closed by ---")?;
    let (mut title, mut summary, mut updated, mut review_by) = (None, None, None, None);
    let mut sources = Vec::new();
    let date = |v: &str| {
        Date::parse(v, time::macros::format_description!("[year]-[month]-[day]"))
            .map_err(|e| format!("{v}: {e}"))
    };
    for line in head.lines() {
        let (key, value) = line
            .split_once(':')
            .ok_or_else(|| format!("not `key: value`: {line}"))?;
        let value = value.trim().to_string();
        match key.trim() {
            "title" => title = Some(value),
            "summary" => summary = Some(value),
            "updated" => updated = Some(date(&value)?),
            "review-by" => review_by = Some(date(&value)?),
            "source" => sources.push(value),
            other => return Err(format!("unknown key {other}")),
        }
    }
    Ok(Page {
        slug,
        lang,
        title: title.filter(|t| !t.is_empty()).ok_or("no title")?,
        summary: summary.unwrap_or_default(),
        updated: updated.ok_or("no updated date")?,
        review_by: review_by.ok_or("no review-by date")?,
        sources,
        body: body.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_exists_in_every_language_with_title_dates_and_sources() {
        for (code, files) in FILES {
            let lang = Lang::parse(code).expect(code);
            for (slug, text) in SLUGS.iter().zip(files) {
                let p = parse(slug, lang, text).unwrap_or_else(|e| panic!("{code}/{slug}: {e}"));
                assert!(!p.title.trim().is_empty(), "{code}/{slug}: title");
                assert!(!p.summary.trim().is_empty(), "{code}/{slug}: summary");
                assert!(
                    p.review_by > p.updated,
                    "{code}/{slug}: review-by after updated"
                );
                assert!(p.sources.len() >= 2, "{code}/{slug}: sources");
                assert!(p.body.contains("## "), "{code}/{slug}: headings");
            }
        }
        for slug in SLUGS {
            assert_eq!(languages(slug), Lang::ALL.to_vec(), "{slug}");
        }
    }

    #[test]
    fn each_language_is_written_in_that_language() {
        // Guards against a copied English file: the title differs from the English one.
        for slug in SLUGS {
            let en = page(slug, Lang::En).unwrap();
            for lang in Lang::ALL.into_iter().filter(|l| *l != Lang::En) {
                let p = page(slug, lang).unwrap();
                assert_ne!(p.title, en.title, "{slug} in {}", lang.code());
                assert_ne!(p.body, en.body, "{slug} in {}", lang.code());
            }
        }
    }

    #[test]
    fn bodies_render_without_raw_html() {
        for p in PAGES.iter() {
            let html = crate::markdown::render(&p.body);
            assert!(html.contains("<h2>"), "{} {}", p.slug, p.lang.code());
            assert!(
                !p.body.contains('<'),
                "{} {} has raw markup",
                p.slug,
                p.lang.code()
            );
        }
    }
}
