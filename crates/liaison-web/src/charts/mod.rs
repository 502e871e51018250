//! Charts as SVG made on the server: no JavaScript, no third-party code.
//!
//! Each chart is an `<svg role="img">` with a `<title>` and a `<desc>` (what a screen reader
//! announces); pages put a data table next to it with the same numbers. Right-to-left
//! languages get a mirrored chart: the category axis runs from right to left and the value
//! labels sit on the right. Numbers are formatted by the caller (`Chart::fmt`), so tick labels
//! follow the page's language. Colours keep a contrast of at least 3:1 against white.
//!
//! Generic on purpose: the calculator, the KPI dashboards and the scope pages (dot plots,
//! small multiples, breakdowns) all draw with it. Every chart opens with [`open`] (role, title,
//! description) and writes its text with [`text`] and [`esc`], so accessibility, escaping and
//! mirroring are done in one place. No chart carries a `style` attribute: the
//! Content-Security-Policy blocks inline styles, so charts use presentation attributes and the
//! classes of `static/app.css`.

use std::fmt::Write;

mod bars;
mod breakdown;
mod dot_plot;
mod funnel;
mod line;
mod run_chart;
mod small_multiples;
mod target;

pub use bars::{stacked_bars, tornado};
pub use breakdown::{BarPanel, BarValue, BreakdownBars, breakdown_bars};
pub use dot_plot::{DotKind, DotPlot, DotRow, dot_plot};
pub use funnel::{FunnelChart, FunnelPoint, funnel};
pub use line::line;
pub use run_chart::{RunChart, run_chart};
pub use small_multiples::{Panel, SmallMultiples, small_multiples};
pub use target::{TargetChart, target_line};

/// Fill colours of the series, in order (blue, orange, green, purple, grey).
pub const PALETTE: [&str; 5] = ["#0b5cad", "#b35900", "#1b6e20", "#6a3d9a", "#4a5560"];

const W: f64 = 640.0;
const INK: &str = "#1b1f24";
const MUTED: &str = "#4a5560";
const GRID: &str = "#c9d1d9";

/// What every chart needs.
pub struct Chart<'a> {
    /// Unique in the page: prefixes the ids of the title and description.
    pub id: &'a str,
    pub title: String,
    pub desc: String,
    /// Mirror for right-to-left languages.
    pub rtl: bool,
    /// Formats a value for an axis or a point label, in the page's language.
    pub fmt: &'a dyn Fn(f64) -> String,
}

/// One series of values, one per category.
pub struct Series {
    pub label: String,
    pub values: Vec<f64>,
}

/// One bar of a tornado chart: the result with the input lowered and raised.
pub struct TornadoBar {
    pub label: String,
    pub low: f64,
    pub high: f64,
}

/// Escapes text for SVG/XML.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// `s` cut to `max` characters with an ellipsis (the full text is in the bar's tooltip and in
/// the data table).
pub fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let cut: String = s.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

/// About `n` round tick values covering `lo..=hi` (1, 2 or 5 times a power of ten apart).
pub fn nice_ticks(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    let (lo, hi) = if lo.is_finite() && hi.is_finite() {
        (lo.min(hi), lo.max(hi))
    } else {
        (0.0, 1.0)
    };
    // An empty range (all values equal) gets a unit of its own size, or 1.
    let hi = if hi > lo { hi } else { lo + lo.abs().max(1.0) };
    let span = hi - lo;
    let raw = span / n.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let first = (lo / step).floor() * step;
    let decimals = (-step.log10().floor()).max(0.0) as usize;
    let mut ticks = Vec::new();
    let mut v = first;
    while v < hi + step * 0.999 && ticks.len() < 50 {
        // Avoid -0 and float dust such as 0.30000000000000004.
        let r: f64 = format!("{:.*}", decimals, (v / step).round() * step)
            .parse()
            .unwrap_or(v);
        ticks.push(if r == 0.0 { 0.0 } else { r });
        v += step;
    }
    if ticks.len() < 2 {
        ticks.push(first + step);
    }
    ticks
}

/// A linear scale from data to pixels.
#[derive(Clone, Copy)]
struct Scale {
    d0: f64,
    d1: f64,
    p0: f64,
    p1: f64,
}

impl Scale {
    fn at(&self, v: f64) -> f64 {
        if self.d1 == self.d0 {
            return self.p0;
        }
        self.p0 + (v - self.d0) / (self.d1 - self.d0) * (self.p1 - self.p0)
    }
}

