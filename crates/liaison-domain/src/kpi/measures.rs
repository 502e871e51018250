//! Dataset version 2's supporting measures (docs/kpi-definitions.md, "Supporting measures of
//! set 2"): shares counted like a KPI (numerator, denominator, not yet due, excluded because
//! the patient died) but without a band, the refracture shares split by index site and by
//! treatment, and the FLS-level completeness pass. Every count adds up across FLSs.

use super::Better;
use super::counts::{KpiCounts, Tally};
use super::definitions::KpiDefinitions;
use crate::dataset::{FractureSite, LifestyleAdvice, SecondaryCausesScreen};
use serde::{Deserialize, Serialize};

/// The measures, in the order of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum MeasureId {
    #[serde(rename = "primary_care_letter_16w")]
    PrimaryCareLetter16w,
    #[serde(rename = "secondary_causes_screen_done")]
    SecondaryCausesScreenDone,
    #[serde(rename = "lifestyle_advice_given")]
    LifestyleAdviceGiven,
    #[serde(rename = "refracture_12m")]
    Refracture12m,
    #[serde(rename = "refracture_24m")]
    Refracture24m,
}

impl MeasureId {
    pub const ALL: [MeasureId; 5] = [
        Self::PrimaryCareLetter16w,
        Self::SecondaryCausesScreenDone,
        Self::LifestyleAdviceGiven,
        Self::Refracture12m,
        Self::Refracture24m,
    ];

    /// Position in [`MeasureId::ALL`] (and in `KpiCounts::measures`).
    pub fn index(self) -> usize {
        self as usize
    }

    pub fn id(self) -> &'static str {
        match self {
            Self::PrimaryCareLetter16w => "primary_care_letter_16w",
            Self::SecondaryCausesScreenDone => "secondary_causes_screen_done",
            Self::LifestyleAdviceGiven => "lifestyle_advice_given",
            Self::Refracture12m => "refracture_12m",
            Self::Refracture24m => "refracture_24m",
        }
    }

    /// The English name (the UI translates by id).
    pub fn name(self) -> &'static str {
        match self {
            Self::PrimaryCareLetter16w => "Letter to primary care within 16 weeks",
            Self::SecondaryCausesScreenDone => "Secondary-causes screen done",
            Self::LifestyleAdviceGiven => "Lifestyle advice given",
            Self::Refracture12m => "Refracture within 12 months",
            Self::Refracture24m => "Refracture within 24 months",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.id() == s)
    }

    /// A refracture is what the FLS is there to prevent: fewer is better.
    pub fn better(self) -> Better {
        match self {
            Self::Refracture12m | Self::Refracture24m => Better::Lower,
            _ => Better::Higher,
        }
    }

    /// The window of a windowed measure, in days; `None` for the screen and the advice, which
    /// are shares of P whatever the date.
    pub fn days(self, defs: &KpiDefinitions) -> Option<u32> {
        let w = &defs.windows;
        match self {
            Self::PrimaryCareLetter16w => Some(w.primary_care_letter_days),
            Self::Refracture12m => Some(w.refracture_short_days),
            Self::Refracture24m => Some(w.refracture_long_days),
            Self::SecondaryCausesScreenDone | Self::LifestyleAdviceGiven => None,
        }
    }

    /// The two refracture measures, in the order of `KpiCounts::refracture_splits`.
    pub const REFRACTURE: [MeasureId; 2] = [Self::Refracture12m, Self::Refracture24m];
}

/// A cell of a refracture measure: the index fracture's site, or whether AOM started within
/// the AOM-start window (16 weeks in version 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Split {
    FractureSite(FractureSite),
    AomStarted16w(bool),
}

/// How many cells a refracture measure has: 11 sites, then started yes and no.
pub const SPLITS: usize = 13;

impl Split {
    /// Every cell, sites in `FractureSite::ALL` order, then AOM started yes, no.
    pub fn all() -> [Split; SPLITS] {
        let mut out = [Split::AomStarted16w(true); SPLITS];
        for (i, s) in FractureSite::ALL.iter().enumerate() {
            out[i] = Split::FractureSite(*s);
        }
        out[SPLITS - 1] = Split::AomStarted16w(false);
        out
    }

    /// Position in [`Split::all`] (and in `KpiCounts::refracture_splits`).
    pub fn index(self) -> usize {
        match self {
            Split::FractureSite(s) => s as usize,
            Split::AomStarted16w(true) => SPLITS - 2,
            Split::AomStarted16w(false) => SPLITS - 1,
        }
    }

    /// What the measure is split by: the column or the fact.
    pub fn code(self) -> &'static str {
        match self {
            Split::FractureSite(_) => "fracture_site",
            Split::AomStarted16w(_) => "aom_started_16w",
        }
    }

    /// The cell: a site code, or `yes` / `no`.
    pub fn cell(self) -> &'static str {
        match self {
            Split::FractureSite(s) => s.code(),
            Split::AomStarted16w(true) => "yes",
            Split::AomStarted16w(false) => "no",
        }
    }
}

/// An FLS passes the completeness check with fewer than this many items flagged.
pub const COMPLETENESS_PASS_FEWER_THAN: usize = 5;

/// Is more than `limit` of the item's expected entries missing? An item nobody was expected to
/// record (denominator 0) is not missing. The kpi11 flag and the pass read this one rule.
pub fn missing_above(t: Tally, limit: f64) -> bool {
    t.denominator > 0 && (t.denominator - t.numerator) as f64 / t.denominator as f64 > limit
}

