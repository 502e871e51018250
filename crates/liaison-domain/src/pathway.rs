//! Where a patient is on the FLS pathway: each step, when it is due, and whether it was done
//! in time. Windows follow the KPI set (12 weeks for assessment and DXA, 16 weeks for
//! treatment start, strength and balance and the first follow-up, 52 weeks for the review).

use crate::dataset::{AomRecommendation, DxaStatus, Episode, FallsAssessment, FractureSite};
use serde::Serialize;
use time::{Date, Duration};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepState {
    /// Done within its window.
    OnTime,
    /// Done, after its window.
    Late,
    /// Not done; the window closes within the next days.
    Due,
    /// Not done; the window has closed.
    Overdue,
    /// Not done; the window closes later.
    Open,
    /// Not needed for this patient (or the patient died first).
    NotApplicable,
}

/// Why a step is not needed, so a page can say it beside the step rather than leave a bare
/// "not needed" next to a date (issue 12).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NotNeeded {
    /// Recorded as not required for this patient.
    NotRequired,
    /// The patient declined it.
    Declined,
    /// Strength and balance is measured for fractures other than hip: a hip fracture's
    /// rehabilitation starts on the ward (kpi9).
    HipFracture,
    /// Treatment was not recommended (or not yet), so there is nothing to start or follow up.
    NoTreatment,
    /// The patient died before it was done.
    Died,
}

impl NotNeeded {
    pub const ALL: [NotNeeded; 5] = [
        NotNeeded::NotRequired,
        NotNeeded::Declined,
        NotNeeded::HipFracture,
        NotNeeded::NoTreatment,
        NotNeeded::Died,
    ];

    pub fn code(self) -> &'static str {
        match self {
            NotNeeded::NotRequired => "not_required",
            NotNeeded::Declined => "declined",
            NotNeeded::HipFracture => "hip_fracture",
            NotNeeded::NoTreatment => "no_treatment",
            NotNeeded::Died => "died",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    /// Stable key: `assessment`, `dxa`, `falls`, `treatment`, `strength_balance`, `followup_16`, `review_52`.
    pub key: &'static str,
    pub due: Date,
    /// The day it was done, when the dataset records one.
    pub done: Option<Date>,
    /// Done, but the dataset has no date for it (the falls assessment): never shown as a day.
    pub undated: bool,
    pub state: StepState,
    /// Set when the state is `NotApplicable`.
    pub why: Option<NotNeeded>,
}

impl Step {
    /// The state as a stable code (`on_time`, `late`, `due`, `overdue`, `open`, `not_applicable`).
    pub fn state_code(&self) -> &'static str {
        match self.state {
            StepState::OnTime => "on_time",
            StepState::Late => "late",
            StepState::Due => "due",
            StepState::Overdue => "overdue",
            StepState::Open => "open",
            StepState::NotApplicable => "not_applicable",
        }
    }
}

/// Days before a window closes when a step counts as "due".
pub const DUE_SOON_DAYS: i64 = 14;

/// Whether a step applies to the patient, and if not, why.
type Applies = Result<(), NotNeeded>;

fn step(
    key: &'static str,
    fracture: Date,
    days: i64,
    done: Option<Date>,
    applies: Applies,
    died: Option<Date>,
    today: Date,
) -> Step {
    let due = fracture + Duration::days(days);
    let (state, why) = match done {
        _ if applies.is_err() => (StepState::NotApplicable, applies.err()),
        Some(d) if d <= due => (StepState::OnTime, None),
        Some(_) => (StepState::Late, None),
        None if died.is_some() => (StepState::NotApplicable, Some(NotNeeded::Died)),
        None if due < today => (StepState::Overdue, None),
        None if due <= today + Duration::days(DUE_SOON_DAYS) => (StepState::Due, None),
        None => (StepState::Open, None),
    };
    Step {
        key,
        due,
        done,
        undated: false,
        state,
        why,
    }
}

fn treated(positive: bool) -> Applies {
    if positive {
        Ok(())
    } else {
        Err(NotNeeded::NoTreatment)
    }
}

pub fn steps(e: &Episode, today: Date) -> Vec<Step> {
    let f = e.fracture_date;
    let d = e.death_date;
    let positive = e
        .aom_recommendation
        .is_some_and(AomRecommendation::is_positive);
    let dxa = match e.dxa_status {
        Some(DxaStatus::NotRequired) => Err(NotNeeded::NotRequired),
        Some(DxaStatus::Declined) => Err(NotNeeded::Declined),
        _ => Ok(()),
    };
    let falls_done = matches!(
        e.falls_assessment,
        Some(FallsAssessment::Done | FallsAssessment::Referred)
    );
    let falls = match e.falls_assessment {
        Some(FallsAssessment::NotRequired) => Err(NotNeeded::NotRequired),
        Some(FallsAssessment::Declined) => Err(NotNeeded::Declined),
        _ => Ok(()),
    };
    // A falls assessment has no date in the dataset: done counts as on time, shown undated.
    let mut falls_step = step("falls", f, 84, falls_done.then_some(f), falls, d, today);
    if falls_done {
        falls_step.done = None;
        falls_step.undated = true;
    }
    let strength = if e.fracture_site == FractureSite::Hip {
        Err(NotNeeded::HipFracture)
    } else {
        Ok(())
    };
    vec![
        step("assessment", f, 84, e.fls_assessment_date, Ok(()), d, today),
        step("dxa", f, 84, e.dxa_date, dxa, d, today),
        falls_step,
        step(
            "treatment",
            f,
            112,
            e.aom_start_date.map(|s| s.max(f)),
            treated(
                e.aom_recommendation == Some(AomRecommendation::Recommended)
                    || e.aom_start_date.is_some(),
            ),
            d,
            today,
        ),
        step(
            "strength_balance",
            f,
            112,
            e.strength_balance_date,
            strength,
            d,
            today,
        ),
        step(
            "followup_16",
            f,
            112,
            e.first_followup_date,
            treated(positive),
            d,
            today,
        ),
        step(
            "review_52",
            f,
            364,
            e.second_followup_date,
            treated(positive),
            d,
            today,
        ),
    ]
}

