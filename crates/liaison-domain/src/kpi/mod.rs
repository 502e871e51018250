//! Patient-level KPIs (`docs/kpi-definitions.md`), as a pure engine.
//!
//! - [`high_risk`]: dataset version 2's high-risk rule (the FRAX threshold is in the definitions).
//! - [`KpiDefinitions`]: windows, age limit and bands as versioned data (`data/kpi-definitions-v1.json`).
//! - [`KpiEpisode`] and [`FlsExpected`]: the inputs.
//! - [`KpiCounter`]: one pass over episodes in any order → additive [`KpiCounts`] per FLS;
//!   a country, region or the world is the sum of its FLSs' counts.
//! - [`KpiCounts::report`] → [`KpiReport`], the published shape.
//! - [`MeasureId`]: dataset version 2's supporting measures (`measures.rs`), counted in the
//!   same pass.
//! - [`Dimension`] and [`BreakdownCounter`]: the same counts per cell of a breakdown.
//!
//! The as-of date is a parameter: no clock is read here.

mod breakdown;
mod counts;
mod definitions;
mod episode;
mod high_risk;
mod measures;
mod period;
mod report;
#[cfg(test)]
mod tests;

pub use breakdown::{AGE_BANDS, BreakdownCounter, Dimension, count_cells, has_proportion_in_cell};
pub use counts::{CompletenessItem, DayHistogram, KpiCounter, KpiCounts, Tally, Window};
pub use definitions::{Band, Bands, DefinitionsError, KpiDefinitions, V1_JSON, Windows};
pub use episode::{FlsExpected, KpiEpisode};
pub use high_risk::{
    HIGH_RISK_T_SCORE, HighRiskFacts, HighRiskWhy, high_risk, high_risk_why, low_t_score,
};
pub use measures::{
    COMPLETENESS_PASS_FEWER_THAN, CompletenessPass, MeasureId, MeasureResult, SPLITS, Split,
    missing_above,
};
pub use period::{PeriodAsk, PeriodKind};
pub use report::{
    ExpectedCaseload, ItemCompleteness, KpiReport, KpiResult, ReportPeriod, Share,
    SupportingMeasures, WindowNotYetDue,
};

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::Date;

/// The dates a computation is for: episodes with `fracture_date` in `from..=to`, as known on
/// `as_of`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KpiPeriod {
    pub from: Date,
    pub to: Date,
    pub as_of: Date,
}

/// The twelve KPIs (set 1's eleven and kpi12 of set 2); the serialised form is the stable id of docs/kpi-definitions.md. The ids
/// keep their week counts even when a deployment's definitions use other windows: they name the
/// KPI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum KpiId {
    #[serde(rename = "kpi1_identification_non_spine")]
    Kpi1IdentificationNonSpine,
    #[serde(rename = "kpi2_identification_spine")]
    Kpi2IdentificationSpine,
    #[serde(rename = "kpi3_assessment_12w")]
    Kpi3Assessment12w,
    #[serde(rename = "kpi4_dxa_12w")]
    Kpi4Dxa12w,
    #[serde(rename = "kpi5_falls_assessment")]
    Kpi5FallsAssessment,
    #[serde(rename = "kpi6_aom_recommended")]
    Kpi6AomRecommended,
    #[serde(rename = "kpi7_followup_16w")]
    Kpi7Followup16w,
    #[serde(rename = "kpi8_aom_started_16w")]
    Kpi8AomStarted16w,
    #[serde(rename = "kpi9_strength_balance_16w")]
    Kpi9StrengthBalance16w,
    #[serde(rename = "kpi10_aom_persistence_52w")]
    Kpi10AomPersistence52w,
    #[serde(rename = "kpi11_completeness")]
    Kpi11Completeness,
    /// Set 2 (dataset version 2): high-risk patients started on AOM within 16 weeks.
    #[serde(rename = "kpi12_high_risk_aom_16w")]
    Kpi12HighRiskAom16w,
}

impl KpiId {
    pub const ALL: [KpiId; 12] = [
        Self::Kpi1IdentificationNonSpine,
        Self::Kpi2IdentificationSpine,
        Self::Kpi3Assessment12w,
        Self::Kpi4Dxa12w,
        Self::Kpi5FallsAssessment,
        Self::Kpi6AomRecommended,
        Self::Kpi7Followup16w,
        Self::Kpi8AomStarted16w,
        Self::Kpi9StrengthBalance16w,
        Self::Kpi10AomPersistence52w,
        Self::Kpi11Completeness,
        Self::Kpi12HighRiskAom16w,
    ];

    /// Position in [`KpiId::ALL`] (and in `KpiReport::kpis`).
    pub fn index(self) -> usize {
        self as usize
    }

