//! The FLS dashboard: its KPIs with pooled comparisons and alerts.

use super::*;
use crate::AppState;
use crate::ctx::{Ctx, Signed, html};
use crate::error::{AppError, PageResult};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use liaison_app::kpi::KpiFls;
use liaison_app::kpi::{self as svc, Viewer};
use liaison_domain::benchmark::{Reading, Signal};
use liaison_domain::kpi::{KpiPeriod, KpiReport};

// ---------------------------------------------------------------------------------------------
// The FLS dashboard
// ---------------------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "kpi_dashboard.html")]
struct DashboardPage {
    ctx: Ctx,
    f: KpiFls,
    form: PeriodForm,
    path: String,
    qs: String,
    period: KpiPeriod,
    version: String,
    exact: bool,
    can_patients: bool,
    rows: Vec<RowView>,
    /// Signals above the world's pooled value on the better side, then on the worse side.
    better: Vec<RowView>,
    attention: Vec<RowView>,
    items: Vec<ItemView>,
    supporting: Vec<(String, String)>,
    /// Dataset version 2's measures, exact inside, disclosed outside.
    measures: super::measures::MeasuresView,
    country_label: String,
    region_label: String,
    no_expected: bool,
    /// Rule 8: a period too short for pooled values beside the FLS's own.
    pooled_short: bool,
    /// `&by=…` for the export links, and the breakdown asked for.
    by_qs: String,
    breakdown: Option<breakdown::BreakdownView>,
}

pub async fn dashboard(
    State(app): State<AppState>,
    who: Signed,
    Path(code): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> PageResult {
    let (f, today) = visible_fls(&app, &who, &code).await?;
    let by = breakdown::read_by(&q, true)?;
    let (period, mut form) = resolve_or_default(&who.ctx, &q, today);
    form.by_options = breakdown::by_options(&who.ctx, true);
    form.by = by.map(|d| d.code().to_string()).unwrap_or_default();
    let viewer = Viewer::of_grants(&who.actor, &who.s.grants);
    svc::check_period(&viewer, viewer.exact.contains(f.id), &period)?;
    let d = svc::dashboard(&app, &viewer, &f, period).await?;
    let shown_measures = svc::measure_rows(&d.report, d.exact);
    let pass = svc::fls_pass(&d.report, d.exact);
    let cells = match by {
        Some(by) => {
            let scope = svc::Scope::Fls(f.code.clone());
            svc::breakdown(&app, &d.world, &scope, &viewer, by).await?
        }
        None => None,
    };
    let totals: Vec<svc::ShownKpi> = d.rows.iter().map(|r| r.kpi.clone()).collect();
    if let (Some(by), "csv" | "xlsx") = (by, q.format.as_str()) {
        let meta = meta_row(&f.code, &d.report);
        let name = format!(
            "{}-kpis-{}-{}-by-{}",
            f.code,
            period.from,
            period.to,
            by.code()
        );
        let rows = breakdown::export_rows(by, &totals, cells.as_ref());
        return export(&q.format, &name, &meta, &breakdown::EXPORT_HEAD, &rows);
    }
    match q.format.as_str() {
        "csv" | "xlsx" => {
            let mut rows: Vec<Vec<String>> = d
                .rows
                .iter()
                .map(|r| {
                    let k = &r.kpi;
                    vec![
                        k.id.id().to_string(),
                        k.name.to_string(),
                        k.numerator.to_string(),
                        k.denominator.text(),
                        opt(k.value),
                        k.band.map(|b| b.code().to_string()).unwrap_or_default(),
                        k.not_yet_due.to_string(),
                        k.excluded_died.to_string(),
                        opt(r.country.as_ref().and_then(|p| p.value)),
                        opt(r.region.as_ref().and_then(|p| p.value)),
                        opt(r.world.as_ref().and_then(|p| p.value)),
                        signal_code(r.signal).to_string(),
                    ]
                })
                .collect();
            // The measures after the KPIs, their comparison columns empty.
            rows.extend(super::measures::file_rows(
                &shown_measures,
                &pass,
                None,
                true,
                4,
            ));
            let head = [
                "id",
                "name",
                "numerator",
                "denominator",
                "value",
                "band",
                "not_yet_due",
                "excluded_died",
                "country_value",
                "region_value",
                "world_value",
                "signal",
            ];
            let meta = meta_row(&f.code, &d.report);
            let name = format!("{}-kpis-{}-{}", f.code, period.from, period.to);
            return export(&q.format, &name, &meta, &head, &rows);
        }
        _ => {}
    }
    let ctx = who.ctx.clone();
    let rows: Vec<RowView> = d.rows.iter().map(|r| row_view(&ctx, r)).collect();
    let signalled = |reading: Reading| -> Vec<RowView> {
        d.rows
            .iter()
            .filter(|r| matches!(r.signal, Some(Signal::Alert | Signal::Alarm)))
            .filter(|r| r.direction.is_some_and(|x| x.reading == reading))
            .map(|r| row_view(&ctx, r))
            .collect()
    };
    let better = signalled(Reading::BetterThanExpected);
    let attention = signalled(Reading::NeedsAttention);
    let country_label = match d.world.plan.for_country(&f.country) {
        Some(liaison_domain::benchmark::AggregateScope::Region(r)) => ctx.tr.ta(
            "kpi-col-country-folded",
            &[("region", ctx.tk("region", &r))],
        ),
        _ => ctx
            .tr
            .ta("kpi-col-country", &[("country", f.country.clone())]),
    };
    let region_label = ctx.tk("region", &f.region);
    let episodes = if d.exact {
        liaison_domain::benchmark::Disclosed::Exact(d.report.supporting.episodes)
    } else {
        liaison_domain::benchmark::Disclosure::default()
            .disclose_count(d.report.supporting.episodes)
    };
    let breakdown = by.map(|by| {
        let name = f.name.clone();
        let code = f.code.clone();
        breakdown::view(
            &ctx,
            by,
            cells.as_ref(),
            (&totals, episodes),
            &move |c: &str| (c == code).then(|| name.clone()),
        )
    });
    html(DashboardPage {
        by_qs: breakdown::by_qs(by),
        breakdown,
        items: d.items.iter().map(|i| item_view(&ctx, i)).collect(),
        measures: super::measures::view(&ctx, &shown_measures, &pass, d.exact, false),
        supporting: if d.exact {
            supporting(&ctx, &d.report)
        } else {
            vec![]
        },
        no_expected: !d.report.expected_caseload.no_expected_non_spine.is_empty()
            || !d.report.expected_caseload.no_expected_spine.is_empty(),
        can_patients: d.exact && viewer.patients.contains(f.id),
        pooled_short: svc::too_short_for_pooled(&viewer, &period),
        version: d.report.definitions_version.clone(),
        exact: d.exact,
        qs: period_qs(&period),
        path: format!("/fls/{}/kpis", f.code),
        period,
        form,
        rows,
        better,
        attention,
        country_label,
        region_label,
        f,
        ctx,
    })
}

/// A proportion in a file: four decimals (0.9270), enough for any denominator a percentage
/// with two decimals needs, never 0.927027027027 (issue 12).
pub(super) fn opt(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.4}")).unwrap_or_default()
}

