//! Breakdowns on the dashboard and the scope pages (`?by=`): the `by` select of the period
//! form, each breakdown as small charts with its data table, and the breakdown as one table of
//! a CSV or XLSX file (`by` and `cell` columns).

use super::*;
use crate::charts::{self, BarPanel, BarValue, BreakdownBars, Chart};
use liaison_app::kpi::{Breakdown, BreakdownCell, OTHER_CELL, ShownKpi};
use liaison_domain::kpi::{Dimension, KpiId};

/// The `by` select: (code, label) of each dimension the scope allows, after "no breakdown".
pub fn by_options(ctx: &Ctx, single_fls: bool) -> Vec<(String, String)> {
    std::iter::once((String::new(), ctx.t("breakdown-none")))
        .chain(
            Dimension::allowed(single_fls)
                .iter()
                .map(|d| (d.code().to_string(), ctx.tk("breakdown-by", d.code()))),
        )
        .collect()
}

/// `by` as sent, or the refusal that names it, its value and the allowed values (422).
pub fn read_by(q: &PeriodQuery, single_fls: bool) -> Result<Option<Dimension>, AppError> {
    Dimension::read(&q.by, single_fls).map_err(|e| AppError::Invalid(Invalid(vec![e])))
}

/// The query string that keeps the breakdown in links (`&by=age`, or nothing).
pub fn by_qs(by: Option<Dimension>) -> String {
    by.map(|d| format!("&by={}", d.code())).unwrap_or_default()
}

/// A cell's name in the reader's language: an age band, a dataset value, a country, a
/// service's name, or "other services" / "other countries" together.
pub(crate) fn cell_label(
    ctx: &Ctx,
    by: Dimension,
    cell: &str,
    names: &dyn Fn(&str) -> Option<String>,
) -> String {
    match by {
        // Fluent keys cannot hold `+`: `90+` is `breakdown-age-90plus`.
        Dimension::Age => ctx.tk("breakdown-age", &cell.replace('+', "plus")),
        Dimension::Sex => ctx.tk("opt-sex", cell),
        Dimension::Residence => ctx.tk("opt-residence_before", cell),
        Dimension::Site => ctx.tk("opt-fracture_site", cell),
        Dimension::Setting => ctx.tk("opt-setting", cell),
        Dimension::Country if cell == OTHER_CELL => ctx.t("breakdown-other-countries"),
        Dimension::Country => ctx.country(cell),
        Dimension::Fls if cell == OTHER_CELL => ctx.t("breakdown-other-fls"),
        Dimension::Fls => names(cell).unwrap_or_else(|| cell.to_string()),
    }
}

/// One row of the breakdown's table.
pub struct BreakdownRowView {
    pub code: String,
    pub cell: String,
    pub episodes: String,
    pub values: Vec<String>,
}

