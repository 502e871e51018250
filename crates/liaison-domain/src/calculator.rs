//! The FLS Benefit Calculator model (`shared/spec/calculator.md`, model version 1).
//!
//! What an FLS changes for a hospital or region, compared with usual care: fractures prevented,
//! money spent and saved. Pure arithmetic on a validated [`CalculatorInput`]; no IO, no clock.
//! The model, every formula, its assumptions and sources, and the comparison with McLellan 2011
//! are explained in `docs/calculator.md`.
//!
//! - [`parse`] turns the strings of a web form or a share link ([`CalculatorForm`]) into a
//!   [`CalculatorInput`], naming every invalid field; [`to_form`] goes back (round trip).
//! - [`calculate`] runs the model; [`sensitivity`] gives the data of a tornado chart.
//! - [`presets`] are data (`data/calculator-presets.json`), each value with its citation;
//!   [`default_sources`] gives the source of every default.

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::error::{FieldError, Invalid};

/// Version of the model in `shared/spec/calculator.md`; shown with results.
pub const MODEL_VERSION: u32 = 1;
/// Shortest and longest horizon, in years.
pub const HORIZON_MIN: u32 = 1;
pub const HORIZON_MAX: u32 = 10;
/// Site shares must add up to 1 within this tolerance.
pub const SITE_SHARES_TOLERANCE: f64 = 1e-6;
/// Relative change of each input in [`sensitivity`] (±20 %).
pub const SENSITIVITY_STEP: f64 = 0.2;

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

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

    fn add_assign(&mut self, other: &PerSite<f64>) {
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

    /// Every rule of [`parse`], on typed values (for inputs built in code, e.g. by the API).
    /// The error values are the numbers as [`to_form`] writes them.
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut inv = Invalid::default();
        let form = to_form(self);
        check(self, &form, &[], &mut inv);
        inv.into_result(())
    }
}

/// The inputs by name: the names of [`CalculatorForm`]'s fields, of share links, of presets and
/// of validation errors.
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
enum Kind {
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

