//! The annual report as a document (issue 19): a language-neutral list of blocks that the
//! HTML page (`pages/report`) and the PDF ([`pdf`]) both render, so the two say the same.
//!
//! The PDF is made in-process with krilla (text shaped by rustybuzz, Arabic right to left,
//! CJK from the Noto CJK fonts) and krilla-svg (the charts as vectors): no browser, nothing
//! downloaded at run time (docs/decisions-outreach.md "Annual report").

pub mod fonts;
pub mod layout;
pub mod pdf;

use liaison_domain::lang::Lang;

/// A document: its title (the PDF's metadata) and its blocks, in reading order.
#[derive(Debug, Clone)]
pub struct Doc {
    pub lang: Lang,
    pub title: String,
    pub blocks: Vec<Block>,
    /// The footer of each PDF page, with `{n}` and `{total}` to fill.
    pub page_footer: String,
}

#[derive(Debug, Clone)]
pub enum Block {
    /// The cover's title.
    Title(String),
    /// A section.
    Heading(String),
    /// A part of a section (one KPI).
    Subheading(String),
    Para(String),
    /// A table with its header row; every row has the header's number of cells.
    Table {
        head: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    /// A chart of `charts/` (SVG) with its caption.
    Chart {
        caption: String,
        svg: String,
    },
    /// The cover ends here.
    PageBreak,
}
