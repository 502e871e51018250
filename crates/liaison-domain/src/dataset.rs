//! The patient episode dataset (`shared/spec/dataset.md`, version 1): columns, codes and every
//! validation rule. One function, [`parse`], is the only way from raw values to an [`Episode`],
//! so the form, the API, imports and FHIR all apply the same rules.

use crate::error::{FieldError, Invalid};
use crate::org::FlsCode;
use serde::{Deserialize, Serialize};
use time::{Date, Month};

macro_rules! code_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name { $($variant),+ }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }
            pub fn parse(s: &str) -> Option<Self> {
                let t = s.trim();
                Self::ALL.iter().copied().find(|v| v.code().eq_ignore_ascii_case(t))
            }
            pub fn codes() -> Vec<&'static str> {
                Self::ALL.iter().map(|v| v.code()).collect()
            }
        }
    };
}

code_enum!(Sex { F = "F", M = "M", X = "X", U = "U" });
code_enum!(FractureSite {
    Hip = "hip", Spine = "spine", Wrist = "wrist", Humerus = "humerus", Pelvis = "pelvis",
    FemurOther = "femur_other", TibiaFibula = "tibia_fibula", Ankle = "ankle", Rib = "rib",
    Clavicle = "clavicle", Other = "other",
});
code_enum!(SpineDetection { Clinical = "clinical", Radiological = "radiological" });
code_enum!(Setting { Inpatient = "inpatient", Outpatient = "outpatient" });
code_enum!(IdentificationRoute {
    Ed = "ed", Ward = "ward", FractureClinic = "fracture_clinic", Radiology = "radiology",
    PrimaryCare = "primary_care", SelfReferral = "self_referral", Other = "other",
});
code_enum!(DxaStatus { Done = "done", NotRequired = "not_required", Declined = "declined", NotDone = "not_done" });
code_enum!(FallsAssessment {
    Done = "done", Referred = "referred", NotRequired = "not_required", Declined = "declined", NotDone = "not_done",
});
code_enum!(AomRecommendation {
    Recommended = "recommended", Continue = "continue", NotIndicated = "not_indicated",
    Contraindicated = "contraindicated", Declined = "declined",
});
code_enum!(YesNoUnknown { Yes = "yes", No = "no", Unknown = "unknown" });

impl AomRecommendation {
    /// Recommended or continued: the KPI population for follow-up and persistence.
    pub fn is_positive(self) -> bool {
        matches!(
            self,
            AomRecommendation::Recommended | AomRecommendation::Continue
        )
    }
}

/// Sites that are never fragility fractures (dataset.md), named so the message can say why.
const NOT_FRAGILITY: &[&str] = &[
    "skull", "face", "hand", "hands", "finger", "fingers", "toe", "toes", "foot", "feet", "digit",
    "digits",
];

/// The accepted anti-osteoporosis medications: (ATC code or prefix ending in `*`, name).
pub const ATC: &[(&str, &str)] = &[
    ("M05BA04", "alendronic acid"),
    ("M05BA06", "ibandronic acid"),
    ("M05BA07", "risedronic acid"),
    ("M05BA08", "zoledronic acid"),
    ("M05BB*", "bisphosphonate combination"),
    ("M05BX03", "strontium ranelate"),
    ("M05BX04", "denosumab"),
    ("M05BX06", "romosozumab"),
    ("H05AA02", "teriparatide"),
    ("H05AA04", "abaloparatide"),
    ("G03XC01", "raloxifene"),
    ("G03XC02", "bazedoxifene"),
    ("G03C*", "hormone therapy (oestrogens)"),
    ("G03F*", "hormone therapy (progestogens and oestrogens)"),
];

/// The drug name for an accepted ATC code.
pub fn atc_name(code: &str) -> Option<&'static str> {
    let c = code.trim().to_ascii_uppercase();
    ATC.iter().find_map(|(k, name)| match k.strip_suffix('*') {
        // A prefix needs at least one character more, up to a full 7-character code.
        Some(prefix) => (c.starts_with(prefix)
            && c.len() > prefix.len()
            && c.len() <= 7
            && c.chars().all(|x| x.is_ascii_alphanumeric()))
        .then_some(*name),
        None => (c == *k).then_some(*name),
    })
}

