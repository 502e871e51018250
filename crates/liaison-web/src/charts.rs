//! Charts as SVG made on the server: no JavaScript, no third-party code.
//!
//! Each chart is an `<svg role="img">` with a `<title>` and a `<desc>` (what a screen reader
//! announces); pages put a data table next to it with the same numbers. Right-to-left
//! languages get a mirrored chart: the category axis runs from right to left and the value
//! labels sit on the right. Numbers are formatted by the caller (`Chart::fmt`), so tick labels
//! follow the page's language. Colours keep a contrast of at least 3:1 against white.
//!
//! Generic on purpose: the calculator and the KPI dashboards both draw with it.

use std::fmt::Write;

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
        r#"<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {h}" role="img" aria-labelledby="{id}-t {id}-d" style="direction:ltr" font-size="13" font-family="system-ui, sans-serif"><title id="{id}-t">{t}</title><desc id="{id}-d">{d}</desc>"#,
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

const PAD_START: f64 = 80.0;
const PAD_END: f64 = 16.0;
const PAD_TOP: f64 = 16.0;

/// Stacked bars: one bar per category, one segment per series (positive values stack up,
/// negative ones down from zero).
pub fn stacked_bars(c: &Chart<'_>, categories: &[String], series: &[Series]) -> String {
    let h = 300.0;
    let plot_bottom = h - 64.0;
    let m = Mirror(c.rtl);
    let n = categories.len().max(1);
    let mut lo: f64 = 0.0;
    let mut hi: f64 = 0.0;
    for i in 0..n {
        let pos: f64 = series
            .iter()
            .map(|s| s.values.get(i).copied().unwrap_or(0.0).max(0.0))
            .sum();
        let neg: f64 = series
            .iter()
            .map(|s| s.values.get(i).copied().unwrap_or(0.0).min(0.0))
            .sum();
        hi = hi.max(pos);
        lo = lo.min(neg);
    }
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
    let band = (x1 - x0) / n as f64;
    let bar = (band * 0.6).min(70.0);
    for (i, cat) in categories.iter().enumerate() {
        let cx = x0 + band * (i as f64 + 0.5);
        let (mut up, mut down) = (0.0, 0.0);
        for (k, se) in series.iter().enumerate() {
            let v = se.values.get(i).copied().unwrap_or(0.0);
            let (a, b) = if v >= 0.0 {
                let r = (up, up + v);
                up += v;
                r
            } else {
                let r = (down + v, down);
                down += v;
                r
            };
            let (ya, yb) = (s.at(a), s.at(b));
            let _ = write!(
                out,
                r#"<rect x="{:.1}" y="{:.1}" width="{bar:.1}" height="{:.1}" fill="{}"><title>{}</title></rect>"#,
                m.rect_x(cx - bar / 2.0, cx + bar / 2.0),
                ya.min(yb),
                (ya - yb).abs(),
                PALETTE[k % PALETTE.len()],
                esc(&format!("{cat} · {}: {}", se.label, (c.fmt)(v)))
            );
        }
        text(&mut out, m, m.x(cx), plot_bottom + 18.0, "middle", INK, cat);
    }
    let labels: Vec<(&str, &str)> = series
        .iter()
        .enumerate()
        .map(|(k, se)| (se.label.as_str(), PALETTE[k % PALETTE.len()]))
        .collect();
    legend(&mut out, m, &labels, h - 14.0, x0);
    out.push_str("</svg>");
    out
}

