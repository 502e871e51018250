//! The outlier report (issue 19): `/kpis/outliers` (page, CSV, XLSX) and
//! `GET /api/v1/kpis/outliers`. Every figure comes from `liaison_app::kpi::outliers`, which
//! applies the rights and the disclosure rules; this file only reads the query and writes.

use super::*;
use crate::AppState;
use crate::api::{ApiError, ApiUser};
use crate::ctx::{Ctx, Signed, deny, html, unprocessable};
use crate::error::PageResult;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use liaison_app::kpi::{self as svc, OutlierReport, Scope, Viewer};
use liaison_domain::benchmark::{Disclosed, Limit};
use liaison_domain::error::FieldError;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use utoipa::openapi::{RefOr, Schema};
use utoipa::{IntoParams, PartialSchema, ToSchema};

/// The scope of a query: `global` (every service the user sees) when blank.
fn parse_scope(s: &str, inv: &mut Invalid) -> Scope {
    if s.trim().is_empty() {
        return Scope::Global;
    }
    Scope::parse(s).unwrap_or_else(|| {
        inv.push(
            FieldError::new("scope", s, "one_of")
                .arg("allowed", "fls:CODE, country:CC, region:NAME, global"),
        );
        Scope::Global
    })
}

fn check_format(f: &str, allowed: &[&str], inv: &mut Invalid) {
    if !f.is_empty() && !allowed.contains(&f) {
        inv.push(FieldError::new("format", f, "one_of").arg("allowed", allowed.join(", ")));
    }
}

/// The table of every outlier: one row per service and KPI, as the files and the API list them.
fn file_rows(r: &OutlierReport) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for k in &r.kpis {
        for o in &k.rows {
            let d = o.outlier.direction;
            out.push(vec![
                k.id.id().to_string(),
                o.code.clone(),
                o.name.clone(),
                o.country.clone(),
                o.own.to_string(),
                o.numerator.to_string(),
                o.denominator.to_string(),
                opt(Some(o.value)),
                opt(k.pooled),
                o.outlier.limit.code().to_string(),
                d.side.code().to_string(),
                d.reading.code().to_string(),
            ]);
        }
    }
    out
}

const FILE_HEAD: [&str; 12] = [
    "kpi",
    "fls",
    "name",
    "country",
    "own",
    "numerator",
    "denominator",
    "value",
    "pooled_value",
    "limit",
    "side",
    "reading",
];

fn file_meta(r: &OutlierReport) -> Vec<String> {
    vec![
        format!("scope={}", r.scope.code()),
        format!("from={}", r.period.from),
        format!("to={}", r.period.to),
        format!("as_of={}", r.period.as_of),
        format!("definitions_version={}", r.definitions_version),
    ]
}

// ---------------------------------------------------------------------------------------------
// The page
// ---------------------------------------------------------------------------------------------

#[derive(Deserialize, Default)]
pub struct OutlierQuery {
    #[serde(default)]
    scope: String,
    #[serde(flatten)]
    period: PeriodQuery,
}

pub struct OutlierRowView {
    pub code: String,
    pub name: String,
    pub own: bool,
    pub country: String,
    pub numerator: String,
    pub denominator: String,
    pub value: String,
    pub limit: String,
    pub direction: String,
    pub reading: &'static str,
    pub reading_text: String,
}

pub struct OutlierKpiView {
    pub id: &'static str,
    pub name: String,
    pub summary: String,
    pub rows: Vec<OutlierRowView>,
}

#[derive(Template)]
#[template(path = "kpi_outliers.html")]
struct OutliersPage {
    ctx: Ctx,
    form: PeriodForm,
    scope: String,
    scopes: Vec<(String, String)>,
    qs: String,
    period: KpiPeriod,
    version: String,
    released: bool,
    kpis: Vec<OutlierKpiView>,
}

fn kpi_view(ctx: &Ctx, k: &svc::OutlierKpi) -> OutlierKpiView {
    let summary = match k.pooled {
        _ if k.compared == 0 && k.withheld == 0 => ctx.t("outliers-none-compared"),
        Some(p0) => ctx.tr.ta(
            "outliers-summary",
            &[
                ("p0", pct(ctx, Some(p0))),
                ("compared", k.compared.to_string()),
                ("outside", k.rows.len().to_string()),
            ],
        ),
        None => ctx.tr.ta(
            "outliers-summary-withheld",
            &[
                ("compared", k.compared.to_string()),
                ("outside", k.rows.len().to_string()),
            ],
        ),
    };
    let summary = if k.withheld > 0 {
        format!(
            "{summary} {}",
            ctx.tr
                .ta("outliers-withheld", &[("count", k.withheld.to_string())])
        )
    } else {
        summary
    };
    OutlierKpiView {
        id: k.id.id(),
        name: ctx.tk("kpi", k.id.id()),
        summary,
        rows: k
            .rows
            .iter()
            .map(|o| {
                let d = o.outlier.direction;
                OutlierRowView {
                    code: o.code.clone(),
                    name: o.name.clone(),
                    own: o.own,
                    country: ctx.country(&o.country),
                    numerator: count(ctx, &o.numerator),
                    denominator: count(ctx, &o.denominator),
                    value: pct(ctx, Some(o.value)),
                    limit: ctx.tk(
                        "outliers-limit",
                        match o.outlier.limit {
                            Limit::P95 => "95",
                            Limit::P998 => "998",
                        },
                    ),
                    direction: ctx.tk("outliers-side", d.side.code()),
                    reading: d.reading.code(),
                    reading_text: ctx.tk("kpi-reading", d.reading.code()),
                }
            })
            .collect(),
    }
}