/// A breakdown as the page shows it.
pub struct BreakdownView {
    pub by: &'static str,
    pub title: String,
    /// Why there is nothing to show (an aggregate not released), or empty.
    pub note: String,
    pub disclosed: bool,
    pub svg: String,
    pub kpis: Vec<(&'static str, String)>,
    pub total: BreakdownRowView,
    pub rows: Vec<BreakdownRowView>,
}

/// "62.5 % (10/16)": the value with its counts; "— (<8/20)" when withheld; the count alone
/// for kpi1/kpi2 by a characteristic of the patient (no proportion, docs/decisions.md).
fn value_text(ctx: &Ctx, k: &ShownKpi) -> String {
    let num = count(ctx, &k.numerator);
    match k.denominator {
        svc::ShownDen::NotApplicable => num,
        ref d => format!("{} ({num}/{})", pct(ctx, k.value), den(ctx, d)),
    }
}

fn row_view(
    ctx: &Ctx,
    code: &str,
    label: String,
    kpis: &[ShownKpi],
    episodes: &Disclosed,
) -> BreakdownRowView {
    BreakdownRowView {
        code: code.to_string(),
        cell: label,
        episodes: count(ctx, episodes),
        values: kpis.iter().map(|k| value_text(ctx, k)).collect(),
    }
}

/// The breakdown's view. `total` is the figure without breakdown as the viewer sees it (its
/// rows and episodes); `names` gives a service's name by code (by FLS).
pub fn view(
    ctx: &Ctx,
    by: Dimension,
    b: Option<&Breakdown>,
    total: (&[ShownKpi], Disclosed),
    names: &dyn Fn(&str) -> Option<String>,
) -> BreakdownView {
    let title = ctx.tk("breakdown-title", by.code());
    let kpis: Vec<(&'static str, String)> = KpiId::ALL
        .iter()
        .map(|k| (k.id(), ctx.tk("kpi-short", k.id())))
        .collect();
    let total_row = row_view(ctx, "all", ctx.t("breakdown-all"), total.0, &total.1);
    let Some(b) = b else {
        return BreakdownView {
            by: by.code(),
            title,
            note: ctx.t("breakdown-not-released"),
            disclosed: true,
            svg: String::new(),
            kpis,
            total: total_row,
            rows: vec![],
        };
    };
    let labels: Vec<String> = b
        .cells
        .iter()
        .map(|c| cell_label(ctx, by, &c.cell, names))
        .collect();
    let rows = b
        .cells
        .iter()
        .zip(&labels)
        .map(|(c, l)| row_view(ctx, &c.cell, l.clone(), &c.kpis, &c.episodes))
        .collect();
    BreakdownView {
        by: by.code(),
        svg: chart(ctx, by, &title, &labels, &b.cells),
        title,
        note: String::new(),
        disclosed: b.disclosure != "exact",
        kpis,
        total: total_row,
        rows,
    }
}

/// One panel per KPI that has a proportion in the cells.
fn chart(
    ctx: &Ctx,
    by: Dimension,
    title: &str,
    labels: &[String],
    cells: &[BreakdownCell],
) -> String {
    let panels: Vec<BarPanel> = KpiId::ALL
        .iter()
        .filter(|id| liaison_domain::kpi::has_proportion_in_cell(**id, by))
        .map(|id| BarPanel {
            title: format!(
                "{} {}",
                ctx.tk("kpi-short", id.id()),
                ctx.tk("kpi", id.id())
            ),
            values: cells
                .iter()
                .map(|c| {
                    let k = &c.kpis[id.index()];
                    match (k.value, k.numerator) {
                        (Some(v), _) => BarValue::Value(v),
                        (None, n) if n.is_suppressed() => BarValue::Withheld(n.to_string()),
                        (None, _) => match k.denominator {
                            svc::ShownDen::Count(d) if d.is_suppressed() => {
                                BarValue::Withheld(d.to_string())
                            }
                            _ => BarValue::Empty,
                        },
                    }
                })
                .collect(),
        })
        .collect();
    let lang = ctx.tr.lang;
    let fmt = move |v: f64| format::percent(lang, v, 0);
    charts::breakdown_bars(
        &Chart {
            id: "breakdown",
            title: title.to_string(),
            desc: ctx.tr.ta(
                "breakdown-chart-desc",
                &[
                    ("cells", labels.len().to_string()),
                    ("kpis", panels.len().to_string()),
                ],
            ),
            rtl: lang.dir() == "rtl",
            fmt: &fmt,
        },
        &BreakdownBars {
            cells: labels,
            panels: &panels,
        },
    )
}

/// The export's columns with a breakdown, after the leading `name=value` columns.
pub const EXPORT_HEAD: [&str; 10] = [
    "by",
    "cell",
    "id",
    "name",
    "numerator",
    "denominator",
    "value",
    "band",
    "not_yet_due",
    "excluded_died",
];

/// The breakdown as one table: the figures without breakdown (cell `all`), then each cell's.
pub fn export_rows(by: Dimension, total: &[ShownKpi], b: Option<&Breakdown>) -> Vec<Vec<String>> {
    let rows = |cell: &str, kpis: &[ShownKpi]| -> Vec<Vec<String>> {
        kpis.iter()
            .map(|k| {
                vec![
                    by.code().to_string(),
                    cell.to_string(),
                    k.id.id().to_string(),
                    k.name.to_string(),
                    k.numerator.to_string(),
                    k.denominator.text(),
                    super::dashboard::opt(k.value),
                    k.band.map(|b| b.code().to_string()).unwrap_or_default(),
                    k.not_yet_due.to_string(),
                    k.excluded_died.to_string(),
                ]
            })
            .collect()
    };
    let mut out = rows("all", total);
    for c in b.map(|b| b.cells.as_slice()).unwrap_or_default() {
        out.extend(rows(&c.cell, &c.kpis));
    }
    out
}
