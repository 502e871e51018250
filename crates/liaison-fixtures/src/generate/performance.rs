//! Per-FLS performance: systematic differences between FLSs.

use super::*;
use time::Date;

// ---------------------------------------------------------------------------------------------
// Per-FLS performance: systematic differences between FLSs.

pub(super) struct Perf {
    /// Share of the expected caseload the FLS actually registers.
    pub(super) capture: f64,
    /// Share of its span the FLS has been running (joined later when < 1).
    pub(super) active: f64,
    /// Size when no expected caseload is given.
    pub(super) size: f64,
    pub(super) assess: f64,
    pub(super) delay: f64,
    pub(super) dxa: f64,
    pub(super) falls: f64,
    pub(super) aom: f64,
    pub(super) start: f64,
    pub(super) followup: f64,
    pub(super) complete: f64,
    pub(super) icd: f64,
    pub(super) contacts: f64,
}

impl Perf {
    pub(super) fn new(seed: u64, code: &str) -> Self {
        let mut r = Rng::new(seed ^ fnv1a(code).rotate_left(17));
        Perf {
            capture: r.uniform(0.3, 1.0),
            active: if r.chance(0.25) {
                r.uniform(0.2, 0.8)
            } else {
                1.0
            },
            size: r.log_normal(400.0, 0.7).clamp(50.0, 5000.0),
            assess: r.uniform(0.6, 0.97),
            delay: r.log_normal(1.0, 0.45),
            dxa: r.uniform(0.45, 0.92),
            falls: r.uniform(0.3, 0.95),
            aom: r.uniform(0.5, 0.82),
            start: r.uniform(0.55, 0.95),
            followup: r.uniform(0.4, 0.95),
            complete: r.uniform(0.8, 1.0),
            icd: if r.chance(0.3) {
                0.0
            } else {
                r.uniform(0.4, 0.95)
            },
            contacts: r.uniform(0.0, 1.0),
        }
    }
}

pub(super) struct FlsCtx {
    pub(super) weight: f64,
    pub(super) start: Date,
    pub(super) days: i64,
    pub(super) country: &'static Country,
    pub(super) perf: Perf,
}
