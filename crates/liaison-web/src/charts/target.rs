//! A yearly series against an aim: a line through the years with a value (a withheld year
//! leaves a gap), and the aim as a dashed horizontal line with its label (the Partnership's
//! objectives: "double the baseline", "25 % fewer").

use super::{Chart, INK, Mirror, PALETTE, esc, legend, text, value_frame};
use std::fmt::Write;

pub struct TargetChart<'a> {
    pub categories: &'a [String],
    pub label: &'a str,
    /// One per category; `None` is not drawn.
    pub values: &'a [Option<f64>],
    /// The aim and its label.
    pub target: Option<(f64, &'a str)>,
}

pub fn target_line(c: &Chart<'_>, t: &TargetChart<'_>) -> String {
    let h = 300.0;
    let plot_bottom = h - 64.0;
    let m = Mirror(c.rtl);
    let n = t.categories.len().max(1);
    let all = t
        .values
        .iter()
        .flatten()
        .copied()
        .chain(t.target.map(|x| x.0));
    let (lo, hi) = all.fold((0.0f64, 0.0f64), |(l, h), v| (l.min(v), h.max(v)));
    let (mut out, s, x0, x1) = value_frame(c, m, h, plot_bottom, lo, hi);
    let band = (x1 - x0) / n as f64;
    let x_of = |i: usize| m.x(x0 + band * (i as f64 + 0.5));
    // Runs of consecutive years with a value, each its own polyline.
    let mut runs: Vec<Vec<(f64, f64)>> = vec![vec![]];
    for (i, v) in t.values.iter().enumerate() {
        match v {
            Some(v) => {
                if let Some(r) = runs.last_mut() {
                    r.push((x_of(i), s.at(*v)));
                }
            }
            None => runs.push(vec![]),
        }
    }
    for r in runs.iter().filter(|r| r.len() > 1) {
        let pts: Vec<String> = r.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
        let _ = write!(
            out,
            r#"<polyline points="{}" fill="none" stroke="{}" stroke-width="3"/>"#,
            pts.join(" "),
            PALETTE[0]
        );
    }
    for (i, v) in t.values.iter().enumerate() {
        if let Some(v) = v {
            let _ = write!(
                out,
                r#"<circle cx="{:.1}" cy="{:.1}" r="5" fill="{}"><title>{}</title></circle>"#,
                x_of(i),
                s.at(*v),
                PALETTE[0],
                esc(&format!("{}: {}", t.categories[i], (c.fmt)(*v)))
            );
        }
    }
    let mut keys = vec![(t.label, PALETTE[0])];
    if let Some((aim, label)) = t.target {
        let y = s.at(aim);
        let _ = write!(
            out,
            r#"<line class="target" x1="{:.1}" x2="{:.1}" y1="{y:.1}" y2="{y:.1}" stroke="{}" stroke-width="2" stroke-dasharray="8 5"><title>{}</title></line>"#,
            m.x(x0),
            m.x(x1),
            PALETTE[1],
            esc(&format!("{label}: {}", (c.fmt)(aim)))
        );
        keys.push((label, PALETTE[1]));
    }
    for (i, cat) in t.categories.iter().enumerate() {
        text(&mut out, m, x_of(i), plot_bottom + 18.0, "middle", INK, cat);
    }
    legend(&mut out, m, &keys, h - 14.0, x0);
    out.push_str("</svg>");
    out
}
