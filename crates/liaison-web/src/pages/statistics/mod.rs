//! Public statistics (issue 19): `/statistics`, without signing in. Every figure comes from
//! `liaison_app::kpi::public_statistics`, which releases the aggregates and applies the
//! disclosure rules; this file only formats them.

use crate::AppState;
use crate::Routes;
use crate::ctx::{Ctx, Signed, deny, html, see_other};
use crate::error::PageResult;
use crate::pages::kpi::{PeriodForm, PeriodQuery, count, den, pct, resolve_or_default};
use askama::Template;
use axum::extract::{Form, Path, Query, State};
use liaison_app::kpi::{self as svc, Scope, ShownKpi};
use liaison_domain::kpi::{KpiId, KpiPeriod};

pub fn routes(r: Routes) -> Routes {
    r.get("/statistics", statistics)
        .post("/fls/{code}/publish-statistics", publish)
}

#[derive(serde::Deserialize, Default)]
pub struct PublishForm {
    /// The tick box: present when ticked.
    #[serde(default)]
    publish_statistics: String,
}

/// The FLS page's tick box: its leads and administrators choose whether the FLS's figures are
/// named on the public statistics page; anyone else is answered 404 (and the refusal audited).
pub async fn publish(
    State(app): State<AppState>,
    who: Signed,
    Path(code): Path<String>,
    Form(f): Form<PublishForm>,
) -> PageResult {
    let on = !f.publish_statistics.is_empty();
    match liaison_app::orgs::set_publish_statistics(&app, &who.actor, &code, on).await {
        Ok(row) => Ok(see_other(&format!("/fls/{}", row.code))),
        Err(liaison_app::ServiceError::NotFound) => Err(deny(&app, &who, "fls").await),
        Err(e) => Err(e.into()),
    }
}

/// A KPI's cell: the value, and the counts behind it as the public may see them.
pub struct Cell {
    pub value: String,
    pub numerator: String,
    pub denominator: String,
}

fn cells(ctx: &Ctx, kpis: &[ShownKpi]) -> Vec<Cell> {
    kpis.iter()
        .map(|k| Cell {
            value: pct(ctx, k.value),
            numerator: count(ctx, &k.numerator),
            denominator: den(ctx, &k.denominator),
        })
        .collect()
}

pub struct AreaView {
    /// `world`, `region` or `country`.
    pub kind: &'static str,
    pub code: String,
    pub name: String,
    pub fls_count: String,
    pub cells: Vec<Cell>,
    pub levels: Vec<String>,
}

pub struct ServiceView {
    pub code: String,
    pub name: String,
    pub country: String,
    pub cells: Vec<Cell>,
}

#[derive(Template)]
#[template(path = "statistics.html")]
struct StatisticsPage {
    ctx: Ctx,
    form: PeriodForm,
    path: String,
    period: KpiPeriod,
    version: String,
    kpis: Vec<(&'static str, String)>,
    levels: Vec<(&'static str, String)>,
    areas: Vec<AreaView>,
    services: Vec<ServiceView>,
}

pub async fn statistics(
    State(app): State<AppState>,
    ctx: Ctx,
    Query(q): Query<PeriodQuery>,
) -> PageResult {
    let (period, form) = resolve_or_default(&ctx, &q, app.now().date());
    let s = svc::public_statistics(&app, period).await?;
    let lang = ctx.tr.lang;
    let mut areas: Vec<(u8, String, AreaView)> = s
        .areas
        .iter()
        .map(|a| {
            let (rank, kind, code, name) = match &a.scope {
                Scope::Region(r) => (
                    1,
                    "region",
                    r.code().to_string(),
                    ctx.tk("region", r.code()),
                ),
                Scope::Country(c) => (2, "country", c.clone(), ctx.country(c)),
                _ => (0, "world", String::new(), ctx.t("statistics-world")),
            };
            let view = AreaView {
                kind,
                code,
                fls_count: liaison_domain::format::integer(lang, a.fls_count as i64),
                cells: cells(&ctx, &a.kpis),
                levels: a
                    .levels
                    .iter()
                    .map(|(_, n)| liaison_domain::format::integer(lang, *n as i64))
                    .collect(),
                name: name.clone(),
            };
            (rank, name.to_lowercase(), view)
        })
        .collect();
    // The world, then regions, then countries, each by its name in the reader's language.
    areas.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let services = s
        .services
        .iter()
        .map(|f| ServiceView {
            code: f.code.clone(),
            name: f.name.clone(),
            country: ctx.country(&f.country),
            cells: cells(&ctx, &f.kpis),
        })
        .collect();
    let version = svc::definitions(&app, None).await?.version;
    html(StatisticsPage {
        form,
        path: "/statistics".into(),
        period,
        version,
        kpis: KpiId::ALL
            .iter()
            .map(|k| (k.id(), ctx.tk("kpi-short", k.id())))
            .collect(),
        levels: liaison_domain::programme::framework::Level::ALL
            .iter()
            .map(|l| (l.code(), ctx.tk("bpf-level", l.code())))
            .collect(),
        areas: areas.into_iter().map(|a| a.2).collect(),
        services,
        ctx,
    })
}
