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
pub use liaison_store::kpi::{DefinitionsRow, KpiFls};
use serde::Serialize;
use std::collections::BTreeSet;
use std::hash::Hash;

mod cache;
mod compare;
mod definitions;
mod report;
mod world;

pub use cache::*;
pub use compare::*;
pub use definitions::*;
pub use report::*;
pub use world::*;

// ---------------------------------------------------------------------------------------------
// Scopes and viewers
// ---------------------------------------------------------------------------------------------

/// docs/cli.md: `fls:CODE`, `country:CC`, `region:NAME` or `global`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub enum Scope {
    Fls(String),
    Country(String),
    Region(String),
    Global,
}

impl Scope {
    pub fn parse(s: &str) -> Option<Scope> {
        let s = s.trim();
        if s == "global" {
            return Some(Scope::Global);
        }
        let (kind, code) = s.split_once(':')?;
        let code = code.trim();
        if code.is_empty() {
            return None;
        }
        match kind {
            "fls" => Some(Scope::Fls(code.to_string())),
            "country" => Some(Scope::Country(code.to_ascii_uppercase())),
            "region" => liaison_domain::org::Region::parse(code)
                .map(|r| Scope::Region(r.code().to_string())),
            _ => None,
        }
    }

    pub fn code(&self) -> String {
        match self {
            Scope::Fls(c) => format!("fls:{c}"),
            Scope::Country(c) => format!("country:{c}"),
            Scope::Region(r) => format!("region:{r}"),
            Scope::Global => "global".into(),
        }
    }
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
