//! The resource library (issue 16): resources, their language versions and files, who may see
//! them, the search words, and the checks of an uploaded file by its content. Pure: the forms
//! are parsed with every failure named at once.

use crate::access::Access;
use crate::auth::Role;
use crate::dataset::{DateOrder, parse_date};
use crate::error::{FieldError, Invalid};
use crate::fold::fold;
use crate::lang::Lang;
use crate::org::{CountryCode, text};
use std::io::Read;
use time::Date;

/// The programme's categories; editors add others (stored, with a name).
pub const CATEGORIES: [&str; 7] = [
    "mentorship_workshop",
    "bpf",
    "getting_to_gold",
    "train_the_trainer",
    "patient_information",
    "benefit_calculator",
    "policy_advocacy",
];
pub const AUDIENCES: [&str; 4] = ["fls_staff", "patients", "policy_makers", "mentors"];
/// Who may read a published resource: anyone, anyone signed in, or mentors and the programme.
pub const VISIBILITIES: [&str; 3] = ["public", "signed_in", "mentors"];
pub const STATUSES: [&str; 2] = ["draft", "published"];

/// The largest file by default (the deployment may change it): a workshop's slides fit.
pub const DEFAULT_FILE_MAX_BYTES: usize = 20 * 1024 * 1024;

/// What the library shows one reader: the visibilities they may read, and whether drafts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LibraryScope {
    pub visibilities: Vec<&'static str>,
    pub drafts: bool,
}

/// Administrators and programme editors edit the library.
pub fn is_editor(access: &Access) -> bool {
    access.is_admin() || access.has_role(Role::ProgrammeEditor)
}

impl LibraryScope {
    /// `None` is a visitor who has not signed in.
    pub fn of(access: Option<&Access>) -> LibraryScope {
        let Some(a) = access else {
            return LibraryScope {
                visibilities: vec!["public"],
                drafts: false,
            };
        };
        let programme = [
            Role::Administrator,
            Role::ProgrammeReviewer,
            Role::ProgrammeEditor,
            Role::Mentor,
        ]
        .into_iter()
        .any(|r| a.has_role(r));
        LibraryScope {
            visibilities: if programme {
                VISIBILITIES.to_vec()
            } else {
                vec!["public", "signed_in"]
            },
            drafts: is_editor(a),
        }
    }
    pub fn sees(&self, visibility: &str, status: &str) -> bool {
        self.visibilities.contains(&visibility) && (status == "published" || self.drafts)
    }
}

fn one_of(field: &str, s: &str, all: &[&'static str]) -> Result<&'static str, FieldError> {
    all.iter()
        .find(|c| **c == s.trim())
        .copied()
        .ok_or_else(|| FieldError::new(field, s, "one_of").arg("allowed", all.join(", ")))
}

/// A language of the site, by its code (`zh-Hans`).
pub fn language(field: &str, s: &str) -> Result<Lang, FieldError> {
    Lang::ALL
        .into_iter()
        .find(|l| l.code().eq_ignore_ascii_case(s.trim()))
        .ok_or_else(|| {
            FieldError::new(field, s, "one_of").arg("allowed", Lang::ALL.map(Lang::code).join(", "))
        })
}

/// A category code: the programme's, or one an editor added (`custom`, known to the caller).
pub fn category(field: &str, s: &str, custom: &[String]) -> Result<String, FieldError> {
    let t = s.trim();
    if CATEGORIES.contains(&t) || custom.iter().any(|c| c == t) {
        return Ok(t.to_string());
    }
    let mut all: Vec<String> = CATEGORIES.iter().map(|c| c.to_string()).collect();
    all.extend(custom.iter().cloned());
    Err(FieldError::new(field, s, "one_of").arg("allowed", all.join(", ")))
}

/// A link address a resource may keep: http(s) or mailto. `javascript:` and `data:` run or
/// carry content in the reader's browser.
pub fn safe_address(address: &str) -> bool {
    let a = address.trim().to_ascii_lowercase();
    if a.starts_with("//") {
        return false;
    }
    a.starts_with('/')
        || a.starts_with('#')
        || a.starts_with("https://")
        || a.starts_with("http://")
        || a.starts_with("mailto:")
}

/// Every link address in Markdown (inline, reference and autolinks).
fn markdown_addresses(body: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Parser, Tag};
    Parser::new(body)
        .filter_map(|e| match e {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                Some(dest_url.to_string())
            }
            _ => None,
        })
        .collect()
}