    fn kind(self) -> Kind {
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
    fn optional(self) -> bool {
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

/// The inputs as typed in a web form or carried by a share link: every field a string, named
/// as in [`Field::name`]. Numbers use `.` as the decimal separator and no group separators
/// (what `<input type="number">` submits in every language).
///
/// Deserialising fills a missing field with its default (`CalculatorForm::default()` is
/// `to_form(&CalculatorInput::default())`), so an old share link still opens after a field is
/// added; a field present but empty is `required` unless the spec gives it no default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CalculatorForm {
    pub patients_per_year: String,
    pub population_50_plus: String,
    pub incidence_per_1000: String,
    pub horizon_years: String,
    pub usual_care_treated: String,
    pub fls_identified: String,
    pub fls_recommended: String,
    pub fls_started: String,
    pub persistence_year1: String,
    pub persistence_retention: String,
    pub refracture_cumulative_1y: String,
    pub refracture_cumulative_2y: String,
    pub refracture_cumulative_5y: String,
    pub site_share_hip: String,
    pub site_share_vertebral: String,
    pub site_share_other: String,
    pub risk_reduction_hip: String,
    pub risk_reduction_vertebral: String,
    pub risk_reduction_other: String,
    pub annual_mortality: String,
    pub cost_fracture_hip: String,
    pub cost_fracture_vertebral: String,
    pub cost_fracture_other: String,
    pub cost_fls_per_patient: String,
    pub cost_usual_per_patient: String,
    pub cost_drug_per_year: String,
}

impl Default for CalculatorForm {
    fn default() -> Self {
        to_form(&CalculatorInput::default())
    }
}

impl CalculatorForm {
    pub fn get(&self, field: Field) -> &str {
        let f = self;
        match field {
            Field::PatientsPerYear => &f.patients_per_year,
            Field::Population50Plus => &f.population_50_plus,
            Field::IncidencePer1000 => &f.incidence_per_1000,
            Field::HorizonYears => &f.horizon_years,
            Field::UsualCareTreated => &f.usual_care_treated,
            Field::FlsIdentified => &f.fls_identified,
            Field::FlsRecommended => &f.fls_recommended,
            Field::FlsStarted => &f.fls_started,
            Field::PersistenceYear1 => &f.persistence_year1,
            Field::PersistenceRetention => &f.persistence_retention,
            Field::RefractureCumulative1y => &f.refracture_cumulative_1y,
            Field::RefractureCumulative2y => &f.refracture_cumulative_2y,
            Field::RefractureCumulative5y => &f.refracture_cumulative_5y,
            Field::SiteShareHip => &f.site_share_hip,
            Field::SiteShareVertebral => &f.site_share_vertebral,
            Field::SiteShareOther => &f.site_share_other,
            Field::RiskReductionHip => &f.risk_reduction_hip,
            Field::RiskReductionVertebral => &f.risk_reduction_vertebral,
            Field::RiskReductionOther => &f.risk_reduction_other,
            Field::AnnualMortality => &f.annual_mortality,
            Field::CostFractureHip => &f.cost_fracture_hip,
            Field::CostFractureVertebral => &f.cost_fracture_vertebral,
            Field::CostFractureOther => &f.cost_fracture_other,
            Field::CostFlsPerPatient => &f.cost_fls_per_patient,
            Field::CostUsualPerPatient => &f.cost_usual_per_patient,
            Field::CostDrugPerYear => &f.cost_drug_per_year,
        }
    }

    pub fn get_mut(&mut self, field: Field) -> &mut String {
        let f = self;
        match field {
            Field::PatientsPerYear => &mut f.patients_per_year,
            Field::Population50Plus => &mut f.population_50_plus,
            Field::IncidencePer1000 => &mut f.incidence_per_1000,
            Field::HorizonYears => &mut f.horizon_years,
            Field::UsualCareTreated => &mut f.usual_care_treated,
            Field::FlsIdentified => &mut f.fls_identified,
            Field::FlsRecommended => &mut f.fls_recommended,
            Field::FlsStarted => &mut f.fls_started,
            Field::PersistenceYear1 => &mut f.persistence_year1,
            Field::PersistenceRetention => &mut f.persistence_retention,
            Field::RefractureCumulative1y => &mut f.refracture_cumulative_1y,
            Field::RefractureCumulative2y => &mut f.refracture_cumulative_2y,
            Field::RefractureCumulative5y => &mut f.refracture_cumulative_5y,
            Field::SiteShareHip => &mut f.site_share_hip,
            Field::SiteShareVertebral => &mut f.site_share_vertebral,
            Field::SiteShareOther => &mut f.site_share_other,
            Field::RiskReductionHip => &mut f.risk_reduction_hip,
            Field::RiskReductionVertebral => &mut f.risk_reduction_vertebral,
            Field::RiskReductionOther => &mut f.risk_reduction_other,
            Field::AnnualMortality => &mut f.annual_mortality,
            Field::CostFractureHip => &mut f.cost_fracture_hip,
            Field::CostFractureVertebral => &mut f.cost_fracture_vertebral,
            Field::CostFractureOther => &mut f.cost_fracture_other,
            Field::CostFlsPerPatient => &mut f.cost_fls_per_patient,
            Field::CostUsualPerPatient => &mut f.cost_usual_per_patient,
            Field::CostDrugPerYear => &mut f.cost_drug_per_year,
        }
    }

    /// `(name, value)` of every field, in [`Field::ALL`] order: the query of a share link.
    pub fn pairs(&self) -> Vec<(&'static str, &str)> {
        Field::ALL
            .into_iter()
            .map(|f| (f.name(), self.get(f)))
            .collect()
    }
}

/// The form of an input: shortest decimal that reads back to the same `f64` (Rust's `Display`
/// never uses an exponent), `""` for a value not entered. `parse(&to_form(x)) == Ok(x)` for
/// every valid `x`.
pub fn to_form(input: &CalculatorInput) -> CalculatorForm {
    let mut form = CalculatorForm {
        patients_per_year: String::new(),
        population_50_plus: String::new(),
        incidence_per_1000: String::new(),
        horizon_years: String::new(),
        usual_care_treated: String::new(),
        fls_identified: String::new(),
        fls_recommended: String::new(),
        fls_started: String::new(),
        persistence_year1: String::new(),
        persistence_retention: String::new(),
        refracture_cumulative_1y: String::new(),
        refracture_cumulative_2y: String::new(),
        refracture_cumulative_5y: String::new(),
        site_share_hip: String::new(),
        site_share_vertebral: String::new(),
        site_share_other: String::new(),
        risk_reduction_hip: String::new(),
        risk_reduction_vertebral: String::new(),
        risk_reduction_other: String::new(),
        annual_mortality: String::new(),
        cost_fracture_hip: String::new(),
        cost_fracture_vertebral: String::new(),
        cost_fracture_other: String::new(),
        cost_fls_per_patient: String::new(),
        cost_usual_per_patient: String::new(),
        cost_drug_per_year: String::new(),
    };
    for field in Field::ALL {
        *form.get_mut(field) = match field {
            Field::HorizonYears => input.horizon_years.to_string(),
            _ => field.get(input).map(|v| v.to_string()).unwrap_or_default(),
        };
    }
    form
}

/// Reads a form: every field parsed and checked, every failure collected (field, value as
/// typed, rule). Rules: `required`, `decimal`, `share_between_0_and_1`, `non_negative`,
/// `horizon_between` (args `min`, `max`), `site_shares_sum_to_1` (field `site_shares`, arg
/// `sum`), `cumulative_risk_increasing` (on the later year that is below the earlier one, arg
/// `min`).
pub fn parse(form: &CalculatorForm) -> Result<CalculatorInput, Invalid> {
    let mut input = CalculatorInput::default();
    let mut inv = Invalid::default();
    let mut failed = Vec::new();
    for field in Field::ALL {
        let (name, raw) = (field.name(), form.get(field));
        let text = raw.trim();
        if text.is_empty() {
            field.set(&mut input, None);
            if !field.optional() {
                inv.push(FieldError::new(name, raw, "required"));
                failed.push(field);
            }
            continue;
        }
        let Some(v) = parse_decimal(text) else {
            inv.push(FieldError::new(name, raw, "decimal"));
            failed.push(field);
            continue;
        };
        if field.kind() == Kind::Horizon && (v.fract() != 0.0 || v < 0.0 || v > f64::from(u32::MAX))
        {
            inv.push(horizon_error(field, raw));
            failed.push(field);
            continue;
        }
        field.set(&mut input, Some(v));
    }
    check(&input, form, &failed, &mut inv);
    inv.into_result(input)
}

/// A plain decimal: optional sign (`+`, `-` or `−`), digits, at most one `.`; no exponent, no
/// group separator, no comma (`1,000` would be ambiguous between languages).
fn parse_decimal(text: &str) -> Option<f64> {
    let t = text.replace('\u{2212}', "-");
    let body = t.strip_prefix(['-', '+']).unwrap_or(&t);
    let digits = body.chars().filter(char::is_ascii_digit).count();
    let ok = digits > 0
        && body.chars().all(|c| c.is_ascii_digit() || c == '.')
        && body.matches('.').count() <= 1;
    if !ok {
        return None;
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

fn horizon_error(field: Field, value: &str) -> FieldError {
    let name = field.name();
    FieldError::new(name, value, "horizon_between")
        .arg("min", HORIZON_MIN)
        .arg("max", HORIZON_MAX)
}

/// The typed rules, shared by [`parse`] and [`CalculatorInput::validate`]. Error values come
/// from `shown` (what the user typed, or the typed value written back); fields in `failed`
/// already have an error and are skipped, and a cross-field rule is checked only when all of
/// its fields are individually valid.
fn check(input: &CalculatorInput, shown: &CalculatorForm, failed: &[Field], inv: &mut Invalid) {
    let mut bad: Vec<Field> = failed.to_vec();
    for field in Field::ALL {
        if bad.contains(&field) {
            continue;
        }
        let (name, raw) = (field.name(), shown.get(field));
        let Some(v) = field.get(input) else {
            let required = matches!(
                field,
                Field::CostFractureHip
                    | Field::CostFractureVertebral
                    | Field::CostFractureOther
                    | Field::CostFlsPerPatient
                    | Field::CostDrugPerYear
            );
            if required {
                inv.push(FieldError::new(name, raw, "required"));
                bad.push(field);
            }
            continue;
        };
        let error = if !v.is_finite() {
            Some(FieldError::new(name, raw, "decimal"))
        } else {
            match field.kind() {
                Kind::Share if !(0.0..=1.0).contains(&v) => {
                    Some(FieldError::new(name, raw, "share_between_0_and_1"))
                }
                Kind::NonNegative if v < 0.0 => Some(FieldError::new(name, raw, "non_negative")),
                Kind::Horizon if !(HORIZON_MIN..=HORIZON_MAX).contains(&input.horizon_years) => {
                    Some(horizon_error(field, raw))
                }
                _ => None,
            }
        };
        if let Some(e) = error {
            inv.push(e);
            bad.push(field);
        }
    }

    // F: patients_per_year, or both population_50_plus and incidence_per_1000.
    if input.patients_per_year.is_none() && !bad.contains(&Field::PatientsPerYear) {
        let pop = input.population_50_plus.is_some() || bad.contains(&Field::Population50Plus);
        let inc = input.incidence_per_1000.is_some() || bad.contains(&Field::IncidencePer1000);
        let missing = match (pop, inc) {
            (false, false) => Some(Field::PatientsPerYear),
            (true, false) => Some(Field::IncidencePer1000),
            (false, true) => Some(Field::Population50Plus),
            (true, true) => None,
        };
        if let Some(field) = missing {
            let (name, raw) = (field.name(), shown.get(field));
            inv.push(FieldError::new(name, raw, "required"));
        }
    }

    let sites = [
        Field::SiteShareHip,
        Field::SiteShareVertebral,
        Field::SiteShareOther,
    ];
    if !sites.iter().any(|f| bad.contains(f)) {
        let s = &input.site_share;
        let sum = s.total();
        if (sum - 1.0).abs() > SITE_SHARES_TOLERANCE {
            let value = format!("{} + {} + {}", s.hip, s.vertebral, s.other);
            inv.push(FieldError::new("site_shares", value, "site_shares_sum_to_1").arg("sum", sum));
        }
    }

    let c = &input.refracture_cumulative;
    let order = [
        (Field::RefractureCumulative1y, c.year_1),
        (Field::RefractureCumulative2y, c.year_2),
        (Field::RefractureCumulative5y, c.year_5),
    ];
    if !order.iter().any(|(f, _)| bad.contains(f)) {
        for pair in order.windows(2) {
            let ((_, earlier), (later, value)) = (pair[0], pair[1]);
            if value < earlier {
                let (name, raw) = (later.name(), shown.get(later));
                inv.push(
                    FieldError::new(name, raw, "cumulative_risk_increasing").arg("min", earlier),
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Model
// ---------------------------------------------------------------------------------------------

/// Yearly untreated hazard h_k (k = 1..=10): h_1 = C1, h_2 = C2 − C1, h_k = (C5 − C2) / 3 for
/// k ≥ 3 (years 6 to 10 extrapolate the rate of years 3 to 5).
pub fn hazard(c: &CumulativeRisk, k: u32) -> f64 {
    match k {
        1 => c.year_1,
        2 => c.year_2 - c.year_1,
        _ => (c.year_5 - c.year_2) / 3.0,
    }
}

/// Survival S_k = (1 − m)^(k−1): share of the cohort alive at the start of its k-th year.
pub fn survival(m: f64, k: u32) -> f64 {
    (1.0 - m).powi(exp(k))
}

/// Persistence P_k = a · ρ^(k−1): share of starters still treated in the cohort's k-th year.
pub fn persistence(a: f64, rho: f64, k: u32) -> f64 {
    a * rho.powi(exp(k))
}

fn exp(k: u32) -> i32 {
    i32::try_from(k.saturating_sub(1)).unwrap_or(i32::MAX)
}

/// Fractures by site in each scenario, and the difference.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Fractures {
    pub usual_care: PerSite<f64>,
    pub fls: PerSite<f64>,
    /// usual_care − fls.
    pub prevented: PerSite<f64>,
}

impl Fractures {
    fn add_assign(&mut self, other: &Fractures) {
        self.usual_care.add_assign(&other.usual_care);
        self.fls.add_assign(&other.fls);
        self.prevented.add_assign(&other.prevented);
    }
}

/// Patients treated with AOM. "Starters" are patients who start treatment (F · T_x per cohort);
/// "patient-years" count the years on treatment, Σ F · S_k · T_x · P_k.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Treated {
    pub starters_usual_care: f64,
    pub starters_fls: f64,
    /// starters_fls − starters_usual_care.
    pub extra_starters: f64,
    pub patient_years_usual_care: f64,
    pub patient_years_fls: f64,
    /// patient_years_fls − patient_years_usual_care: the years the extra drug cost pays for.
    pub extra_patient_years: f64,
}

impl Treated {
    fn add_assign(&mut self, o: &Treated) {
        self.starters_usual_care += o.starters_usual_care;
        self.starters_fls += o.starters_fls;
        self.extra_starters += o.extra_starters;
        self.patient_years_usual_care += o.patient_years_usual_care;
        self.patient_years_fls += o.patient_years_fls;
        self.extra_patient_years += o.extra_patient_years;
    }
}

/// Money, in the currency of the cost inputs. Positive `net_saving` = the FLS saves money.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Costs {
    /// Σ prevented_j · c_j, by site.
    pub fracture_costs_avoided: PerSite<f64>,
    /// F · (identified · cost_fls_per_patient − cost_usual_per_patient) for each cohort that
    /// enters (H cohorts over the horizon).
    pub service_cost: f64,
    /// Σ F · S_k · (T_fls − T_uc) · P_k · cost_drug_per_year.
    pub extra_drug_cost: f64,
    /// fracture costs avoided − service cost − extra drug cost.
    pub net_saving: f64,
}

impl Costs {
    fn add_assign(&mut self, o: &Costs) {
        self.fracture_costs_avoided
            .add_assign(&o.fracture_costs_avoided);
        self.service_cost += o.service_cost;
        self.extra_drug_cost += o.extra_drug_cost;
        self.net_saving += o.net_saving;
    }
}

/// One calendar year of the service (1..=H): the chart's data. Year y counts cohorts 1..=y,
/// cohort c in its (y − c + 1)-th year; the service cost of a cohort falls in its entry year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct YearRow {
    pub year: u32,
    /// Cohorts followed this year (= year).
    pub cohorts: u32,
    pub fractures: Fractures,
    pub treated: Treated,
    pub costs: Costs,
    /// Net saving of years 1..=year.
    pub cumulative_net_saving: f64,
}

/// One cohort: the F patients entering in service year `cohort`, followed `years_followed`
/// = H − cohort + 1 years.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CohortRow {
    pub cohort: u32,
    pub years_followed: u32,
    pub fractures: Fractures,
    pub treated: Treated,
    pub costs: Costs,
}

/// Cost per fracture prevented = (service cost + extra drug cost − fracture costs avoided) /
/// fractures prevented.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CostPerFracturePrevented {
    /// Net cost > 0 and fractures prevented > 0.
    Cost { value: f64 },
    /// Net cost ≤ 0 with fractures prevented: the FLS saves money and prevents fractures (it
    /// "dominates" usual care). No ratio is given: a negative cost per fracture would rank a
    /// bigger saving with fewer fractures as "better", which is meaningless.
    CostSaving { net_saving: f64 },
    /// No fracture prevented (T_fls ≤ T_uc, zero risk or zero patients): no ratio.
    NoFracturesPrevented,
}

/// The model's answer for the whole horizon, with a row per service year and per cohort.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalculatorResult {
    pub model_version: u32,
    /// F as used (from `patients_per_year` or population × incidence).
    pub patients_per_year: f64,
    pub horizon_years: u32,
    /// H · F.
    pub patients_total: f64,
    /// T_uc.
    pub treated_share_usual_care: f64,
    /// T_fls = identified × recommended × started.
    pub treated_share_fls: f64,
    /// h_k, S_k, P_k for k = 1..=H, shown so every number can be checked.
    pub hazard: Vec<f64>,
    pub survival: Vec<f64>,
    pub persistence: Vec<f64>,
    /// Starters per year under usual care, F · T_uc.
    pub starters_per_year_usual_care: f64,
    /// Starters per year with the FLS, F · T_fls.
    pub starters_per_year_fls: f64,
    pub fractures: Fractures,
    pub treated: Treated,
    pub costs: Costs,
    /// service cost + extra drug cost − fracture costs avoided (= −net saving).
    pub net_cost: f64,
    /// Extra starters over the horizon per fracture prevented over the horizon;
    /// `None` when no fracture is prevented or no extra patient is treated.
    pub number_needed_to_treat: Option<f64>,
    pub cost_per_fracture_prevented: CostPerFracturePrevented,
    /// fracture costs avoided / (service cost + extra drug cost); `None` when nothing is
    /// spent (the denominator is ≤ 0).
    pub return_per_unit_spent: Option<f64>,
    pub years: Vec<YearRow>,
    pub cohorts: Vec<CohortRow>,
}

/// Validates the input and runs the model.
pub fn calculate(input: &CalculatorInput) -> Result<CalculatorResult, Invalid> {
    input.validate()?;
    Ok(compute(input))
}

/// The model on an input known to be valid.
fn compute(input: &CalculatorInput) -> CalculatorResult {
    let f = input.patients_per_year_effective().unwrap_or(0.0);
    let h = input.horizon_years;
    let t_uc = input.usual_care_treated;
    let t_fls = input.fls_treated();
    let cost_site = PerSite {
        hip: input.cost_fracture.hip.unwrap_or(0.0),
        vertebral: input.cost_fracture.vertebral.unwrap_or(0.0),
        other: input.cost_fracture.other.unwrap_or(0.0),
    };
    let cost_drug = input.cost_drug_per_year.unwrap_or(0.0);
    let service_per_cohort = f
        * (input.fls_identified * input.cost_fls_per_patient.unwrap_or(0.0)
            - input.cost_usual_per_patient);

    let ks: Vec<u32> = (1..=h).collect();
    let hz: Vec<f64> = ks
        .iter()
        .map(|&k| hazard(&input.refracture_cumulative, k))
        .collect();
    let sv: Vec<f64> = ks
        .iter()
        .map(|&k| survival(input.annual_mortality, k))
        .collect();
    let ps: Vec<f64> = ks
        .iter()
        .map(|&k| persistence(input.persistence_year1, input.persistence_retention, k))
        .collect();

    let empty_costs = Costs::default();
    let mut years: Vec<YearRow> = (1..=h)
        .map(|y| YearRow {
            year: y,
            cohorts: y,
            fractures: Fractures::default(),
            treated: Treated::default(),
            costs: empty_costs,
            cumulative_net_saving: 0.0,
        })
        .collect();
    let mut cohorts: Vec<CohortRow> = (1..=h)
        .map(|c| CohortRow {
            cohort: c,
            years_followed: h - c + 1,
            fractures: Fractures::default(),
            treated: Treated::default(),
            costs: empty_costs,
        })
        .collect();

    for c in 1..=h {
        let ci = (c - 1) as usize;
        let service = Costs {
            service_cost: service_per_cohort,
            net_saving: -service_per_cohort,
            ..Costs::default()
        };
        let starters = Treated {
            starters_usual_care: f * t_uc,
            starters_fls: f * t_fls,
            extra_starters: f * t_fls - f * t_uc,
            ..Treated::default()
        };
        cohorts[ci].costs.add_assign(&service);
        cohorts[ci].treated.add_assign(&starters);
        years[ci].costs.add_assign(&service);
        years[ci].treated.add_assign(&starters);

        for k in 1..=(h - c + 1) {
            let ki = (k - 1) as usize;
            let yi = (c + k - 2) as usize;
            let (s_k, h_k, p_k) = (sv[ki], hz[ki], ps[ki]);
            let mut fr = Fractures::default();
            let mut avoided = PerSite::default();
            for site in Site::ALL {
                let base = f * s_k * h_k * input.site_share.get(site);
                let r = input.risk_reduction.get(site);
                let usual = base * (1.0 - t_uc * p_k * r);
                let fls = base * (1.0 - t_fls * p_k * r);
                fr.usual_care.set(site, usual);
                fr.fls.set(site, fls);
                fr.prevented.set(site, usual - fls);
                avoided.set(site, (usual - fls) * cost_site.get(site));
            }
            let py_uc = f * s_k * t_uc * p_k;
            let py_fls = f * s_k * t_fls * p_k;
            let tr = Treated {
                patient_years_usual_care: py_uc,
                patient_years_fls: py_fls,
                extra_patient_years: py_fls - py_uc,
                ..Treated::default()
            };
            let drug = f * s_k * (t_fls - t_uc) * p_k * cost_drug;
            let money = Costs {
                fracture_costs_avoided: avoided,
                service_cost: 0.0,
                extra_drug_cost: drug,
                net_saving: avoided.total() - drug,
            };
            cohorts[ci].fractures.add_assign(&fr);
            cohorts[ci].treated.add_assign(&tr);
            cohorts[ci].costs.add_assign(&money);
            years[yi].fractures.add_assign(&fr);
            years[yi].treated.add_assign(&tr);
            years[yi].costs.add_assign(&money);
        }
    }

    let mut fractures = Fractures::default();
    let mut treated = Treated::default();
    let mut costs = Costs::default();
    let mut running = 0.0;
    for row in &mut years {
        running += row.costs.net_saving;
        row.cumulative_net_saving = running;
        fractures.add_assign(&row.fractures);
        treated.add_assign(&row.treated);
        costs.add_assign(&row.costs);
    }

    let prevented = fractures.prevented.total();
    let spent = costs.service_cost + costs.extra_drug_cost;
    let net_cost = -costs.net_saving;
    let number_needed_to_treat = (prevented > 0.0 && treated.extra_starters > 0.0)
        .then(|| treated.extra_starters / prevented);
    let cost_per_fracture_prevented = if prevented <= 0.0 {
        CostPerFracturePrevented::NoFracturesPrevented
    } else if net_cost <= 0.0 {
        CostPerFracturePrevented::CostSaving {
            net_saving: costs.net_saving,
        }
    } else {
        CostPerFracturePrevented::Cost {
            value: net_cost / prevented,
        }
    };
    let return_per_unit_spent = (spent > 0.0).then(|| costs.fracture_costs_avoided.total() / spent);

    CalculatorResult {
        model_version: MODEL_VERSION,
        patients_per_year: f,
        horizon_years: h,
        patients_total: f64::from(h) * f,
        treated_share_usual_care: t_uc,
        treated_share_fls: t_fls,
        hazard: hz,
        survival: sv,
        persistence: ps,
        starters_per_year_usual_care: f * t_uc,
        starters_per_year_fls: f * t_fls,
        fractures,
        treated,
        costs,
        net_cost,
        number_needed_to_treat,
        cost_per_fracture_prevented,
        return_per_unit_spent,
        years,
        cohorts,
    }
}

// ---------------------------------------------------------------------------------------------
// Sensitivity
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Presets and sources
// ---------------------------------------------------------------------------------------------

/// A value set by a preset, with where it comes from. A source that starts with `assumption`
/// marks a value without a published source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PresetValue {
    /// A [`Field::name`].
    pub field: String,
    pub value: f64,
    pub source: String,
}

impl PresetValue {
    pub fn is_assumption(&self) -> bool {
        is_assumption(&self.source)
    }
}

/// A named set of input values, from `data/calculator-presets.json`. Inputs it does not set keep
/// their value (the spec defaults, or what the user typed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Preset {
    pub id: String,
    pub name: String,
    /// ISO 4217 code of the preset's cost values, if it sets any.
    pub currency: Option<String>,
    /// What the preset sets, what it leaves to the user, and why.
    pub note: String,
    pub values: Vec<PresetValue>,
}

