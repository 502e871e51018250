//! A [`Doc`] as PDF: A4 pages, a text flow (headings, paragraphs, tables) broken into lines
//! by [`layout`], charts placed as vectors at the text width.
//!
//! Two passes: blocks are first laid out into pages of positioned items, so the page count is
//! known before anything is drawn (each page's footer says "page n of N"); then krilla draws
//! each page. Text runs are ordered by the Unicode bidirectional algorithm (unicode-bidi)
//! and each run is drawn with the first font that has its characters, so an Arabic line with
//! numbers and service codes reads right to left with the numbers left to right.

use super::fonts::{Face, Fonts};
use super::{Block, Doc, layout};
use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Size, Transform};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::TextDirection;
use krilla_svg::{SurfaceExt, SvgSettings};
use liaison_domain::format;
use std::sync::Arc;
use unicode_bidi::{BidiInfo, Level};

const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const MARGIN: f32 = 56.0;
const BODY: f32 = 10.0;
const LEADING: f32 = 1.45;
const CELL_PAD: f32 = 4.0;
const INK: (u8, u8, u8) = (0x1b, 0x1f, 0x24);
const MUTED: (u8, u8, u8) = (0x4a, 0x55, 0x60);
const RULE: (u8, u8, u8) = (0xc9, 0xd1, 0xd9);

/// What a page holds, positioned (y from the top, at the text's baseline).
enum Item {
    Text {
        x0: f32,
        x1: f32,
        y: f32,
        size: f32,
        bold: bool,
        text: String,
        muted: bool,
    },
    Rule {
        x0: f32,
        x1: f32,
        y: f32,
    },
    Chart {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        tree: Arc<usvg::Tree>,
    },
}

/// Bidirectional controls (the translations isolate names and codes in right-to-left
/// sentences) order the runs but have no glyph: they are dropped before shaping.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn visible(t: &str) -> String {
    t.chars().filter(|c| !is_bidi_control(*c)).collect()
}

/// Measures and orders text with the document's fonts.
struct Typesetter<'a> {
    fonts: &'a Fonts,
    rtl: bool,
}

impl Typesetter<'_> {
    fn faces(&self, bold: bool) -> &[Face] {
        if bold {
            &self.fonts.bold
        } else {
            &self.fonts.regular
        }
    }

    /// `text` cut into runs of one face each (the first face that has the character; a
    /// space keeps the face of the run it is in).
    fn font_runs<'t>(&self, text: &'t str, bold: bool) -> Vec<(&'t str, &Face)> {
        let faces = self.faces(bold);
        let mut out: Vec<(&'t str, &Face)> = Vec::new();
        let mut start = 0;
        let mut current: Option<usize> = None;
        for (i, c) in text.char_indices() {
            let pick = if c.is_whitespace() && current.is_some() {
                current
            } else {
                Some(faces.iter().position(|f| f.covers(c)).unwrap_or(0))
            };
            if pick != current {
                if let Some(k) = current
                    && i > start
                {
                    out.push((&text[start..i], &faces[k]));
                }
                start = i;
                current = pick;
            }
        }
        if let Some(k) = current
            && start < text.len()
        {
            out.push((&text[start..], &faces[k]));
        }
        out
    }

    fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        let text = visible(text);
        self.font_runs(&text, bold)
            .iter()
            .map(|(t, f)| f.width(t, size))
            .sum()
    }

    fn lines(&self, text: &str, width: f32, size: f32, bold: bool) -> Vec<String> {
        layout::break_lines(text, width, &|s| self.width(s, size, bold))
    }

    /// Draw one line between `x0` and `x1`: from `x0` in a left-to-right document, ending at
    /// `x1` in a right-to-left one.
    #[allow(clippy::too_many_arguments)]
    fn draw(
        &self,
        s: &mut Surface<'_>,
        x0: f32,
        x1: f32,
        y: f32,
        size: f32,
        bold: bool,
        text: &str,
    ) {
        if text.is_empty() {
            return;
        }
        let base = if self.rtl { Level::rtl() } else { Level::ltr() };
        let info = BidiInfo::new(text, Some(base));
        let mut pieces: Vec<(String, &Face, bool)> = Vec::new();
        for para in &info.paragraphs {
            let (levels, runs) = info.visual_runs(para, para.range.clone());
            for run in runs {
                let rtl = levels[run.start].is_rtl();
                let mut sub = self.font_runs(&text[run], bold);
                if rtl {
                    sub.reverse();
                }
                pieces.extend(sub.into_iter().map(|(t, f)| (visible(t), f, rtl)));
            }
        }
        let widths: Vec<f32> = pieces.iter().map(|(t, f, _)| f.width(t, size)).collect();
        let total: f32 = widths.iter().sum();
        let mut x = if self.rtl { x1 - total } else { x0 };
        for ((t, f, rtl), w) in pieces.into_iter().zip(widths) {
            let dir = if rtl {
                TextDirection::RightToLeft
            } else {
                TextDirection::LeftToRight
            };
            s.draw_text(Point::from_xy(x, y), f.font.clone(), size, &t, false, dir);
            x += w;
        }
    }
}

