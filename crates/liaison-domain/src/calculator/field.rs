//! The inputs by name ([`Field`]): the names of forms, share links, presets and validation
//! errors, and the rule each field follows.

use serde::{Deserialize, Serialize};

use super::CalculatorInput;

/// The inputs by name: the names of [`CalculatorForm`](super::CalculatorForm)'s fields, of share
/// links, of presets and of validation errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    PatientsPerYear,
    Population50Plus,
    IncidencePer1000,
    HorizonYears,
    UsualCareTreated,
    FlsIdentified,
    FlsRecommended,
    FlsStarted,
    PersistenceYear1,
    PersistenceRetention,
    RefractureCumulative1y,
    RefractureCumulative2y,
    RefractureCumulative5y,
    SiteShareHip,
    SiteShareVertebral,
    SiteShareOther,
    RiskReductionHip,
    RiskReductionVertebral,
    RiskReductionOther,
    AnnualMortality,
    CostFractureHip,
    CostFractureVertebral,
    CostFractureOther,
    CostFlsPerPatient,
    CostUsualPerPatient,
    CostDrugPerYear,
}

/// What a field holds, which decides its rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A fraction in 0..=1: `share_between_0_and_1`.
    Share,
    /// A count or an amount: `non_negative`.
    NonNegative,
    /// Whole years in HORIZON_MIN..=HORIZON_MAX: `horizon_between`.
    Horizon,
}

