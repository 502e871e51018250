//! The web form and the share link: [`CalculatorForm`] (every field a string), [`parse`] from it
//! with every rule, and [`to_form`] back.

use serde::{Deserialize, Serialize};

use super::field::Kind;
use super::{CalculatorInput, Field, HORIZON_MAX, HORIZON_MIN, SITE_SHARES_TOLERANCE};
use crate::error::{FieldError, Invalid};

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

/// [`parse`], except that costs left empty are not errors: they are listed, and set to 0 in the
/// input, so that fractures and patients can be shown while the page asks for the costs (a
/// preset fills the treatment figures but not every cost). Any other error, or a cost typed
/// wrongly, fails as in [`parse`]. The money results of such an input mean nothing.
pub fn parse_without_costs(
    form: &CalculatorForm,
) -> Result<(CalculatorInput, Vec<Field>), Invalid> {
    let missing: Vec<Field> = Field::ALL
        .into_iter()
        .filter(|f| f.is_required_cost() && form.get(*f).trim().is_empty())
        .collect();
    let mut filled = form.clone();
    for f in &missing {
        *filled.get_mut(*f) = "0".into();
    }
    parse(&filled).map(|input| (input, missing))
}

/// A plain decimal: optional sign (`+`, `-` or `−`), digits, at most one `.`; no exponent, no
/// group separator, no comma (`1,000` would be ambiguous between languages). Arabic-Indic
/// digits and the Arabic decimal separator read as their ASCII forms (`١٢٫٥` is 12.5).
fn parse_decimal(text: &str) -> Option<f64> {
    let t = crate::numerals::to_ascii(text).replace('\u{2212}', "-");
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
pub(super) fn check(
    input: &CalculatorInput,
    shown: &CalculatorForm,
    failed: &[Field],
    inv: &mut Invalid,
) {
    let mut bad: Vec<Field> = failed.to_vec();
    for field in Field::ALL {
        if bad.contains(&field) {
            continue;
        }
        let (name, raw) = (field.name(), shown.get(field));
        let Some(v) = field.get(input) else {
            if field.is_required_cost() {
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

#[cfg(test)]
mod tests {
    use super::super::{calculate, presets};
    use super::*;

    #[test]
    fn calculator_a_preset_alone_gives_fractures_and_asks_for_the_costs() {
        let p = &presets()[0];
        let mut input = CalculatorInput::default();
        p.apply(&mut input);
        let form = to_form(&input);
        // parse refuses it (the costs are required), parse_without_costs lists them instead.
        assert!(parse(&form).is_err());
        let (got, missing) = parse_without_costs(&form).unwrap();
        assert_eq!(
            missing,
            [
                Field::CostFractureHip,
                Field::CostFractureVertebral,
                Field::CostFractureOther,
                Field::CostDrugPerYear
            ]
        );
        let r = calculate(&got).unwrap();
        assert!(r.fractures.prevented.total() > 0.0);
        // Any other error still fails, and so does a cost typed wrongly.
        let mut bad = form.clone();
        bad.fls_started = "2".into();
        assert!(parse_without_costs(&bad).is_err());
        let mut typo = form;
        typo.cost_fracture_hip = "12x".into();
        assert_eq!(parse_without_costs(&typo).unwrap_err().0[0].rule, "decimal");
    }
}
