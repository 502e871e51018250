//! Markdown written by editors (library resources, FAQ answers, patient pages) as safe HTML.
//!
//! Editors are trusted to write text, not markup: raw HTML in the source is shown as text,
//! never passed through, and a link or image whose address is not http(s), mailto or a path on
//! this site keeps its words but loses its address. So a pasted `<script>` or a
//! `javascript:` link is inert even if validation at save time missed it.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The HTML of `source`; safe to place inside a page without further escaping.
pub fn render(source: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut dropped_links = 0usize;
    let events = Parser::new_ext(source, options).filter_map(|event| match event {
        // Raw HTML becomes visible text, escaped by the writer.
        Event::Html(html) | Event::InlineHtml(html) => Some(Event::Text(html)),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            if safe_address(&dest_url) {
                Some(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }))
            } else {
                dropped_links += 1;
                None
            }
        }
        Event::End(TagEnd::Link) if dropped_links > 0 => {
            dropped_links -= 1;
            None
        }
        // Images would load from anywhere; an editor attaches files instead. The alt text
        // stays as text.
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        other => Some(other),
    });
    let mut html = String::with_capacity(source.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

/// An address a link may keep: http, https, mailto, or a path on this site.
pub fn safe_address(address: &str) -> bool {
    let a = address.trim().to_ascii_lowercase();
    if a.starts_with("//") {
        return false; // protocol-relative: another site under whatever scheme the page has
    }
    if a.starts_with('/') || a.starts_with('#') {
        return true;
    }
    a.starts_with("https://") || a.starts_with("http://") || a.starts_with("mailto:")
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn raw_html_and_script_are_shown_as_text() {
        let html = render("Hello <script>alert(1)</script> and <b>bold</b>");
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
    }

    #[test]
    fn unsafe_links_keep_their_words_but_lose_the_address() {
        let html = render(
            "[click](javascript:alert(1)) [data](data:text/html;base64,xx) [ok](https://www.osteoporosis.foundation/)",
        );
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("data:"), "{html}");
        assert!(html.contains("click") && html.contains("data"), "{html}");
        assert!(
            html.contains(r#"<a href="https://www.osteoporosis.foundation/">ok</a>"#),
            "{html}"
        );
    }

    #[test]
    fn headings_lists_and_tables_render() {
        let html = render("# Title\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert!(html.contains("<h1>Title</h1>"));
        assert!(html.contains("<li>one</li>"));
        assert!(html.contains("<td>1</td>"));
    }

    #[test]
    fn images_are_dropped_but_alt_text_stays() {
        let html = render("![a hip x-ray](https://example.org/x.png)");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("a hip x-ray"), "{html}");
    }
}
