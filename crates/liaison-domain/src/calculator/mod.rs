//! The FLS Benefit Calculator model (`docs/calculator.md`, model version 1).
//!
//! What an FLS changes for a hospital or region, compared with usual care: fractures prevented,
//! money spent and saved. Pure arithmetic on a validated [`CalculatorInput`]; no IO, no clock.
//! The model, every formula, its assumptions and sources, and the comparison with McLellan 2011
//! are explained in `docs/calculator.md`.
//!
//! - [`parse`] turns the strings of a web form or a share link ([`CalculatorForm`]) into a
//!   [`CalculatorInput`], naming every invalid field; [`to_form`] goes back (round trip).
//! - [`calculate`] runs the model; [`sensitivity`] gives the data of a tornado chart.
//! - [`presets`] are data (`data/calculator-presets.json`), each value with its citation;
//!   [`default_sources`] gives the source of every default.
//!
//! The files, in reading order:
//!
//! - `inputs.rs`: [`CalculatorInput`] and its parts ([`Site`], [`PerSite`], [`CumulativeRisk`]);
//! - `field.rs`: the inputs by name ([`Field`]) and the rule each follows;
//! - `form.rs`: [`CalculatorForm`], [`parse`] and [`to_form`], with every validation rule;
//! - `model.rs`: the formulas and [`calculate`];
//! - `sensitivity.rs`: [`sensitivity`], the tornado chart;
//! - `presets.rs`: [`presets`] and [`default_sources`].

mod field;
mod form;
mod inputs;
mod model;
mod presets;
mod sensitivity;

pub use field::*;
pub use form::*;
pub use inputs::*;
pub use model::*;
pub use presets::*;
pub use sensitivity::*;

/// Version of the model in `docs/calculator.md`; shown with results.
pub const MODEL_VERSION: u32 = 1;
/// Shortest and longest horizon, in years.
pub const HORIZON_MIN: u32 = 1;
pub const HORIZON_MAX: u32 = 10;
/// Site shares must add up to 1 within this tolerance.
pub const SITE_SHARES_TOLERANCE: f64 = 1e-6;
/// Relative change of each input in [`sensitivity`] (±20 %).
pub const SENSITIVITY_STEP: f64 = 0.2;

#[cfg(test)]
mod tests;
