//! Small multiples (issue 12): one small line chart per series on a shared time axis and a
//! shared value scale, so the panels compare at a glance (a scope's pooled KPI values by
//! quarter). A gap in a line is a period without a value.

use super::{Chart, INK, MUTED, Mirror, W, esc, open, shorten, text};
use std::fmt::Write;

/// One panel: its title and one value per period (none where withheld).
pub struct Panel {
    pub title: String,
    pub values: Vec<Option<f64>>,
}

/// What the small multiples show, beyond what every chart needs.
pub struct SmallMultiples<'a> {
    /// The periods, oldest first (the shared time axis).
    pub periods: &'a [String],
    pub panels: &'a [Panel],
}

const COLS: usize = 3;
const PANEL_H: f64 = 132.0;
const GAP: f64 = 14.0;
const INSET_START: f64 = 40.0;
const INSET_TOP: f64 = 22.0;
const INSET_BOTTOM: f64 = 22.0;

/// The panels in a grid of three columns; time runs from right to left in right-to-left
/// languages, and the panels are read from the right.
pub fn small_multiples(c: &Chart<'_>, s: &SmallMultiples<'_>) -> String {
    let m = Mirror(c.rtl);
    let rows = s.panels.len().div_ceil(COLS).max(1);
    let h = rows as f64 * PANEL_H;
    let top = s
        .panels
        .iter()
        .flat_map(|p| p.values.iter().flatten())
        .copied()
        .fold(1.0f64, f64::max);
    let panel_w = (W - GAP * (COLS as f64 - 1.0)) / COLS as f64;
    let n = s.periods.len().max(1) as f64;
    let mut out = String::new();
    open(&mut out, c, h);
    for (i, p) in s.panels.iter().enumerate() {
        let x0 = (i % COLS) as f64 * (panel_w + GAP);
        let y0 = (i / COLS) as f64 * PANEL_H;
        let (px0, px1) = (x0 + INSET_START, x0 + panel_w - 6.0);
        let (py0, py1) = (y0 + INSET_TOP, y0 + PANEL_H - INSET_BOTTOM);
        let xi = |k: usize| m.x(px0 + (k as f64 + 0.5) / n * (px1 - px0));
        let yv = |v: f64| py1 - (v / top).clamp(0.0, 1.0) * (py1 - py0);
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
            &shorten(&p.title, 30),
        );
        for v in [0.0, top / 2.0, top] {
            let y = yv(v);
            let _ = write!(
                out,
                r##"<line x1="{:.1}" x2="{:.1}" y1="{y:.1}" y2="{y:.1}" stroke="{}"/>"##,
                m.x(px0),
                m.x(px1),
                if v == 0.0 { MUTED } else { "#dde3e9" }
            );
            text(
                &mut out,
                m,
                m.x(px0 - 4.0),
                y + 4.0,
                "end",
                MUTED,
                &(c.fmt)(v),
            );
        }
        // One polyline per run of consecutive values: a withheld quarter leaves a gap.
        let mut run: Vec<String> = Vec::new();
        let flush = |run: &mut Vec<String>, out: &mut String| {
            if run.len() > 1 {
                let _ = write!(
                    out,
                    r##"<polyline points="{}" fill="none" stroke="#0b5cad" stroke-width="2"/>"##,
                    run.join(" ")
                );
            }
            run.clear();
        };
        for (k, v) in p.values.iter().enumerate() {
            match v {
                Some(v) => {
                    let (x, y) = (xi(k), yv(*v));
                    run.push(format!("{x:.1},{y:.1}"));
                    let tip = s.periods.get(k).map(String::as_str).unwrap_or("");
                    let _ = write!(
                        out,
                        r##"<circle cx="{x:.1}" cy="{y:.1}" r="2.5" fill="#0b5cad"><title>{}</title></circle>"##,
                        esc(&format!("{tip}: {}", (c.fmt)(*v)))
                    );
                }
                None => flush(&mut run, &mut out),
            }
        }
        flush(&mut run, &mut out);
        out.push_str(r#"<g class="x-ticks" font-size="10">"#);
        for k in [0, s.periods.len().saturating_sub(1)] {
            if let Some(q) = s.periods.get(k) {
                let anchor = if k == 0 { "start" } else { "end" };
                text(&mut out, m, xi(k), py1 + 14.0, anchor, MUTED, q);
            }
        }
        out.push_str("</g></g>");
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_panel_per_series_and_a_gap_where_a_value_is_withheld() {
        let c = Chart {
            id: "s",
            title: "T".into(),
            desc: "D".into(),
            rtl: false,
            fmt: &|v| format!("{v}"),
        };
        let periods = ["Q1", "Q2", "Q3", "Q4"].map(String::from);
        let panels = [
            Panel {
                title: "a".into(),
                values: vec![Some(0.1), Some(0.2), None, Some(0.4)],
            },
            Panel {
                title: "b".into(),
                values: vec![Some(0.5); 4],
            },
        ];
        let svg = small_multiples(
            &c,
            &SmallMultiples {
                periods: &periods,
                panels: &panels,
            },
        );
        assert_eq!(svg.matches("<g class=\"panel\"").count(), 2);
        // Panel a: one line of two points (Q4 alone has none), panel b: one of four.
        assert_eq!(svg.matches("<polyline").count(), 2);
        assert_eq!(svg.matches("<circle").count(), 7);
        assert!(!svg.contains("style="));
    }
}