impl Field {
    pub const ALL: [Field; 26] = [
        Field::PatientsPerYear,
        Field::Population50Plus,
        Field::IncidencePer1000,
        Field::HorizonYears,
        Field::UsualCareTreated,
        Field::FlsIdentified,
        Field::FlsRecommended,
        Field::FlsStarted,
        Field::PersistenceYear1,
        Field::PersistenceRetention,
        Field::RefractureCumulative1y,
        Field::RefractureCumulative2y,
        Field::RefractureCumulative5y,
        Field::SiteShareHip,
        Field::SiteShareVertebral,
        Field::SiteShareOther,
        Field::RiskReductionHip,
        Field::RiskReductionVertebral,
        Field::RiskReductionOther,
        Field::AnnualMortality,
        Field::CostFractureHip,
        Field::CostFractureVertebral,
        Field::CostFractureOther,
        Field::CostFlsPerPatient,
        Field::CostUsualPerPatient,
        Field::CostDrugPerYear,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Field::PatientsPerYear => "patients_per_year",
            Field::Population50Plus => "population_50_plus",
            Field::IncidencePer1000 => "incidence_per_1000",
            Field::HorizonYears => "horizon_years",
            Field::UsualCareTreated => "usual_care_treated",
            Field::FlsIdentified => "fls_identified",
            Field::FlsRecommended => "fls_recommended",
            Field::FlsStarted => "fls_started",
            Field::PersistenceYear1 => "persistence_year1",
            Field::PersistenceRetention => "persistence_retention",
            Field::RefractureCumulative1y => "refracture_cumulative_1y",
            Field::RefractureCumulative2y => "refracture_cumulative_2y",
            Field::RefractureCumulative5y => "refracture_cumulative_5y",
            Field::SiteShareHip => "site_share_hip",
            Field::SiteShareVertebral => "site_share_vertebral",
            Field::SiteShareOther => "site_share_other",
            Field::RiskReductionHip => "risk_reduction_hip",
            Field::RiskReductionVertebral => "risk_reduction_vertebral",
            Field::RiskReductionOther => "risk_reduction_other",
            Field::AnnualMortality => "annual_mortality",
            Field::CostFractureHip => "cost_fracture_hip",
            Field::CostFractureVertebral => "cost_fracture_vertebral",
            Field::CostFractureOther => "cost_fracture_other",
            Field::CostFlsPerPatient => "cost_fls_per_patient",
            Field::CostUsualPerPatient => "cost_usual_per_patient",
            Field::CostDrugPerYear => "cost_drug_per_year",
        }
    }

    pub fn from_name(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.name() == name)
    }

    pub(super) fn kind(self) -> Kind {
        match self {
            Field::PatientsPerYear
            | Field::Population50Plus
            | Field::IncidencePer1000
            | Field::CostFractureHip
            | Field::CostFractureVertebral
            | Field::CostFractureOther
            | Field::CostFlsPerPatient
            | Field::CostUsualPerPatient
            | Field::CostDrugPerYear => Kind::NonNegative,
            Field::HorizonYears => Kind::Horizon,
            _ => Kind::Share,
        }
    }

    /// Fields whose value is an `Option` in [`CalculatorInput`]: no default in the spec.
    pub(super) fn optional(self) -> bool {
        matches!(
            self,
            Field::PatientsPerYear
                | Field::Population50Plus
                | Field::IncidencePer1000
                | Field::CostFractureHip
                | Field::CostFractureVertebral
                | Field::CostFractureOther
                | Field::CostFlsPerPatient
                | Field::CostDrugPerYear
        )
    }

    /// A fraction in 0..=1, shown to people as a percentage.
    pub fn is_share(self) -> bool {
        self.kind() == Kind::Share
    }

    /// A cost without a default: the user enters it (or a preset gives it).
    pub fn is_required_cost(self) -> bool {
        matches!(
            self,
            Field::CostFractureHip
                | Field::CostFractureVertebral
                | Field::CostFractureOther
                | Field::CostFlsPerPatient
                | Field::CostDrugPerYear
        )
    }

    /// The value in `input` (`horizon_years` as a float).
    pub fn get(self, input: &CalculatorInput) -> Option<f64> {
        let i = input;
        match self {
            Field::PatientsPerYear => i.patients_per_year,
            Field::Population50Plus => i.population_50_plus,
            Field::IncidencePer1000 => i.incidence_per_1000,
            Field::HorizonYears => Some(f64::from(i.horizon_years)),
            Field::UsualCareTreated => Some(i.usual_care_treated),
            Field::FlsIdentified => Some(i.fls_identified),
            Field::FlsRecommended => Some(i.fls_recommended),
            Field::FlsStarted => Some(i.fls_started),
            Field::PersistenceYear1 => Some(i.persistence_year1),
            Field::PersistenceRetention => Some(i.persistence_retention),
            Field::RefractureCumulative1y => Some(i.refracture_cumulative.year_1),
            Field::RefractureCumulative2y => Some(i.refracture_cumulative.year_2),
            Field::RefractureCumulative5y => Some(i.refracture_cumulative.year_5),
            Field::SiteShareHip => Some(i.site_share.hip),
            Field::SiteShareVertebral => Some(i.site_share.vertebral),
            Field::SiteShareOther => Some(i.site_share.other),
            Field::RiskReductionHip => Some(i.risk_reduction.hip),
            Field::RiskReductionVertebral => Some(i.risk_reduction.vertebral),
            Field::RiskReductionOther => Some(i.risk_reduction.other),
            Field::AnnualMortality => Some(i.annual_mortality),
            Field::CostFractureHip => i.cost_fracture.hip,
            Field::CostFractureVertebral => i.cost_fracture.vertebral,
            Field::CostFractureOther => i.cost_fracture.other,
            Field::CostFlsPerPatient => i.cost_fls_per_patient,
            Field::CostUsualPerPatient => Some(i.cost_usual_per_patient),
            Field::CostDrugPerYear => i.cost_drug_per_year,
        }
    }

    /// Sets the value in `input`. `None` clears an optional field and leaves any other
    /// unchanged. `horizon_years` takes the float's whole part (callers check it first).
    pub fn set(self, input: &mut CalculatorInput, value: Option<f64>) {
        let i = input;
        if self.optional() {
            let slot = match self {
                Field::PatientsPerYear => &mut i.patients_per_year,
                Field::Population50Plus => &mut i.population_50_plus,
                Field::IncidencePer1000 => &mut i.incidence_per_1000,
                Field::CostFractureHip => &mut i.cost_fracture.hip,
                Field::CostFractureVertebral => &mut i.cost_fracture.vertebral,
                Field::CostFractureOther => &mut i.cost_fracture.other,
                Field::CostFlsPerPatient => &mut i.cost_fls_per_patient,
                _ => &mut i.cost_drug_per_year,
            };
            *slot = value;
            return;
        }
        let Some(v) = value else { return };
        if self == Field::HorizonYears {
            // Saturating float-to-int conversion; the range is checked by `validate`.
            i.horizon_years = v as u32;
            return;
        }
        let slot = match self {
            Field::UsualCareTreated => &mut i.usual_care_treated,
            Field::FlsIdentified => &mut i.fls_identified,
            Field::FlsRecommended => &mut i.fls_recommended,
            Field::FlsStarted => &mut i.fls_started,
            Field::PersistenceYear1 => &mut i.persistence_year1,
            Field::PersistenceRetention => &mut i.persistence_retention,
            Field::RefractureCumulative1y => &mut i.refracture_cumulative.year_1,
            Field::RefractureCumulative2y => &mut i.refracture_cumulative.year_2,
            Field::RefractureCumulative5y => &mut i.refracture_cumulative.year_5,
            Field::SiteShareHip => &mut i.site_share.hip,
            Field::SiteShareVertebral => &mut i.site_share.vertebral,
            Field::SiteShareOther => &mut i.site_share.other,
            Field::RiskReductionHip => &mut i.risk_reduction.hip,
            Field::RiskReductionVertebral => &mut i.risk_reduction.vertebral,
            Field::RiskReductionOther => &mut i.risk_reduction.other,
            Field::AnnualMortality => &mut i.annual_mortality,
            _ => &mut i.cost_usual_per_patient,
        };
        *slot = v;
    }
}