    pub fn id(self) -> &'static str {
        match self {
            Self::Kpi1IdentificationNonSpine => "kpi1_identification_non_spine",
            Self::Kpi2IdentificationSpine => "kpi2_identification_spine",
            Self::Kpi3Assessment12w => "kpi3_assessment_12w",
            Self::Kpi4Dxa12w => "kpi4_dxa_12w",
            Self::Kpi5FallsAssessment => "kpi5_falls_assessment",
            Self::Kpi6AomRecommended => "kpi6_aom_recommended",
            Self::Kpi7Followup16w => "kpi7_followup_16w",
            Self::Kpi8AomStarted16w => "kpi8_aom_started_16w",
            Self::Kpi9StrengthBalance16w => "kpi9_strength_balance_16w",
            Self::Kpi10AomPersistence52w => "kpi10_aom_persistence_52w",
            Self::Kpi11Completeness => "kpi11_completeness",
            Self::Kpi12HighRiskAom16w => "kpi12_high_risk_aom_16w",
        }
    }

    /// The English name of docs/kpi-definitions.md (the UI translates by id).
    pub fn name(self) -> &'static str {
        match self {
            Self::Kpi1IdentificationNonSpine => "Non-spine fractures identified",
            Self::Kpi2IdentificationSpine => "Spine fractures identified",
            Self::Kpi3Assessment12w => "FLS assessment within 12 weeks",
            Self::Kpi4Dxa12w => "DXA within 12 weeks",
            Self::Kpi5FallsAssessment => "Falls risk assessed",
            Self::Kpi6AomRecommended => "AOM recommended",
            Self::Kpi7Followup16w => "Monitored within 16 weeks",
            Self::Kpi8AomStarted16w => "AOM started within 16 weeks",
            Self::Kpi9StrengthBalance16w => "Strength and balance started within 16 weeks",
            Self::Kpi10AomPersistence52w => "AOM still prescribed at 52 weeks",
            Self::Kpi11Completeness => "Data completeness",
            Self::Kpi12HighRiskAom16w => "High-risk patients started on AOM within 16 weeks",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.id() == s)
    }

    /// Which way is better, from the KPI's definition (docs/kpi-definitions.md): every KPI of
    /// set 1 counts care given or data recorded, so more is better. Declared here once, so a
    /// KPI where lower is better (a refracture rate, say) says so where it is defined.
    pub fn better(self) -> Better {
        match self {
            Self::Kpi1IdentificationNonSpine
            | Self::Kpi2IdentificationSpine
            | Self::Kpi3Assessment12w
            | Self::Kpi4Dxa12w
            | Self::Kpi5FallsAssessment
            | Self::Kpi6AomRecommended
            | Self::Kpi7Followup16w
            | Self::Kpi8AomStarted16w
            | Self::Kpi9StrengthBalance16w
            | Self::Kpi10AomPersistence52w
            | Self::Kpi11Completeness
            | Self::Kpi12HighRiskAom16w => Better::Higher,
        }
    }
}

/// Which way a KPI's value is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Better {
    Higher,
    Lower,
}

/// Which part of a KPI an episode is in, for the patient lists behind a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    Numerator,
    Denominator,
    NotYetDue,
    ExcludedDied,
}

impl Part {
    pub const ALL: [Part; 4] = [
        Part::Numerator,
        Part::Denominator,
        Part::NotYetDue,
        Part::ExcludedDied,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Part::Numerator => "numerator",
            Part::Denominator => "denominator",
            Part::NotYetDue => "not_yet_due",
            Part::ExcludedDied => "excluded_died",
        }
    }

    pub fn parse(s: &str) -> Option<Part> {
        Part::ALL.into_iter().find(|p| p.code() == s)
    }
}

/// Is the episode in this part of the KPI? The same rules as the counts (one episode counted
/// alone). kpi1/kpi2: the denominator is an expected caseload, not episodes, so no episode is
/// "in" it; the numerator lists the identified episodes. kpi11: the denominator lists
/// episodes that expect at least one item, the numerator those with every expected item
/// recorded, "not yet due" and "excluded" those with at least one such item.
pub fn membership(
    defs: &KpiDefinitions,
    period: &KpiPeriod,
    e: &KpiEpisode,
    id: KpiId,
    part: Part,
) -> bool {
    let c = KpiCounts::of_episode(defs, period, e);
    let t = c.kpi(id);
    match (id, part) {
        (KpiId::Kpi1IdentificationNonSpine | KpiId::Kpi2IdentificationSpine, Part::Denominator) => {
            false
        }
        (KpiId::Kpi11Completeness, Part::Numerator) => {
            t.denominator > 0 && t.numerator == t.denominator
        }
        (_, Part::Numerator) => t.numerator > 0,
        (_, Part::Denominator) => t.denominator > 0,
        (_, Part::NotYetDue) => t.not_yet_due > 0,
        (_, Part::ExcludedDied) => t.excluded_died > 0,
    }
}

/// Pooled counts of every FLS in `expected` and every FLS with an episode in `episodes`.
pub fn count(
    defs: &KpiDefinitions,
    episodes: &[KpiEpisode],
    expected: &[FlsExpected],
    period: &KpiPeriod,
) -> KpiCounts {
    let mut c = KpiCounter::new(defs, period, expected);
    episodes.iter().for_each(|e| c.add(e));
    c.pooled()
}

/// Counts per FLS in one pass; sum any subset of them for a country, region or the world.
pub fn count_by_fls(
    defs: &KpiDefinitions,
    episodes: &[KpiEpisode],
    expected: &[FlsExpected],
    period: &KpiPeriod,
) -> BTreeMap<i64, KpiCounts> {
    let mut c = KpiCounter::new(defs, period, expected);
    episodes.iter().for_each(|e| c.add(e));
    c.by_fls()
}

/// The KPIs of one scope: `episodes` are the scope's episodes, `expected` its FLSs.
pub fn compute(
    defs: &KpiDefinitions,
    episodes: &[KpiEpisode],
    expected: &[FlsExpected],
    from: Date,
    to: Date,
    as_of: Date,
) -> KpiReport {
    let period = KpiPeriod { from, to, as_of };
    count(defs, episodes, expected, &period).report(defs, &period)
}

/// The KPIs of every FLS of the scope, from one pass.
pub fn compute_by_fls(
    defs: &KpiDefinitions,
    episodes: &[KpiEpisode],
    expected: &[FlsExpected],
    from: Date,
    to: Date,
    as_of: Date,
) -> BTreeMap<i64, KpiReport> {
    let period = KpiPeriod { from, to, as_of };
    count_by_fls(defs, episodes, expected, &period)
        .into_iter()
        .map(|(id, c)| (id, c.report(defs, &period)))
        .collect()
}
