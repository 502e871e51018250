//! KPI dashboards, comparisons and charts (issue 5): the FLS dashboard with its pooled
//! comparisons and alerts, one KPI's funnel plot and run chart, the patients behind a figure,
//! the scope pages of national and regional leads, the definitions page, and `GET /api/v1/kpis`.
//! Every figure comes from `services::kpi`, which applies the disclosure rules.

use crate::api::{ApiError, ApiUser};
use crate::charts::{self, Chart, FunnelChart, FunnelPoint, RunChart};
use crate::ctx::{Ctx, Signed, deny, html};
use crate::error::{AppError, PageResult};
use crate::{AppState, Routes};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use liaison_app::episodes::EpisodeRow;
use liaison_app::kpi::KpiFls;
use liaison_app::kpi::{self as svc, DashRow, Scope, ShownItem, Viewer};
use liaison_domain::benchmark::{Disclosed, Quarter, Signal, control_limits};
use liaison_domain::dataset::{DateOrder, parse_date};
use liaison_domain::error::Invalid;
use liaison_domain::format;
use liaison_domain::kpi::{KpiId, KpiPeriod, KpiReport, Part};
use serde::Deserialize;
use time::Date;

pub fn routes(r: Routes) -> Routes {
    r.get("/fls/{code}/kpis", dashboard)
        .get("/fls/{code}/kpis/{kpi}", detail)
        .get("/fls/{code}/kpis/{kpi}/patients", patients)
        .get("/kpis", index)
        .get("/kpis/global", scope_global)
        .get("/kpis/country/{cc}", scope_country)
        .get("/kpis/region/{region}", scope_region)
        .get("/admin/kpi-definitions", definitions)
        .post("/admin/kpi-definitions", definitions_save)
        .get("/api/v1/kpis", api_kpis)
}

// ---------------------------------------------------------------------------------------------
// Period selection
// ---------------------------------------------------------------------------------------------

#[derive(Deserialize, Default, Clone)]
pub struct PeriodQuery {
    #[serde(default)]
    pub period: String,
    #[serde(default, rename = "ref")]
    pub reference: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub as_of: String,
    #[serde(default)]
    pub format: String,
    #[serde(default)]
    pub chart: String,
    #[serde(default)]
    pub compare: String,
    #[serde(default)]
    pub part: String,
}

/// The period a form asks for: a month, quarter or year containing `ref` (default: the as-of
/// date), or custom dates; the as-of date defaults to today.
fn resolve(q: &PeriodQuery, today: Date) -> Result<KpiPeriod, Invalid> {
    let mut inv = Invalid::default();
    let mut date = |field: &str, s: &str| match parse_date(field, s, DateOrder::Ymd) {
        Ok(d) => d,
        Err(e) => {
            inv.push(e);
            None
        }
    };
    let as_of = date("as_of", &q.as_of).unwrap_or(today);
    let reference = date("ref", &q.reference).unwrap_or(as_of);
    let (from, to) = match q.period.as_str() {
        "month" => {
            let first = reference.replace_day(1).unwrap_or(reference);
            let last = reference
                .replace_day(reference.month().length(reference.year()))
                .unwrap_or(reference);
            (first, last)
        }
        "quarter" => {
            let q = Quarter::of(reference);
            (q.first_day(), q.last_day())
        }
        "custom" => {
            let f = date("from", &q.from);
            let t = date("to", &q.to);
            match (f, t) {
                (Some(f), Some(t)) if f <= t => (f, t),
                (Some(_), Some(_)) => {
                    inv.push(liaison_domain::error::FieldError::new(
                        "to",
                        &q.to,
                        "kpi_period_reversed",
                    ));
                    (as_of, as_of)
                }
                _ => {
                    if f.is_none() {
                        inv.push(liaison_domain::error::FieldError::new(
                            "from", &q.from, "required",
                        ));
                    }
                    if t.is_none() {
                        inv.push(liaison_domain::error::FieldError::new(
                            "to", &q.to, "required",
                        ));
                    }
                    (as_of, as_of)
                }
            }
        }
        _ => {
            let y = reference.year();
            let first = Date::from_calendar_date(y, time::Month::January, 1).unwrap_or(reference);
            let last = Date::from_calendar_date(y, time::Month::December, 31).unwrap_or(reference);
            (first, last)
        }
    };
    if inv.is_empty() {
        Ok(KpiPeriod { from, to, as_of })
    } else {
        Err(inv)
    }
}

/// The query string that names a period exactly (links between KPI pages keep it).
fn period_qs(p: &KpiPeriod) -> String {
    format!(
        "period=custom&from={}&to={}&as_of={}",
        p.from, p.to, p.as_of
    )
}

