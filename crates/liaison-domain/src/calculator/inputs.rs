//! The inputs of the model, typed: sites, per-site values, the untreated cumulative risk and
//! [`CalculatorInput`] with the defaults of the spec.

use serde::{Deserialize, Serialize};

use super::form::{check, to_form};
use crate::error::Invalid;

/// Site of a subsequent fracture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Site {
    Hip,
    /// Clinical vertebral fractures.
    Vertebral,
    Other,
}

impl Site {
    pub const ALL: [Site; 3] = [Site::Hip, Site::Vertebral, Site::Other];
}

/// One value per fracture site.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct PerSite<T> {
    pub hip: T,
    pub vertebral: T,
    pub other: T,
}

impl<T: Copy> PerSite<T> {
    pub fn get(&self, site: Site) -> T {
        match site {
            Site::Hip => self.hip,
            Site::Vertebral => self.vertebral,
            Site::Other => self.other,
        }
    }

    pub fn set(&mut self, site: Site, value: T) {
        match site {
            Site::Hip => self.hip = value,
            Site::Vertebral => self.vertebral = value,
            Site::Other => self.other = value,
        }
    }
}

impl PerSite<f64> {
    pub fn total(&self) -> f64 {
        self.hip + self.vertebral + self.other
    }

    pub(super) fn add_assign(&mut self, other: &PerSite<f64>) {
        self.hip += other.hip;
        self.vertebral += other.vertebral;
        self.other += other.other;
    }
}

/// Untreated cumulative risk of a subsequent fracture after the index fracture.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CumulativeRisk {
    pub year_1: f64,
    pub year_2: f64,
    pub year_5: f64,
}

/// Every input of the model, typed. Shares are fractions in 0..=1 (0.2, not 20).
///
/// `Default` gives the defaults of the spec; the patients and the costs that have no default
/// are `None` and [`CalculatorInput::validate`] requires them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalculatorInput {
    /// F: fragility-fracture patients aged 50+ presenting each year. When `None`, F is
    /// `population_50_plus × incidence_per_1000 / 1000`. When set, it takes precedence.
    pub patients_per_year: Option<f64>,
    pub population_50_plus: Option<f64>,
    /// Fragility fractures per 1,000 people aged 50+ per year.
    pub incidence_per_1000: Option<f64>,
    /// H: years the service runs; one cohort of F patients enters each year.
    pub horizon_years: u32,
    /// T_uc: share of patients who start anti-osteoporosis medication (AOM) without an FLS.
    pub usual_care_treated: f64,
    /// With an FLS: share identified...
    pub fls_identified: f64,
    /// ...of those, share recommended AOM...
    pub fls_recommended: f64,
    /// ...of those, share who start.
    pub fls_started: f64,
    /// a: share of starters still treated at 52 weeks.
    pub persistence_year1: f64,
    /// ρ: share of those treated in a year who stay treated the next year.
    pub persistence_retention: f64,
    /// C1, C2, C5.
    pub refracture_cumulative: CumulativeRisk,
    /// s_j: split of subsequent fractures by site; adds up to 1.
    pub site_share: PerSite<f64>,
    /// r_j: relative risk reduction on treatment, by site.
    pub risk_reduction: PerSite<f64>,
    /// m: yearly death rate of the cohort.
    pub annual_mortality: f64,
    /// c_j: cost of one fracture by site, in the chosen currency.
    pub cost_fracture: PerSite<Option<f64>>,
    /// FLS cost per patient identified.
    pub cost_fls_per_patient: Option<f64>,
    /// Assessment cost per patient under usual care.
    pub cost_usual_per_patient: f64,
    /// AOM cost per patient-year treated.
    pub cost_drug_per_year: Option<f64>,
}

impl Default for CalculatorInput {
    fn default() -> Self {
        Self {
            patients_per_year: None,
            population_50_plus: None,
            incidence_per_1000: None,
            horizon_years: 5,
            usual_care_treated: 0.20,
            fls_identified: 0.80,
            fls_recommended: 0.74,
            fls_started: 0.93,
            persistence_year1: 0.65,
            persistence_retention: 0.80,
            refracture_cumulative: CumulativeRisk {
                year_1: 0.10,
                year_2: 0.18,
                year_5: 0.31,
            },
            site_share: PerSite {
                hip: 0.20,
                vertebral: 0.20,
                other: 0.60,
            },
            risk_reduction: PerSite {
                hip: 0.34,
                vertebral: 0.47,
                other: 0.20,
            },
            annual_mortality: 0.0,
            cost_fracture: PerSite {
                hip: None,
                vertebral: None,
                other: None,
            },
            cost_fls_per_patient: None,
            cost_usual_per_patient: 0.0,
            cost_drug_per_year: None,
        }
    }
}

impl CalculatorInput {
    /// F, the patients entering each year: `patients_per_year` if set, else
    /// `population_50_plus × incidence_per_1000 / 1000`; `None` if neither is complete.
    pub fn patients_per_year_effective(&self) -> Option<f64> {
        match (
            self.patients_per_year,
            self.population_50_plus,
            self.incidence_per_1000,
        ) {
            (Some(f), _, _) => Some(f),
            (None, Some(p), Some(i)) => Some(p * i / 1000.0),
            _ => None,
        }
    }

    /// T_fls = identified × recommended × started.
    pub fn fls_treated(&self) -> f64 {
        self.fls_identified * self.fls_recommended * self.fls_started
    }

    /// Every rule of [`parse`](super::parse), on typed values (for inputs built in code, e.g. by
    /// the API). The error values are the numbers as [`to_form`] writes them.
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut inv = Invalid::default();
        let form = to_form(self);
        check(self, &form, &[], &mut inv);
        inv.into_result(())
    }
}
