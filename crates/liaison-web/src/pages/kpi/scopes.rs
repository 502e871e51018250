//! Scope pages for national and regional leads, reviewers, mentors and administrators.

use super::*;
use crate::AppState;
use crate::ctx::{Ctx, Signed, deny, html};
use crate::error::PageResult;
use askama::Template;
use axum::extract::{Path, Query, State};
use liaison_app::kpi::KpiFls;
use liaison_app::kpi::{self as svc, Scope, Viewer};
use liaison_domain::benchmark::Quarter;
use liaison_domain::kpi::{Dimension, KpiId, KpiPeriod};

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
    /// The completeness pass as this viewer may see it.
    pub pass: String,
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
    /// Per proportion KPI: each service against the pooled value (issue 12).
    dots: Vec<super::scope_charts::DotView>,
    /// The trend's small multiples.
    trend_svg: String,
    /// Dataset version 2's measures of the aggregate, when released.
    measures: Option<super::measures::MeasuresView>,
    /// `&by=…` for the export links, and the breakdown asked for.
    by_qs: String,
    breakdown: Option<super::breakdown::BreakdownView>,
}

async fn scope_page(app: AppState, who: Signed, scope: Scope, q: PeriodQuery) -> PageResult {
    let all = svc::all_fls(&app).await?;
    let in_scope = |f: &KpiFls| match &scope {
        Scope::Country(c) => &f.country == c,
        Scope::Region(r) => f.region == r.code(),
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
    let by = super::breakdown::read_by(&q, false)?;
    let today = app.now().date();
    let (period, mut form) = resolve_or_default(&who.ctx, &q, today);
    // By country only where the scope has several (a region, the world).
    form.by_options = super::breakdown::by_options(&who.ctx, false)
        .into_iter()
        .filter(|(code, _)| code != "country" || !matches!(scope, Scope::Country(_)))
        .collect();
    form.by = by.map(|d| d.code().to_string()).unwrap_or_default();
    let viewer = Viewer::of_grants(&who.actor, &who.s.grants);
    // A scope page pools other FLSs: outside for everyone (rule 8).
    svc::check_period(&viewer, false, &period)?;
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
    let mut agg_measures = None;
    let (aggregate, aggregate_note) = match &released {
        svc::Release::Released => {
            // Disclosed like an FLS's figures (rule 6), then rule 7 beside the members listed.
            let p = svc::protected(&w, &viewer, &scope);
            agg_measures = Some(super::measures::view(
                &ctx,
                &p.measures,
                &p.pass,
                false,
                true,
            ));
            let rows = p.rows;
            (
                rows.iter().map(|k| pct(&ctx, k.value)).collect(),
                String::new(),
            )
        }
        svc::Release::FoldedInto(r) => (
            vec![],
            ctx.tr.ta("kpi-folded", &[("region", ctx.tk("region", r))]),
        ),
        svc::Release::Withheld => (vec![], ctx.t("kpi-withheld")),
    };
    let cells = match by {
        Some(by) => svc::breakdown(&app, &w, &scope, &viewer, by).await?,
        None => None,
    };
    // The figures without breakdown as this viewer sees them (rules 6 and 7).
    let (totals, total_episodes) = if released == svc::Release::Released || viewer.operator {
        protected_totals(&w, &viewer, &scope)
    } else {
        (vec![], liaison_domain::benchmark::Disclosed::Exact(0))
    };
    if let (Some(by), "csv" | "xlsx") = (by, q.format.as_str()) {
        let meta = export_meta(&scope, &period, &defs.version);
        let name = export_name(&scope, &period, Some(by));
        let rows = super::breakdown::export_rows(by, &totals, cells.as_ref());
        return export(
            &q.format,
            &name,
            &meta,
            &super::breakdown::EXPORT_HEAD,
            &rows,
        );
    }
    let breakdown = by.map(|by| {
        let names: std::collections::HashMap<String, String> = all
            .iter()
            .map(|f| (f.code.clone(), f.name.clone()))
            .collect();
        super::breakdown::view(
            &ctx,
            by,
            cells.as_ref(),
            (&totals, total_episodes),
            &move |c: &str| names.get(c).cloned(),
        )
    });
    let mut fls_views = Vec::new();
    let mut export_rows = Vec::new();
    for f in &seen {
        let exact = viewer.exact.contains(f.id);
        let report = w.report(&w.counts_of(f.id));
        let rows = svc::fls_rows(&report, exact);
        let items = svc::item_rows(&report, exact);
        let k11 = &rows[KpiId::Kpi11Completeness.index()];
        let pass = svc::fls_pass(&report, exact);
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
        export_rows.extend(super::measures::file_rows(
            &svc::measure_rows(&report, exact),
            &pass,
            Some(&f.code),
            false,
            0,
        ));
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
            pass: super::measures::pass_cell(&ctx, &pass),
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
        let meta = export_meta(&scope, &period, &defs.version);
        let name = export_name(&scope, &period, None);
        return export(&q.format, &name, &meta, &head, &export_rows);
    }
    // The aggregate's trend by quarter (last 8 up to the as-of date), when released.
    let mut trend = Vec::new();
    let mut trend_values: Vec<Vec<Option<f64>>> = Vec::new();
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
            let shown = svc::release(&wq, &scope) == svc::Release::Released;
            // Rule 7 quarter by quarter, for the table and the small multiples alike.
            let values: Vec<Option<f64>> = if shown {
                protected_rows(&wq, &viewer, &scope)
                    .iter()
                    .map(|k| k.value)
                    .collect()
            } else {
                vec![None; KpiId::ALL.len()]
            };
            let cells = if shown {
                values.iter().map(|v| pct(&ctx, *v)).collect()
            } else {
                vec![ctx.t("kpi-withheld-short"); KpiId::ALL.len()]
            };
            trend_values.push(values);
            trend.push(TrendView {
                quarter: qu.to_string(),
                cells,
            });
        }
    }
    let _ = lang;
    let dots = super::scope_charts::dot_views(&ctx, &w, &scope, &viewer);
    let quarters: Vec<String> = trend.iter().map(|t| t.quarter.clone()).collect();
    let trend_svg = super::scope_charts::trend_svg(&ctx, &quarters, &trend_values);
    let (title, path) = match &scope {
        Scope::Country(c) => (
            ctx.tr.ta("kpi-scope-country", &[("country", c.clone())]),
            format!("/kpis/country/{c}"),
        ),
        Scope::Region(r) => (
            ctx.tr.ta(
                "kpi-scope-region",
                &[("region", ctx.tk("region", r.code()))],
            ),
            format!("/kpis/region/{}", r.code()),
        ),
        _ => (ctx.t("kpi-scope-global"), "/kpis/global".to_string()),
    };
    html(ScopePage {
        by_qs: super::breakdown::by_qs(by),
        breakdown,
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
        dots,
        trend_svg,
        measures: agg_measures,
        ctx,
    })
}