/// The pages being filled.
struct Flow<'a> {
    ts: Typesetter<'a>,
    pages: Vec<Vec<Item>>,
    y: f32,
}

impl Flow<'_> {
    fn bottom() -> f32 {
        PAGE_H - MARGIN
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN;
    }

    /// Start a new page unless `h` points still fit.
    fn need(&mut self, h: f32) {
        if self.y + h > Self::bottom() && self.y > MARGIN {
            self.new_page();
        }
    }

    fn push(&mut self, item: Item) {
        if let Some(p) = self.pages.last_mut() {
            p.push(item);
        }
    }

    fn text(&mut self, text: &str, size: f32, bold: bool, muted: bool, space_before: f32) {
        let width = PAGE_W - 2.0 * MARGIN;
        let lines = self.ts.lines(text, width, size, bold);
        let step = size * LEADING;
        if self.y > MARGIN {
            self.y += space_before;
        }
        // A heading keeps its first lines of text with it.
        let keep = if bold { step * 3.0 } else { step };
        self.need(keep);
        for line in lines {
            self.need(step);
            self.y += step;
            self.push(Item::Text {
                x0: MARGIN,
                x1: PAGE_W - MARGIN,
                y: self.y - size * 0.3,
                size,
                bold,
                text: line,
                muted,
            });
        }
    }

    /// Column edges, the first column twice as wide as the others; mirrored right to left.
    fn columns(&self, n: usize) -> Vec<(f32, f32)> {
        let width = PAGE_W - 2.0 * MARGIN;
        let unit = width / (n as f32 + 1.0);
        let mut x = MARGIN;
        let mut out = Vec::new();
        for i in 0..n {
            let w = if i == 0 { unit * 2.0 } else { unit };
            out.push((x, x + w));
            x += w;
        }
        if self.ts.rtl {
            out = out
                .into_iter()
                .map(|(a, b)| (PAGE_W - b, PAGE_W - a))
                .collect();
        }
        out
    }

    fn row(&mut self, cols: &[(f32, f32)], cells: &[String], bold: bool, size: f32) {
        let step = size * LEADING;
        let wrapped: Vec<Vec<String>> = cells
            .iter()
            .zip(cols)
            .map(|(c, (a, b))| self.ts.lines(c, b - a - 2.0 * CELL_PAD, size, bold))
            .collect();
        let h = wrapped.iter().map(Vec::len).max().unwrap_or(1) as f32 * step + CELL_PAD;
        let top = self.y;
        for (lines, (a, b)) in wrapped.into_iter().zip(cols) {
            for (i, line) in lines.into_iter().enumerate() {
                self.push(Item::Text {
                    x0: a + CELL_PAD,
                    x1: b - CELL_PAD,
                    y: top + (i as f32 + 1.0) * step - size * 0.3,
                    size,
                    bold,
                    text: line,
                    muted: false,
                });
            }
        }
        self.y = top + h;
        self.push(Item::Rule {
            x0: MARGIN,
            x1: PAGE_W - MARGIN,
            y: self.y,
        });
    }

    fn table(&mut self, head: &[String], rows: &[Vec<String>]) {
        let size = BODY - 1.0;
        let cols = self.columns(head.len());
        let step = size * LEADING;
        self.y += step * 0.5;
        self.need(step * 4.0);
        self.row(&cols, head, true, size);
        for r in rows {
            if self.y + step * 2.0 > Self::bottom() {
                self.new_page();
                self.row(&cols, head, true, size);
            }
            self.row(&cols, r, false, size);
        }
    }

    fn chart(&mut self, caption: &str, svg: &str) -> Result<(), String> {
        let opts = usvg::Options {
            fontdb: self.ts.fonts.db.clone(),
            font_family: self.ts.fonts.family.clone(),
            ..Default::default()
        };
        let tree = usvg::Tree::from_str(svg, &opts).map_err(|e| format!("chart: {e}"))?;
        let w = PAGE_W - 2.0 * MARGIN;
        let h = w * tree.size().height() / tree.size().width();
        // The caption stays on the chart's page.
        self.need(h + BODY * LEADING * 2.0 + BODY);
        self.text(caption, BODY, true, false, BODY);
        self.need(h);
        self.push(Item::Chart {
            x: MARGIN,
            y: self.y,
            w,
            h,
            tree: Arc::new(tree),
        });
        self.y += h;
        Ok(())
    }
}