/// Horizontal positions, mirrored for right-to-left.
#[derive(Clone, Copy)]
struct Mirror(bool);

impl Mirror {
    fn x(&self, x: f64) -> f64 {
        if self.0 { W - x } else { x }
    }
    /// `text-anchor` for text that should sit at the start (`start`) or end (`end`) side in
    /// left-to-right terms: unchanged, because right-to-left text carries `direction="rtl"`,
    /// which turns start and end around by itself.
    fn anchor(&self, a: &'static str) -> &'static str {
        a
    }
    /// The left edge of a box spanning `a..b` in left-to-right coordinates.
    fn rect_x(&self, a: f64, b: f64) -> f64 {
        if self.0 { W - a.max(b) } else { a.min(b) }
    }
}

fn open(out: &mut String, c: &Chart<'_>, h: f64) {
    let _ = write!(
        out,
        r#"<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {h}" role="img" aria-labelledby="{id}-t {id}-d" direction="ltr" font-size="13" font-family="system-ui, sans-serif"><title id="{id}-t">{t}</title><desc id="{id}-d">{d}</desc>"#,
        id = esc(c.id),
        t = esc(&c.title),
        d = esc(&c.desc),
    );
}

/// A text; in right-to-left charts it runs right to left (Arabic words and numbers in order).
fn text(out: &mut String, m: Mirror, x: f64, y: f64, anchor: &str, fill: &str, s: &str) {
    let dir = if m.0 { r#" direction="rtl""# } else { "" };
    let _ = write!(
        out,
        r#"<text x="{x:.1}" y="{y:.1}" text-anchor="{anchor}" fill="{fill}"{dir}>{}</text>"#,
        esc(s)
    );
}

/// The frame of a chart on a vertical value axis from `lo` to `hi` (zero included by the
/// caller): the opened SVG with its axis drawn, the value scale, and the plot's start and end
/// on the category axis.
fn value_frame(
    c: &Chart<'_>,
    m: Mirror,
    h: f64,
    plot_bottom: f64,
    lo: f64,
    hi: f64,
) -> (String, Scale, f64, f64) {
    let ticks = nice_ticks(lo, hi, 5);
    let s = Scale {
        d0: ticks[0],
        d1: *ticks.last().unwrap_or(&1.0),
        p0: plot_bottom,
        p1: PAD_TOP,
    };
    let (x0, x1) = (PAD_START, W - PAD_END);
    let mut out = String::new();
    open(&mut out, c, h);
    value_axis(&mut out, c, m, &ticks, s, x0, x1);
    (out, s, x0, x1)
}

/// Value axis with grid lines (vertical value axis, for bars and lines).
fn value_axis(
    out: &mut String,
    c: &Chart<'_>,
    m: Mirror,
    ticks: &[f64],
    s: Scale,
    x0: f64,
    x1: f64,
) {
    for &t in ticks {
        let y = s.at(t);
        let stroke = if t == 0.0 { MUTED } else { GRID };
        let _ = write!(
            out,
            r#"<line x1="{:.1}" x2="{:.1}" y1="{y:.1}" y2="{y:.1}" stroke="{stroke}" stroke-width="1"/>"#,
            m.x(x0),
            m.x(x1)
        );
        text(
            out,
            m,
            m.x(x0 - 6.0),
            y + 4.0,
            m.anchor("end"),
            MUTED,
            &(c.fmt)(t),
        );
    }
}

fn legend(out: &mut String, m: Mirror, labels: &[(&str, &str)], y: f64, x_start: f64) {
    let mut x = x_start;
    for (label, color) in labels {
        let _ = write!(
            out,
            r#"<rect x="{:.1}" y="{:.1}" width="12" height="12" fill="{color}"/>"#,
            m.rect_x(x, x + 12.0),
            y - 10.0
        );
        text(out, m, m.x(x + 16.0), y, m.anchor("start"), INK, label);
        x += 28.0 + 7.5 * label.chars().count() as f64;
    }
}

/// The framed plot of the KPI charts (funnel plot and run chart): its size and margins.
const FRAME_H: f64 = 360.0;
const FRAME_START: f64 = 56.0;
const FRAME_END: f64 = 16.0;
const FRAME_TOP: f64 = 16.0;
const FRAME_BOTTOM: f64 = 44.0;

/// Height in the frame of `v` on a value axis from 0 to `top`.
fn frame_y(v: f64, top: f64) -> f64 {
    FRAME_TOP + (1.0 - (v / top).clamp(0.0, 1.0)) * (FRAME_H - FRAME_TOP - FRAME_BOTTOM)
}

/// The frame, the value axis (five ticks from 0 to `top`, formatted by `Chart::fmt`) with its
/// grid lines, and the names of both axes. Mirrored for right-to-left languages: the value
/// axis then stands on the right.
fn frame(out: &mut String, c: &Chart<'_>, m: Mirror, top: f64, x_label: &str, y_label: &str) {
    let _ = write!(
        out,
        r##"<rect x="{:.1}" y="{FRAME_TOP}" width="{}" height="{}" fill="#fff" stroke="#555"/>"##,
        m.rect_x(FRAME_START, W - FRAME_END),
        W - FRAME_START - FRAME_END,
        FRAME_H - FRAME_TOP - FRAME_BOTTOM
    );
    out.push_str(r#"<g class="y-ticks" font-size="11">"#);
    for i in 0..=4 {
        let v = top * f64::from(i) / 4.0;
        let y = frame_y(v, top);
        let _ = write!(
            out,
            r##"<line x1="{:.1}" x2="{:.1}" y1="{y:.1}" y2="{y:.1}" stroke="#ddd"/>"##,
            m.x(FRAME_START),
            m.x(W - FRAME_END)
        );
        text(
            out,
            m,
            m.x(FRAME_START - 4.0),
            y + 4.0,
            m.anchor("end"),
            INK,
            &(c.fmt)(v),
        );
    }
    out.push_str("</g><g font-size=\"12\">");
    text(
        out,
        m,
        m.x((FRAME_START + W - FRAME_END) / 2.0),
        FRAME_H - 8.0,
        "middle",
        INK,
        x_label,
    );
    let (x, y) = (m.x(14.0), FRAME_H / 2.0);
    let dir = if m.0 { r#" direction="rtl""# } else { "" };
    let _ = write!(
        out,
        r#"<text x="{x:.1}" y="{y:.1}" text-anchor="middle" fill="{INK}" transform="rotate(-90 {x:.1} {y:.1})"{dir}>{}</text></g>"#,
        esc(y_label)
    );
}

const PAD_START: f64 = 80.0;
const PAD_END: f64 = 16.0;
const PAD_TOP: f64 = 16.0;

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(rtl: bool) -> Chart<'static> {
        Chart {
            id: "c",
            title: "T <1>".into(),
            desc: "D & d".into(),
            rtl,
            fmt: &|v| format!("{v}"),
        }
    }

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        assert_eq!(
            nice_ticks(0.0, 10.0, 5),
            vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]
        );
        let t = nice_ticks(-1234.0, 5678.0, 5);
        assert!(t[0] <= -1234.0 && *t.last().unwrap() >= 5678.0);
        assert_eq!(nice_ticks(0.0, 0.0, 5), vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
    }

    #[test]
    fn svg_is_accessible_escaped_and_mirrored() {
        let cats = vec!["1".to_string(), "2".to_string()];
        let series = vec![Series {
            label: "a".into(),
            values: vec![1.0, 2.0],
        }];
        let ltr = stacked_bars(&chart(false), &cats, &series);
        assert!(ltr.starts_with("<svg") && ltr.contains(r#"role="img""#));
        assert!(ltr.contains("<title id=\"c-t\">T &lt;1&gt;</title>"));
        assert!(ltr.contains("<desc id=\"c-d\">D &amp; d</desc>"));
        assert!(!ltr.contains("style="));
        let rtl = stacked_bars(&chart(true), &cats, &series);
        // The first category sits on the left in LTR and on the right in RTL.
        let x_of = |svg: &str| {
            let i = svg.find(">1</text>").unwrap();
            let s = &svg[..i];
            let j = s.rfind("x=\"").unwrap();
            s[j + 3..]
                .split('"')
                .next()
                .unwrap()
                .parse::<f64>()
                .unwrap()
        };
        assert!(x_of(&ltr) < W / 2.0 && x_of(&rtl) > W / 2.0);
        let t = tornado(
            &chart(true),
            0.0,
            &[TornadoBar {
                label: "x".into(),
                low: -1.0,
                high: 2.0,
            }],
            ("lo", "hi"),
        );
        assert!(t.contains("x · hi: 2"));
        let l = line(&chart(false), &cats, &series[0]);
        assert!(l.contains("<polyline"));
    }
}