/// The fracture site an ICD-10 code means, per the agreement table of dataset.md.
/// `Err(rule)` when the code is not a fragility-fracture code.
pub fn icd10_site(code: &str) -> Result<FractureSite, &'static str> {
    let c = code.trim().to_ascii_uppercase();
    let b = c.as_bytes();
    let well_formed = b.len() >= 3
        && b[0].is_ascii_uppercase()
        && b[1].is_ascii_digit()
        && b[2].is_ascii_digit()
        && (b.len() == 3
            || (b[3] == b'.'
                && (5..=8).contains(&b.len())
                && b[4..].iter().all(u8::is_ascii_alphanumeric)));
    if !well_formed {
        return Err("icd10_format");
    }
    let cat = &c[..3];
    let sub = c.get(4..5).and_then(|s| s.parse::<u8>().ok());
    let in_sub = |set: &[u8]| sub.is_some_and(|s| set.contains(&s));
    use FractureSite::*;
    let site = match cat {
        "S72" if in_sub(&[0, 1, 2]) => Hip,
        "S72" if in_sub(&[3, 4, 5, 6, 7, 8, 9]) => FemurOther,
        "S22" if in_sub(&[0, 1]) => Spine,
        "S22" if in_sub(&[3, 4]) => Rib,
        "S32" if in_sub(&[0]) => Spine,
        "S32" if in_sub(&[1, 2, 3, 4, 5, 6, 7, 8]) => Pelvis,
        "S12" | "T08" => Spine,
        "M48" if in_sub(&[5]) => Spine,
        // M80.x8: osteoporosis with pathological fracture, vertebra.
        "M80" if c.get(5..6) == Some("8") => Spine,
        "M80" => Other,
        "S52" if in_sub(&[5, 6]) => Wrist,
        "S42" if in_sub(&[2, 3]) => Humerus,
        "S42" if in_sub(&[0]) => Clavicle,
        "S82" if in_sub(&[1, 2, 3, 4]) => TibiaFibula,
        "S82" if in_sub(&[5, 6, 8]) => Ankle,
        // Skull and face, fingers, toes: not fragility fractures.
        "S02" => return Err("icd10_not_fragility"),
        "S62" if in_sub(&[5, 6, 7]) => return Err("icd10_not_fragility"),
        "S92" if in_sub(&[4, 5]) => return Err("icd10_not_fragility"),
        _ if cat.starts_with('S') => Other,
        _ => return Err("icd10_not_fracture"),
    };
    Ok(site)
}

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateOrder {
    #[default]
    Ymd,
    Dmy,
    Mdy,
}

impl DateOrder {
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "ymd" => Some(DateOrder::Ymd),
            "dmy" => Some(DateOrder::Dmy),
            "mdy" => Some(DateOrder::Mdy),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct ParseOptions {
    pub date_order: DateOrder,
    /// Accept `-2,5` (a semicolon-separated file may use decimal commas).
    pub decimal_comma: bool,
    /// Today in the FLS's time zone: no event may be after it.
    pub today: Date,
}

impl ParseOptions {
    pub fn new(today: Date) -> Self {
        ParseOptions {
            date_order: DateOrder::Ymd,
            decimal_comma: false,
            today,
        }
    }
}

/// A value that is accepted but worth saying something about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub field: &'static str,
    pub rule: &'static str,
}

/// Read a date as the options say; reject two-digit years, Excel serial numbers and
/// impossible dates with distinct rules.
pub fn parse_date(field: &str, s: &str, order: DateOrder) -> Result<Option<Date>, FieldError> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let err = |rule| FieldError::new(field, s, rule);
    if t.chars().all(|c| c.is_ascii_digit() || c == '.')
        && t.len() <= 8
        && !t.contains(['-', '/'])
        && t.matches('.').count() <= 1
    {
        return Err(err("date_excel_serial"));
    }
    let parts: Vec<&str> = t.split(['-', '/', '.']).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()))
    {
        return Err(err("date_format").arg("format", order_format(order)));
    }
    // ISO dates (4-digit first part) are unambiguous whatever the declared order.
    let (y, m, d) = if parts[0].len() == 4 && t.contains('-') {
        (parts[0], parts[1], parts[2])
    } else {
        match order {
            DateOrder::Ymd => (parts[0], parts[1], parts[2]),
            DateOrder::Dmy => (parts[2], parts[1], parts[0]),
            DateOrder::Mdy => (parts[2], parts[0], parts[1]),
        }
    };
    if y.len() != 4 {
        // A four-digit year elsewhere means the date is in another order than declared.
        return Err(if y.len() <= 2 && !parts.iter().any(|p| p.len() == 4) {
            err("date_two_digit_year")
        } else {
            err("date_format").arg("format", order_format(order))
        });
    }
    if m.len() > 2 || d.len() > 2 {
        return Err(err("date_format").arg("format", order_format(order)));
    }
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u8>(), d.parse::<u8>()) else {
        return Err(err("date_invalid"));
    };
    let month = Month::try_from(m).map_err(|_| err("date_invalid"))?;
    Date::from_calendar_date(y, month, d)
        .map(Some)
        .map_err(|_| err("date_invalid"))
}

