//! A line through one value per category.

use super::{Chart, INK, Mirror, PALETTE, Series, esc, text, value_frame};
use std::fmt::Write;

/// A line through one value per category, with a marked point at each.
pub fn line(c: &Chart<'_>, categories: &[String], series: &Series) -> String {
    let h = 280.0;
    let plot_bottom = h - 44.0;
    let m = Mirror(c.rtl);
    let n = categories.len().max(1);
    let lo = series.values.iter().copied().fold(0.0, f64::min);
    let hi = series.values.iter().copied().fold(0.0, f64::max);
    let (mut out, s, x0, x1) = value_frame(c, m, h, plot_bottom, lo, hi);
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
