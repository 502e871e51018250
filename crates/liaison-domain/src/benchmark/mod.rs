//! Comparisons between FLSs (`docs/comparisons.md`): funnel-plot control limits, the
//! disclosure rules that keep other FLSs' patients out of sight, and quarters for run charts.
//! Pure functions; the server decides who is inside which FLS.
//!
//! The files, in reading order:
//!
//! - `limits.rs`: [`control_limits`] and [`classify`];
//! - `disclosure.rs`: [`Disclosure`] and what it lets through ([`Disclosed`], [`Funnel`],
//!   [`AggregatePlan`]);
//! - `run_chart.rs`: [`Quarter`] and [`quarter`];
//! - `direction.rs`: [`Direction`], which way a signal points and what it means.

mod direction;
mod disclosure;
mod limits;
mod run_chart;

pub use direction::*;
pub use disclosure::*;
pub use limits::*;
pub use run_chart::*;

#[cfg(test)]
mod tests;
