//! The dot plot of a scope page (issue 12): one row per service, its value as a dot, the
//! pooled value as a line across all rows, and behind each dot the band a service of its size
//! falls in 95 % of the time (the funnel plot's limits at its denominator). Rows are ordered
//! by value and carry no name: the caller labels them (its number of patients, or "your
//! service"), as the disclosure rules allow.

use super::{Chart, INK, MUTED, Mirror, Scale, W, esc, nice_ticks, open, text};
use std::fmt::Write;

/// How a row's dot is drawn: by what its signal means.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum DotKind {
    Inside,
    Better,
    Attention,
}

impl DotKind {
    fn class(self) -> &'static str {
        match self {
            DotKind::Inside => "dot-inside",
            DotKind::Better => "dot-better",
            DotKind::Attention => "dot-attention",
        }
    }
    /// Colours with 3:1 contrast on white; the shape and the data table say it too.
    fn fill(self) -> &'static str {
        match self {
            DotKind::Inside => "#4a5560",
            DotKind::Better => "#1b6e20",
            DotKind::Attention => "#a4161a",
        }
    }
}

/// One service.
pub struct DotRow {
    pub label: String,
    pub value: f64,
    /// The 95 % limits at the service's denominator.
    pub band: (f64, f64),
    pub own: bool,
    pub kind: DotKind,
}

/// What the dot plot shows, beyond what every chart needs.
pub struct DotPlot<'a> {
    pub p0: f64,
    pub rows: &'a [DotRow],
    pub x_label: String,
    /// The label of the pooled line (already formatted, with its value).
    pub pooled_label: String,
}

const LABEL_W: f64 = 112.0;
const END: f64 = 20.0;
const TOP: f64 = 30.0;
const BOTTOM: f64 = 44.0;

/// The dot plot; mirrored for right-to-left languages (values grow leftwards, labels on the
/// right).
pub fn dot_plot(c: &Chart<'_>, d: &DotPlot<'_>) -> String {
    let m = Mirror(c.rtl);
    let row_h = if d.rows.len() > 30 { 12.0 } else { 18.0 };
    let plot_h = row_h * d.rows.len().max(1) as f64;
    let h = TOP + plot_h + BOTTOM;
    let hi = d
        .rows
        .iter()
        .map(|r| r.value.max(r.band.1))
        .fold(d.p0.max(1.0), f64::max);
    let ticks = nice_ticks(0.0, hi, 4);
    let s = Scale {
        d0: 0.0,
        d1: *ticks.last().unwrap_or(&1.0),
        p0: LABEL_W,
        p1: W - END,
    };
    let x = |v: f64| m.x(s.at(v));
    let mut out = String::new();
    open(&mut out, c, h);
    let bottom = TOP + plot_h;
    out.push_str(r#"<g class="x-ticks" font-size="11">"#);
    for t in &ticks {
        let _ = write!(
            out,
            r##"<line x1="{0:.1}" x2="{0:.1}" y1="{TOP:.1}" y2="{1:.1}" stroke="#c9d1d9"/>"##,
            x(*t),
            bottom + 4.0
        );
        text(
            &mut out,
            m,
            x(*t),
            bottom + 16.0,
            "middle",
            INK,
            &(c.fmt)(*t),
        );
    }
    out.push_str("</g>");
    text(
        &mut out,
        m,
        m.x((LABEL_W + W - END) / 2.0),
        h - 8.0,
        "middle",
        INK,
        &d.x_label,
    );
    for (i, r) in d.rows.iter().enumerate() {
        let y = TOP + row_h * (i as f64 + 0.5);
        let (a, b) = (x(r.band.0), x(r.band.1));
        let _ = write!(
            out,
            r##"<rect class="band95" x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="#cfe0f3"/>"##,
            a.min(b),
            y - row_h * 0.3,
            (b - a).abs().max(1.0),
            row_h * 0.6
        );
        text(
            &mut out,
            m,
            m.x(LABEL_W - 8.0),
            y + 4.0,
            "end",
            if r.own { INK } else { MUTED },
            &r.label,
        );
        let (cx, tip) = (
            x(r.value),
            esc(&format!("{}: {}", r.label, (c.fmt)(r.value))),
        );
        let (kind, fill) = (r.kind.class(), r.kind.fill());
        let r_dot = (row_h * 0.3).min(5.0);
        if r.own {
            let k = r_dot + 2.0;
            let _ = write!(
                out,
                r##"<path class="own {kind}" d="M{cx:.1} {:.1} L{:.1} {y:.1} L{cx:.1} {:.1} L{:.1} {y:.1} Z" fill="{fill}" stroke="#000"><title>{tip}</title></path>"##,
                y - k,
                cx + k,
                y + k,
                cx - k
            );
        } else {
            let _ = write!(
                out,
                r##"<circle class="{kind}" cx="{cx:.1}" cy="{y:.1}" r="{r_dot:.1}" fill="{fill}"><title>{tip}</title></circle>"##
            );
        }
    }
    let px = x(d.p0);
    let _ = write!(
        out,
        r##"<line class="pooled" x1="{px:.1}" x2="{px:.1}" y1="{:.1}" y2="{bottom:.1}" stroke="#1a5fb4" stroke-width="2"/>"##,
        TOP - 6.0
    );
    text(&mut out, m, px, TOP - 10.0, "middle", INK, &d.pooled_label);
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plot(rtl: bool) -> String {
        let c = Chart {
            id: "d",
            title: "T".into(),
            desc: "D".into(),
            rtl,
            fmt: &|v| format!("{v}"),
        };
        let rows = [
            DotRow {
                label: "n = 20".into(),
                value: 0.2,
                band: (0.3, 0.7),
                own: false,
                kind: DotKind::Attention,
            },
            DotRow {
                label: "yours".into(),
                value: 0.6,
                band: (0.4, 0.6),
                own: true,
                kind: DotKind::Inside,
            },
        ];
        dot_plot(
            &c,
            &DotPlot {
                p0: 0.5,
                rows: &rows,
                x_label: "value".into(),
                pooled_label: "pooled".into(),
            },
        )
    }

    #[test]
    fn rows_bands_and_the_pooled_line_mirror_in_right_to_left() {
        let ltr = plot(false);
        assert!(ltr.contains(r#"role="img""#) && !ltr.contains("style="));
        assert_eq!(ltr.matches("class=\"band95\"").count(), 2);
        assert!(
            ltr.contains("class=\"dot-attention\"") && ltr.contains("class=\"own dot-inside\"")
        );
        let x_of_pooled = |svg: &str| {
            let key = "class=\"pooled\" x1=\"";
            let at = svg.find(key).unwrap() + key.len();
            svg[at..].split('"').next().unwrap().parse::<f64>().unwrap()
        };
        // Half way between the labels and the end: mirrored around the middle.
        let (l, r) = (x_of_pooled(&ltr), x_of_pooled(&plot(true)));
        assert!((l + r - W).abs() < 0.2, "{l} {r}");
    }
}