/// The export's leading `key=value` cells: what the figures are of.
fn export_meta(scope: &Scope, period: &KpiPeriod, definitions_version: &str) -> Vec<String> {
    vec![
        format!("scope={}", scope.code()),
        format!("from={}", period.from),
        format!("to={}", period.to),
        format!("as_of={}", period.as_of),
        format!("definitions_version={definitions_version}"),
    ]
}

/// The export's file name, with its breakdown if any.
fn export_name(scope: &Scope, period: &KpiPeriod, by: Option<Dimension>) -> String {
    let name = format!(
        "kpis-{}-{}-{}",
        scope.code().replace(':', "-"),
        period.from,
        period.to
    );
    match by {
        Some(by) => format!("{name}-by-{}", by.code()),
        None => name,
    }
}

/// An aggregate's KPI rows for a viewer: rule 6, then rule 7 against what they can see.
fn protected_rows(w: &svc::World, viewer: &Viewer, scope: &Scope) -> Vec<svc::ShownKpi> {
    svc::protected(w, viewer, scope).rows
}

/// The "all" row of a breakdown: [`protected`], but exact for the operator, whose breakdown
/// cells are exact too.
fn protected_totals(
    w: &svc::World,
    viewer: &Viewer,
    scope: &Scope,
) -> (Vec<svc::ShownKpi>, liaison_domain::benchmark::Disclosed) {
    if viewer.operator {
        let r = w.report(&svc::aggregate_counts(w, scope).unwrap_or_default());
        let e = liaison_domain::benchmark::Disclosed::Exact(r.supporting.episodes);
        return (svc::fls_rows(&r, true), e);
    }
    let p = svc::protected(w, viewer, scope);
    (p.rows, p.episodes)
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