/// The scopes the form offers: every service the user sees, then their regions and countries.
async fn scope_choices(app: &AppState, who: &Signed) -> Result<Vec<(String, String)>, AppError> {
    let seen: Vec<KpiFls> = svc::all_fls(app)
        .await?
        .into_iter()
        .filter(|f| who.s.access.view_aggregates.contains(f.id))
        .collect();
    let ctx = &who.ctx;
    let mut out = vec![("global".to_string(), ctx.t("outliers-scope-all"))];
    let regions: std::collections::BTreeSet<&str> =
        seen.iter().map(|f| f.region.as_str()).collect();
    for r in regions {
        out.push((format!("region:{r}"), ctx.tk("region", r)));
    }
    let countries: std::collections::BTreeSet<&str> =
        seen.iter().map(|f| f.country.as_str()).collect();
    for c in countries {
        out.push((format!("country:{c}"), ctx.country(c)));
    }
    Ok(out)
}

pub async fn outliers_page(
    State(app): State<AppState>,
    who: Signed,
    Query(q): Query<OutlierQuery>,
) -> PageResult {
    let today = app.now().date();
    let (period, mut form) = resolve_or_default(&who.ctx, &q.period, today);
    let mut inv = Invalid::default();
    let scope = parse_scope(&q.scope, &mut inv);
    check_format(&q.period.format, &["csv", "xlsx"], &mut inv);
    let viewer = Viewer::of_grants(&who.actor, &who.s.grants);
    let Some(report) = svc::outliers(&app, &viewer, &scope, period).await? else {
        return Err(deny(&app, &who, "kpis").await);
    };
    form.errors
        .extend(inv.0.iter().map(|e| who.ctx.tr.field_error(e)));
    if inv.is_empty() && matches!(q.period.format.as_str(), "csv" | "xlsx") {
        let name = format!(
            "outliers-{}-{}-{}",
            scope.file_stem(),
            period.from,
            period.to
        );
        return export(
            &q.period.format,
            &name,
            &file_meta(&report),
            &FILE_HEAD,
            &file_rows(&report),
        );
    }
    let refused = !form.errors.is_empty();
    let ctx = who.ctx.clone();
    let page = OutliersPage {
        scopes: scope_choices(&app, &who).await?,
        scope: scope.code(),
        qs: period_qs(&period),
        version: report.definitions_version.clone(),
        released: report.released,
        kpis: report.kpis.iter().map(|k| kpi_view(&ctx, k)).collect(),
        period,
        form,
        ctx,
    };
    // Bad input is refused (422) with every field, value and rule, and the form to fix it.
    if refused {
        Ok(unprocessable(html(page)?))
    } else {
        html(page)
    }
}

// ---------------------------------------------------------------------------------------------
// The API
// ---------------------------------------------------------------------------------------------

#[derive(Deserialize, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OutlierApiQuery {
    /// global (default: every service the token's user sees), region:NAME, country:CC or
    /// fls:CODE.
    #[serde(default)]
    scope: String,
    /// The first fracture date of the period, YYYY-MM-DD (with `to`; default: the last full
    /// calendar year before the as-of day).
    #[serde(default)]
    from: String,
    /// The last fracture date of the period, YYYY-MM-DD.
    #[serde(default)]
    to: String,
    /// The day the figures are for, YYYY-MM-DD (default today).
    #[serde(default)]
    as_of: String,
    /// json (default) or csv.
    #[serde(default)]
    format: String,
}

/// A count: a number, or `<8` for a small one seen from outside its service.
pub struct Count;

impl PartialSchema for Count {
    fn schema() -> RefOr<Schema> {
        let v = serde_json::json!({
            "type": ["integer", "string"],
            "description": "A count; outside the viewer's own services 1 to 7 is `<8` and others are rounded to 5"
        });
        serde_json::from_value(v).unwrap_or_default()
    }
}

impl ToSchema for Count {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Count")
    }
}

/// The outlier report of a scope and period.
#[derive(Serialize, ToSchema)]
pub struct OutliersOut {
    pub scope: String,
    pub period: PeriodOut,
    pub as_of: String,
    pub definitions_version: String,
    /// false: fewer than 3 services contribute worldwide, so there is no funnel to compare with.
    pub released: bool,
    /// The proportion KPIs (kpi3 to kpi12); kpi1 and kpi2 have no funnel.
    pub kpis: Vec<OutlierKpiOut>,
}

