//! The patient episode dataset (`docs/dataset.md`, version 1): columns, codes and every
//! validation rule. One function, [`parse`], is the only way from raw values to an [`Episode`],
//! so the form, the API, imports and FHIR all apply the same rules.
//!
//! The files, in reading order:
//!
//! - `codes.rs`: the coded values ([`Sex`], [`FractureSite`]...), [`ATC`] and [`icd10_site`];
//! - `columns.rs`: what a column holds ([`Kind`], [`Cell`]) and the macro that makes the rest
//!   from the declaration of `episode.rs`;
//! - `episode.rs`: the one declaration of the columns, hence [`COLUMNS`], [`EpisodeInput`]
//!   and [`Episode`];
//! - `values.rs`: one value at a time ([`parse_date`], decimals, codes, text) and
//!   [`ParseOptions`];
//! - `rules.rs`: [`parse`], every rule of the dataset.

mod codes;
mod columns;
mod episode;
mod rules;
mod values;

pub use codes::*;
pub use columns::{BadCell, Cell, ColumnValue, Kind, OwnedCell, Storage};
pub use episode::*;
pub use rules::*;
pub use values::*;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_v2;
