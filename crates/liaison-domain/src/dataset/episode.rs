//! The one declaration of the episode's columns, from which [`COLUMNS`], [`KINDS`],
//! [`EpisodeInput`], [`Episode`] and the conversions between them are made (`columns.rs`).
//! Adding a column is one line here plus a migration: the stores write and read every
//! declared column; validation (`rules.rs`), FHIR and the generator are told by the compiler
//! (`Episode` literals) or by tests that check every column.

use serde::{Deserialize, Serialize};
use time::Date;

use super::columns::episode_columns;
use super::{
    AomRecommendation, ClosedReason, DxaStatus, FallsAssessment, FractureSite, IdentificationRoute,
    LifestyleAdvice, Residence, SecondaryCausesScreen, Setting, Sex, SpineDetection, YesNo,
    YesNoUnknown,
};

episode_columns! {
    fls_code: String,
    patient_ref: String,
    fracture_date: Date,
    sex: Sex,
    birth_date: Date,
    death_date: Option<Date>,
    family_name: String,
    given_names: String,
    phone: String,
    primary_care_contact: String,
    fracture_site: FractureSite,
    spine_detection: Option<SpineDetection>,
    fracture_icd10: Option<String>,
    setting: Setting,
    identified_date: Option<Date>,
    identification_route: Option<IdentificationRoute>,
    fls_assessment_date: Option<Date>,
    dxa_status: Option<DxaStatus>,
    dxa_date: Option<Date>,
    t_score_lumbar_spine: Option<f64>,
    t_score_total_hip: Option<f64>,
    t_score_femoral_neck: Option<f64>,
    frax_major_pct: Option<f64>,
    frax_hip_pct: Option<f64>,
    falls_assessment: Option<FallsAssessment>,
    aom_recommendation: Option<AomRecommendation>,
    aom_recommended_atc: Option<String>,
    aom_start_date: Option<Date>,
    aom_start_atc: Option<String>,
    strength_balance_date: Option<Date>,
    first_followup_date: Option<Date>,
    second_followup_date: Option<Date>,
    aom_at_52_weeks: Option<YesNoUnknown>,
    refracture_date: Option<Date>,
    refracture_site: Option<FractureSite>,
    notes: String,
    // Dataset version 2: the FLS stopped following the episode (off every worklist, KPIs as
    // before).
    closed_date: Option<Date>,
    closed_reason: Option<ClosedReason>,
    // Dataset version 2: what national audits break KPIs down by and report on.
    residence_before: Option<Residence>,
    high_risk: Option<YesNo>,
    secondary_causes_screen: Option<SecondaryCausesScreen>,
    lifestyle_advice: Option<LifestyleAdvice>,
    primary_care_letter_date: Option<Date>,
}

/// Columns every episode must have (the validation refuses a blank one); forms mark them.
pub const REQUIRED_COLUMNS: [&str; 7] = [
    "fls_code",
    "patient_ref",
    "fracture_date",
    "sex",
    "birth_date",
    "fracture_site",
    "setting",
];

/// Columns that never leave the FLS (contact details and free text).
pub const PRIVATE_COLUMNS: [&str; 6] = [
    "family_name",
    "given_names",
    "phone",
    "primary_care_contact",
    "notes",
    "patient_ref",
];

impl Episode {
    /// Whole years of age at the fracture.
    pub fn age_at_fracture(&self) -> i32 {
        age(self.birth_date, self.fracture_date)
    }
}

pub fn age(birth: Date, at: Date) -> i32 {
    let mut a = at.year() - birth.year();
    if (at.month() as u8, at.day()) < (birth.month() as u8, birth.day()) {
        a -= 1;
    }
    a
}