/// A line through one value per category, with a marked point at each.
pub fn line(c: &Chart<'_>, categories: &[String], series: &Series) -> String {
    let h = 280.0;
    let plot_bottom = h - 44.0;
    let m = Mirror(c.rtl);
    let n = categories.len().max(1);
    let lo = series.values.iter().copied().fold(0.0, f64::min);
    let hi = series.values.iter().copied().fold(0.0, f64::max);
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
    let band = (x1 - x0) / n as f64;
    let pts: Vec<(f64, f64)> = (0..n)
        .filter_map(|i| {
            let v = *series.values.get(i)?;
            Some((m.x(x0 + band * (i as f64 + 0.5)), s.at(v)))
        })
        .collect();
    let path: Vec<String> = pts.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
    let _ = write!(
        out,
        r#"<polyline points="{}" fill="none" stroke="{}" stroke-width="3"/>"#,
        path.join(" "),
        PALETTE[0]
    );
    for (i, (x, y)) in pts.iter().enumerate() {
        let v = series.values[i];
        let _ = write!(
            out,
            r#"<circle cx="{x:.1}" cy="{y:.1}" r="5" fill="{}"><title>{}</title></circle>"#,
            PALETTE[0],
            esc(&format!("{}: {}", categories[i], (c.fmt)(v)))
        );
    }
    for (i, cat) in categories.iter().enumerate() {
        text(
            &mut out,
            m,
            m.x(x0 + band * (i as f64 + 0.5)),
            plot_bottom + 18.0,
            "middle",
            INK,
            cat,
        );
    }
    out.push_str("</svg>");
    out
}

/// A tornado chart: one horizontal bar per input, from the result with the input lowered to
/// the result with it raised, split at the base result. `labels` name the two ends.
pub fn tornado(c: &Chart<'_>, base: f64, bars: &[TornadoBar], labels: (&str, &str)) -> String {
    let row = 26.0;
    let label_w = 290.0;
    let top = 24.0;
    let h = top + row * bars.len().max(1) as f64 + 56.0;
    let m = Mirror(c.rtl);
    let lo = bars
        .iter()
        .flat_map(|b| [b.low, b.high])
        .fold(base, f64::min);
    let hi = bars
        .iter()
        .flat_map(|b| [b.low, b.high])
        .fold(base, f64::max);
    let ticks = nice_ticks(lo, hi, 4);
    let (x0, x1) = (label_w, W - PAD_END - 34.0);
    let s = Scale {
        d0: ticks[0],
        d1: *ticks.last().unwrap_or(&1.0),
        p0: x0,
        p1: x1,
    };
    let plot_bottom = top + row * bars.len() as f64;
    let mut out = String::new();
    open(&mut out, c, h);
    for &t in &ticks {
        let x = m.x(s.at(t));
        let _ = write!(
            out,
            r#"<line x1="{x:.1}" x2="{x:.1}" y1="{top:.1}" y2="{plot_bottom:.1}" stroke="{GRID}" stroke-width="1"/>"#
        );
        text(
            &mut out,
            m,
            x,
            plot_bottom + 16.0,
            "middle",
            MUTED,
            &(c.fmt)(t),
        );
    }
    let (c_low, c_high) = (PALETTE[1], PALETTE[0]);
    for (i, b) in bars.iter().enumerate() {
        let y = top + row * i as f64;
        text(
            &mut out,
            m,
            m.x(label_w - 8.0),
            y + row * 0.65,
            m.anchor("end"),
            INK,
            &shorten(&b.label, 40),
        );
        for (v, color, end) in [(b.low, c_low, labels.0), (b.high, c_high, labels.1)] {
            let (a, z) = (s.at(base), s.at(v));
            let _ = write!(
                out,
                r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{color}"><title>{}</title></rect>"#,
                m.rect_x(a, z),
                y + 4.0,
                (z - a).abs().max(1.0),
                row - 8.0,
                esc(&format!("{} · {end}: {}", b.label, (c.fmt)(v)))
            );
        }
    }
    let bx = m.x(s.at(base));
    let _ = write!(
        out,
        r#"<line x1="{bx:.1}" x2="{bx:.1}" y1="{:.1}" y2="{plot_bottom:.1}" stroke="{INK}" stroke-width="2"/>"#,
        top - 6.0
    );
    legend(
        &mut out,
        m,
        &[(labels.0, c_low), (labels.1, c_high)],
        h - 12.0,
        x0,
    );
    out.push_str("</svg>");
    out
}

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
