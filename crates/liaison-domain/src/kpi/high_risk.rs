//! Dataset version 2's high-risk rule: which episodes a high-risk KPI would count. The FRAX
//! threshold comes from the KPI definitions in force, so a country can set its own.

use crate::dataset::{Episode, FractureSite, YesNo};
use serde::{Deserialize, Serialize};

/// A recorded T-score at or below this is osteoporosis (WHO), hence high risk.
pub const HIGH_RISK_T_SCORE: f64 = -2.5;

/// Why an episode is high-risk, in the order the rule checks (the first that holds is given).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HighRiskWhy {
    /// `high_risk` = `yes`.
    Judgement,
    /// A hip or spine fracture.
    HipOrSpine,
    /// A recorded T-score of −2.5 or lower.
    TScore,
    /// `frax_major_pct` at or above the threshold.
    Frax,
}

impl HighRiskWhy {
    pub fn code(self) -> &'static str {
        match self {
            HighRiskWhy::Judgement => "judgement",
            HighRiskWhy::HipOrSpine => "hip_or_spine",
            HighRiskWhy::TScore => "t_score",
            HighRiskWhy::Frax => "frax",
        }
    }
}

/// What the rule reads, from an `Episode` or a KPI row. The T-scores are reduced to "one is at
/// or below −2.5" (a fixed cut-off); FRAX stays a number because its threshold is a country's
/// choice, applied when a report is made.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct HighRiskFacts {
    /// The clinician's `high_risk` answer.
    pub judgement: Option<YesNo>,
    pub hip_or_spine: bool,
    pub low_t_score: bool,
    pub frax_major_pct: Option<f64>,
}

impl HighRiskFacts {
    pub fn of(e: &Episode) -> Self {
        HighRiskFacts {
            judgement: e.high_risk,
            hip_or_spine: matches!(e.fracture_site, FractureSite::Hip | FractureSite::Spine),
            low_t_score: low_t_score([
                e.t_score_lumbar_spine,
                e.t_score_total_hip,
                e.t_score_femoral_neck,
            ]),
            frax_major_pct: e.frax_major_pct,
        }
    }

    /// Why these facts are high-risk, or `None` when they are not. The clinician's `yes` or
    /// `no` overrides the rule: `no` wins even over a hip fracture.
    pub fn why(&self, frax_threshold: f64) -> Option<HighRiskWhy> {
        match self.judgement {
            Some(YesNo::Yes) => return Some(HighRiskWhy::Judgement),
            Some(YesNo::No) => return None,
            None => {}
        }
        if self.hip_or_spine {
            return Some(HighRiskWhy::HipOrSpine);
        }
        if self.low_t_score {
            return Some(HighRiskWhy::TScore);
        }
        if self.frax_major_pct.is_some_and(|f| f >= frax_threshold) {
            return Some(HighRiskWhy::Frax);
        }
        None
    }
}

/// Is any recorded T-score at or below [`HIGH_RISK_T_SCORE`]?
pub fn low_t_score(t_scores: [Option<f64>; 3]) -> bool {
    t_scores.iter().flatten().any(|t| *t <= HIGH_RISK_T_SCORE)
}

/// Why the episode is high-risk, or `None` when it is not (see [`HighRiskFacts::why`]).
pub fn high_risk_why(e: &Episode, frax_threshold: f64) -> Option<HighRiskWhy> {
    HighRiskFacts::of(e).why(frax_threshold)
}