/// Lay out the document: its pages of items.
fn lay_out(doc: &Doc, fonts: &Fonts) -> Result<Vec<Vec<Item>>, String> {
    let mut flow = Flow {
        ts: Typesetter {
            fonts,
            rtl: doc.lang.is_rtl(),
        },
        pages: Vec::new(),
        y: MARGIN,
    };
    flow.new_page();
    for b in &doc.blocks {
        match b {
            Block::Title(t) => {
                flow.y += 120.0;
                flow.text(t, 24.0, true, false, 0.0);
            }
            Block::Heading(t) => flow.text(t, 16.0, true, false, 18.0),
            Block::Subheading(t) => flow.text(t, 12.0, true, false, 12.0),
            Block::Para(t) => flow.text(t, BODY, false, false, 6.0),
            Block::Table { head, rows } => flow.table(head, rows),
            Block::Chart { caption, svg } => flow.chart(caption, svg)?,
            Block::PageBreak => flow.new_page(),
        }
    }
    Ok(flow.pages)
}

fn fill(c: (u8, u8, u8)) -> Fill {
    Fill {
        paint: rgb::Color::new(c.0, c.1, c.2).into(),
        ..Default::default()
    }
}

/// The PDF of `doc`, drawn with `fonts`.
pub fn render(doc: &Doc, fonts: &Fonts) -> Result<Vec<u8>, String> {
    let pages = lay_out(doc, fonts)?;
    let total = pages.len();
    let ts = Typesetter {
        fonts,
        rtl: doc.lang.is_rtl(),
    };
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(doc.title.clone())
            .language(doc.lang.code().to_string())
            .creator("Liaison".to_string()),
    );
    let settings = PageSettings::from_wh(PAGE_W, PAGE_H).ok_or("page size")?;
    for (n, items) in pages.into_iter().enumerate() {
        let mut page = document.start_page_with(settings.clone());
        let mut s = page.surface();
        for item in items {
            match item {
                Item::Text {
                    x0,
                    x1,
                    y,
                    size,
                    bold,
                    text,
                    muted,
                } => {
                    s.set_fill(Some(fill(if muted { MUTED } else { INK })));
                    ts.draw(&mut s, x0, x1, y, size, bold, &text);
                }
                Item::Rule { x0, x1, y } => {
                    let mut pb = PathBuilder::new();
                    pb.move_to(x0, y);
                    pb.line_to(x1, y);
                    if let Some(path) = pb.finish() {
                        s.set_fill(None);
                        s.set_stroke(Some(Stroke {
                            paint: rgb::Color::new(RULE.0, RULE.1, RULE.2).into(),
                            width: 0.5,
                            ..Default::default()
                        }));
                        s.draw_path(&path);
                        s.set_stroke(None);
                    }
                }
                Item::Chart { x, y, w, h, tree } => {
                    s.push_transform(&Transform::from_translate(x, y));
                    if let Some(size) = Size::from_wh(w, h) {
                        s.draw_svg(&tree, size, SvgSettings::default());
                    }
                    s.pop();
                }
            }
        }
        let footer = doc
            .page_footer
            .replace("{n}", &format::integer(doc.lang, n as i64 + 1))
            .replace("{total}", &format::integer(doc.lang, total as i64));
        s.set_fill(Some(fill(MUTED)));
        ts.draw(
            &mut s,
            MARGIN,
            PAGE_W - MARGIN,
            PAGE_H - MARGIN / 2.0,
            8.0,
            false,
            &footer,
        );
        s.finish();
        page.finish();
    }
    document.finish().map_err(|e| format!("pdf: {e:?}"))
}