/// What the measures read of one episode of P, as day numbers; dates after the as-of date
/// already removed.
pub(super) struct Facts {
    pub fd: i64,
    pub as_of: i64,
    pub death: Option<i64>,
    pub letter: Option<i64>,
    /// A refracture after the fracture and not after death.
    pub refracture: Option<i64>,
    /// AOM started within the AOM-start window (kpi8's rule).
    pub aom_started: bool,
    pub site: FractureSite,
    pub screen: Option<SecondaryCausesScreen>,
    pub advice: Option<LifestyleAdvice>,
}

/// Count one episode of P into the measures. `letter_days` and `refracture_days` (12 and 24
/// months) come from the definitions.
pub(super) fn add_episode(
    c: &mut KpiCounts,
    f: &Facts,
    letter_days: i64,
    refracture_days: [i64; 2],
) {
    let due = |w: i64| f.fd + w <= f.as_of;
    let died = |w: i64| f.death.is_some_and(|d| d <= f.fd + w);
    let within = |x: Option<i64>, w: i64| x.is_some_and(|x| x <= f.fd + w);

    let w = letter_days;
    c.measures[MeasureId::PrimaryCareLetter16w.index()].windowed(
        due(w),
        died(w),
        within(f.letter, w),
        false,
    );

    // Not windowed, as kpi5: a blank answer is a screen not done.
    if f.screen != Some(SecondaryCausesScreen::NotRequired) {
        let t = &mut c.measures[MeasureId::SecondaryCausesScreenDone.index()];
        t.denominator += 1;
        t.numerator += u64::from(f.screen == Some(SecondaryCausesScreen::Done));
    }
    let t = &mut c.measures[MeasureId::LifestyleAdviceGiven.index()];
    t.denominator += 1;
    t.numerator += u64::from(f.advice == Some(LifestyleAdvice::Done));

    for (k, (m, w)) in MeasureId::REFRACTURE
        .into_iter()
        .zip(refracture_days)
        .enumerate()
    {
        let mut t = Tally::default();
        t.windowed(due(w), died(w), within(f.refracture, w), false);
        c.measures[m.index()] += t;
        c.refracture_splits[k][Split::FractureSite(f.site).index()] += t;
        c.refracture_splits[k][Split::AomStarted16w(f.aom_started).index()] += t;
    }
}

impl KpiCounts {
    /// Judge the completeness of ONE FLS's finished counts: it passes when fewer than
    /// [`COMPLETENESS_PASS_FEWER_THAN`] items have more than `limit` missing. An FLS without
    /// episodes in P has nothing to judge and is left out (0 / 0). Sums of judged counts then
    /// say how many FLSs of a scope pass, out of how many.
    pub(super) fn judge_completeness(&mut self, limit: f64) {
        self.completeness_pass = Tally::default();
        if self.episodes == 0 {
            return;
        }
        let flagged = self
            .items
            .iter()
            .filter(|t| missing_above(**t, limit))
            .count();
        self.completeness_pass.denominator = 1;
        self.completeness_pass.numerator = u64::from(flagged < COMPLETENESS_PASS_FEWER_THAN);
    }

    pub fn measure(&self, id: MeasureId) -> Tally {
        self.measures[id.index()]
    }
}

/// One measure (or one cell of a refracture measure) in the published shape.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasureResult {
    pub id: MeasureId,
    pub name: &'static str,
    /// For a cell of a refracture measure: `fracture_site` or `aom_started_16w`; null for the
    /// measure as a whole.
    pub split: Option<&'static str>,
    /// The site code, or `yes` / `no`; null for the measure as a whole.
    pub cell: Option<&'static str>,
    /// The window in days; null for the screen and the advice.
    pub days: Option<u32>,
    pub numerator: u64,
    pub denominator: u64,
    /// numerator / denominator; null when the denominator is 0.
    pub value: Option<f64>,
    pub not_yet_due: u64,
    pub excluded_died: u64,
}

/// The completeness pass of a scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CompletenessPass {
    /// For one FLS with episodes in P: does it pass? Null for a scope of several FLSs.
    pub pass: Option<bool>,
    /// FLSs of the scope that pass, of those with episodes in P.
    pub fls_passing: u64,
    pub fls_judged: u64,
}

fn result(id: MeasureId, split: Option<Split>, t: Tally, defs: &KpiDefinitions) -> MeasureResult {
    MeasureResult {
        id,
        name: id.name(),
        split: split.map(Split::code),
        cell: split.map(Split::cell),
        days: id.days(defs),
        numerator: t.numerator,
        denominator: t.denominator,
        value: (t.denominator > 0).then(|| t.numerator as f64 / t.denominator as f64),
        not_yet_due: t.not_yet_due,
        excluded_died: t.excluded_died,
    }
}

/// The measures of a report: the five in [`MeasureId::ALL`] order, then for each refracture
/// measure its cells in [`Split::all`] order. Always the same length, so a list position names
/// the same figure in every scope (rule 7 relies on it).
pub(super) fn results(c: &KpiCounts, defs: &KpiDefinitions) -> Vec<MeasureResult> {
    let mut out: Vec<MeasureResult> = MeasureId::ALL
        .iter()
        .map(|&id| result(id, None, c.measure(id), defs))
        .collect();
    for (k, id) in MeasureId::REFRACTURE.into_iter().enumerate() {
        for s in Split::all() {
            out.push(result(id, Some(s), c.refracture_splits[k][s.index()], defs));
        }
    }
    out
}

pub(super) fn pass(c: &KpiCounts) -> CompletenessPass {
    let t = c.completeness_pass;
    CompletenessPass {
        pass: (c.fls.len() == 1 && t.denominator == 1).then_some(t.numerator == 1),
        fls_passing: t.numerator,
        fls_judged: t.denominator,
    }
}