/// What the period form shows.
pub struct PeriodForm {
    pub period: String,
    pub reference: String,
    pub from: String,
    pub to: String,
    pub as_of: String,
    pub errors: Vec<String>,
}

fn period_form(ctx: &Ctx, q: &PeriodQuery, p: &KpiPeriod, inv: Option<&Invalid>) -> PeriodForm {
    PeriodForm {
        period: if q.period.is_empty() {
            "year".into()
        } else {
            q.period.clone()
        },
        reference: q.reference.clone(),
        from: p.from.to_string(),
        to: p.to.to_string(),
        as_of: p.as_of.to_string(),
        errors: inv
            .map(|i| i.0.iter().map(|e| ctx.tr.field_error(e)).collect())
            .unwrap_or_default(),
    }
}

/// Resolve, or fall back to the default year with the errors shown.
fn resolve_or_default(ctx: &Ctx, q: &PeriodQuery, today: Date) -> (KpiPeriod, PeriodForm) {
    match resolve(q, today) {
        Ok(p) => {
            let f = period_form(ctx, q, &p, None);
            (p, f)
        }
        Err(inv) => {
            let p = resolve(&PeriodQuery::default(), today).unwrap_or(KpiPeriod {
                from: today,
                to: today,
                as_of: today,
            });
            let f = period_form(ctx, q, &p, Some(&inv));
            (p, f)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------------------------

fn pct(ctx: &Ctx, v: Option<f64>) -> String {
    v.map(|v| format::percent(ctx.tr.lang, v, 1))
        .unwrap_or_else(|| "—".into())
}

fn count(ctx: &Ctx, d: &Disclosed) -> String {
    match d.shown() {
        Some(n) => format::integer(ctx.tr.lang, n as i64),
        None => d.to_string(),
    }
}

fn den(ctx: &Ctx, d: &svc::ShownDen) -> String {
    match d {
        svc::ShownDen::Count(c) => count(ctx, c),
        svc::ShownDen::Expected(x) => format::decimal(ctx.tr.lang, *x, 1),
    }
}

/// A dashboard row, formatted.
pub struct RowView {
    pub id: &'static str,
    pub name: String,
    pub numerator: String,
    pub denominator: String,
    pub value: String,
    pub band: &'static str,
    pub band_text: String,
    pub not_yet_due: String,
    pub excluded_died: String,
    pub country: String,
    pub region: String,
    pub world: String,
    pub signal: &'static str,
    pub signal_text: String,
    pub proportion: bool,
}

fn signal_code(s: Option<Signal>) -> &'static str {
    match s {
        Some(Signal::Alarm) => "alarm",
        Some(Signal::Alert) => "alert",
        Some(Signal::Inside) => "inside",
        None => "",
    }
}

fn row_view(ctx: &Ctx, r: &DashRow) -> RowView {
    let k = &r.kpi;
    let band = k.band.map(|b| b.code()).unwrap_or("");
    let signal = signal_code(r.signal);
    RowView {
        id: k.id.id(),
        name: ctx.tk("kpi", k.id.id()),
        numerator: count(ctx, &k.numerator),
        denominator: den(ctx, &k.denominator),
        value: pct(ctx, k.value),
        band,
        band_text: if band.is_empty() {
            String::new()
        } else {
            ctx.tk("kpi-band", band)
        },
        not_yet_due: count(ctx, &k.not_yet_due),
        excluded_died: count(ctx, &k.excluded_died),
        country: pct(ctx, r.country.as_ref().and_then(|p| p.value)),
        region: pct(ctx, r.region.as_ref().and_then(|p| p.value)),
        world: pct(ctx, r.world.as_ref().and_then(|p| p.value)),
        signal,
        signal_text: if signal.is_empty() {
            String::new()
        } else {
            ctx.tk("kpi-signal", signal)
        },
        proportion: svc::is_proportion(k.id),
    }
}

pub struct ItemView {
    pub item: String,
    pub expected: String,
    pub recorded: String,
    pub value: String,
    pub flagged: bool,
}

fn item_view(ctx: &Ctx, i: &ShownItem) -> ItemView {
    ItemView {
        item: ctx.tr.field(i.item),
        expected: count(ctx, &i.expected),
        recorded: count(ctx, &i.recorded),
        value: pct(ctx, i.value),
        flagged: i.flagged == Some(true),
    }
}

/// Supporting measures as (label, value) pairs (shown inside the FLS only).
fn supporting(ctx: &Ctx, r: &KpiReport) -> Vec<(String, String)> {
    let s = &r.supporting;
    let lang = ctx.tr.lang;
    let days = |v: Option<f64>| {
        v.map(|d| format::decimal(lang, d, if d.fract() == 0.0 { 0 } else { 1 }))
            .unwrap_or_else(|| "—".into())
    };
    let mut out = vec![
        (
            ctx.t("kpi-sup-episodes"),
            format::integer(lang, s.episodes as i64),
        ),
        (
            ctx.t("kpi-sup-median-assessment"),
            days(s.median_days_to_assessment),
        ),
        (ctx.t("kpi-sup-median-dxa"), days(s.median_days_to_dxa)),
        (
            ctx.t("kpi-sup-median-aom"),
            days(s.median_days_to_aom_start),
        ),
        (
            ctx.t("kpi-sup-refracture-rate"),
            s.refracture_rate_per_100_patient_years
                .map(|x| format::decimal(lang, x, 1))
                .unwrap_or_else(|| "—".into()),
        ),
        (
            ctx.t("kpi-sup-deaths-52"),
            format::integer(lang, s.deaths_within_52_weeks as i64),
        ),
    ];
    for w in &s.not_yet_due {
        out.push((
            ctx.tr
                .ta("kpi-sup-not-yet-due", &[("days", w.days.to_string())]),
            format::integer(lang, w.episodes as i64),
        ));
    }
    let mixes = [
        ("kpi-sup-site", "opt-fracture_site", &s.by_site),
        ("kpi-sup-setting", "opt-setting", &s.by_setting),
    ];
    for (label, option, shares) in mixes {
        for sh in shares.iter().filter(|x| x.episodes > 0) {
            out.push((
                format!(
                    "{} — {}",
                    ctx.t(label),
                    ctx.t(&format!("{option}-{}", sh.code))
                ),
                format!(
                    "{} ({})",
                    format::integer(lang, sh.episodes as i64),
                    pct(ctx, sh.share)
                ),
            ));
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Access
// ---------------------------------------------------------------------------------------------

/// The FLS if the user may see its KPIs (its profile and aggregates), else a refusal; with
/// today in its time zone.
async fn visible_fls(app: &AppState, who: &Signed, code: &str) -> Result<(KpiFls, Date), AppError> {
    let Some(row) =
        liaison_app::orgs::fls_by_code(app, &who.s.access.view_aggregates, code).await?
    else {
        return Err(deny(app, who, "kpis").await);
    };
    let region = liaison_app::orgs::country_region(app, &row.country)
        .await?
        .map(|r| r.code().to_string())
        .unwrap_or_default();
    let today = liaison_app::episodes::today_in(app.now(), &row.time_zone);
    Ok((
        KpiFls {
            id: row.id,
            code: row.code,
            name: row.name,
            country: row.country,
            region,
            expected_non_spine_per_year: row.expected_non_spine_per_year,
            expected_spine_per_year: row.expected_spine_per_year,
            kpi_generation: 0,
        },
        today,
    ))
}

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
    alerts: Vec<RowView>,
    items: Vec<ItemView>,
    supporting: Vec<(String, String)>,
    country_label: String,
    region_label: String,
    no_expected: bool,
}

pub async fn dashboard(
    State(app): State<AppState>,
    who: Signed,
    Path(code): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> PageResult {
    let (f, today) = visible_fls(&app, &who, &code).await?;
    let (period, form) = resolve_or_default(&who.ctx, &q, today);
    let viewer = Viewer::of_grants(&who.actor, &who.s.grants);
    let d = svc::dashboard(&app, &viewer, &f, period).await?;
    match q.format.as_str() {
        "csv" | "xlsx" => {
            let rows: Vec<Vec<String>> = d
                .rows
                .iter()
                .map(|r| {
                    let k = &r.kpi;
                    vec![
                        k.id.id().to_string(),
                        k.name.to_string(),
                        k.numerator.to_string(),
                        k.denominator.text(),
                        k.value.map(|v| v.to_string()).unwrap_or_default(),
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
    let alerts = d
        .rows
        .iter()
        .filter(|r| matches!(r.signal, Some(Signal::Alert | Signal::Alarm)))
        .map(|r| row_view(&ctx, r))
        .collect();
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
    html(DashboardPage {
        items: d.items.iter().map(|i| item_view(&ctx, i)).collect(),
        supporting: if d.exact {
            supporting(&ctx, &d.report)
        } else {
            vec![]
        },
        no_expected: !d.report.expected_caseload.no_expected_non_spine.is_empty()
            || !d.report.expected_caseload.no_expected_spine.is_empty(),
        can_patients: d.exact && viewer.patients.contains(f.id),
        version: d.report.definitions_version.clone(),
        exact: d.exact,
        qs: period_qs(&period),
        path: format!("/fls/{}/kpis", f.code),
        period,
        form,
        rows,
        alerts,
        country_label,
        region_label,
        f,
        ctx,
    })
}

fn opt(v: Option<f64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
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

/// A table as CSV or XLSX, cells neutralised against formula injection.
fn export(
    fmt: &str,
    name: &str,
    meta: &[String],
    head: &[&str],
    rows: &[Vec<String>],
) -> PageResult {
    let n = |s: &str| liaison_domain::interchange::neutralise(s).into_owned();
    if fmt == "xlsx" {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        let err = |e: rust_xlsxwriter::XlsxError| AppError::Internal(e.to_string());
        for (c, m) in meta.iter().enumerate() {
            sheet.write_string(0, c as u16, n(m)).map_err(err)?;
        }
        for (c, h) in head.iter().enumerate() {
            sheet.write_string(1, c as u16, *h).map_err(err)?;
        }
        for (i, r) in rows.iter().enumerate() {
            for (c, v) in r.iter().enumerate() {
                let row = i as u32 + 2;
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
    // The first line names the scope, period and definitions: fewer fields than the table.
    let mut out = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    let err = |e: csv::Error| AppError::Internal(e.to_string());
    out.write_record(meta.iter().map(|m| n(m))).map_err(err)?;
    out.write_record(head).map_err(err)?;
    for r in rows {
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

// ---------------------------------------------------------------------------------------------
// One KPI: funnel plot and run chart
// ---------------------------------------------------------------------------------------------

pub struct PointView {
    pub denominator: String,
    pub value: String,
    pub own: bool,
    pub signal: String,
}

pub struct RunView {
    pub quarter: String,
    pub numerator: String,
    pub denominator: String,
    pub value: String,
    pub reference: String,
}

#[derive(Template)]
#[template(path = "kpi_detail.html")]
struct DetailPage {
    ctx: Ctx,
    f: KpiFls,
    kpi: &'static str,
    kpi_name: String,
    qs: String,
    period: KpiPeriod,
    version: String,
    compare: String,
    compare_label: String,
    funnel_svg: String,
    points: Vec<PointView>,
    withheld: usize,
    p0: String,
    run_svg: String,
    run: Vec<RunView>,
    proportion: bool,
}

/// The comparison scope for a funnel: the one asked for if released (rule 3), else the
/// nearest larger one that is.
fn compare_scope(w: &svc::World, f: &KpiFls, asked: &str) -> Option<Scope> {
    let country = Scope::Country(f.country.clone());
    let region = Scope::Region(f.region.clone());
    let order: Vec<Scope> = match asked {
        "country" => vec![country, region, Scope::Global],
        "region" => vec![region, Scope::Global],
        _ => vec![Scope::Global],
    };
    order
        .into_iter()
        .find(|s| svc::release(w, s) == svc::Release::Released)
}

fn members(w: &svc::World, s: &Scope) -> Vec<i64> {
    w.fls
        .iter()
        .filter(|f| match s {
            Scope::Country(c) => &f.country == c,
            Scope::Region(r) => &f.region == r,
            Scope::Global => true,
            Scope::Fls(c) => &f.code == c,
        })
        .map(|f| f.id)
        .collect()
}

pub async fn detail(
    State(app): State<AppState>,
    who: Signed,
    Path((code, kpi)): Path<(String, String)>,
    Query(q): Query<PeriodQuery>,
) -> PageResult {
    let (f, today) = visible_fls(&app, &who, &code).await?;
    let Some(id) = KpiId::parse(&kpi) else {
        return Err(AppError::NotFound);
    };
    let (period, _) = resolve_or_default(&who.ctx, &q, today);
    let viewer = Viewer::of_grants(&who.actor, &who.s.grants);
    let defs = svc::definitions(&app, Some(&f.country)).await?;
    let w = svc::world(&app, &defs, period).await?;
    let ctx = who.ctx.clone();
    let kpi_name = ctx.tk("kpi", id.id());
    let proportion = svc::is_proportion(id);
    let scope = compare_scope(&w, &f, &q.compare);
    let own = viewer.exact.contains(f.id).then_some(f.id);
    let funnel = match (&scope, proportion) {
        (Some(s), true) => Some(svc::funnel(&w, id, &members(&w, s), own)),
        _ => None,
    };
    // Someone outside the FLS sees its point only as others do: anonymous among the rest.
    let run = svc::run_chart(&app, &viewer, &f, id, period.as_of, 8).await?;
    let funnel_svg = funnel
        .as_ref()
        .map(|fu| funnel_svg(&ctx, &kpi_name, fu))
        .unwrap_or_default();
    let run_svg = run_svg(&ctx, &kpi_name, &run);
    if q.format == "svg" {
        let body = if q.chart == "run" {
            run_svg
        } else {
            funnel_svg
        };
        if body.is_empty() {
            return Err(AppError::NotFound);
        }
        let name = format!(
            "{}-{}-{}.svg",
            f.code,
            id.id(),
            if q.chart == "run" { "run" } else { "funnel" }
        );
        return Ok((
            [
                (header::CONTENT_TYPE, "image/svg+xml".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}\""),
                ),
            ],
            format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{body}"),
        )
            .into_response());
    }
    let points = funnel
        .as_ref()
        .map(|fu| {
            fu.points
                .iter()
                .map(|p| PointView {
                    denominator: format::integer(ctx.tr.lang, p.denominator as i64),
                    value: pct(&ctx, Some(p.value)),
                    own: p.own,
                    signal: ctx.tk(
                        "kpi-signal",
                        match p.signal {
                            Signal::Inside => "inside",
                            Signal::Alert => "alert",
                            Signal::Alarm => "alarm",
                        },
                    ),
                })
                .collect()
        })
        .unwrap_or_default();
    let run_views = run
        .iter()
        .map(|r| RunView {
            quarter: r.quarter.to_string(),
            numerator: count(&ctx, &r.numerator),
            denominator: den(&ctx, &r.denominator),
            value: pct(&ctx, r.value),
            reference: pct(&ctx, r.reference),
        })
        .collect();
    let compare_label = match &scope {
        Some(Scope::Country(c)) => ctx.tr.ta("kpi-col-country", &[("country", c.clone())]),
        Some(Scope::Region(r)) => ctx.tk("region", r),
        Some(_) => ctx.t("kpi-col-world"),
        None => ctx.t("kpi-compare-none"),
    };
    html(DetailPage {
        kpi: id.id(),
        kpi_name,
        qs: period_qs(&period),
        version: defs.version.clone(),
        compare: q.compare.clone(),
        compare_label,
        funnel_svg,
        withheld: funnel.as_ref().map(|f| f.withheld).unwrap_or(0),
        p0: pct(&ctx, funnel.as_ref().and_then(|f| f.p0)),
        points,
        run_svg,
        run: run_views,
        proportion,
        period,
        f,
        ctx,
    })
}

/// The chart's shared settings in the page's language: values as percentages.
fn chart<'a>(
    ctx: &Ctx,
    id: &'a str,
    title: String,
    desc: String,
    fmt: &'a dyn Fn(f64) -> String,
) -> Chart<'a> {
    Chart {
        id,
        title,
        desc,
        rtl: ctx.tr.lang.dir() == "rtl",
        fmt,
    }
}

fn funnel_svg(ctx: &Ctx, name: &str, fu: &liaison_domain::benchmark::Funnel) -> String {
    let Some(p0) = fu.p0 else {
        return String::new();
    };
    let lang = ctx.tr.lang;
    let fmt = move |v: f64| format::percent(lang, v, 0);
    let fmt_n = move |v: f64| format::integer(lang, v.round() as i64);
    let limits = |n: u64| {
        let l = control_limits(p0, n);
        [l.lower_998, l.lower_95, l.upper_95, l.upper_998]
    };
    let points: Vec<FunnelPoint> = fu
        .points
        .iter()
        .map(|p| FunnelPoint {
            n: p.denominator,
            value: p.value,
            own: p.own,
        })
        .collect();
    let title = ctx.tr.ta("kpi-funnel-title", &[("kpi", name.to_string())]);
    let desc = ctx.tr.ta(
        "kpi-funnel-desc",
        &[
            ("points", fu.points.len().to_string()),
            ("p0", format::percent(lang, p0, 1)),
        ],
    );
    charts::funnel(
        &chart(ctx, "funnel", title, desc, &fmt),
        &FunnelChart {
            p0,
            points: &points,
            limits: &limits,
            x_label: ctx.t("kpi-axis-denominator"),
            y_label: ctx.t("kpi-axis-value"),
            own_label: ctx.t("kpi-your-fls"),
            fmt_n: &fmt_n,
        },
    )
}

fn run_svg(ctx: &Ctx, name: &str, run: &[svc::RunPoint]) -> String {
    let lang = ctx.tr.lang;
    let fmt = move |v: f64| format::percent(lang, v, 0);
    let quarters: Vec<String> = run.iter().map(|r| r.quarter.to_string()).collect();
    let values: Vec<Option<f64>> = run.iter().map(|r| r.value).collect();
    let reference: Vec<Option<f64>> = run.iter().map(|r| r.reference).collect();
    let title = ctx.tr.ta("kpi-run-title", &[("kpi", name.to_string())]);
    charts::run_chart(
        &chart(ctx, "run", title, ctx.t("kpi-run-desc"), &fmt),
        &RunChart {
            quarters: &quarters,
            values: &values,
            reference: &reference,
            x_label: ctx.t("kpi-axis-quarter"),
            y_label: ctx.t("kpi-axis-value"),
        },
    )
}

// ---------------------------------------------------------------------------------------------
// The patients behind a figure
// ---------------------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "kpi_patients.html")]
struct PatientsPage {
    ctx: Ctx,
    f: KpiFls,
    kpi: &'static str,
    kpi_name: String,
    part: &'static str,
    qs: String,
    period: KpiPeriod,
    rows: Vec<EpisodeRow>,
    total: usize,
}

const PATIENT_PAGE: usize = 500;

pub async fn patients(
    State(app): State<AppState>,
    who: Signed,
    Path((code, kpi)): Path<(String, String)>,
    Query(q): Query<PeriodQuery>,
) -> PageResult {
    // Patient rows: only for those who may read this FLS's patients (rule 5).
    let Some(row) =
        liaison_app::orgs::fls_by_code(&app, &who.s.access.read_patients, &code).await?
    else {
        return Err(deny(&app, &who, "patients").await);
    };
    let all = svc::all_fls(&app).await?;
    let Some(f) = all.into_iter().find(|f| f.id == row.id) else {
        return Err(AppError::NotFound);
    };
    let Some(id) = KpiId::parse(&kpi) else {
        return Err(AppError::NotFound);
    };
    let part = Part::parse(&q.part).unwrap_or(Part::Numerator);
    let today = liaison_app::episodes::today_in(app.now(), &row.time_zone);
    let (period, _) = resolve_or_default(&who.ctx, &q, today);
    let (rows, total) = svc::patients(&app, &who.actor, &f, id, part, period, PATIENT_PAGE).await?;
    let ctx = who.ctx.clone();
    html(PatientsPage {
        kpi: id.id(),
        kpi_name: ctx.tk("kpi", id.id()),
        part: part.code(),
        qs: period_qs(&period),
        period,
        rows,
        total,
        f,
        ctx,
    })
}

// ---------------------------------------------------------------------------------------------
// Scope pages for national and regional leads, reviewers, mentors and administrators
// ---------------------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "kpi_index.html")]
struct IndexPage {
    ctx: Ctx,
    countries: Vec<(String, usize)>,
    regions: Vec<(String, String)>,
    fls: Vec<KpiFls>,
}

pub async fn index(State(app): State<AppState>, who: Signed) -> PageResult {
    let all = svc::all_fls(&app).await?;
    let seen: Vec<KpiFls> = all
        .into_iter()
        .filter(|f| who.s.access.view_aggregates.contains(f.id))
        .collect();
    let mut countries: std::collections::BTreeMap<String, usize> = Default::default();
    let mut regions: std::collections::BTreeSet<String> = Default::default();
    for f in &seen {
        *countries.entry(f.country.clone()).or_default() += 1;
        regions.insert(f.region.clone());
    }
    let ctx = who.ctx.clone();
    html(IndexPage {
        countries: countries.into_iter().collect(),
        regions: regions
            .into_iter()
            .map(|r| (ctx.tk("region", &r), r))
            .collect(),
        fls: seen,
        ctx,
    })
}

pub struct ScopeFlsView {
    pub code: String,
    pub name: String,
    pub exact: bool,
    pub cells: Vec<String>,
    pub bands: Vec<&'static str>,
    pub flagged: Vec<String>,
    pub completeness: String,
}

pub struct TrendView {
    pub quarter: String,
    pub cells: Vec<String>,
}

#[derive(Template)]
#[template(path = "kpi_scope.html")]
struct ScopePage {
    ctx: Ctx,
    title: String,
    form: PeriodForm,
    qs: String,
    path: String,
    period: KpiPeriod,
    version: String,
    kpis: Vec<(&'static str, String)>,
    aggregate: Vec<String>,
    aggregate_note: String,
    fls: Vec<ScopeFlsView>,
    trend: Vec<TrendView>,
}

async fn scope_page(app: AppState, who: Signed, scope: Scope, q: PeriodQuery) -> PageResult {
    let all = svc::all_fls(&app).await?;
    let in_scope = |f: &KpiFls| match &scope {
        Scope::Country(c) => &f.country == c,
        Scope::Region(r) => &f.region == r,
        _ => true,
    };
    let seen: Vec<KpiFls> = all
        .iter()
        .filter(|f| in_scope(f) && who.s.access.view_aggregates.contains(f.id))
        .cloned()
        .collect();
    if seen.is_empty() {
        return Err(deny(&app, &who, "kpis").await);
    }
    let today = app.now().date();
    let (period, form) = resolve_or_default(&who.ctx, &q, today);
    let viewer = Viewer::of_grants(&who.actor, &who.s.grants);
    let country = match &scope {
        Scope::Country(c) => Some(c.as_str()),
        _ => None,
    };
    let defs = svc::definitions(&app, country).await?;
    let w = svc::world(&app, &defs, period).await?;
    let ctx = who.ctx.clone();
    let lang = ctx.tr.lang;
    // The aggregate of the scope, if released.
    let released = svc::release(&w, &scope);
    let (aggregate, aggregate_note) = match &released {
        svc::Release::Released => {
            let c = svc::aggregate_counts(&w, &scope).unwrap_or_default();
            let r = w.report(&c);
            (
                r.kpis.iter().map(|k| pct(&ctx, k.value)).collect(),
                String::new(),
            )
        }
        svc::Release::FoldedInto(r) => (
            vec![],
            ctx.tr.ta("kpi-folded", &[("region", ctx.tk("region", r))]),
        ),
        svc::Release::Withheld => (vec![], ctx.t("kpi-withheld")),
    };
    let mut fls_views = Vec::new();
    let mut export_rows = Vec::new();
    for f in &seen {
        let exact = viewer.exact.contains(f.id);
        let report = w.report(&w.counts_of(f.id));
        let rows = svc::fls_rows(&report, exact);
        let items = svc::item_rows(&report, exact);
        let k11 = &rows[KpiId::Kpi11Completeness.index()];
        for k in &rows {
            export_rows.push(vec![
                f.code.clone(),
                k.id.id().to_string(),
                k.numerator.to_string(),
                k.denominator.text(),
                opt(k.value),
                k.band.map(|b| b.code().to_string()).unwrap_or_default(),
                k.not_yet_due.to_string(),
                k.excluded_died.to_string(),
            ]);
        }
        fls_views.push(ScopeFlsView {
            code: f.code.clone(),
            name: f.name.clone(),
            exact,
            cells: rows.iter().map(|k| pct(&ctx, k.value)).collect(),
            bands: rows
                .iter()
                .map(|k| k.band.map(|b| b.code()).unwrap_or(""))
                .collect(),
            flagged: items
                .iter()
                .filter(|i| i.flagged == Some(true))
                .map(|i| ctx.tr.field(i.item))
                .collect(),
            completeness: pct(&ctx, k11.value),
        });
    }
    if matches!(q.format.as_str(), "csv" | "xlsx") {
        let head = [
            "fls",
            "id",
            "numerator",
            "denominator",
            "value",
            "band",
            "not_yet_due",
            "excluded_died",
        ];
        let meta = vec![
            format!("scope={}", scope.code()),
            format!("from={}", period.from),
            format!("to={}", period.to),
            format!("as_of={}", period.as_of),
            format!("definitions_version={}", defs.version),
        ];
        let name = format!(
            "kpis-{}-{}-{}",
            scope.code().replace(':', "-"),
            period.from,
            period.to
        );
        return export(&q.format, &name, &meta, &head, &export_rows);
    }
    // The aggregate's trend by quarter (last 8 up to the as-of date), when released.
    let mut trend = Vec::new();
    if released == svc::Release::Released {
        let mut qs = vec![Quarter::of(period.as_of)];
        for _ in 1..8 {
            let p = svc::prev_quarter(*qs.last().unwrap_or(&Quarter::of(period.as_of)));
            qs.push(p);
        }
        qs.reverse();
        for qu in qs {
            let p = KpiPeriod {
                from: qu.first_day(),
                to: qu.last_day(),
                as_of: period.as_of,
            };
            let wq = svc::world(&app, &defs, p).await?;
            let cells = if svc::release(&wq, &scope) == svc::Release::Released {
                let c = svc::aggregate_counts(&wq, &scope).unwrap_or_default();
                wq.report(&c)
                    .kpis
                    .iter()
                    .map(|k| pct(&ctx, k.value))
                    .collect()
            } else {
                vec![ctx.t("kpi-withheld-short"); KpiId::ALL.len()]
            };
            trend.push(TrendView {
                quarter: qu.to_string(),
                cells,
            });
        }
    }
    let _ = lang;
    let (title, path) = match &scope {
        Scope::Country(c) => (
            ctx.tr.ta("kpi-scope-country", &[("country", c.clone())]),
            format!("/kpis/country/{c}"),
        ),
        Scope::Region(r) => (
            ctx.tr
                .ta("kpi-scope-region", &[("region", ctx.tk("region", r))]),
            format!("/kpis/region/{r}"),
        ),
        _ => (ctx.t("kpi-scope-global"), "/kpis/global".to_string()),
    };
    html(ScopePage {
        title,
        form,
        qs: period_qs(&period),
        path,
        period,
        version: defs.version.clone(),
        kpis: KpiId::ALL
            .iter()
            .map(|k| (k.id(), ctx.tk("kpi-short", k.id())))
            .collect(),
        aggregate,
        aggregate_note,
        fls: fls_views,
        trend,
        ctx,
    })
}

pub async fn scope_global(
    State(app): State<AppState>,
    who: Signed,
    Query(q): Query<PeriodQuery>,
) -> PageResult {
    scope_page(app, who, Scope::Global, q).await
}

pub async fn scope_country(
    State(app): State<AppState>,
    who: Signed,
    Path(cc): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> PageResult {
    scope_page(app, who, Scope::Country(cc.to_ascii_uppercase()), q).await
}

pub async fn scope_region(
    State(app): State<AppState>,
    who: Signed,
    Path(region): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> PageResult {
    match Scope::parse(&format!("region:{region}")) {
        Some(s) => scope_page(app, who, s, q).await,
        None => Err(deny(&app, &who, "kpis").await),
    }
}

// ---------------------------------------------------------------------------------------------
// Definitions (administrators)
// ---------------------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "kpi_definitions.html")]
struct DefinitionsPage {
    ctx: Ctx,
    rows: Vec<svc::DefinitionsRow>,
    current: String,
    country: String,
    json: String,
    errors: Vec<String>,
    saved: bool,
}

pub async fn definitions(State(app): State<AppState>, who: Signed) -> PageResult {
    if !who.s.access.is_admin() {
        return Err(deny(&app, &who, "kpi definitions").await);
    }
    let rows = svc::list_definitions(&app).await?;
    let current =
        serde_json::to_string_pretty(&svc::definitions(&app, None).await?).unwrap_or_default();
    html(DefinitionsPage {
        ctx: who.ctx,
        rows,
        json: current.clone(),
        current,
        country: String::new(),
        errors: vec![],
        saved: false,
    })
}

pub async fn definitions_save(
    State(app): State<AppState>,
    who: Signed,
    body: axum::body::Bytes,
) -> PageResult {
    if !who.s.access.is_admin() {
        return Err(deny(&app, &who, "kpi definitions").await);
    }
    let pairs = super::form_pairs(&body);
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let country = get("country").trim().to_ascii_uppercase();
    let json = get("json");
    let res = svc::save_definitions(
        &app,
        &who.actor,
        (!country.is_empty()).then_some(country.as_str()),
        &json,
    )
    .await;
    let (errors, saved) = match res {
        Ok(_) => (vec![], true),
        Err(liaison_app::ServiceError::Invalid(inv)) => (
            inv.0.iter().map(|e| who.ctx.tr.field_error(e)).collect(),
            false,
        ),
        Err(e) => return Err(e.into()),
    };
    let rows = svc::list_definitions(&app).await?;
    let current =
        serde_json::to_string_pretty(&svc::definitions(&app, None).await?).unwrap_or_default();
    let mut r = html(DefinitionsPage {
        ctx: who.ctx,
        rows,
        current,
        country,
        json,
        errors: errors.clone(),
        saved,
    })?;
    if !errors.is_empty() {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(r)
}

// ---------------------------------------------------------------------------------------------
// API
// ---------------------------------------------------------------------------------------------

#[derive(Deserialize, Default)]
pub struct ApiQuery {
    #[serde(default)]
    scope: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    as_of: String,
    #[serde(default)]
    format: String,
}

/// `GET /api/v1/kpis`: the numbers of the dashboard for a scope, with the token user's rights
/// and the disclosure rules; JSON in the shape of docs/kpi-definitions.md, or CSV.
pub async fn api_kpis(
    State(app): State<AppState>,
    who: ApiUser,
    Query(q): Query<ApiQuery>,
) -> Result<Response, ApiError> {
    let mut inv = Invalid::default();
    let scope = Scope::parse(&q.scope);
    if scope.is_none() {
        inv.push(
            liaison_domain::error::FieldError::new("scope", &q.scope, "one_of")
                .arg("allowed", "fls:CODE, country:CC, region:NAME, global"),
        );
    }
    if !matches!(q.format.as_str(), "" | "json" | "csv") {
        inv.push(
            liaison_domain::error::FieldError::new("format", &q.format, "one_of")
                .arg("allowed", "json, csv"),
        );
    }
    let today = app.now().date();
    let period = match svc::parse_period(&q.from, &q.to, &q.as_of, today) {
        Ok(p) => Some(p),
        Err(e) => {
            inv.0.extend(e.0);
            None
        }
    };
    let (Some(scope), Some(period)) = (scope, period) else {
        return Err(liaison_app::ServiceError::Invalid(inv).into());
    };
    if !inv.is_empty() {
        return Err(liaison_app::ServiceError::Invalid(inv).into());
    }
    let viewer = Viewer::of(&app, &who.actor).await?;
    let Some(v) = svc::for_scope(&app, &viewer, &scope, period).await? else {
        liaison_app::audit::deny(
            &app,
            &who.actor,
            format!("kpis /api/v1/kpis {}", scope.code()),
        )
        .await?;
        return Err(ApiError::not_found());
    };
    if q.format == "csv" {
        return Ok((
            [(header::CONTENT_TYPE, "text/csv; charset=utf-8")],
            svc::scope_csv(&v),
        )
            .into_response());
    }
    Ok(axum::Json(v).into_response())
}
