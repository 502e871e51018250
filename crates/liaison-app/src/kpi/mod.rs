//! KPIs (docs/kpi-definitions.md) and comparisons (docs/comparisons.md) for the dashboard, the scope pages, the API
//! and the command line: one computation, one set of rules.
//!
//! Every FLS's counts are computed from one streamed pass over the episodes of the period and
//! kept in memory per (definitions, period, as-of); an FLS's counts are recomputed only when its
//! change counter (`fls.kpi_generation`, bumped by database triggers on every episode write) or
//! its expected caseload moves. Country, region and world figures are sums of FLS counts.
//! Only counts leave this module; the disclosure rules decide what a viewer sees of them.

use super::{Actor, Result};
use crate::app::App;
use liaison_domain::access::FlsSet;
use liaison_domain::auth::Role;
use liaison_domain::kpi::KpiPeriod;
pub use liaison_store::kpi::{DefinitionsRow, KpiFls};
use std::collections::BTreeSet;

mod breakdown;
mod cache;
mod compare;
mod definitions;
mod measures;
mod outliers;
mod protect;
mod report;
mod statistics;
mod world;

pub use breakdown::*;
pub use cache::*;
pub use compare::*;
pub use definitions::*;
pub use measures::*;
pub use outliers::*;
pub use protect::*;
pub use report::*;
pub use statistics::*;
pub use world::*;

// ---------------------------------------------------------------------------------------------
// Scopes and viewers
// ---------------------------------------------------------------------------------------------

pub use liaison_domain::org::Scope;

/// The scope of a region known by its code (the KPI rows carry regions as codes, all of them
/// written from [`liaison_domain::org::Region`], so the parse cannot fail; an unknown code
/// would name a region with no FLS, as an FLS code that does not exist does).
pub fn region_scope(code: &str) -> Scope {
    liaison_domain::org::Region::parse(code)
        .map(Scope::Region)
        .unwrap_or_else(|| Scope::Fls(String::new()))
}

/// What a user may see of KPI figures.
#[derive(Debug, Clone)]
pub struct Viewer {
    /// FLSs whose exact figures the user sees: their own (rule 1). The operator: all.
    pub exact: FlsSet,
    /// FLSs the user may see at all (disclosed unless in `exact`).
    pub aggregates: FlsSet,
    /// FLSs whose patient lists the user may open.
    pub patients: FlsSet,
    /// Released aggregates are exact; the operator also sees unreleased ones.
    pub operator: bool,
}

impl Viewer {
    pub fn operator() -> Viewer {
        Viewer {
            exact: FlsSet::All,
            aggregates: FlsSet::All,
            patients: FlsSet::All,
            operator: true,
        }
    }

    /// The user's own FLSs are those they hold an FLS role at (lead, clinician, viewer);
    /// administrators, reviewers, national and regional leads and mentors look from outside.
    pub async fn of(app: &App, actor: &Actor) -> Result<Viewer> {
        let Some(uid) = actor.user_id else {
            return Ok(Viewer::operator());
        };
        let grants = liaison_store::users::grants_of(&app.db, uid).await?;
        Ok(Viewer::of_grants(actor, &grants))
    }

    /// [`Viewer::of`] with the grants the session already holds (no query per page).
    pub fn of_grants(actor: &Actor, grants: &[liaison_store::users::GrantRow]) -> Viewer {
        if actor.user_id.is_none() {
            return Viewer::operator();
        }
        let own: BTreeSet<i64> = grants
            .iter()
            .filter(|g| {
                matches!(
                    Role::parse("role", &g.role),
                    Ok(Role::FlsLead | Role::FlsClinician | Role::Viewer)
                )
            })
            .filter_map(|g| g.fls_id)
            .filter(|id| actor.access.view_aggregates.contains(*id))
            .collect();
        Viewer {
            exact: FlsSet::Only(own),
            aggregates: actor.access.view_aggregates.clone(),
            patients: actor.access.read_patients.clone(),
            operator: false,
        }
    }

    /// May see released aggregates (country, region, world): anyone who sees some FLS.
    pub fn sees_aggregates(&self) -> bool {
        !self.aggregates.is_empty()
    }
}

/// Rule 8: an answer seen from outside an FLS (`inside` false: anyone but the FLS's own roles,
/// or an aggregate's answer for anyone but the operator) needs a period of at least 90 days;
/// a shorter one is refused, naming the period, its days and the minimum.
pub fn check_period(viewer: &Viewer, inside: bool, period: &KpiPeriod) -> Result<()> {
    if viewer.operator || inside {
        return Ok(());
    }
    liaison_domain::benchmark::check_period_outside(period).map_err(|e| {
        crate::ServiceError::Refused(
            crate::ErrorCode::PeriodTooShort,
            liaison_domain::error::Invalid(vec![e]),
        )
    })
}

/// Is a period too short for pooled figures (rule 8)? Inside its FLS a user still sees their
/// own figures for any period, but not the pooled values of others beside them.
pub fn too_short_for_pooled(viewer: &Viewer, period: &KpiPeriod) -> bool {
    !viewer.operator && liaison_domain::benchmark::check_period_outside(period).is_err()
}
