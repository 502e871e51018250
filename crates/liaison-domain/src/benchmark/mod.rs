//! Comparisons between FLSs (`docs/comparisons.md`): funnel-plot control limits, the
//! disclosure rules that keep other FLSs' patients out of sight, and quarters for run charts.
//! Pure functions; the server decides who is inside which FLS.
//!
//! The files, in reading order:
//!
//! - `limits.rs`: [`control_limits`] and [`classify`];
//! - `disclosure.rs`: [`Disclosure`] and what it lets through ([`Disclosed`], [`Funnel`],
//!   [`AggregatePlan`]);
//! - `complementary.rs`: rule 7, [`Disclosure::disclose_tree`] over an aggregate and its members;
//! - `breakdown.rs`: a breakdown's cells ([`Cell`], [`Disclosure::disclose_breakdown`]): the
//!   second withheld cell and rule 7's test with the total fixed;
//! - `period.rs`: rule 8, [`check_period_outside`];
//! - `run_chart.rs`: [`Quarter`] and [`quarter`];
//! - `direction.rs`: [`Direction`], which way a signal points and what it means;
//! - `outlier.rs`: [`outlier`], a service outside its limits for the outlier report.

mod breakdown;
mod complementary;
mod direction;
mod disclosure;
mod limits;
mod outlier;
mod period;
mod run_chart;

pub use breakdown::*;
pub use complementary::*;
pub use direction::*;
pub use disclosure::*;
pub use limits::*;
pub use outlier::*;
pub use period::*;
pub use run_chart::*;

#[cfg(test)]
mod tests;
