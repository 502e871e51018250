//! Synthetic data: the deterministic generator (demo, tests, benchmarks) and the demo registry.

pub mod demo;
pub mod demo_coalitions;
pub mod demo_events;
pub mod demo_facilities;
pub mod demo_library;
pub mod demo_mentorship;
pub mod demo_policy;
pub mod generate;