fn meta_row(scope: &str, r: &KpiReport) -> Vec<String> {
    vec![
        format!("scope={scope}"),
        format!("from={}", r.period.from),
        format!("to={}", r.period.to),
        format!("as_of={}", r.as_of),
        format!("definitions_version={}", r.definitions_version),
    ]
}

/// A table as CSV or XLSX, cells neutralised against formula injection. `meta` (`name=value`:
/// scope, period, definitions) becomes leading columns repeated on every row, so the file is
/// one rectangular table a spreadsheet or a script reads without skipping a first line.
pub(crate) fn export(
    fmt: &str,
    name: &str,
    meta: &[String],
    head: &[&str],
    rows: &[Vec<String>],
) -> PageResult {
    let n = |s: &str| liaison_domain::interchange::neutralise(s).into_owned();
    let (meta_head, meta_values): (Vec<&str>, Vec<&str>) = meta
        .iter()
        .map(|m| m.split_once('=').unwrap_or((m.as_str(), "")))
        .unzip();
    let head: Vec<&str> = meta_head.iter().chain(head).copied().collect();
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            meta_values
                .iter()
                .map(|v| v.to_string())
                .chain(r.iter().cloned())
                .collect()
        })
        .collect();
    if fmt == "xlsx" {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        let err = |e: rust_xlsxwriter::XlsxError| AppError::Internal(e.to_string());
        for (c, h) in head.iter().enumerate() {
            sheet.write_string(0, c as u16, *h).map_err(err)?;
        }
        for (i, r) in rows.iter().enumerate() {
            for (c, v) in r.iter().enumerate() {
                let row = i as u32 + 1;
                match v.parse::<f64>() {
                    Ok(x) if x.is_finite() => sheet.write_number(row, c as u16, x),
                    _ => sheet.write_string(row, c as u16, n(v)),
                }
                .map_err(err)?;
            }
        }
        let body = book.save_to_buffer().map_err(err)?;
        return Ok((
            [
                (
                    header::CONTENT_TYPE,
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}.xlsx\""),
                ),
            ],
            body,
        )
            .into_response());
    }
    let mut out = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| AppError::Internal(e.to_string());
    out.write_record(&head).map_err(err)?;
    for r in &rows {
        out.write_record(r.iter().map(|c| n(c))).map_err(err)?;
    }
    let body = out
        .into_inner()
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}.csv\""),
            ),
        ],
        body,
    )
        .into_response())
}
