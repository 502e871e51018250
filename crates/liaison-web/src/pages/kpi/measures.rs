//! Dataset version 2's supporting measures on the dashboard and the scope pages: the measures
//! table, the refracture shares by index site and by treatment, and the completeness pass, as
//! `liaison_app::kpi` discloses them to the viewer.

use super::*;
use liaison_app::kpi::{ShownMeasure, ShownPass};
use liaison_domain::kpi::MeasureId;

/// One measure's row, formatted.
pub struct MeasureView {
    pub id: &'static str,
    pub name: String,
    pub numerator: String,
    pub denominator: String,
    pub value: String,
    pub not_yet_due: String,
    pub excluded_died: String,
}

/// One row of the refracture split table: a cell's 12- and 24-month shares.
pub struct SplitView {
    /// `fracture_site-hip`, `aom_started_16w-yes`.
    pub id: String,
    pub label: String,
    pub short: String,
    pub short_value: String,
    pub long: String,
    pub long_value: String,
}

/// What the pages show of the measures.
pub struct MeasuresView {
    pub rows: Vec<MeasureView>,
    pub splits: Vec<SplitView>,
    /// Inside the FLS: not-yet-due and excluded columns.
    pub exact: bool,
    pub pass: String,
    /// `pass`, `fail` or empty: the class of the pass's tag.
    pub pass_class: &'static str,
}

fn row(ctx: &Ctx, m: &ShownMeasure) -> MeasureView {
    let opt = |n: Option<u64>| {
        n.map(|n| format::integer(ctx.tr.lang, n as i64))
            .unwrap_or_default()
    };
    MeasureView {
        id: m.id.id(),
        name: ctx.tk("measure", m.id.id()),
        numerator: count(ctx, &m.numerator),
        denominator: count(ctx, &m.denominator),
        value: pct(ctx, m.value),
        not_yet_due: opt(m.not_yet_due),
        excluded_died: opt(m.excluded_died),
    }
}

fn fraction(ctx: &Ctx, m: &ShownMeasure) -> String {
    format!(
        "{} / {}",
        count(ctx, &m.numerator),
        count(ctx, &m.denominator)
    )
}

/// The pass of one FLS as a sentence.
pub fn pass_text(ctx: &Ctx, p: &ShownPass) -> (String, &'static str) {
    match p.pass {
        Some(true) => (ctx.t("measures-pass-yes"), "pass"),
        Some(false) => (ctx.t("measures-pass-no"), "fail"),
        None if p.fls_not_shown > 0 => (ctx.t("measures-pass-hidden"), ""),
        None => (ctx.t("measures-pass-none"), ""),
    }
}

/// The pass of a scope of several FLSs as a sentence.
pub fn pooled_pass_text(ctx: &Ctx, p: &ShownPass) -> String {
    let lang = ctx.tr.lang;
    let mut s = ctx.tr.ta(
        "measures-pass-fls",
        &[
            ("passing", format::integer(lang, p.fls_passing as i64)),
            ("judged", format::integer(lang, p.fls_judged as i64)),
        ],
    );
    if p.fls_not_shown > 0 {
        s.push(' ');
        s.push_str(&ctx.tr.ta(
            "measures-pass-not-shown",
            &[("count", format::integer(lang, p.fls_not_shown as i64))],
        ));
    }
    s
}

/// The pass of one FLS in a table cell.
pub fn pass_cell(ctx: &Ctx, p: &ShownPass) -> String {
    match p.pass {
        Some(true) => ctx.t("measures-pass-cell-yes"),
        Some(false) => ctx.t("measures-pass-cell-no"),
        None => "—".into(),
    }
}

/// The measures of one scope for the page. `pooled`: the pass is a count of FLSs.
pub fn view(
    ctx: &Ctx,
    ms: &[ShownMeasure],
    pass: &ShownPass,
    exact: bool,
    pooled: bool,
) -> MeasuresView {
    let n = MeasureId::ALL.len();
    let rows = ms.iter().take(n).map(|m| row(ctx, m)).collect();
    // The cells of the two refracture measures, side by side; cells with nothing in either are
    // left out (their counts are 0, which every viewer may see).
    let cells = &ms[n.min(ms.len())..];
    let half = cells.len() / 2;
    let (short, long) = cells.split_at(half);
    let mut splits = Vec::new();
    for (a, b) in short.iter().zip(long) {
        if a.is_empty() && b.is_empty() {
            continue;
        }
        let (Some(split), Some(cell)) = (a.split, a.cell) else {
            continue;
        };
        let label = match split {
            "fracture_site" => format!(
                "{} — {}",
                ctx.t("kpi-sup-site"),
                ctx.t(&format!("opt-fracture_site-{cell}"))
            ),
            _ => ctx.t(&format!("measures-aom-{cell}")),
        };
        splits.push(SplitView {
            id: format!("{split}-{cell}"),
            label,
            short: fraction(ctx, a),
            short_value: pct(ctx, a.value),
            long: fraction(ctx, b),
            long_value: pct(ctx, b.value),
        });
    }
    let (pass, pass_class) = if pooled {
        (pooled_pass_text(ctx, pass), "")
    } else {
        pass_text(ctx, pass)
    };
    MeasuresView {
        rows,
        splits,
        exact,
        pass,
        pass_class,
    }
}

/// The measures' rows of a file: `lead` (the FLS code on a scope page) before the id, `tail`
/// empty cells after (the dashboard's comparison columns), one row per measure, per refracture
/// cell and for the completeness pass.
pub fn file_rows(
    ms: &[ShownMeasure],
    pass: &ShownPass,
    lead: Option<&str>,
    with_name: bool,
    tail: usize,
) -> Vec<Vec<String>> {
    liaison_app::kpi::measure_csv_rows(ms, pass)
        .into_iter()
        .map(|r| {
            let mut out: Vec<String> = lead.map(str::to_string).into_iter().collect();
            for (i, c) in r.into_iter().enumerate() {
                if i != 1 || with_name {
                    out.push(c);
                }
            }
            out.extend(std::iter::repeat_n(String::new(), tail));
            out
        })
        .collect()
}