fn order_format(order: DateOrder) -> &'static str {
    match order {
        DateOrder::Ymd => "YYYY-MM-DD",
        DateOrder::Dmy => "DD/MM/YYYY",
        DateOrder::Mdy => "MM/DD/YYYY",
    }
}

fn parse_decimal(
    field: &str,
    s: &str,
    comma: bool,
    min: f64,
    max: f64,
) -> Result<Option<f64>, FieldError> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let mut n = t.replace('\u{2212}', "-");
    if n.starts_with('+') {
        n.remove(0);
    }
    if comma && n.matches(',').count() == 1 && !n.contains('.') {
        n = n.replace(',', ".");
    }
    let ok = !n.is_empty()
        && n.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
        && n.matches('.').count() <= 1
        && n.rfind('-').is_none_or(|i| i == 0);
    let v: f64 = match n.parse() {
        Ok(v) if ok && f64::is_finite(v) => v,
        _ => return Err(FieldError::new(field, s, "decimal")),
    };
    if v < min || v > max {
        return Err(FieldError::new(field, s, "decimal_between")
            .arg("min", fmt_num(min))
            .arg("max", fmt_num(max)));
    }
    Ok(Some(v))
}

fn fmt_num(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x}")
    }
}

fn code<T>(
    field: &str,
    s: &str,
    parse: impl Fn(&str) -> Option<T>,
    codes: Vec<&'static str>,
) -> Result<Option<T>, FieldError> {
    if s.trim().is_empty() {
        return Ok(None);
    }
    parse(s)
        .map(Some)
        .ok_or_else(|| FieldError::new(field, s, "one_of").arg("allowed", codes.join(", ")))
}

fn text(field: &str, s: &str, max: usize) -> Result<String, FieldError> {
    crate::org::text(field, s, false, max)
}

/// Free text (notes): like [`text`], but line breaks and tabs are part of it.
fn free_text(field: &str, s: &str, max: usize) -> Result<String, FieldError> {
    let t = s.trim();
    if t.chars().count() > max {
        return Err(FieldError::new(field, s, "too_long").arg("max", max));
    }
    if t.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(FieldError::new(field, s, "control_characters"));
    }
    Ok(t.to_string())
}

fn atc(field: &str, s: &str) -> Result<Option<String>, FieldError> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    atc_name(t)
        .map(|_| Some(t.to_ascii_uppercase()))
        .ok_or_else(|| FieldError::new(field, s, "atc_unknown"))
}

fn site(field: &str, s: &str) -> Result<Option<FractureSite>, FieldError> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if NOT_FRAGILITY.contains(&t.to_ascii_lowercase().as_str()) {
        return Err(FieldError::new(field, s, "site_not_fragility"));
    }
    code(field, s, FractureSite::parse, FractureSite::codes())
}

fn iso(d: Date) -> String {
    d.to_string()
}

