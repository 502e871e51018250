//! The funnel plot: one point per service, by denominator (x) and value (y), around the pooled
//! value with its 95 % and 99.8 % control limits.

use super::{
    Chart, FRAME_BOTTOM, FRAME_END, FRAME_H, FRAME_START, INK, Mirror, W, esc, frame, frame_y,
    nice_ticks, open, text,
};
use std::fmt::Write;

/// One service in the plot.
pub struct FunnelPoint {
    /// The denominator (patients).
    pub n: u64,
    pub value: f64,
    /// The viewer's own service: highlighted, the others stay anonymous.
    pub own: bool,
}

/// What the funnel plot shows, beyond what every chart needs.
pub struct FunnelChart<'a> {
    /// The pooled value.
    pub p0: f64,
    pub points: &'a [FunnelPoint],
    /// Control limits at a denominator: lower 99.8 %, lower 95 %, upper 95 %, upper 99.8 %.
    pub limits: &'a dyn Fn(u64) -> [f64; 4],
    pub x_label: String,
    pub y_label: String,
    /// The tooltip of the own service's point.
    pub own_label: String,
    /// Formats a number of patients (the x-axis ticks), in the page's language.
    pub fmt_n: &'a dyn Fn(f64) -> String,
}

/// The funnel plot of proportions (value axis 0 to 1). The x axis runs from right to left in
/// right-to-left languages.
pub fn funnel(c: &Chart<'_>, f: &FunnelChart<'_>) -> String {
    let m = Mirror(c.rtl);
    let max_n = f.points.iter().map(|p| p.n).max().unwrap_or(10).max(10) as f64 * 1.05;
    let x_of = |n: f64| m.x(FRAME_START + (n / max_n) * (W - FRAME_START - FRAME_END));
    let mut out = String::new();
    open(&mut out, c, FRAME_H);
    frame(&mut out, c, m, 1.0, &f.x_label, &f.y_label);
    // Ticks of the x axis: numbers of patients.
    let bottom = FRAME_H - FRAME_BOTTOM;
    out.push_str(r#"<g class="x-ticks" font-size="11">"#);
    for t in nice_ticks(0.0, max_n, 5)
        .into_iter()
        .filter(|t| *t <= max_n)
    {
        let x = x_of(t);
        let _ = write!(
            out,
            r##"<line x1="{x:.1}" x2="{x:.1}" y1="{bottom:.1}" y2="{:.1}" stroke="#555"/>"##,
            bottom + 4.0
        );
        text(&mut out, m, x, bottom + 15.0, "middle", INK, &(f.fmt_n)(t));
    }
    out.push_str("</g>");
    // Limits at 60 denominators.
    let steps = 60;
    let mut lines: [String; 4] = Default::default();
    for i in 1..=steps {
        let n = ((max_n * f64::from(i) / f64::from(steps)).round() as u64).max(1);
        let x = x_of(n as f64);
        for (k, v) in (f.limits)(n).into_iter().enumerate() {
            let _ = write!(
                lines[k],
                "{}{x:.1},{:.1}",
                if i == 1 { "" } else { " " },
                frame_y(v, 1.0)
            );
        }
    }
    for (k, pts) in lines.iter().enumerate() {
        let dash = if k == 0 || k == 3 { "6 3" } else { "2 2" };
        let _ = write!(
            out,
            r##"<polyline points="{pts}" fill="none" stroke="#444" stroke-dasharray="{dash}"/>"##
        );
    }
    let y0 = frame_y(f.p0, 1.0);
    let _ = write!(
        out,
        r##"<line x1="{:.1}" x2="{:.1}" y1="{y0:.1}" y2="{y0:.1}" stroke="#1a5fb4" stroke-width="1.5"/>"##,
        m.x(FRAME_START),
        m.x(W - FRAME_END)
    );
    for p in f.points {
        let (x, y) = (x_of(p.n as f64), frame_y(p.value, 1.0));
        if p.own {
            let _ = write!(
                out,
                r##"<path class="own" d="M{x:.1} {:.1} L{:.1} {y:.1} L{x:.1} {:.1} L{:.1} {y:.1} Z" fill="#c01c28" stroke="#000"><title>{}</title></path>"##,
                y - 8.0,
                x + 8.0,
                y + 8.0,
                x - 8.0,
                esc(&f.own_label)
            );
        } else {
            let _ = write!(
                out,
                r##"<circle cx="{x:.1}" cy="{y:.1}" r="4" fill="#777" fill-opacity="0.7"/>"##
            );
        }
    }
    out.push_str("</svg>");
    out
}