impl Preset {
    /// Sets every value of the preset in `input`. (Every field name is checked by a test.)
    pub fn apply(&self, input: &mut CalculatorInput) {
        for v in &self.values {
            if let Some(field) = Field::from_name(&v.field) {
                field.set(input, Some(v.value));
            }
        }
    }

    /// The value the preset gives `field`, with its source.
    pub fn value(&self, field: Field) -> Option<&PresetValue> {
        self.values.iter().find(|v| v.field == field.name())
    }
}

static PRESETS: LazyLock<Vec<Preset>> = LazyLock::new(|| {
    serde_json::from_str(include_str!("../data/calculator-presets.json"))
        .expect("data/calculator-presets.json is valid (checked by a test)")
});

/// Every preset, in file order; the first is the Glasgow FLS (McLellan 2011).
pub fn presets() -> Vec<Preset> {
    PRESETS.clone()
}

/// The preset with this id.
pub fn preset(id: &str) -> Option<Preset> {
    PRESETS.iter().find(|p| p.id == id).cloned()
}

/// True for a source string that marks a value without a published source.
pub fn is_assumption(source: &str) -> bool {
    source
        .trim_start()
        .to_ascii_lowercase()
        .starts_with("assumption")
}

/// The source of every default of [`CalculatorInput::default`], by field name, as the spec
/// gives it. Inputs without a default (patients, population, incidence, and the costs other than
/// `cost_usual_per_patient`) are not listed: the user enters them or picks a preset.
pub fn default_sources() -> Vec<(&'static str, &'static str)> {
    const BALASUBRAMANIAN: &str = "Balasubramanian A et al., Risk of subsequent fracture after \
        prior fracture among older women, Osteoporos Int 2019;30:79-92: cumulative risk 10 % at \
        1 year, 18 % at 2 years, 31 % at 5 years";
    vec![
        (
            "horizon_years",
            "assumption: 5 years, a usual planning period for a service",
        ),
        (
            "usual_care_treated",
            "IOF Capture the Fracture: about 80 % of fragility-fracture patients are not \
             treated after the fracture",
        ),
        (
            "fls_identified",
            "assumption: 80 % of eligible patients identified by the FLS",
        ),
        (
            "fls_recommended",
            "McLellan AR et al., Osteoporos Int 2011;22:2083-98 (Glasgow FLS): 740 of 1,000 \
             patients required treatment",
        ),
        (
            "fls_started",
            "McLellan AR et al., Osteoporos Int 2011;22:2083-98 (Glasgow FLS): 686 of the 740 \
             requiring treatment were treated (0.93)",
        ),
        (
            "persistence_year1",
            "REFRA-FLS, Spain, Arch Osteoporos 2022;17:138: persistence at 52 weeks",
        ),
        (
            "persistence_retention",
            "assumption: 80 % of those treated in a year stay treated the next year",
        ),
        ("refracture_cumulative_1y", BALASUBRAMANIAN),
        ("refracture_cumulative_2y", BALASUBRAMANIAN),
        ("refracture_cumulative_5y", BALASUBRAMANIAN),
        (
            "site_share_hip",
            "assumption: 20 % of subsequent fractures are hip",
        ),
        (
            "site_share_vertebral",
            "assumption: 20 % of subsequent fractures are clinical vertebral",
        ),
        (
            "site_share_other",
            "assumption: 60 % of subsequent fractures are at other sites",
        ),
        (
            "risk_reduction_hip",
            "pooled bisphosphonate trials: hip fracture relative risk 0.66",
        ),
        (
            "risk_reduction_vertebral",
            "alendronate, Fracture Intervention Trial (FIT): clinical vertebral fracture relative \
             risk reduction 47 %",
        ),
        (
            "risk_reduction_other",
            "assumption: 20 % relative risk reduction at other sites",
        ),
        (
            "annual_mortality",
            "assumption: 0 (the cumulative risks above are observed and already reflect deaths); \
             raise for older cohorts",
        ),
        (
            "cost_usual_per_patient",
            "assumption: 0 (no assessment cost under usual care)",
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    const EPS: f64 = 1e-9;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= EPS * b.abs().max(1.0)
    }

    #[track_caller]
    fn assert_close(actual: f64, expected: f64) {
        assert!(
            close(actual, expected),
            "expected {expected}, got {actual} (diff {})",
            actual - expected
        );
    }

    /// Spec defaults with F = 1000 and round costs.
    fn base() -> CalculatorInput {
        CalculatorInput {
            patients_per_year: Some(1000.0),
            cost_fracture: PerSite {
                hip: Some(10_000.0),
                vertebral: Some(5_000.0),
                other: Some(2_000.0),
            },
            cost_fls_per_patient: Some(100.0),
            cost_usual_per_patient: 10.0,
            cost_drug_per_year: Some(300.0),
            ..CalculatorInput::default()
        }
    }

    fn one_year() -> CalculatorInput {
        CalculatorInput {
            horizon_years: 1,
            ..base()
        }
    }

    /// Deterministic pseudo-random numbers in [0, 1) (64-bit LCG, Knuth's constants).
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self) -> f64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (self.0 >> 11) as f64 / (1u64 << 53) as f64
        }
        fn between(&mut self, lo: f64, hi: f64) -> f64 {
            lo + (hi - lo) * self.next()
        }
    }

    /// A valid input with every value drawn at random.
    fn random_input(rng: &mut Lcg) -> CalculatorInput {
        let c1 = rng.between(0.0, 0.3);
        let c2 = c1 + rng.between(0.0, 0.3);
        let c5 = (c2 + rng.between(0.0, 0.4)).min(1.0);
        let hip = rng.between(0.0, 0.5);
        let vertebral = rng.between(0.0, 1.0 - hip);
        CalculatorInput {
            patients_per_year: Some(rng.between(0.0, 5000.0).round()),
            population_50_plus: None,
            incidence_per_1000: None,
            horizon_years: 1 + (rng.next() * 10.0) as u32,
            usual_care_treated: rng.next(),
            fls_identified: rng.next(),
            fls_recommended: rng.next(),
            fls_started: rng.next(),
            persistence_year1: rng.next(),
            persistence_retention: rng.next(),
            refracture_cumulative: CumulativeRisk {
                year_1: c1,
                year_2: c2,
                year_5: c5,
            },
            site_share: PerSite {
                hip,
                vertebral,
                other: 1.0 - hip - vertebral,
            },
            risk_reduction: PerSite {
                hip: rng.next(),
                vertebral: rng.next(),
                other: rng.next(),
            },
            annual_mortality: rng.between(0.0, 0.2),
            cost_fracture: PerSite {
                hip: Some(rng.between(0.0, 50_000.0)),
                vertebral: Some(rng.between(0.0, 20_000.0)),
                other: Some(rng.between(0.0, 10_000.0)),
            },
            cost_fls_per_patient: Some(rng.between(0.0, 500.0)),
            cost_usual_per_patient: rng.between(0.0, 50.0),
            cost_drug_per_year: Some(rng.between(0.0, 1000.0)),
        }
    }

    fn rules(e: &Invalid) -> Vec<(String, String, &'static str)> {
        e.0.iter()
            .map(|e| (e.field.clone(), e.value.clone(), e.rule))
            .collect()
    }

    fn form_with(changes: &[(Field, &str)]) -> CalculatorForm {
        let mut form = to_form(&base());
        for (f, v) in changes {
            *form.get_mut(*f) = (*v).to_string();
        }
        form
    }

    // --- formulas ------------------------------------------------------------------------

    #[test]
    fn calculator_hazard_survival_persistence_by_hand() {
        let c = CumulativeRisk {
            year_1: 0.10,
            year_2: 0.18,
            year_5: 0.31,
        };
        assert_close(hazard(&c, 1), 0.10);
        assert_close(hazard(&c, 2), 0.08);
        for k in 3..=10 {
            assert_close(hazard(&c, k), 0.13 / 3.0);
        }
        // Through year 5 the hazards add up to the cumulative risk C5.
        assert_close((1..=5).map(|k| hazard(&c, k)).sum(), 0.31);
        assert_close(survival(0.1, 1), 1.0);
        assert_close(survival(0.1, 3), 0.81);
        assert_close(survival(0.0, 10), 1.0);
        assert_close(persistence(0.65, 0.8, 1), 0.65);
        assert_close(persistence(0.65, 0.8, 2), 0.52);
        assert_close(persistence(0.65, 0.8, 4), 0.65 * 0.512);
        assert_close(base().fls_treated(), 0.8 * 0.74 * 0.93);
        assert_close(base().fls_treated(), 0.55056);
    }

    /// H = 1, F = 1000, m = 0: one cohort, one year, worked by hand.
    /// h1 = 0.1, P1 = 0.65, T_uc = 0.2, T_fls = 0.8 × 0.74 × 0.93 = 0.55056.
    #[test]
    fn calculator_one_year_worked_by_hand() {
        let r = calculate(&one_year()).unwrap();
        // Hip: 1000 × 0.1 × 0.2 = 20 at risk-weight; usual 20 × (1 − 0.2 × 0.65 × 0.34) = 19.116,
        // FLS 20 × (1 − 0.55056 × 0.65 × 0.34) = 17.5665248.
        assert_close(r.fractures.usual_care.hip, 19.116);
        assert_close(r.fractures.fls.hip, 17.5665248);
        assert_close(r.fractures.prevented.hip, 1.5494752);
        // Vertebral: 20 × (1 − 0.2 × 0.65 × 0.47) = 18.778; 20 × 0.35056 × 0.65 × 0.47.
        assert_close(r.fractures.usual_care.vertebral, 18.778);
        assert_close(r.fractures.prevented.vertebral, 2.1419216);
        // Other: 60 × (1 − 0.2 × 0.65 × 0.2) = 58.44; 60 × 0.35056 × 0.65 × 0.2.
        assert_close(r.fractures.usual_care.other, 58.44);
        assert_close(r.fractures.fls.other, 55.705632);
        assert_close(r.fractures.prevented.other, 2.734368);
        assert_close(r.fractures.prevented.total(), 6.4257648);
        // Treated: starters F·T, patient-years F·T·P1.
        assert_close(r.starters_per_year_usual_care, 200.0);
        assert_close(r.starters_per_year_fls, 550.56);
        assert_close(r.treated.extra_starters, 350.56);
        assert_close(r.treated.patient_years_usual_care, 130.0);
        assert_close(r.treated.patient_years_fls, 357.864);
        assert_close(r.treated.extra_patient_years, 227.864);
        // Costs.
        assert_close(r.costs.fracture_costs_avoided.hip, 15_494.752);
        assert_close(r.costs.fracture_costs_avoided.vertebral, 10_709.608);
        assert_close(r.costs.fracture_costs_avoided.other, 5_468.736);
        assert_close(r.costs.fracture_costs_avoided.total(), 31_673.096);
        assert_close(r.costs.service_cost, 70_000.0); // 1 × 1000 × (0.8 × 100 − 10)
        assert_close(r.costs.extra_drug_cost, 68_359.2); // 1000 × 0.35056 × 0.65 × 300
        assert_close(r.costs.net_saving, -106_686.104);
        assert_close(r.net_cost, 106_686.104);
        assert_close(r.number_needed_to_treat.unwrap(), 350.56 / 6.4257648);
        assert_close(r.number_needed_to_treat.unwrap(), 54.555_373_704_309_95);
        match r.cost_per_fracture_prevented {
            CostPerFracturePrevented::Cost { value } => {
                assert_close(value, 106_686.104 / 6.4257648);
            }
            other => panic!("{other:?}"),
        }
        assert_close(r.return_per_unit_spent.unwrap(), 31_673.096 / 138_359.2);
        assert_eq!(r.years.len(), 1);
        assert_eq!(r.cohorts.len(), 1);
        assert_eq!(r.years[0].fractures, r.fractures);
        assert_close(r.years[0].cumulative_net_saving, -106_686.104);
        assert_close(r.patients_total, 1000.0);
    }

    /// H = 2 with mortality, by hand: the second year of cohort 1 has S2 = 0.9, h2 = 0.08,
    /// P2 = 0.52.
    #[test]
    fn calculator_second_year_with_mortality_by_hand() {
        let input = CalculatorInput {
            horizon_years: 2,
            annual_mortality: 0.1,
            ..base()
        };
        let r = calculate(&input).unwrap();
        let c1 = &r.cohorts[0];
        // Year 1 hip (as above) + year 2 hip: 1000 × 0.9 × 0.08 × 0.2 = 14.4 at risk-weight.
        assert_close(
            c1.fractures.usual_care.hip,
            19.116 + 14.4 * (1.0 - 0.2 * 0.52 * 0.34),
        );
        assert_close(
            c1.fractures.prevented.hip,
            1.5494752 + 14.4 * 0.35056 * 0.52 * 0.34,
        );
        assert_close(
            c1.treated.patient_years_fls,
            1000.0 * 0.55056 * (0.65 + 0.9 * 0.52),
        );
        assert_close(
            c1.costs.extra_drug_cost,
            1000.0 * 0.35056 * (0.65 + 0.9 * 0.52) * 300.0,
        );
        // Cohort 2 is followed one year: it equals the H = 1 result.
        let one = calculate(&one_year()).unwrap();
        assert_eq!(r.cohorts[1].years_followed, 1);
        assert_close(
            r.cohorts[1].fractures.prevented.total(),
            one.fractures.prevented.total(),
        );
        assert_close(r.cohorts[1].costs.net_saving, one.costs.net_saving);
        // Service cost: H · F · (identified · cost_fls − cost_usual).
        assert_close(r.costs.service_cost, 2.0 * 1000.0 * (0.8 * 100.0 - 10.0));
    }

    #[test]
    fn calculator_multi_cohort_horizon_accounting() {
        let input = CalculatorInput {
            horizon_years: 3,
            annual_mortality: 0.05,
            ..base()
        };
        let r = calculate(&input).unwrap();
        let followed: Vec<u32> = r.cohorts.iter().map(|c| c.years_followed).collect();
        assert_eq!(followed, [3, 2, 1]);
        assert_eq!(
            r.years.iter().map(|y| y.cohorts).collect::<Vec<_>>(),
            [1, 2, 3]
        );
        assert_close(r.patients_total, 3000.0);

        // Cohort c followed H − c + 1 years = cohort 1 of a run with that horizon.
        for (c, years) in [(1usize, 3u32), (2, 2), (3, 1)] {
            let alone = calculate(&CalculatorInput {
                horizon_years: years,
                ..input.clone()
            })
            .unwrap();
            assert_eq!(r.cohorts[c - 1].fractures, alone.cohorts[0].fractures);
            assert_eq!(r.cohorts[c - 1].costs, alone.cohorts[0].costs);
        }

        // Year 3 = cohort 1 in its 3rd year + cohort 2 in its 2nd + cohort 3 in its 1st.
        let rr = input.risk_reduction.hip;
        let d = input.fls_treated() - input.usual_care_treated;
        let cell = |k: u32| {
            1000.0
                * survival(0.05, k)
                * hazard(&input.refracture_cumulative, k)
                * 0.2
                * d
                * persistence(0.65, 0.8, k)
                * rr
        };
        assert_close(
            r.years[2].fractures.prevented.hip,
            cell(3) + cell(2) + cell(1),
        );
        assert_close(r.years[0].fractures.prevented.hip, cell(1));

        // Totals are the same whether added by year or by cohort.
        let by_cohort: f64 = r
            .cohorts
            .iter()
            .map(|c| c.fractures.prevented.total())
            .sum();
        let by_year: f64 = r.years.iter().map(|y| y.fractures.prevented.total()).sum();
        assert_close(by_cohort, r.fractures.prevented.total());
        assert_close(by_year, r.fractures.prevented.total());
        let net: f64 = r.cohorts.iter().map(|c| c.costs.net_saving).sum();
        assert_close(net, r.costs.net_saving);
        assert_close(r.years[2].cumulative_net_saving, r.costs.net_saving);
        // Each year carries the service cost of the cohort that enters in it.
        for y in &r.years {
            assert_close(y.costs.service_cost, 70_000.0);
            assert_close(y.treated.starters_fls, 550.56);
        }
        assert_close(r.treated.starters_fls, 3.0 * 550.56);
        // Net saving identity.
        assert_close(
            r.costs.net_saving,
            r.costs.fracture_costs_avoided.total() - r.costs.service_cost - r.costs.extra_drug_cost,
        );
        // Usual care − FLS = prevented, per site.
        for s in Site::ALL {
            assert_close(
                r.fractures.usual_care.get(s) - r.fractures.fls.get(s),
                r.fractures.prevented.get(s),
            );
        }
    }

    #[test]
    fn calculator_population_gives_patients() {
        let input = CalculatorInput {
            patients_per_year: None,
            population_50_plus: Some(200_000.0),
            incidence_per_1000: Some(5.0),
            ..base()
        };
        assert_eq!(input.patients_per_year_effective(), Some(1000.0));
        let r = calculate(&input).unwrap();
        assert_close(r.patients_per_year, 1000.0);
        assert_eq!(r.fractures, calculate(&base()).unwrap().fractures);
    }

    #[test]
    fn calculator_cost_saving_and_undefined_ratios() {
        // Expensive fractures, cheap service: cost-saving, no negative ratio.
        let mut saving = base();
        saving.cost_fracture.hip = Some(1_000_000.0);
        let r = calculate(&saving).unwrap();
        assert!(r.costs.net_saving > 0.0);
        assert_eq!(
            r.cost_per_fracture_prevented,
            CostPerFracturePrevented::CostSaving {
                net_saving: r.costs.net_saving
            }
        );
        assert!(r.return_per_unit_spent.unwrap() > 1.0);

        // FLS treats no more than usual care: nothing prevented, no NNT, no ratio.
        let same = CalculatorInput {
            usual_care_treated: base().fls_treated(),
            ..base()
        };
        let r = calculate(&same).unwrap();
        assert!(r.fractures.prevented.total().abs() < 1e-9);
        assert_eq!(r.number_needed_to_treat, None);
        assert_eq!(
            r.cost_per_fracture_prevented,
            CostPerFracturePrevented::NoFracturesPrevented
        );

        // Nothing spent: no return per unit spent.
        let free = CalculatorInput {
            cost_fls_per_patient: Some(0.0),
            cost_usual_per_patient: 0.0,
            cost_drug_per_year: Some(0.0),
            ..base()
        };
        let r = calculate(&free).unwrap();
        assert_eq!(r.return_per_unit_spent, None);
        assert!(matches!(
            r.cost_per_fracture_prevented,
            CostPerFracturePrevented::CostSaving { .. }
        ));
    }

    #[test]
    fn calculator_result_serialises_for_the_chart() {
        let r = calculate(&base()).unwrap();
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["years"].as_array().unwrap().len(), 5);
        assert_eq!(json["years"][4]["cohorts"], 5);
        assert!(json["years"][0]["fractures"]["prevented"]["hip"].is_f64());
        assert_eq!(json["cost_per_fracture_prevented"]["kind"], "cost");
        let back: CalculatorResult = serde_json::from_value(json).unwrap();
        assert_eq!(back, r);
    }

    // --- monotonicity ----------------------------------------------------------------------

    #[test]
    fn calculator_more_treated_never_prevents_fewer() {
        let mut rng = Lcg(0x5eed_f1a5);
        for _ in 0..500 {
            let input = random_input(&mut rng);
            input.validate().unwrap();
            let r0 = calculate(&input).unwrap();
            for field in [
                Field::FlsStarted,
                Field::FlsIdentified,
                Field::FlsRecommended,
            ] {
                let v = field.get(&input).unwrap();
                let raised = v + rng.next() * (1.0 - v);
                let mut more = input.clone();
                field.set(&mut more, Some(raised));
                let r1 = calculate(&more).unwrap();
                for s in Site::ALL {
                    assert!(
                        r1.fractures.prevented.get(s) >= r0.fractures.prevented.get(s),
                        "{field:?} {v} -> {raised} prevented fewer {s:?}: {input:?}"
                    );
                    assert!(r1.fractures.fls.get(s) <= r0.fractures.fls.get(s));
                }
                assert!(r1.treated.starters_fls >= r0.treated.starters_fls);
                assert!(r1.treated.patient_years_fls >= r0.treated.patient_years_fls);
            }
            // Fewer treated under usual care: never fewer prevented.
            let mut less = input.clone();
            less.usual_care_treated *= rng.next();
            let r2 = calculate(&less).unwrap();
            assert!(r2.fractures.prevented.total() >= r0.fractures.prevented.total());
        }
    }

    // --- validation --------------------------------------------------------------------------

    #[test]
    fn calculator_parse_reads_a_valid_form() {
        let form = CalculatorForm {
            patients_per_year: " 1000 ".into(),
            horizon_years: "3".into(),
            usual_care_treated: "+0.25".into(),
            cost_fracture_hip: "10000".into(),
            cost_fracture_vertebral: "5000.50".into(),
            cost_fracture_other: "2000".into(),
            cost_fls_per_patient: "100".into(),
            cost_drug_per_year: ".5".into(),
            ..CalculatorForm::default()
        };
        let input = parse(&form).unwrap();
        assert_eq!(input.patients_per_year, Some(1000.0));
        assert_eq!(input.horizon_years, 3);
        assert_eq!(input.usual_care_treated, 0.25);
        assert_eq!(input.cost_fracture.vertebral, Some(5000.5));
        assert_eq!(input.cost_drug_per_year, Some(0.5));
        assert_eq!(input.fls_started, 0.93);
    }

    #[test]
    fn calculator_parse_shares_outside_0_1() {
        let form = form_with(&[
            (Field::FlsStarted, "1.2"),
            (Field::UsualCareTreated, "-0.1"),
            (Field::AnnualMortality, "20"),
        ]);
        let e = parse(&form).unwrap_err();
        assert_eq!(
            rules(&e),
            [
                (
                    "usual_care_treated".into(),
                    "-0.1".into(),
                    "share_between_0_and_1"
                ),
                ("fls_started".into(), "1.2".into(), "share_between_0_and_1"),
                (
                    "annual_mortality".into(),
                    "20".into(),
                    "share_between_0_and_1"
                ),
            ]
        );
        assert_eq!(
            e.0[1].to_string(),
            "fls_started: \"1.2\" breaks rule share_between_0_and_1"
        );
    }

    #[test]
    fn calculator_parse_negative_costs() {
        let form = form_with(&[
            (Field::CostFractureHip, "-5"),
            (Field::CostUsualPerPatient, "\u{2212}1.5"),
            (Field::PatientsPerYear, "-1000"),
        ]);
        let e = parse(&form).unwrap_err();
        assert_eq!(
            rules(&e),
            [
                ("patients_per_year".into(), "-1000".into(), "non_negative"),
                ("cost_fracture_hip".into(), "-5".into(), "non_negative"),
                (
                    "cost_usual_per_patient".into(),
                    "\u{2212}1.5".into(),
                    "non_negative"
                ),
            ]
        );
    }

    #[test]
    fn calculator_parse_horizon_bounds() {
        for bad in ["0", "11", "2.5", "-3"] {
            let e = parse(&form_with(&[(Field::HorizonYears, bad)])).unwrap_err();
            assert_eq!(e.0.len(), 1, "{bad}: {e:?}");
            let err = e.for_field("horizon_years").unwrap();
            assert_eq!((err.value.as_str(), err.rule), (bad, "horizon_between"));
            assert_eq!(
                err.args,
                vec![("min", "1".to_string()), ("max", "10".to_string())]
            );
        }
        for good in ["1", "10", "7.0"] {
            assert!(
                parse(&form_with(&[(Field::HorizonYears, good)])).is_ok(),
                "{good}"
            );
        }
        // Typed input: the same rule.
        let e = CalculatorInput {
            horizon_years: 0,
            ..base()
        }
        .validate()
        .unwrap_err();
        assert_eq!(
            rules(&e),
            [("horizon_years".into(), "0".into(), "horizon_between")]
        );
        let e = CalculatorInput {
            horizon_years: 11,
            ..base()
        }
        .validate()
        .unwrap_err();
        assert_eq!(
            rules(&e),
            [("horizon_years".into(), "11".into(), "horizon_between")]
        );
    }

    #[test]
    fn calculator_parse_site_shares_must_sum_to_1() {
        let e = parse(&form_with(&[(Field::SiteShareOther, "0.5")])).unwrap_err();
        assert_eq!(
            rules(&e),
            [(
                "site_shares".into(),
                "0.2 + 0.2 + 0.5".into(),
                "site_shares_sum_to_1"
            )]
        );
        assert_eq!(e.0[0].args[0].0, "sum");
        // Within 1e-6 is accepted.
        assert!(parse(&form_with(&[(Field::SiteShareOther, "0.6000005")])).is_ok());
        assert!(parse(&form_with(&[(Field::SiteShareOther, "0.600002")])).is_err());
        // A share already invalid on its own: only that error, no sum error.
        let e = parse(&form_with(&[(Field::SiteShareOther, "1.5")])).unwrap_err();
        assert_eq!(
            rules(&e),
            [(
                "site_share_other".into(),
                "1.5".into(),
                "share_between_0_and_1"
            )]
        );
    }

    #[test]
    fn calculator_parse_cumulative_risk_must_increase() {
        let e = parse(&form_with(&[(Field::RefractureCumulative2y, "0.05")])).unwrap_err();
        assert_eq!(
            rules(&e),
            [(
                "refracture_cumulative_2y".into(),
                "0.05".into(),
                "cumulative_risk_increasing"
            )]
        );
        assert_eq!(e.0[0].args, vec![("min", "0.1".to_string())]);
        let e = parse(&form_with(&[(Field::RefractureCumulative5y, "0.15")])).unwrap_err();
        assert_eq!(e.0[0].field, "refracture_cumulative_5y");
        // Equal values are allowed (C1 ≤ C2 ≤ C5), and C5 ≤ 1 is the share rule.
        assert!(parse(&form_with(&[(Field::RefractureCumulative2y, "0.1")])).is_ok());
        let e = parse(&form_with(&[(Field::RefractureCumulative5y, "1.1")])).unwrap_err();
        assert_eq!(e.0[0].rule, "share_between_0_and_1");
    }

    #[test]
    fn calculator_parse_required_and_decimal() {
        let form = CalculatorForm {
            fls_identified: "abc".into(),
            fls_recommended: "0,74".into(),
            persistence_year1: "1e-1".into(),
            persistence_retention: "  ".into(),
            ..CalculatorForm::default()
        };
        let e = parse(&form).unwrap_err();
        assert_eq!(
            rules(&e),
            [
                ("fls_identified".into(), "abc".into(), "decimal"),
                ("fls_recommended".into(), "0,74".into(), "decimal"),
                ("persistence_year1".into(), "1e-1".into(), "decimal"),
                ("persistence_retention".into(), "  ".into(), "required"),
                ("cost_fracture_hip".into(), "".into(), "required"),
                ("cost_fracture_vertebral".into(), "".into(), "required"),
                ("cost_fracture_other".into(), "".into(), "required"),
                ("cost_fls_per_patient".into(), "".into(), "required"),
                ("cost_drug_per_year".into(), "".into(), "required"),
                ("patients_per_year".into(), "".into(), "required"),
            ]
        );
        // Population without incidence: the incidence is required.
        let form = form_with(&[
            (Field::PatientsPerYear, ""),
            (Field::Population50Plus, "250000"),
        ]);
        let e = parse(&form).unwrap_err();
        assert_eq!(
            rules(&e),
            [("incidence_per_1000".into(), "".into(), "required")]
        );
        let form = form_with(&[
            (Field::PatientsPerYear, ""),
            (Field::Population50Plus, "250000"),
            (Field::IncidencePer1000, "4"),
        ]);
        assert_eq!(
            parse(&form).unwrap().patients_per_year_effective(),
            Some(1000.0)
        );
        // A non-finite typed value is not a decimal.
        let e = CalculatorInput {
            fls_started: f64::NAN,
            ..base()
        }
        .validate()
        .unwrap_err();
        assert_eq!(e.0[0].rule, "decimal");
        assert!(calculate(&CalculatorInput::default()).is_err());
        assert!(sensitivity(&CalculatorInput::default()).is_err());
    }

    #[test]
    fn calculator_form_round_trip() {
        let mut inputs = vec![base(), {
            let mut i = base();
            presets()[0].apply(&mut i);
            i
        }];
        let mut rng = Lcg(42);
        inputs.extend((0..200).map(|_| random_input(&mut rng)));
        inputs.push(CalculatorInput {
            patients_per_year: None,
            population_50_plus: Some(123_456.0),
            incidence_per_1000: Some(4.321),
            ..base()
        });
        for input in inputs {
            let form = to_form(&input);
            assert_eq!(parse(&form).as_ref(), Ok(&input), "{form:?}");
            // Through JSON (an API body or a stored link) as well.
            let json = serde_json::to_string(&form).unwrap();
            let back: CalculatorForm = serde_json::from_str(&json).unwrap();
            assert_eq!(back, form);
        }
        // A link without some fields opens with their defaults.
        let partial: CalculatorForm =
            serde_json::from_str(r#"{"patients_per_year":"500","horizon_years":"2"}"#).unwrap();
        assert_eq!(partial.fls_started, "0.93");
        assert_eq!(partial.cost_fls_per_patient, "");
        assert_eq!(partial.pairs().len(), Field::ALL.len());
        assert_eq!(partial.pairs()[0], ("patients_per_year", "500"));
    }

    #[test]
    fn calculator_field_names_are_unique_and_match_the_form() {
        let form = to_form(&base());
        let json = serde_json::to_value(&form).unwrap();
        let keys = json.as_object().unwrap();
        assert_eq!(keys.len(), Field::ALL.len());
        for f in Field::ALL {
            assert_eq!(Field::from_name(f.name()), Some(f));
            assert_eq!(keys[f.name()].as_str().unwrap(), form.get(f));
        }
    }

    // --- sensitivity -------------------------------------------------------------------------

    #[test]
    fn calculator_sensitivity_tornado() {
        let input = CalculatorInput {
            fls_identified: 0.9,
            ..base()
        };
        let rows = sensitivity(&input).unwrap();
        let base_result = calculate(&input).unwrap();
        assert_eq!(rows.len(), 19);
        assert!(rows.windows(2).all(|w| w[0].swing >= w[1].swing));
        let row = |name: &str| rows.iter().find(|r| r.input == name).unwrap();

        // Shares clamped to 1: 0.9 × 1.2 = 1.08 → 1.
        let id = row("fls_identified");
        assert_close(id.low_value, 0.72);
        assert_close(id.high_value, 1.0);
        assert!(id.prevented_high > id.prevented_low);

        // Linear inputs: the swing is 40 % of what they multiply.
        let drug = row("cost_drug_per_year");
        assert_close(drug.swing, 0.4 * base_result.costs.extra_drug_cost);
        assert_close(drug.prevented_low, base_result.fractures.prevented.total());
        let hip = row("cost_fracture_hip");
        assert_close(
            hip.swing,
            0.4 * base_result.costs.fracture_costs_avoided.hip,
        );
        assert_close(
            row("patients_per_year").prevented_high,
            1.2 * base_result.fractures.prevented.total(),
        );
        // Horizon 5 → 4 and 6 years.
        let h = row("horizon_years");
        assert_eq!((h.low_value, h.high_value), (4.0, 6.0));
        // Mortality 0 stays 0: no swing.
        assert_eq!(row("annual_mortality").swing, 0.0);
        // Cumulative risks scaled together and kept in order.
        let c = row("refracture_cumulative");
        assert_close(c.high_value, 0.31 * 1.2);
        assert!(c.prevented_high > c.prevented_low);
    }

    // --- presets and sources -----------------------------------------------------------------

    #[test]
    fn calculator_presets_are_valid_and_cited() {
        let all = presets();
        assert!(!all.is_empty());
        let first = &all[0];
        assert_eq!(
            first.name,
            "UK, Glasgow FLS (McLellan et al., Osteoporos Int 2011;22:2083)"
        );
        assert_eq!(first.currency.as_deref(), Some("GBP"));
        let mut ids: Vec<&str> = all.iter().map(|p| p.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), all.len(), "preset ids are unique");
        for p in &all {
            assert!(!p.note.trim().is_empty());
            for v in &p.values {
                let field = Field::from_name(&v.field)
                    .unwrap_or_else(|| panic!("{}: unknown field {}", p.id, v.field));
                assert!(
                    !v.source.trim().is_empty(),
                    "{}: {} has no source",
                    p.id,
                    v.field
                );
                if field == Field::HorizonYears {
                    assert_eq!(v.value.fract(), 0.0);
                }
            }
            // Applied to a complete input, every preset gives a valid one.
            let mut input = base();
            p.apply(&mut input);
            input.validate().unwrap();
            for v in &p.values {
                let field = Field::from_name(&v.field).unwrap();
                assert_eq!(field.get(&input), Some(v.value));
            }
        }
        assert_eq!(preset(&first.id).as_ref(), Some(first));
    }

    #[test]
    fn calculator_glasgow_preset_reproduces_686_vs_193() {
        let p = &presets()[0];
        let mut input = CalculatorInput::default();
        p.apply(&mut input);
        assert_close(input.usual_care_treated, 0.193);
        assert_close(input.fls_treated(), 0.686);
        assert_close(input.fls_identified * input.fls_recommended, 0.740);
        // Cost of assessments: £83,598 more per 1,000 patients with the FLS.
        assert_close(
            1000.0 * input.fls_identified * input.cost_fls_per_patient.unwrap(),
            83_598.0,
        );
        assert_eq!(input.cost_usual_per_patient, 0.0);
        // Costs not in the paper's abstract are left to the user.
        assert_eq!(input.cost_drug_per_year, None);
        assert_eq!(input.cost_fracture, PerSite::default());
        // Every value is cited to the paper, not an assumption.
        assert!(
            p.values
                .iter()
                .all(|v| v.source.contains("McLellan") && !v.is_assumption())
        );
    }

    #[test]
    fn calculator_every_default_has_a_source() {
        let sources = default_sources();
        let defaults = CalculatorInput::default();
        let named: Vec<&str> = sources.iter().map(|(f, _)| *f).collect();
        for f in Field::ALL {
            let has_default = f.get(&defaults).is_some();
            assert_eq!(named.contains(&f.name()), has_default, "{}", f.name());
        }
        for (f, s) in &sources {
            assert!(Field::from_name(f).is_some(), "{f}");
            assert!(!s.trim().is_empty());
        }
        let assumption =
            |name: &str| is_assumption(sources.iter().find(|(f, _)| *f == name).unwrap().1);
        for f in [
            "horizon_years",
            "fls_identified",
            "persistence_retention",
            "site_share_hip",
            "site_share_vertebral",
            "site_share_other",
            "risk_reduction_other",
            "annual_mortality",
            "cost_usual_per_patient",
        ] {
            assert!(assumption(f), "{f} has no published source in the spec");
        }
        for f in [
            "usual_care_treated",
            "persistence_year1",
            "refracture_cumulative_5y",
            "risk_reduction_hip",
        ] {
            assert!(!assumption(f), "{f}");
        }
    }

    // --- McLellan 2011 -----------------------------------------------------------------------

    /// McLellan 2011: 1,000 patients, 686 vs 193 treated, 18 fractures prevented (11 hip).
    /// One cohort of 1,000 (cohort 1) followed 5 years, the years the cumulative risks are
    /// observed for (docs/calculator.md explains the choice and the differences).
    fn mclellan(horizon: u32, mortality: f64) -> CohortRow {
        let mut input = CalculatorInput {
            patients_per_year: Some(1000.0),
            horizon_years: horizon,
            annual_mortality: mortality,
            cost_fracture: PerSite {
                hip: Some(0.0),
                vertebral: Some(0.0),
                other: Some(0.0),
            },
            cost_drug_per_year: Some(0.0),
            ..CalculatorInput::default()
        };
        presets()[0].apply(&mut input);
        calculate(&input).unwrap().cohorts.remove(0)
    }

    #[test]
    fn calculator_mclellan_same_order() {
        let c = mclellan(5, 0.0);
        assert_eq!(c.years_followed, 5);
        let total = c.fractures.prevented.total();
        let hip = c.fractures.prevented.hip;
        // "Same order": within a factor of 3 (half an order of magnitude) of 18 and of 11.
        assert!((18.0 / 3.0..=18.0 * 3.0).contains(&total), "{total}");
        assert!((11.0 / 3.0..=11.0 * 3.0).contains(&hip), "{hip}");
        // The figures quoted in docs/calculator.md.
        assert!((total - 20.935).abs() < 0.0005, "{total}");
        assert!((hip - 5.048).abs() < 0.0005, "{hip}");
        assert!((c.treated.extra_starters - 493.0).abs() < 1e-9);
        assert!(
            (c.treated.extra_patient_years - 1077.225).abs() < 0.0005,
            "{}",
            c.treated.extra_patient_years
        );
        assert!((c.costs.service_cost - 83_598.0).abs() < 1e-6);

        let ten = mclellan(10, 0.0);
        assert!(
            (ten.fractures.prevented.total() - 25.249).abs() < 0.0005,
            "{}",
            ten.fractures.prevented.total()
        );
        assert!(
            (ten.fractures.prevented.hip - 6.088).abs() < 0.0005,
            "{}",
            ten.fractures.prevented.hip
        );
        let ten_m = mclellan(10, 0.05);
        assert!(
            (ten_m.fractures.prevented.total() - 22.906).abs() < 0.0005,
            "{}",
            ten_m.fractures.prevented.total()
        );
    }
}