#[derive(Serialize, ToSchema)]
pub struct PeriodOut {
    /// YYYY-MM-DD.
    pub from: String,
    /// YYYY-MM-DD.
    pub to: String,
}

/// One KPI: the funnel's centre and the services outside its limits.
#[derive(Serialize, ToSchema)]
pub struct OutlierKpiOut {
    pub id: String,
    /// The world's pooled value (the funnel's centre); null when it may not be shown.
    pub pooled_value: Option<f64>,
    /// Services of the scope compared with the funnel.
    pub compared: usize,
    /// Services not compared: a count of theirs is too small to show outside the service.
    pub withheld: usize,
    /// Needing attention first, the 99.8 % limit before the 95 % one.
    pub outliers: Vec<OutlierOut>,
}

/// A service outside the limits.
#[derive(Serialize, ToSchema)]
pub struct OutlierOut {
    pub fls: String,
    pub name: String,
    pub country: String,
    /// The user's own service (its counts exact).
    pub own: bool,
    #[schema(value_type = Count)]
    pub numerator: Disclosed,
    #[schema(value_type = Count)]
    pub denominator: Disclosed,
    /// numerator / denominator from the exact counts.
    pub value: f64,
    /// The widest limit crossed: `95` or `99.8`.
    pub limit: String,
    /// above or below the pooled value.
    pub side: String,
    /// better (doing better than expected) or attention (needs attention), from which way the
    /// KPI is better.
    pub reading: String,
}

fn out(r: &OutlierReport) -> OutliersOut {
    OutliersOut {
        scope: r.scope.code(),
        period: PeriodOut {
            from: r.period.from.to_string(),
            to: r.period.to.to_string(),
        },
        as_of: r.period.as_of.to_string(),
        definitions_version: r.definitions_version.clone(),
        released: r.released,
        kpis: r
            .kpis
            .iter()
            .map(|k| OutlierKpiOut {
                id: k.id.id().to_string(),
                pooled_value: k.pooled,
                compared: k.compared,
                withheld: k.withheld,
                outliers: k
                    .rows
                    .iter()
                    .map(|o| OutlierOut {
                        fls: o.code.clone(),
                        name: o.name.clone(),
                        country: o.country.clone(),
                        own: o.own,
                        numerator: o.numerator,
                        denominator: o.denominator,
                        value: o.value,
                        limit: o.outlier.limit.code().into(),
                        side: o.outlier.direction.side.code().into(),
                        reading: o.outlier.direction.reading.code().into(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// The services outside the 95 % and 99.8 % funnel limits of each proportion KPI, against the
/// world's pooled value, with the token user's rights: named where the user sees the
/// service's aggregates, a scope they see nothing of answers 404. JSON, or CSV (one row per
/// outlier).
#[utoipa::path(get, path = "/api/v1/kpis/outliers", tag = "kpis", operation_id = "getKpiOutliers",
    params(OutlierApiQuery),
    responses((status = 200, description = "The outlier report", content(
        (OutliersOut = "application/json"),
        (String = "text/csv")))))]
pub async fn api_outliers(
    State(app): State<AppState>,
    who: ApiUser,
    crate::api::ApiQuery(q): crate::api::ApiQuery<OutlierApiQuery>,
) -> Result<Response, ApiError> {
    let mut inv = Invalid::default();
    let scope = parse_scope(&q.scope, &mut inv);
    check_format(&q.format, &["json", "csv"], &mut inv);
    let ask = if q.from.is_empty() && q.to.is_empty() {
        PeriodAsk {
            as_of: &q.as_of,
            ..Default::default()
        }
    } else {
        PeriodAsk::dates(&q.from, &q.to, &q.as_of)
    };
    let period = ask.resolve(app.now().date()).map_err(|e| inv.0.extend(e.0));
    let Ok(period) = period else {
        return Err(liaison_app::ServiceError::Invalid(inv).into());
    };
    if !inv.is_empty() {
        return Err(liaison_app::ServiceError::Invalid(inv).into());
    }
    let viewer = Viewer::of(&app, &who.actor).await?;
    let Some(report) = svc::outliers(&app, &viewer, &scope, period).await? else {
        liaison_app::audit::deny(
            &app,
            &who.actor,
            format!("kpis /api/v1/kpis/outliers {}", scope.code()),
        )
        .await?;
        return Err(ApiError::not_found());
    };
    if q.format == "csv" {
        let mut w = csv::Writer::from_writer(Vec::new());
        let meta = file_meta(&report);
        let (mh, mv): (Vec<&str>, Vec<&str>) = meta
            .iter()
            .map(|m| m.split_once('=').unwrap_or((m.as_str(), "")))
            .unzip();
        let n = |s: &str| liaison_domain::interchange::neutralise(s).into_owned();
        let _ = w.write_record(mh.iter().chain(FILE_HEAD.iter()));
        for r in file_rows(&report) {
            let _ = w.write_record(mv.iter().map(|v| n(v)).chain(r.iter().map(|c| n(c))));
        }
        let body = String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default();
        return Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], body).into_response());
    }
    Ok(axum::Json(out(&report)).into_response())
}