/// The high-risk rule of dataset version 2 (`docs/kpi-definitions.md`).
pub fn high_risk(e: &Episode, frax_threshold: f64) -> bool {
    high_risk_why(e, frax_threshold).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::{EpisodeInput, ParseOptions, parse};
    use time::macros::date;

    /// A wrist fracture with a DXA scan done, plus `extra`.
    fn ep(extra: &[(&str, &str)]) -> Episode {
        let mut i = EpisodeInput {
            fls_code: "AA".into(),
            patient_ref: "1".into(),
            fracture_date: "2026-01-01".into(),
            sex: "F".into(),
            birth_date: "1940-01-01".into(),
            fracture_site: "wrist".into(),
            setting: "outpatient".into(),
            dxa_status: "done".into(),
            dxa_date: "2026-01-20".into(),
            ..Default::default()
        };
        for (k, v) in extra {
            i.set(k, v.to_string());
        }
        parse(&i, &ParseOptions::new(date!(2026 - 11 - 26)))
            .unwrap()
            .0
    }

    #[test]
    fn a_wrist_fracture_with_nothing_else_is_not_high_risk() {
        assert_eq!(high_risk_why(&ep(&[]), 20.0), None);
        assert!(!high_risk(&ep(&[("t_score_total_hip", "-2.4")]), 20.0));
        assert!(!high_risk(&ep(&[("frax_major_pct", "19.9")]), 20.0));
    }

    #[test]
    fn the_clinicians_yes_makes_it_high_risk() {
        let e = ep(&[("high_risk", "yes")]);
        assert_eq!(high_risk_why(&e, 20.0), Some(HighRiskWhy::Judgement));
    }

    #[test]
    fn the_clinicians_no_overrides_every_part_of_the_rule() {
        let e = ep(&[
            ("high_risk", "no"),
            ("fracture_site", "hip"),
            ("t_score_femoral_neck", "-3.1"),
            ("frax_major_pct", "40"),
        ]);
        assert!(!high_risk(&e, 20.0));
    }

    #[test]
    fn a_hip_or_spine_fracture_is_high_risk_when_blank() {
        for (site, detection) in [("hip", ""), ("spine", "radiological")] {
            let e = ep(&[("fracture_site", site), ("spine_detection", detection)]);
            assert_eq!(high_risk_why(&e, 20.0), Some(HighRiskWhy::HipOrSpine));
        }
    }

    #[test]
    fn any_t_score_at_or_below_minus_2_5_is_high_risk() {
        for f in [
            "t_score_lumbar_spine",
            "t_score_total_hip",
            "t_score_femoral_neck",
        ] {
            let e = ep(&[(f, "-2.5")]);
            assert_eq!(high_risk_why(&e, 20.0), Some(HighRiskWhy::TScore), "{f}");
        }
    }

    #[test]
    fn frax_at_or_above_the_threshold_is_high_risk() {
        let e = ep(&[("frax_major_pct", "20")]);
        assert_eq!(high_risk_why(&e, 20.0), Some(HighRiskWhy::Frax));
        // A country with a higher threshold: the same FRAX is not high risk there.
        assert_eq!(high_risk_why(&e, 25.0), None);
        assert!(high_risk(&ep(&[("frax_major_pct", "15")]), 15.0));
    }
}

#[cfg(test)]
mod threshold_tests {
    use crate::kpi::{KpiDefinitions, V1_JSON};

    #[test]
    fn a_definition_without_a_frax_threshold_uses_20() {
        let d = KpiDefinitions::from_json(V1_JSON).unwrap();
        assert_eq!(d.frax_high_risk_threshold, 20.0);
        assert_eq!(d, KpiDefinitions::v1());
    }

    #[test]
    fn a_country_may_set_its_own_frax_threshold_within_0_and_100() {
        let with = |t: &str| {
            let mut v: serde_json::Value = serde_json::from_str(V1_JSON).unwrap();
            v["frax_high_risk_threshold"] = serde_json::from_str(t).unwrap();
            KpiDefinitions::from_json(&v.to_string())
        };
        assert_eq!(with("25").unwrap().frax_high_risk_threshold, 25.0);
        assert_eq!(with("100").unwrap().frax_high_risk_threshold, 100.0);
        for bad in ["0", "-5", "100.5"] {
            let e = with(bad).unwrap_err().to_string();
            assert!(e.contains("frax_high_risk_threshold"), "{bad}: {e}");
        }
    }
}