/// Check every rule of dataset.md. All errors at once; warnings beside a valid episode.
pub fn parse(i: &EpisodeInput, o: &ParseOptions) -> Result<(Episode, Vec<Warning>), Invalid> {
    let mut inv = Invalid::default();
    let mut warnings = Vec::new();
    let ord = o.date_order;
    let date =
        |inv: &mut Invalid, f: &'static str, s: &str| inv.take(parse_date(f, s, ord)).flatten();

    let fls_code = inv
        .take(FlsCode::parse("fls_code", &i.fls_code))
        .map(|c| c.as_str().to_string());
    let patient_ref = {
        let t = i.patient_ref.trim();
        if t.is_empty() {
            inv.push(FieldError::new("patient_ref", &i.patient_ref, "required"));
            None
        } else {
            inv.take(crate::org::text("patient_ref", t, true, 64))
        }
    };
    let fracture_date = date(&mut inv, "fracture_date", &i.fracture_date);
    if i.fracture_date.trim().is_empty() {
        inv.push(FieldError::new("fracture_date", "", "required"));
    }
    let sex = if i.sex.trim().is_empty() {
        inv.push(FieldError::new("sex", "", "required"));
        None
    } else {
        inv.take(code("sex", &i.sex, Sex::parse, Sex::codes()))
            .flatten()
    };
    let birth_date = date(&mut inv, "birth_date", &i.birth_date);
    if i.birth_date.trim().is_empty() {
        inv.push(FieldError::new("birth_date", "", "required"));
    }
    let death_date = date(&mut inv, "death_date", &i.death_date);
    let family_name = inv.take(text("family_name", &i.family_name, 100));
    let given_names = inv.take(text("given_names", &i.given_names, 100));
    let phone = inv.take(text("phone", &i.phone, 32).and_then(|p| {
        if p.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '(' | ')'))
        {
            Ok(p)
        } else {
            Err(FieldError::new("phone", &i.phone, "phone_chars"))
        }
    }));
    let primary_care_contact = inv.take(text("primary_care_contact", &i.primary_care_contact, 200));
    let fracture_site = inv.take(site("fracture_site", &i.fracture_site)).flatten();
    if i.fracture_site.trim().is_empty() {
        inv.push(FieldError::new("fracture_site", "", "required"));
    }
    let spine_detection = inv
        .take(code(
            "spine_detection",
            &i.spine_detection,
            SpineDetection::parse,
            SpineDetection::codes(),
        ))
        .flatten();
    match (fracture_site, spine_detection) {
        (Some(FractureSite::Spine), None) if !i.spine_detection.trim().is_empty() => {}
        (Some(FractureSite::Spine), None) => {
            inv.push(FieldError::new("spine_detection", "", "required_for_spine"))
        }
        (Some(s), Some(_)) if s != FractureSite::Spine => inv.push(FieldError::new(
            "spine_detection",
            &i.spine_detection,
            "only_for_spine",
        )),
        _ => {}
    }
    let fracture_icd10 = if i.fracture_icd10.trim().is_empty() {
        None
    } else {
        match icd10_site(&i.fracture_icd10) {
            Err(rule) => {
                inv.push(FieldError::new("fracture_icd10", &i.fracture_icd10, rule));
                None
            }
            Ok(s) => {
                if let Some(fs) = fracture_site
                    && s != fs
                {
                    inv.push(
                        FieldError::new("fracture_icd10", &i.fracture_icd10, "icd10_site_mismatch")
                            .arg("site", fs.code())
                            .arg("icd_site", s.code()),
                    );
                }
                Some(i.fracture_icd10.trim().to_ascii_uppercase())
            }
        }
    };
    let setting = inv
        .take(code(
            "setting",
            &i.setting,
            Setting::parse,
            Setting::codes(),
        ))
        .flatten();
    if i.setting.trim().is_empty() {
        inv.push(FieldError::new("setting", "", "required"));
    }
    let identified_date = date(&mut inv, "identified_date", &i.identified_date);
    let identification_route = inv
        .take(code(
            "identification_route",
            &i.identification_route,
            IdentificationRoute::parse,
            IdentificationRoute::codes(),
        ))
        .flatten();
    let fls_assessment_date = date(&mut inv, "fls_assessment_date", &i.fls_assessment_date);
    let mut dxa_status = inv
        .take(code(
            "dxa_status",
            &i.dxa_status,
            DxaStatus::parse,
            DxaStatus::codes(),
        ))
        .flatten();
    let dxa_date = date(&mut inv, "dxa_date", &i.dxa_date);
    let dec = |inv: &mut Invalid, f: &'static str, s: &str, min: f64, max: f64| {
        inv.take(parse_decimal(f, s, o.decimal_comma, min, max))
            .flatten()
    };
    let t_ls = dec(
        &mut inv,
        "t_score_lumbar_spine",
        &i.t_score_lumbar_spine,
        -7.0,
        5.0,
    );
    let t_th = dec(
        &mut inv,
        "t_score_total_hip",
        &i.t_score_total_hip,
        -7.0,
        5.0,
    );
    let t_fn = dec(
        &mut inv,
        "t_score_femoral_neck",
        &i.t_score_femoral_neck,
        -7.0,
        5.0,
    );
    let frax_major = dec(&mut inv, "frax_major_pct", &i.frax_major_pct, 0.0, 100.0);
    let frax_hip = dec(&mut inv, "frax_hip_pct", &i.frax_hip_pct, 0.0, 100.0);
    let falls_assessment = inv
        .take(code(
            "falls_assessment",
            &i.falls_assessment,
            FallsAssessment::parse,
            FallsAssessment::codes(),
        ))
        .flatten();
    let aom_recommendation = inv
        .take(code(
            "aom_recommendation",
            &i.aom_recommendation,
            AomRecommendation::parse,
            AomRecommendation::codes(),
        ))
        .flatten();
    let aom_recommended_atc = inv
        .take(atc("aom_recommended_atc", &i.aom_recommended_atc))
        .flatten();
    let aom_start_date = date(&mut inv, "aom_start_date", &i.aom_start_date);
    let aom_start_atc = inv.take(atc("aom_start_atc", &i.aom_start_atc)).flatten();
    let strength_balance_date = date(&mut inv, "strength_balance_date", &i.strength_balance_date);
    let first_followup_date = date(&mut inv, "first_followup_date", &i.first_followup_date);
    let second_followup_date = date(&mut inv, "second_followup_date", &i.second_followup_date);
    let aom_at_52_weeks = inv
        .take(code(
            "aom_at_52_weeks",
            &i.aom_at_52_weeks,
            YesNoUnknown::parse,
            YesNoUnknown::codes(),
        ))
        .flatten();
    let refracture_date = date(&mut inv, "refracture_date", &i.refracture_date);
    let refracture_site = inv
        .take(site("refracture_site", &i.refracture_site))
        .flatten();
    let notes = inv.take(free_text("notes", &i.notes, 2000));

    // Rules between fields.
    let raw = |f: &str| i.get(f).unwrap_or("").to_string();
    let e = |f: &'static str, rule: &'static str| FieldError::new(f, raw(f), rule);
    let floor = time::macros::date!(1990 - 01 - 01);
    if let Some(fd) = fracture_date {
        if fd < floor {
            inv.push(e("fracture_date", "date_before_1990"));
        }
        if let Some(bd) = birth_date {
            if bd >= fd {
                inv.push(e("birth_date", "birth_not_before_fracture"));
            } else {
                let a = age(bd, fd);
                if !(18..=120).contains(&a) {
                    inv.push(e("birth_date", "age_out_of_range").arg("age", a));
                } else if a < 50 {
                    warnings.push(Warning {
                        field: "birth_date",
                        rule: "under_50",
                    });
                }
            }
        }
        let not_before = |inv: &mut Invalid, f: &'static str, d: Option<Date>| {
            if d.is_some_and(|d| d < fd) {
                inv.push(e(f, "date_before_fracture"));
            }
        };
        not_before(&mut inv, "death_date", death_date);
        not_before(&mut inv, "fls_assessment_date", fls_assessment_date);
        not_before(&mut inv, "strength_balance_date", strength_balance_date);
        if identified_date.is_some_and(|d| d < fd - time::Duration::days(7)) {
            inv.push(e("identified_date", "identified_too_early"));
        }
        if dxa_date.is_some_and(|d| d < fd - time::Duration::days(365)) {
            inv.push(e("dxa_date", "dxa_too_early"));
        }
        if aom_recommendation != Some(AomRecommendation::Continue) {
            not_before(&mut inv, "aom_start_date", aom_start_date);
        }
        let after = |inv: &mut Invalid, f: &'static str, d: Option<Date>| {
            if d.is_some_and(|d| d <= fd) {
                inv.push(e(f, "date_not_after_fracture"));
            }
        };
        after(&mut inv, "first_followup_date", first_followup_date);
        after(&mut inv, "second_followup_date", second_followup_date);
        after(&mut inv, "refracture_date", refracture_date);
    }
    if let (Some(a), Some(b)) = (first_followup_date, second_followup_date)
        && b <= a
    {
        inv.push(e("second_followup_date", "second_not_after_first"));
    }
    // DXA: a date means done; done needs a date; T-scores need a scan.
    match (dxa_status, dxa_date) {
        (None, Some(_)) => dxa_status = Some(DxaStatus::Done),
        // An unreadable date has its own error already.
        (Some(DxaStatus::Done), None) if inv.for_field("dxa_date").is_none() => {
            inv.push(e("dxa_date", "dxa_done_needs_date"))
        }
        (Some(s), Some(_)) if s != DxaStatus::Done => {
            inv.push(e("dxa_status", "dxa_date_means_done"))
        }
        _ => {}
    }
    let scanned = !i.dxa_date.trim().is_empty() || dxa_status == Some(DxaStatus::Done);
    for (f, v) in [
        ("t_score_lumbar_spine", t_ls),
        ("t_score_total_hip", t_th),
        ("t_score_femoral_neck", t_fn),
    ] {
        if v.is_some() && !scanned {
            inv.push(e(f, "t_score_needs_dxa"));
        }
    }
    if let (Some(maj), Some(hip)) = (frax_major, frax_hip)
        && hip > maj
    {
        inv.push(e("frax_hip_pct", "frax_hip_above_major"));
    }
    if aom_recommended_atc.is_some()
        && !aom_recommendation.is_some_and(AomRecommendation::is_positive)
    {
        inv.push(e("aom_recommended_atc", "atc_needs_recommendation"));
    }
    if aom_start_date.is_some()
        && aom_start_atc.is_none()
        && inv.for_field("aom_start_atc").is_none()
    {
        inv.push(e("aom_start_atc", "required_with_start"));
    }
    if aom_start_atc.is_some()
        && aom_start_date.is_none()
        && inv.for_field("aom_start_date").is_none()
    {
        inv.push(e("aom_start_date", "required_with_atc"));
    }
    if refracture_date.is_some()
        && refracture_site.is_none()
        && inv.for_field("refracture_site").is_none()
    {
        inv.push(e("refracture_site", "required_with_refracture"));
    }
    if refracture_site.is_some()
        && refracture_date.is_none()
        && inv.for_field("refracture_date").is_none()
    {
        inv.push(e("refracture_date", "required_with_site"));
    }
    // Nothing after today (in the FLS's time zone), nothing after death.
    let events: [(&'static str, Option<Date>); 12] = [
        ("fracture_date", fracture_date),
        ("death_date", death_date),
        ("identified_date", identified_date),
        ("fls_assessment_date", fls_assessment_date),
        ("dxa_date", dxa_date),
        ("aom_start_date", aom_start_date),
        ("strength_balance_date", strength_balance_date),
        ("first_followup_date", first_followup_date),
        ("second_followup_date", second_followup_date),
        ("refracture_date", refracture_date),
        ("birth_date", birth_date),
        ("", None),
    ];
    for (f, d) in events.iter().filter(|(f, _)| !f.is_empty()) {
        if d.is_some_and(|d| d > o.today) {
            inv.push(e(f, "date_in_future").arg("today", iso(o.today)));
        }
    }
    if let Some(dd) = death_date {
        for (f, d) in events
            .iter()
            // A death before the fracture is reported once, on `death_date`.
            .filter(|(f, _)| {
                !f.is_empty() && !matches!(*f, "death_date" | "birth_date" | "fracture_date")
            })
        {
            // A course of AOM that began before the fracture and death is not "after death".
            if d.is_some_and(|d| d > dd) {
                inv.push(e(f, "date_after_death"));
            }
        }
    }
    if !inv.is_empty() {
        return Err(inv);
    }
    match (
        fls_code,
        patient_ref,
        fracture_date,
        sex,
        birth_date,
        family_name,
        given_names,
        phone,
        primary_care_contact,
        fracture_site,
        setting,
        notes,
    ) {
        (
            Some(fls_code),
            Some(patient_ref),
            Some(fracture_date),
            Some(sex),
            Some(birth_date),
            Some(family_name),
            Some(given_names),
            Some(phone),
            Some(primary_care_contact),
            Some(fracture_site),
            Some(setting),
            Some(notes),
        ) => Ok((
            Episode {
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
                t_score_lumbar_spine: t_ls,
                t_score_total_hip: t_th,
                t_score_femoral_neck: t_fn,
                frax_major_pct: frax_major,
                frax_hip_pct: frax_hip,
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
            },
            warnings,
        )),
        _ => Err(inv),
    }
}

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

#[cfg(test)]
mod tests;
