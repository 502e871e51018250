//! The KPI definitions as versioned data: windows, age limit and bands. A deployment may store
//! its own (a country that counts 90 days instead of 12 weeks) without a code change; every
//! report names the version that produced it.

use serde::{Deserialize, Serialize};

/// Version 1 as shipped (`docs/kpi-definitions.md`), kept as data so it can be stored, shown
/// and diffed.
pub const V1_JSON: &str = include_str!("../../data/kpi-definitions-v1.json");

/// The parameters of a KPI set. Field names are the JSON keys of a stored definition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KpiDefinitions {
    /// Printed beside every result, so a figure can be traced to the rules that made it.
    pub version: String,
    /// Age at fracture from which an episode is in the population P.
    pub min_age: u16,
    pub windows: Windows,
    pub bands: Bands,
    /// Completeness items with a larger share missing are flagged (UK FLS-DB: 20 %).
    pub completeness_flag_missing_above: f64,
    /// Dataset version 2's high-risk rule: `frax_major_pct` at or above this (a percentage)
    /// is high risk. Absent from a stored definition = 20, so version 1 files stay valid.
    #[serde(default = "default_frax_high_risk_threshold")]
    pub frax_high_risk_threshold: f64,
}

fn default_frax_high_risk_threshold() -> f64 {
    20.0
}

/// Time windows in whole days after the fracture date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Windows {
    /// kpi3, and the completeness of the assessment items.
    pub assessment_days: u32,
    /// kpi4 and the completeness of `dxa_status`.
    pub dxa_days: u32,
    /// kpi4: a scan this many days before the fracture also counts.
    pub dxa_before_fracture_days: u32,
    /// kpi7 and the completeness of `first_followup_date`.
    pub followup_days: u32,
    /// kpi8 and the completeness of `aom_start_date`.
    pub aom_start_days: u32,
    /// kpi9.
    pub strength_balance_days: u32,
    /// kpi10, the 52-week completeness items and "deaths within 52 weeks".
    pub persistence_days: u32,
    /// Dataset version 2: the letter to primary care (16 weeks). Absent from a stored
    /// definition = 112, as are the refracture windows below, so version 1 files stay valid.
    #[serde(default = "default_letter_days")]
    pub primary_care_letter_days: u32,
    /// Refracture within 12 months.
    #[serde(default = "default_refracture_short_days")]
    pub refracture_short_days: u32,
    /// Refracture within 24 months.
    #[serde(default = "default_refracture_long_days")]
    pub refracture_long_days: u32,
}

fn default_letter_days() -> u32 {
    112
}

fn default_refracture_short_days() -> u32 {
    364
}

fn default_refracture_long_days() -> u32 {
    728
}

/// Achievement bands. All KPIs but kpi6: red below `red_below`, green above `green_above`,
/// amber between (both ends amber). kpi6: green from `kpi6_green_from`, red below, no amber.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bands {
    pub red_below: f64,
    pub green_above: f64,
    pub kpi6_green_from: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Band {
    Red,
    Amber,
    Green,
}

impl Band {
    pub fn code(self) -> &'static str {
        match self {
            Band::Red => "red",
            Band::Amber => "amber",
            Band::Green => "green",
        }
    }
}

/// Why a stored definition was refused. Operator-facing (CLI, settings import), so plain text.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DefinitionsError {
    #[error("KPI definitions are not valid JSON: {0}")]
    Json(String),
    #[error("KPI definitions: {field} {problem}")]
    Invalid {
        field: &'static str,
        problem: &'static str,
    },
}

/// Longest window accepted: ten years. Guards against a typo such as 8400 for 84.
const MAX_WINDOW_DAYS: u32 = 3660;

impl Default for KpiDefinitions {
    /// Version 1 of `docs/kpi-definitions.md`.
    fn default() -> Self {
        KpiDefinitions {
            version: "1".into(),
            min_age: 50,
            windows: Windows {
                assessment_days: 84,
                dxa_days: 84,
                dxa_before_fracture_days: 365,
                followup_days: 112,
                aom_start_days: 112,
                strength_balance_days: 112,
                persistence_days: 364,
                primary_care_letter_days: default_letter_days(),
                refracture_short_days: default_refracture_short_days(),
                refracture_long_days: default_refracture_long_days(),
            },
            bands: Bands {
                red_below: 0.5,
                green_above: 0.8,
                kpi6_green_from: 0.5,
            },
            completeness_flag_missing_above: 0.2,
            frax_high_risk_threshold: default_frax_high_risk_threshold(),
        }
    }
}