/// An episode is closed when the 52-week review is done or the patient has died.
pub fn is_closed(e: &Episode) -> bool {
    e.second_followup_date.is_some() || e.death_date.is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::{EpisodeInput, ParseOptions, parse};
    use time::macros::date;

    fn ep(extra: &[(&str, &str)]) -> Episode {
        let mut i = EpisodeInput {
            fls_code: "AA".into(),
            patient_ref: "1".into(),
            fracture_date: "2026-01-01".into(),
            sex: "F".into(),
            birth_date: "1940-01-01".into(),
            fracture_site: "wrist".into(),
            setting: "outpatient".into(),
            ..Default::default()
        };
        for (k, v) in extra {
            i.set(k, v.to_string());
        }
        parse(&i, &ParseOptions::new(date!(2026 - 11 - 26)))
            .unwrap()
            .0
    }

    fn state(e: &Episode, key: &str, today: Date) -> StepState {
        steps(e, today)
            .into_iter()
            .find(|s| s.key == key)
            .unwrap()
            .state
    }

    #[test]
    fn assessment_on_the_last_day_is_on_time_and_the_day_after_late() {
        // 2026-01-01 + 84 days = 2026-03-26
        assert_eq!(
            state(
                &ep(&[("fls_assessment_date", "2026-03-26")]),
                "assessment",
                date!(2026 - 11 - 26)
            ),
            StepState::OnTime
        );
        assert_eq!(
            state(
                &ep(&[("fls_assessment_date", "2026-03-27")]),
                "assessment",
                date!(2026 - 11 - 26)
            ),
            StepState::Late
        );
    }

    #[test]
    fn open_due_and_overdue() {
        let e = ep(&[]);
        assert_eq!(
            state(&e, "assessment", date!(2026 - 02 - 01)),
            StepState::Open
        );
        assert_eq!(
            state(&e, "assessment", date!(2026 - 03 - 20)),
            StepState::Due
        );
        assert_eq!(
            state(&e, "assessment", date!(2026 - 03 - 27)),
            StepState::Overdue
        );
        // Follow-ups only apply when treatment was recommended.
        assert_eq!(
            state(&e, "followup_16", date!(2026 - 11 - 26)),
            StepState::NotApplicable
        );
        let r = ep(&[("aom_recommendation", "recommended")]);
        assert_eq!(
            state(&r, "followup_16", date!(2026 - 11 - 26)),
            StepState::Overdue
        );
        assert_eq!(
            state(&r, "treatment", date!(2026 - 11 - 26)),
            StepState::Overdue
        );
    }

    #[test]
    fn death_closes_open_steps() {
        let e = ep(&[
            ("death_date", "2026-02-01"),
            ("aom_recommendation", "recommended"),
        ]);
        assert!(
            steps(&e, date!(2026 - 11 - 26))
                .iter()
                .all(|s| s.state == StepState::NotApplicable)
        );
        assert!(is_closed(&e));
        assert!(
            steps(&e, date!(2026 - 11 - 26))
                .iter()
                .all(|s| s.why.is_some())
        );
    }

    #[test]
    fn a_done_falls_assessment_has_no_made_up_date() {
        let e = ep(&[("falls_assessment", "done")]);
        let s = steps(&e, date!(2026 - 11 - 26));
        let falls = s.iter().find(|s| s.key == "falls").unwrap();
        assert_eq!(falls.state, StepState::OnTime);
        assert_eq!(falls.done, None, "the fracture date is not its date");
        assert!(falls.undated);
    }

    #[test]
    fn a_step_not_needed_says_why() {
        let hip = ep(&[
            ("fracture_site", "hip"),
            ("setting", "inpatient"),
            ("strength_balance_date", "2026-02-01"),
            ("dxa_status", "declined"),
        ]);
        let s = steps(&hip, date!(2026 - 11 - 26));
        let why = |k: &str| s.iter().find(|s| s.key == k).unwrap().why;
        assert_eq!(why("strength_balance"), Some(NotNeeded::HipFracture));
        assert_eq!(why("dxa"), Some(NotNeeded::Declined));
        assert_eq!(why("followup_16"), Some(NotNeeded::NoTreatment));
        assert_eq!(why("assessment"), None);
    }
}
