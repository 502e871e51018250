//! The FLS Benefit Calculator model (`shared/spec/calculator.md`).