impl KpiDefinitions {
    /// Version 1 of `docs/kpi-definitions.md` (the same as `Default`).
    pub fn v1() -> Self {
        Self::default()
    }

    /// Read a stored definition and check it: a definition that parses is not yet a sound one.
    pub fn from_json(s: &str) -> Result<Self, DefinitionsError> {
        let d: KpiDefinitions =
            serde_json::from_str(s).map_err(|e| DefinitionsError::Json(e.to_string()))?;
        d.validate()?;
        Ok(d)
    }

    /// Windows positive (the DXA look-back may be 0) and at most ten years; thresholds and
    /// the completeness flag within 0..=1; red not above green; a non-empty version; the FRAX
    /// threshold in 0 < t ≤ 100; the 12-month refracture window not longer than the 24-month.
    pub fn validate(&self) -> Result<(), DefinitionsError> {
        let bad = |field, problem| Err(DefinitionsError::Invalid { field, problem });
        let v = self.version.trim();
        if v.is_empty() || v.len() > 32 || v != self.version {
            return bad(
                "version",
                "must be 1 to 32 characters without surrounding spaces",
            );
        }
        if !(1..=120).contains(&self.min_age) {
            return bad("min_age", "must be between 1 and 120");
        }
        let w = &self.windows;
        for (field, days) in [
            ("windows.assessment_days", w.assessment_days),
            ("windows.dxa_days", w.dxa_days),
            ("windows.followup_days", w.followup_days),
            ("windows.aom_start_days", w.aom_start_days),
            ("windows.strength_balance_days", w.strength_balance_days),
            ("windows.persistence_days", w.persistence_days),
            (
                "windows.primary_care_letter_days",
                w.primary_care_letter_days,
            ),
            ("windows.refracture_short_days", w.refracture_short_days),
            ("windows.refracture_long_days", w.refracture_long_days),
        ] {
            if !(1..=MAX_WINDOW_DAYS).contains(&days) {
                return bad(field, "must be between 1 and 3660 days");
            }
        }
        if w.dxa_before_fracture_days > MAX_WINDOW_DAYS {
            return bad(
                "windows.dxa_before_fracture_days",
                "must be between 0 and 3660 days",
            );
        }
        let b = &self.bands;
        for (field, x) in [
            ("bands.red_below", b.red_below),
            ("bands.green_above", b.green_above),
            ("bands.kpi6_green_from", b.kpi6_green_from),
            (
                "completeness_flag_missing_above",
                self.completeness_flag_missing_above,
            ),
        ] {
            // NaN fails `contains` too.
            if !(0.0..=1.0).contains(&x) {
                return bad(field, "must be between 0 and 1");
            }
        }
        // A percentage; 0 would make every episode with a FRAX score high-risk.
        let t = self.frax_high_risk_threshold;
        if !(t > 0.0 && t <= 100.0) {
            return bad(
                "frax_high_risk_threshold",
                "must be above 0 and at most 100",
            );
        }
        if b.red_below > b.green_above {
            return bad("bands.red_below", "must not be above bands.green_above");
        }
        if w.refracture_short_days > w.refracture_long_days {
            return bad(
                "windows.refracture_short_days",
                "must not be above windows.refracture_long_days",
            );
        }
        Ok(())
    }

    /// The band of a value. kpi1 and kpi2 may exceed 1 and are banded like the others.
    pub fn band(&self, id: super::KpiId, value: f64) -> Band {
        let b = &self.bands;
        if id == super::KpiId::Kpi6AomRecommended {
            if value >= b.kpi6_green_from {
                Band::Green
            } else {
                Band::Red
            }
        } else if value < b.red_below {
            Band::Red
        } else if value > b.green_above {
            Band::Green
        } else {
            Band::Amber
        }
    }
}
