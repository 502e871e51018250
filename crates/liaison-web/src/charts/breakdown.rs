//! A breakdown as small charts (dataset version 2): one panel per KPI, one horizontal bar per
//! cell (age band, sex, site, service...) with its proportion on a shared 0–100 % scale. A cell
//! whose value is withheld by the disclosure rules is drawn as its label (`<8`), never as a
//! zero bar; a cell without patients as "—". The page puts the data table beside it.

use super::{Chart, GRID, INK, MUTED, Mirror, PALETTE, W, esc, open, shorten, text};
use std::fmt::Write;

/// One cell's figure in a panel.
pub enum BarValue {
    Value(f64),
    /// Withheld by the disclosure rules: drawn as this text (e.g. `<8`).
    Withheld(String),
    /// No denominator in this cell.
    Empty,
}

/// One panel: a KPI and one value per cell.
pub struct BarPanel {
    pub title: String,
    pub values: Vec<BarValue>,
}

/// What the breakdown chart shows, beyond what every chart needs.
pub struct BreakdownBars<'a> {
    /// The cells' labels, in the order of every panel's values.
    pub cells: &'a [String],
    pub panels: &'a [BarPanel],
}

const COLS: usize = 2;
const GAP: f64 = 16.0;
const ROW: f64 = 16.0;
const HEAD: f64 = 22.0;
const LABEL_W: f64 = 96.0;
const VALUE_W: f64 = 48.0;

/// Panels in two columns, read from the right in right-to-left languages; every bar on the
/// same scale, so panels and cells compare at a glance.
pub fn breakdown_bars(c: &Chart<'_>, b: &BreakdownBars<'_>) -> String {
    let m = Mirror(c.rtl);
    let panel_h = HEAD + ROW * b.cells.len().max(1) as f64 + 10.0;
    let rows = b.panels.len().div_ceil(COLS).max(1);
    let h = rows as f64 * panel_h;
    let panel_w = (W - GAP * (COLS as f64 - 1.0)) / COLS as f64;
    let mut out = String::new();
    open(&mut out, c, h);
    for (i, p) in b.panels.iter().enumerate() {
        let x0 = (i % COLS) as f64 * (panel_w + GAP);
        let y0 = (i / COLS) as f64 * panel_h;
        let bar0 = x0 + LABEL_W;
        let bar_w = panel_w - LABEL_W - VALUE_W;
        let _ = write!(
            out,
            r#"<g class="panel" font-size="11"><title>{}</title>"#,
            esc(&p.title)
        );
        text(
            &mut out,
            m,
            m.x(x0),
            y0 + 14.0,
            "start",
            INK,
            &shorten(&p.title, 44),
        );
        // The scale's ends: 0 and 100 %.
        for v in [0.0, 1.0] {
            let x = m.x(bar0 + v * bar_w);
            let _ = write!(
                out,
                r#"<line x1="{x:.1}" x2="{x:.1}" y1="{:.1}" y2="{:.1}" stroke="{GRID}"/>"#,
                y0 + HEAD - 2.0,
                y0 + panel_h - 8.0
            );
        }
        for (k, cell) in b.cells.iter().enumerate() {
            let y = y0 + HEAD + ROW * k as f64;
            text(
                &mut out,
                m,
                m.x(bar0 - 6.0),
                y + ROW * 0.72,
                "end",
                INK,
                &shorten(cell, 14),
            );
            match p.values.get(k).unwrap_or(&BarValue::Empty) {
                BarValue::Value(v) => {
                    let len = (v.clamp(0.0, 1.0) * bar_w).max(1.0);
                    let shown = (c.fmt)(*v);
                    let _ = write!(
                        out,
                        r#"<rect x="{:.1}" y="{:.1}" width="{len:.1}" height="{:.1}" fill="{}"><title>{}</title></rect>"#,
                        m.rect_x(bar0, bar0 + len),
                        y + 3.0,
                        ROW - 5.0,
                        PALETTE[0],
                        esc(&format!("{cell}: {shown}"))
                    );
                    text(
                        &mut out,
                        m,
                        m.x(bar0 + len + 4.0),
                        y + ROW * 0.72,
                        "start",
                        INK,
                        &shown,
                    );
                }
                BarValue::Withheld(label) => {
                    // An outline, not a bar: withheld is not zero.
                    let _ = write!(
                        out,
                        r#"<rect class="withheld" x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="none" stroke="{MUTED}" stroke-dasharray="3 2"><title>{}</title></rect>"#,
                        m.rect_x(bar0, bar0 + 28.0),
                        y + 3.0,
                        28.0,
                        ROW - 5.0,
                        esc(&format!("{cell}: {label}"))
                    );
                    text(
                        &mut out,
                        m,
                        m.x(bar0 + 32.0),
                        y + ROW * 0.72,
                        "start",
                        MUTED,
                        label,
                    );
                }
                BarValue::Empty => text(
                    &mut out,
                    m,
                    m.x(bar0 + 2.0),
                    y + ROW * 0.72,
                    "start",
                    MUTED,
                    "—",
                ),
            }
        }
        out.push_str("</g>");
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn withheld_cells_are_outlined_not_drawn_as_zero() {
        let c = Chart {
            id: "b",
            title: "T".into(),
            desc: "D".into(),
            rtl: false,
            fmt: &|v| format!("{:.0}%", v * 100.0),
        };
        let cells = ["50-59", "60-69", "90+"].map(String::from);
        let panels = [BarPanel {
            title: "kpi3".into(),
            values: vec![
                BarValue::Value(0.5),
                BarValue::Withheld("<8".into()),
                BarValue::Empty,
            ],
        }];
        let svg = breakdown_bars(
            &c,
            &BreakdownBars {
                cells: &cells,
                panels: &panels,
            },
        );
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(svg.contains("50-59: 50%"));
        assert!(svg.contains("60-69: &lt;8"));
        assert!(svg.contains(r#"class="withheld""#));
        assert!(!svg.contains("style="));
        let rtl = breakdown_bars(
            &Chart { rtl: true, ..c },
            &BreakdownBars {
                cells: &cells,
                panels: &panels,
            },
        );
        assert!(rtl.contains(r#"direction="rtl""#));
    }
}
