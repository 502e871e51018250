//! Patient-level KPIs (`shared/spec/kpis.md`).
