//! The columns of the interchange format, [`EpisodeInput`] (every column a string) and the valid
//! [`Episode`], with the way back from one to the other.

use serde::{Deserialize, Serialize};
use time::Date;

use super::values::iso;
use super::{
    AomRecommendation, DxaStatus, FallsAssessment, FractureSite, IdentificationRoute, Setting, Sex,
    SpineDetection, YesNoUnknown,
};

/// Every column, in the order of the CSV/XLSX interchange format.
pub const COLUMNS: [&str; 36] = [
    "fls_code",
    "patient_ref",
    "fracture_date",
    "sex",
    "birth_date",
    "death_date",
    "family_name",
    "given_names",
    "phone",
    "primary_care_contact",
    "fracture_site",
    "spine_detection",
    "fracture_icd10",
    "setting",
    "identified_date",
    "identification_route",
    "fls_assessment_date",
    "dxa_status",
    "dxa_date",
    "t_score_lumbar_spine",
    "t_score_total_hip",
    "t_score_femoral_neck",
    "frax_major_pct",
    "frax_hip_pct",
    "falls_assessment",
    "aom_recommendation",
    "aom_recommended_atc",
    "aom_start_date",
    "aom_start_atc",
    "strength_balance_date",
    "first_followup_date",
    "second_followup_date",
    "aom_at_52_weeks",
    "refracture_date",
    "refracture_site",
    "notes",
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

macro_rules! input_struct {
    ($($f:ident),+ $(,)?) => {
        /// An episode as typed or read: every column a string, blank meaning "not recorded".
        #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(default)]
        pub struct EpisodeInput { $(pub $f: String),+ }
        impl EpisodeInput {
            pub fn get(&self, col: &str) -> Option<&str> {
                match col { $(stringify!($f) => Some(self.$f.as_str()),)+ _ => None }
            }
            /// Set a column; false for an unknown column.
            pub fn set(&mut self, col: &str, v: String) -> bool {
                match col { $(stringify!($f) => { self.$f = v; true })+ _ => false }
            }
        }
    };
}

input_struct!(
    fls_code,
    patient_ref,
    fracture_date,
    sex,
    birth_date,
    death_date,
    family_name,
    given_names,
    phone,
    primary_care_contact,
    fracture_site,
    spine_detection,
    fracture_icd10,
    setting,
    identified_date,
    identification_route,
    fls_assessment_date,
    dxa_status,
    dxa_date,
    t_score_lumbar_spine,
    t_score_total_hip,
    t_score_femoral_neck,
    frax_major_pct,
    frax_hip_pct,
    falls_assessment,
    aom_recommendation,
    aom_recommended_atc,
    aom_start_date,
    aom_start_atc,
    strength_balance_date,
    first_followup_date,
    second_followup_date,
    aom_at_52_weeks,
    refracture_date,
    refracture_site,
    notes,
);

/// A valid episode.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Episode {
    pub fls_code: String,
    pub patient_ref: String,
    pub fracture_date: Date,
    pub sex: Sex,
    pub birth_date: Date,
    pub death_date: Option<Date>,
    pub family_name: String,
    pub given_names: String,
    pub phone: String,
    pub primary_care_contact: String,
    pub fracture_site: FractureSite,
    pub spine_detection: Option<SpineDetection>,
    pub fracture_icd10: Option<String>,
    pub setting: Setting,
    pub identified_date: Option<Date>,
    pub identification_route: Option<IdentificationRoute>,
    pub fls_assessment_date: Option<Date>,
    pub dxa_status: Option<DxaStatus>,
    pub dxa_date: Option<Date>,
    pub t_score_lumbar_spine: Option<f64>,
    pub t_score_total_hip: Option<f64>,
    pub t_score_femoral_neck: Option<f64>,
    pub frax_major_pct: Option<f64>,
    pub frax_hip_pct: Option<f64>,
    pub falls_assessment: Option<FallsAssessment>,
    pub aom_recommendation: Option<AomRecommendation>,
    pub aom_recommended_atc: Option<String>,
    pub aom_start_date: Option<Date>,
    pub aom_start_atc: Option<String>,
    pub strength_balance_date: Option<Date>,
    pub first_followup_date: Option<Date>,
    pub second_followup_date: Option<Date>,
    pub aom_at_52_weeks: Option<YesNoUnknown>,
    pub refracture_date: Option<Date>,
    pub refracture_site: Option<FractureSite>,
    pub notes: String,
}

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

/// The order of day, month and year in a file's dates.
fn dec_str(v: Option<f64>) -> String {
    v.map(|x| {
        let s = format!("{x}");
        if s == "-0" { "0".into() } else { s }
    })
    .unwrap_or_default()
}

impl From<&Episode> for EpisodeInput {
    /// The canonical text of every field: what exports write and imports read back.
    fn from(e: &Episode) -> Self {
        let d = |v: Option<Date>| v.map(iso).unwrap_or_default();
        let c = |v: Option<&'static str>| v.unwrap_or("").to_string();
        EpisodeInput {
            fls_code: e.fls_code.clone(),
            patient_ref: e.patient_ref.clone(),
            fracture_date: iso(e.fracture_date),
            sex: e.sex.code().into(),
            birth_date: iso(e.birth_date),
            death_date: d(e.death_date),
            family_name: e.family_name.clone(),
            given_names: e.given_names.clone(),
            phone: e.phone.clone(),
            primary_care_contact: e.primary_care_contact.clone(),
            fracture_site: e.fracture_site.code().into(),
            spine_detection: c(e.spine_detection.map(SpineDetection::code)),
            fracture_icd10: e.fracture_icd10.clone().unwrap_or_default(),
            setting: e.setting.code().into(),
            identified_date: d(e.identified_date),
            identification_route: c(e.identification_route.map(IdentificationRoute::code)),
            fls_assessment_date: d(e.fls_assessment_date),
            dxa_status: c(e.dxa_status.map(DxaStatus::code)),
            dxa_date: d(e.dxa_date),
            t_score_lumbar_spine: dec_str(e.t_score_lumbar_spine),
            t_score_total_hip: dec_str(e.t_score_total_hip),
            t_score_femoral_neck: dec_str(e.t_score_femoral_neck),
            frax_major_pct: dec_str(e.frax_major_pct),
            frax_hip_pct: dec_str(e.frax_hip_pct),
            falls_assessment: c(e.falls_assessment.map(FallsAssessment::code)),
            aom_recommendation: c(e.aom_recommendation.map(AomRecommendation::code)),
            aom_recommended_atc: e.aom_recommended_atc.clone().unwrap_or_default(),
            aom_start_date: d(e.aom_start_date),
            aom_start_atc: e.aom_start_atc.clone().unwrap_or_default(),
            strength_balance_date: d(e.strength_balance_date),
            first_followup_date: d(e.first_followup_date),
            second_followup_date: d(e.second_followup_date),
            aom_at_52_weeks: c(e.aom_at_52_weeks.map(YesNoUnknown::code)),
            refracture_date: d(e.refracture_date),
            refracture_site: c(e.refracture_site.map(FractureSite::code)),
            notes: e.notes.clone(),
        }
    }
}
