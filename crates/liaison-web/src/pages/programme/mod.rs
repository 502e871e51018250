//! The programme: Best Practice Framework self-assessment and review, the public Map of Best
//! Practice, and Getting to Gold (issue 6; the calculator has its own module).

use crate::AppState;
use crate::Routes;
use crate::ctx::{Ctx, Signed, deny};
use crate::error::AppError;
use liaison_app::orgs::FlsRow;
use liaison_domain::format;
use liaison_domain::programme::Level;

pub(crate) mod api;
mod framework;
pub(crate) mod map;
mod milestones;

use api::*;
pub use framework::*;
pub use map::*;
pub use milestones::*;

pub fn routes(r: Routes) -> Routes {
    r.get("/api/v1/map", api_map)
        .get("/api/v1/fls/{code}/assessments", api_assessments)
        .get("/api/v1/fls/{code}/g2g", api_g2g)
        .get("/fls/{code}/bpf", bpf_show)
        .post("/fls/{code}/bpf", bpf_save)
        .post("/fls/{code}/bpf/review", bpf_review)
        .get("/bpf/review", review_queue)
        .get("/admin/bpf", frameworks)
        .post("/admin/bpf", framework_load)
        .get("/map", map)
        .get("/map/fls/{code}", map_profile)
        .get("/fls/{code}/g2g", g2g_show)
        .post("/fls/{code}/g2g", g2g_save)
        .get("/g2g", g2g_overview)
        .get("/g2g/country/{country}", g2g_country_show)
        .post("/g2g/country/{country}", g2g_country_save)
}

async fn visible(app: &AppState, who: &Signed, code: &str) -> Result<FlsRow, AppError> {
    match liaison_app::orgs::fls_by_code(app, &who.s.access.view_aggregates, code).await? {
        Some(f) => Ok(f),
        None => Err(deny(app, who, "fls").await),
    }
}

fn level_label(ctx: &Ctx, l: Level) -> String {
    ctx.tk("bpf-level", l.code())
}

/// A registry figure as shown beside a question.
fn measure_text(ctx: &Ctx, measure: &str, value: f64) -> String {
    // A suggestion from the facilities audit names the audit and its year.
    if measure == liaison_app::facilities::BPF_SOURCE {
        return ctx.tr.ta(
            "bpf-measure-facilities_audit",
            &[("year", format!("{value}"))],
        );
    }
    let key = format!("bpf-measure-{measure}");
    let name = ctx.t(&key);
    let name = if name == key {
        measure.to_string()
    } else {
        name
    };
    let v = if measure.starts_with("kpi") {
        format::percent(ctx.tr.lang, value, 0)
    } else {
        ctx.tr
            .ta("bpf-days", &[("days", format!("{}", value.round()))])
    };
    format!("{name}: {v}")
}
