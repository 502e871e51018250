//! Deterministic synthetic registry data for demos, tests and benchmarks.
