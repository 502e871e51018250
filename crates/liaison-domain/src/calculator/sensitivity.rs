//! Sensitivity: the data of a tornado chart, each main input at −20 % and +20 %.

use serde::Serialize;

use super::field::Kind;
use super::model::compute;
use super::{CalculatorInput, Field, HORIZON_MAX, HORIZON_MIN, SENSITIVITY_STEP};
use crate::error::Invalid;

/// One bar of the tornado chart: an input at −20 % and +20 % of its value, the others fixed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SensitivityRow {
    /// A [`Field`] name, or `refracture_cumulative` (C1, C2 and C5 scaled together so that
    /// they stay in order).
    pub input: &'static str,
    pub base_value: f64,
    pub low_value: f64,
    pub high_value: f64,
    pub net_saving_low: f64,
    pub net_saving_high: f64,
    pub prevented_low: f64,
    pub prevented_high: f64,
    /// |net_saving_high − net_saving_low|: the rows are sorted by it, largest first.
    pub swing: f64,
}

/// What [`sensitivity`] varies.
#[derive(Debug, Clone, Copy)]
enum Lever {
    Field(Field),
    Cumulative,
}

/// For each main input, its value −20 % and +20 % (shares clamped to 0..=1, the horizon
/// rounded to whole years within 1..=10, patients varied as F whichever way it was entered),
/// with the net saving and fractures prevented at each end; sorted by the swing of net saving,
/// largest first (ties keep the order of [`Field::ALL`]). Site shares are not varied: one
/// cannot move alone while they add up to 1. Errors: the input's validation errors.
pub fn sensitivity(input: &CalculatorInput) -> Result<Vec<SensitivityRow>, Invalid> {
    input.validate()?;
    let levers = [
        Lever::Field(Field::PatientsPerYear),
        Lever::Field(Field::HorizonYears),
        Lever::Field(Field::UsualCareTreated),
        Lever::Field(Field::FlsIdentified),
        Lever::Field(Field::FlsRecommended),
        Lever::Field(Field::FlsStarted),
        Lever::Field(Field::PersistenceYear1),
        Lever::Field(Field::PersistenceRetention),
        Lever::Cumulative,
        Lever::Field(Field::RiskReductionHip),
        Lever::Field(Field::RiskReductionVertebral),
        Lever::Field(Field::RiskReductionOther),
        Lever::Field(Field::AnnualMortality),
        Lever::Field(Field::CostFractureHip),
        Lever::Field(Field::CostFractureVertebral),
        Lever::Field(Field::CostFractureOther),
        Lever::Field(Field::CostFlsPerPatient),
        Lever::Field(Field::CostUsualPerPatient),
        Lever::Field(Field::CostDrugPerYear),
    ];
    let mut rows: Vec<SensitivityRow> = levers
        .into_iter()
        .map(|lever| {
            let (base_value, low, low_value) = vary(input, lever, 1.0 - SENSITIVITY_STEP);
            let (_, high, high_value) = vary(input, lever, 1.0 + SENSITIVITY_STEP);
            debug_assert!(low.validate().is_ok() && high.validate().is_ok());
            let (lo, hi) = (compute(&low), compute(&high));
            SensitivityRow {
                input: match lever {
                    Lever::Field(f) => f.name(),
                    Lever::Cumulative => "refracture_cumulative",
                },
                base_value,
                low_value,
                high_value,
                net_saving_low: lo.costs.net_saving,
                net_saving_high: hi.costs.net_saving,
                prevented_low: lo.fractures.prevented.total(),
                prevented_high: hi.fractures.prevented.total(),
                swing: (hi.costs.net_saving - lo.costs.net_saving).abs(),
            }
        })
        .collect();
    rows.sort_by(|a, b| b.swing.total_cmp(&a.swing));
    Ok(rows)
}

/// The input with one lever scaled by `factor`: (base value, varied input, varied value).
/// For `refracture_cumulative` the values shown are those of C5.
fn vary(input: &CalculatorInput, lever: Lever, factor: f64) -> (f64, CalculatorInput, f64) {
    let mut out = input.clone();
    match lever {
        Lever::Cumulative => {
            let c = &mut out.refracture_cumulative;
            let base = c.year_5;
            c.year_1 = (c.year_1 * factor).clamp(0.0, 1.0);
            c.year_2 = (c.year_2 * factor).clamp(0.0, 1.0);
            c.year_5 = (c.year_5 * factor).clamp(0.0, 1.0);
            let v = c.year_5;
            (base, out, v)
        }
        Lever::Field(Field::PatientsPerYear) => {
            let base = input.patients_per_year_effective().unwrap_or(0.0);
            let v = base * factor;
            out.patients_per_year = Some(v);
            (base, out, v)
        }
        Lever::Field(Field::HorizonYears) => {
            let base = f64::from(input.horizon_years);
            let v = (base * factor)
                .round()
                .clamp(f64::from(HORIZON_MIN), f64::from(HORIZON_MAX));
            Field::HorizonYears.set(&mut out, Some(v));
            (base, out, v)
        }
        Lever::Field(field) => {
            let base = field.get(input).unwrap_or(0.0);
            let mut v = base * factor;
            if field.kind() == Kind::Share {
                v = v.clamp(0.0, 1.0);
            }
            field.set(&mut out, Some(v));
            (base, out, v)
        }
    }
}
