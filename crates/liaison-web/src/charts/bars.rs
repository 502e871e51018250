//! Bar charts: stacked bars by category and the tornado chart of a sensitivity analysis.

use super::{
    Chart, GRID, INK, MUTED, Mirror, PAD_END, PALETTE, Scale, Series, TornadoBar, W, esc, legend,
    nice_ticks, open, shorten, text, value_frame,
};
use std::fmt::Write;

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
    let (mut out, s, x0, x1) = value_frame(c, m, h, plot_bottom, lo, hi);
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