/// A comma- or line-separated list of closed codes (checkboxes arrive joined).
fn codes(field: &str, s: &str, all: &[&'static str]) -> Result<Vec<&'static str>, FieldError> {
    let mut out = Vec::new();
    for part in s
        .split([',', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let c = one_of(field, part, all)?;
        if !out.contains(&c) {
            out.push(c);
        }
    }
    Ok(out)
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ResourceInput {
    #[serde(default)]
    pub category: String,
    /// Audience codes, comma-separated.
    #[serde(default)]
    pub audiences: String,
    #[serde(default)]
    pub tags: String,
    /// ISO country codes, comma-separated; empty applies everywhere.
    #[serde(default)]
    pub countries: String,
    #[serde(default)]
    pub visibility: String,
    #[serde(default)]
    pub review_by: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    pub category: String,
    pub audiences: Vec<&'static str>,
    pub tags: Vec<String>,
    pub countries: Vec<String>,
    pub visibility: &'static str,
    pub review_by: Option<Date>,
}

impl Resource {
    pub fn parse(i: &ResourceInput, custom: &[String]) -> Result<Resource, Invalid> {
        let mut inv = Invalid::default();
        let category = inv.take(category("resource_category", &i.category, custom));
        let audiences = inv.take(codes("resource_audiences", &i.audiences, &AUDIENCES));
        let tags = inv
            .take(text("resource_tags", &i.tags, false, 500))
            .map(|t| {
                let mut v: Vec<String> = t
                    .split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect();
                v.dedup();
                v
            });
        let mut countries = Vec::new();
        for c in i
            .countries
            .split([',', ' '])
            .filter(|c| !c.trim().is_empty())
        {
            if let Some(c) = inv.take(CountryCode::parse("resource_countries", c)) {
                countries.push(c.as_str().to_string());
            }
        }
        let visibility = inv.take(one_of("resource_visibility", &i.visibility, &VISIBILITIES));
        let review_by = inv.take(parse_date(
            "resource_review_by",
            &i.review_by,
            DateOrder::Ymd,
        ));
        match (category, audiences, tags, visibility, review_by) {
            (Some(category), Some(audiences), Some(tags), Some(visibility), Some(review_by))
                if inv.is_empty() =>
            {
                Ok(Resource {
                    category,
                    audiences,
                    tags,
                    countries,
                    visibility,
                    review_by,
                })
            }
            _ => Err(inv),
        }
    }
}

/// One language version of a resource, as an editor writes it.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct VersionInput {
    #[serde(default)]
    pub language: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub summary: String,
    /// Markdown.
    #[serde(default)]
    pub body: String,
    /// One address per line (videos are linked, not uploaded).
    #[serde(default)]
    pub links: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub language: Lang,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub links: Vec<String>,
}

impl Version {
    pub fn parse(i: &VersionInput) -> Result<Version, Invalid> {
        let mut inv = Invalid::default();
        let language = inv.take(language("resource_language", &i.language));
        let title = inv.take(text("resource_title", &i.title, true, 300));
        let summary = inv.take(text("resource_summary", &i.summary, false, 2000));
        let body = i.body.replace("\r\n", "\n").trim().to_string();
        if body.chars().count() > 100_000 {
            inv.push(FieldError::new("resource_body", &i.body, "too_long").arg("max", 100_000));
        }
        for a in markdown_addresses(&body) {
            if !safe_address(&a) {
                inv.push(FieldError::new("resource_body", &a, "link_unsafe"));
            }
        }
        let mut links = Vec::new();
        for l in i.links.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let lower = l.to_ascii_lowercase();
            if !(lower.starts_with("https://") || lower.starts_with("http://")) {
                inv.push(FieldError::new("resource_links", l, "link_unsafe"));
            } else if l.chars().count() > 2000 || l.chars().any(char::is_whitespace) {
                inv.push(FieldError::new("resource_links", l, "link_invalid"));
            } else {
                links.push(l.to_string());
            }
        }
        match (language, title, summary) {
            (Some(language), Some(title), Some(summary)) if inv.is_empty() => Ok(Version {
                language,
                title,
                summary,
                body,
                links,
            }),
            _ => Err(inv),
        }
    }

    /// The folded text searched (title, summary and body); see [`crate::fold`].
    pub fn search_text(&self) -> String {
        fold(&format!("{}\n{}\n{}", self.title, self.summary, self.body))
    }
}

/// The words of a search box, folded as the stored text is; at most 8, so a pasted paragraph
/// cannot make an unbounded query. Every word must be found (as a substring: Chinese and
/// Japanese have no spaces, and "fractura" finds "fracturas").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchTerms(pub Vec<String>);

impl SearchTerms {
    pub fn parse(q: &str) -> SearchTerms {
        let mut terms: Vec<String> = Vec::new();
        for w in fold(q).split(' ').filter(|w| !w.is_empty()) {
            let w: String = w.chars().take(100).collect();
            if !terms.contains(&w) && terms.len() < 8 {
                terms.push(w);
            }
        }
        SearchTerms(terms)
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// Each word as a LIKE pattern with `\` escaping its wildcards.
    pub fn like_patterns(&self) -> Vec<String> {
        self.0
            .iter()
            .map(|t| {
                let e = t
                    .replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_");
                format!("%{e}%")
            })
            .collect()
    }
}

/// The file types a resource may carry, recognised by their content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Pdf,
    Docx,
    Pptx,
    Xlsx,
    Png,
    Jpeg,
}

impl FileKind {
    pub fn content_type(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            FileKind::Pptx => {
                "application/vnd.openxmlformats-officedocument.presentationml.presentation"
            }
            FileKind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            FileKind::Png => "image/png",
            FileKind::Jpeg => "image/jpeg",
        }
    }
    pub fn extension(self) -> &'static str {
        match self {
            FileKind::Pdf => "pdf",
            FileKind::Docx => "docx",
            FileKind::Pptx => "pptx",
            FileKind::Xlsx => "xlsx",
            FileKind::Png => "png",
            FileKind::Jpeg => "jpg",
        }
    }
    pub fn from_content_type(s: &str) -> Option<FileKind> {
        [
            FileKind::Pdf,
            FileKind::Docx,
            FileKind::Pptx,
            FileKind::Xlsx,
            FileKind::Png,
            FileKind::Jpeg,
        ]
        .into_iter()
        .find(|k| k.content_type() == s)
    }
}

