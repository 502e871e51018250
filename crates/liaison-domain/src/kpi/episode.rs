//! The engine's inputs: the few fields of an episode the KPIs read, and each FLS's expected
//! caseload. Small and `Copy`, so ten million of them stream without allocation.

use super::high_risk::{HighRiskFacts, low_t_score};
use crate::dataset::{
    AomRecommendation, DxaStatus, Episode, FallsAssessment, FractureSite, LifestyleAdvice,
    Residence, SecondaryCausesScreen, Setting, Sex, YesNo, YesNoUnknown,
};
use serde::{Deserialize, Serialize};
use time::Date;

/// One episode as the KPIs see it. `None` = not recorded. No identifying field: the engine
/// never needs one, so none can leak into a result.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct KpiEpisode {
    /// The FLS's database id: results are grouped by it.
    pub fls_id: i64,
    pub fracture_date: Date,
    pub birth_date: Date,
    pub death_date: Option<Date>,
    pub fracture_site: FractureSite,
    pub setting: Setting,
    pub fls_assessment_date: Option<Date>,
    pub dxa_status: Option<DxaStatus>,
    pub dxa_date: Option<Date>,
    pub falls_assessment: Option<FallsAssessment>,
    pub aom_recommendation: Option<AomRecommendation>,
    pub aom_start_date: Option<Date>,
    pub strength_balance_date: Option<Date>,
    pub first_followup_date: Option<Date>,
    pub second_followup_date: Option<Date>,
    pub aom_at_52_weeks: Option<YesNoUnknown>,
    pub refracture_date: Option<Date>,
    /// kpi12's inputs (dataset version 2): the clinician's `high_risk`, whether a T-score is
    /// at or below −2.5, and FRAX as recorded; the threshold is applied at report time.
    pub high_risk: Option<YesNo>,
    pub low_t_score: bool,
    /// As `f32` (8 bytes, not 16: ten million rows); the threshold is rounded the same way
    /// before comparing (`counts::Prepared`), so a FRAX equal to it still counts.
    pub frax_major_pct: Option<f32>,
    /// Dataset version 2's supporting measures (the refracture measures read
    /// `refracture_date`, `aom_start_date` and `fracture_site` above).
    pub primary_care_letter_date: Option<Date>,
    pub secondary_causes_screen: Option<SecondaryCausesScreen>,
    pub lifestyle_advice: Option<LifestyleAdvice>,
    /// Breakdowns (dataset version 2) read these; no KPI does. One byte each.
    pub sex: Sex,
    /// `None` = blank, counted as `unknown` in a breakdown.
    pub residence_before: Option<Residence>,
}

impl KpiEpisode {
    /// The KPI view of a valid episode of FLS `fls_id` (an `Episode` knows its FLS by code).
    pub fn from_episode(e: &Episode, fls_id: i64) -> Self {
        KpiEpisode {
            fls_id,
            fracture_date: e.fracture_date,
            birth_date: e.birth_date,
            death_date: e.death_date,
            fracture_site: e.fracture_site,
            setting: e.setting,
            fls_assessment_date: e.fls_assessment_date,
            dxa_status: e.dxa_status,
            dxa_date: e.dxa_date,
            falls_assessment: e.falls_assessment,
            aom_recommendation: e.aom_recommendation,
            aom_start_date: e.aom_start_date,
            strength_balance_date: e.strength_balance_date,
            first_followup_date: e.first_followup_date,
            second_followup_date: e.second_followup_date,
            aom_at_52_weeks: e.aom_at_52_weeks,
            refracture_date: e.refracture_date,
            high_risk: e.high_risk,
            low_t_score: low_t_score([
                e.t_score_lumbar_spine,
                e.t_score_total_hip,
                e.t_score_femoral_neck,
            ]),
            frax_major_pct: e.frax_major_pct.map(|f| f as f32),
            primary_care_letter_date: e.primary_care_letter_date,
            secondary_causes_screen: e.secondary_causes_screen,
            lifestyle_advice: e.lifestyle_advice,
            sex: e.sex,
            residence_before: e.residence_before,
        }
    }

    /// What the high-risk rule reads of this row.
    pub fn high_risk_facts(&self) -> HighRiskFacts {
        HighRiskFacts {
            judgement: self.high_risk,
            hip_or_spine: matches!(self.fracture_site, FractureSite::Hip | FractureSite::Spine),
            low_t_score: self.low_t_score,
            frax_major_pct: self.frax_major_pct.map(f64::from),
        }
    }
}

impl From<(&Episode, i64)> for KpiEpisode {
    fn from((e, fls_id): (&Episode, i64)) -> Self {
        KpiEpisode::from_episode(e, fls_id)
    }
}

/// An FLS's expected fragility fractures per year, from its profile (kpi1/kpi2 denominators).
/// `None` = unknown: the FLS is left out of both sides of that KPI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlsExpected {
    pub fls_id: i64,
    pub expected_non_spine_per_year: Option<i64>,
    pub expected_spine_per_year: Option<i64>,
}
