//! Comparisons between FLSs: control limits and disclosure rules (`shared/spec/benchmarking.md`).
