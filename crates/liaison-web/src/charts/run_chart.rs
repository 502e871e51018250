//! The run chart: one service's value per quarter, with a reference value per quarter.

use super::{
    Chart, FRAME_BOTTOM, FRAME_END, FRAME_H, FRAME_START, INK, Mirror, W, frame, frame_y, open,
    text,
};
use std::fmt::Write;

/// What the run chart shows, beyond what every chart needs.
pub struct RunChart<'a> {
    /// The quarters, oldest first.
    pub quarters: &'a [String],
    /// The service's value per quarter (none where it has no patients).
    pub values: &'a [Option<f64>],
    /// The reference value per quarter.
    pub reference: &'a [Option<f64>],
    pub x_label: String,
    pub y_label: String,
}

/// The run chart. Time runs from right to left in right-to-left languages.
pub fn run_chart(c: &Chart<'_>, r: &RunChart<'_>) -> String {
    if r.quarters.is_empty() {
        return String::new();
    }
    let m = Mirror(c.rtl);
    let top = r
        .values
        .iter()
        .chain(r.reference)
        .flatten()
        .copied()
        .fold(1.0f64, f64::max);
    let n = r.quarters.len() as f64;
    let x_of = |i: usize| m.x(FRAME_START + (i as f64 + 0.5) / n * (W - FRAME_START - FRAME_END));
    let mut out = String::new();
    open(&mut out, c, FRAME_H);
    frame(&mut out, c, m, top, &r.x_label, &r.y_label);
    out.push_str(r#"<g class="x-ticks" font-size="10">"#);
    for (i, q) in r.quarters.iter().enumerate() {
        text(
            &mut out,
            m,
            x_of(i),
            FRAME_H - FRAME_BOTTOM + 14.0,
            "middle",
            INK,
            q,
        );
    }
    out.push_str("</g>");
    let series = |values: &[Option<f64>]| -> String {
        values
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.map(|v| format!("{:.1},{:.1}", x_of(i), frame_y(v, top))))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let reference = series(r.reference);
    if !reference.is_empty() {
        let _ = write!(
            out,
            r##"<polyline points="{reference}" fill="none" stroke="#1a5fb4" stroke-dasharray="5 3" stroke-width="1.5"/>"##
        );
    }
    let own = series(r.values);
    let _ = write!(
        out,
        r##"<polyline points="{own}" fill="none" stroke="#c01c28" stroke-width="2"/>"##
    );
    for (i, v) in r.values.iter().enumerate() {
        if let Some(v) = v {
            let _ = write!(
                out,
                r##"<circle cx="{:.1}" cy="{:.1}" r="4" fill="#c01c28"/>"##,
                x_of(i),
                frame_y(*v, top)
            );
        }
    }
    out.push_str("</svg>");
    out
}