/// The kind of a file by its first bytes (and, for Office files, the parts their zip lists),
/// never by its name: an HTML or SVG page renamed `.pdf` is none of these.
pub fn sniff(bytes: &[u8]) -> Option<FileKind> {
    if bytes.starts_with(b"%PDF-") {
        return Some(FileKind::Pdf);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(FileKind::Png);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(FileKind::Jpeg);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
        let mut types = String::new();
        z.by_name("[Content_Types].xml")
            .ok()?
            .take(1024 * 1024)
            .read_to_string(&mut types)
            .ok()?;
        let has = |part: &str| z.index_for_name(part).is_some();
        if types.contains("/word/document.xml") && has("word/document.xml") {
            return Some(FileKind::Docx);
        }
        if types.contains("/ppt/presentation.xml") && has("ppt/presentation.xml") {
            return Some(FileKind::Pptx);
        }
        if types.contains("/xl/workbook.xml") && has("xl/workbook.xml") {
            return Some(FileKind::Xlsx);
        }
    }
    None
}

/// An uploaded file, checked: its kind and a file name safe to offer for download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    pub kind: FileKind,
    pub filename: String,
    pub size: usize,
}

impl Upload {
    pub fn check(name: &str, bytes: &[u8], max: usize) -> Result<Upload, FieldError> {
        if bytes.is_empty() {
            return Err(FieldError::new("file", name, "file_empty"));
        }
        if bytes.len() > max {
            return Err(
                FieldError::new("file", name, "file_too_large").arg("max", max.div_ceil(1 << 20))
            );
        }
        let kind = sniff(bytes).ok_or_else(|| {
            FieldError::new("file", name, "file_type")
                .arg("allowed", "PDF, DOCX, PPTX, XLSX, PNG, JPEG")
        })?;
        Ok(Upload {
            kind,
            filename: safe_filename(name, kind),
            size: bytes.len(),
        })
    }
}

/// The name a download is offered under: the last path part, no control or quoting
/// characters, at most 150 characters, ending in the extension of what the file really is.
pub fn safe_filename(name: &str, kind: FileKind) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = base
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | ';' | '\\' | '/' | '%'))
        .take(150)
        .collect();
    let clean = clean.trim().trim_start_matches('.').to_string();
    let stem = match clean.rsplit_once('.') {
        Some((s, _)) if !s.is_empty() => s.to_string(),
        _ if clean.is_empty() => "file".to_string(),
        _ => clean,
    };
    format!("{stem}.{}", kind.extension())
}

/// The version a reader gets: their language, else English (the programme's common
/// language), else the first version written. `available` in the order they were added.
pub fn best_language(reader: Lang, available: &[Lang]) -> Option<Lang> {
    [reader, Lang::En]
        .into_iter()
        .find(|l| available.contains(l))
        .or_else(|| available.first().copied())
}

/// The resource a link points to: an address whose path is `/resources/{id}` (on whatever
/// host the deployment has), as Getting to Gold evidence cites library material.
pub fn cited_resource(address: &str) -> Option<i64> {
    let a = address.trim();
    let path = match a.find("://") {
        Some(i) => &a[i + 3..][a[i + 3..].find('/')?..],
        None => a,
    };
    let rest = path.strip_prefix("/resources/")?;
    let id = rest.split(['?', '#', '/']).next()?;
    id.parse().ok().filter(|n: &i64| *n > 0)
}

#[cfg(test)]
mod tests {
    #[test]
    fn library_links_are_recognised_as_citations() {
        assert_eq!(
            super::cited_resource("https://liaison.example.org/resources/12"),
            Some(12)
        );
        assert_eq!(
            super::cited_resource("https://x.org/resources/7?lang=es"),
            Some(7)
        );
        assert_eq!(super::cited_resource("https://x.org/other/7"), None);
        assert_eq!(super::cited_resource("https://x.org/resources/new"), None);
    }

    use super::*;

    fn zip_with(members: &[(&str, &str)]) -> Vec<u8> {
        use std::io::Write;
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, body) in members {
            w.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            w.write_all(body.as_bytes()).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn files_are_known_by_content_not_name() {
        assert_eq!(sniff(b"%PDF-1.4\n..."), Some(FileKind::Pdf));
        assert_eq!(sniff(b"<html><script>alert(1)</script>"), None);
        assert_eq!(sniff(b"<svg xmlns='http://www.w3.org/2000/svg'/>"), None);
        let docx = zip_with(&[
            (
                "[Content_Types].xml",
                r#"<Override PartName="/word/document.xml"/>"#,
            ),
            ("word/document.xml", "<w/>"),
        ]);
        assert_eq!(sniff(&docx), Some(FileKind::Docx));
        // A zip that claims a part it lacks is not a document.
        let fake = zip_with(&[(
            "[Content_Types].xml",
            r#"<Override PartName="/xl/workbook.xml"/>"#,
        )]);
        assert_eq!(sniff(&fake), None);
        let e = Upload::check("leaflet.pdf", b"<html></html>", 100).unwrap_err();
        assert_eq!((e.field.as_str(), e.rule), ("file", "file_type"));
        let e = Upload::check("big.pdf", b"%PDF-1.4 0123456789", 10).unwrap_err();
        assert_eq!(e.rule, "file_too_large");
    }

    #[test]
    fn download_names_are_safe_and_match_the_content() {
        assert_eq!(safe_filename("../../etc/x.html", FileKind::Pdf), "x.pdf");
        assert_eq!(
            safe_filename("نشرة \"مريض\".pdf", FileKind::Pdf),
            "نشرة مريض.pdf"
        );
        assert_eq!(safe_filename("", FileKind::Png), "file.png");
    }

    #[test]
    fn unsafe_links_are_refused_with_the_address() {
        let v = VersionInput {
            language: "en".into(),
            title: "T".into(),
            body: "[x](javascript:alert(1)) and <script>alert(2)</script>".into(),
            links: "data:text/html,hi\nhttps://www.osteoporosis.foundation/".into(),
            ..Default::default()
        };
        let inv = Version::parse(&v).unwrap_err();
        assert_eq!(inv.for_field("resource_body").unwrap().rule, "link_unsafe");
        assert_eq!(
            inv.for_field("resource_links").unwrap().value,
            "data:text/html,hi"
        );
    }

    #[test]
    fn search_words_are_folded_and_escaped() {
        let t = SearchTerms::parse("Fractura  DE cadera 50%");
        assert_eq!(t.0, ["fractura", "de", "cadera", "50%"]);
        assert_eq!(t.like_patterns()[3], "%50\\%%");
        assert_eq!(SearchTerms::parse("كَسْرُ").0, SearchTerms::parse("كسر").0);
    }

    #[test]
    fn scopes_of_readers() {
        let anon = LibraryScope::of(None);
        assert!(anon.sees("public", "published") && !anon.sees("signed_in", "published"));
        assert!(!anon.sees("public", "draft"));
    }
}
