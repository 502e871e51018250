//! Organisations: regions → countries → FLSs, and the FLS profile with its rules.

mod countries;
mod scope;
mod time_zones;

pub use countries::{COUNTRIES, country_name};
pub use scope::Scope;
pub use time_zones::primary_time_zone;

use crate::auth::Email;
use crate::error::{FieldError, Invalid};
use serde::{Deserialize, Serialize};
use time::Date;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Region {
    Africa,
    AsiaPacific,
    Europe,
    LatinAmerica,
    MiddleEast,
    NorthAmerica,
}

impl Region {
    pub const ALL: [Region; 6] = [
        Region::Africa,
        Region::AsiaPacific,
        Region::Europe,
        Region::LatinAmerica,
        Region::MiddleEast,
        Region::NorthAmerica,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Region::Africa => "africa",
            Region::AsiaPacific => "asia_pacific",
            Region::Europe => "europe",
            Region::LatinAmerica => "latin_america",
            Region::MiddleEast => "middle_east",
            Region::NorthAmerica => "north_america",
        }
    }

    pub fn parse(s: &str) -> Option<Region> {
        Region::ALL.into_iter().find(|r| r.code() == s.trim())
    }
}

/// An officially assigned ISO 3166-1 alpha-2 code, upper case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct CountryCode(String);

impl CountryCode {
    pub fn parse(field: &str, s: &str) -> Result<Self, FieldError> {
        let code = s.trim().to_ascii_uppercase();
        if Self::lookup(&code).is_some() {
            Ok(Self(code))
        } else {
            Err(FieldError::new(field, s, "country_unknown"))
        }
    }
    fn lookup(code: &str) -> Option<&'static (&'static str, &'static str, Region)> {
        COUNTRIES
            .binary_search_by(|(c, _, _)| (*c).cmp(code))
            .ok()
            .map(|i| &COUNTRIES[i])
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn english_name(&self) -> &'static str {
        Self::lookup(&self.0).map(|c| c.1).unwrap_or("")
    }
    /// The region a country belongs to unless an administrator moves it.
    pub fn default_region(&self) -> Region {
        Self::lookup(&self.0).map(|c| c.2).unwrap_or(Region::Europe)
    }
}

/// An FLS code: 2–32 characters of `A-Z a-z 0-9 - _ .` (docs/dataset.md, `fls_code`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct FlsCode(String);

impl FlsCode {
    pub fn parse(field: &str, s: &str) -> Result<Self, FieldError> {
        let t = s.trim();
        let len = t.chars().count();
        if len == 0 {
            return Err(FieldError::new(field, s, "required"));
        }
        if !(2..=32).contains(&len) {
            return Err(FieldError::new(field, s, "length_between")
                .arg("min", 2)
                .arg("max", 32));
        }
        if !t
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        {
            return Err(FieldError::new(field, s, "fls_code_chars"));
        }
        Ok(Self(t.to_string()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What the FLS does for its patients (the BPF's service types A–C).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceModel {
    Identify,
    IdentifyInvestigate,
    IdentifyInvestigateInitiate,
}

impl ServiceModel {
    pub const ALL: [ServiceModel; 3] = [
        ServiceModel::Identify,
        ServiceModel::IdentifyInvestigate,
        ServiceModel::IdentifyInvestigateInitiate,
    ];
    pub fn code(self) -> &'static str {
        match self {
            ServiceModel::Identify => "identify",
            ServiceModel::IdentifyInvestigate => "identify_investigate",
            ServiceModel::IdentifyInvestigateInitiate => "identify_investigate_initiate",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.code() == s.trim())
    }
}

/// Patient groups the FLS covers (the BPF's four groups).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatientGroups {
    pub hip: bool,
    pub other_inpatient: bool,
    pub outpatient: bool,
    pub vertebral: bool,
}

impl PatientGroups {
    pub const CODES: [&'static str; 4] = ["hip", "other_inpatient", "outpatient", "vertebral"];

    /// From a list such as `hip;outpatient` (`,` `;` `|` or spaces separate).
    pub fn parse(field: &str, s: &str) -> Result<Self, FieldError> {
        let mut g = PatientGroups::default();
        for part in s
            .split([',', ';', '|', ' '])
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            match part {
                "hip" => g.hip = true,
                "other_inpatient" => g.other_inpatient = true,
                "outpatient" => g.outpatient = true,
                "vertebral" => g.vertebral = true,
                _ => {
                    return Err(FieldError::new(field, part, "one_of")
                        .arg("allowed", Self::CODES.join(", ")));
                }
            }
        }
        Ok(g)
    }

    pub fn codes(&self) -> Vec<&'static str> {
        let flags = [
            self.hip,
            self.other_inpatient,
            self.outpatient,
            self.vertebral,
        ];
        Self::CODES
            .into_iter()
            .zip(flags)
            .filter_map(|(c, on)| on.then_some(c))
            .collect()
    }
}

/// An IANA time zone name known to the bundled tz database.
pub fn parse_time_zone(field: &str, s: &str) -> Result<String, FieldError> {
    let t = s.trim();
    if !t.is_empty() && jiff::tz::db().get(t).is_ok() {
        Ok(t.to_string())
    } else {
        Err(FieldError::new(field, s, "time_zone_unknown"))
    }
}

/// The FLS profile as typed by a person or read from a file: every field a string.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FlsInput {
    pub code: String,
    pub name: String,
    pub hospital: String,
    pub city: String,
    pub country: String,
    pub time_zone: String,
    pub service_model: String,
    pub patient_groups: String,
    pub catchment_population_50_plus: String,
    pub expected_non_spine_per_year: String,
    pub expected_spine_per_year: String,
    pub start_date: String,
    pub contact_name: String,
    pub contact_email: String,
}

/// A valid FLS profile.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FlsProfile {
    pub code: FlsCode,
    pub name: String,
    pub hospital: String,
    pub city: String,
    pub country: CountryCode,
    pub time_zone: String,
    pub service_model: ServiceModel,
    pub patient_groups: PatientGroups,
    pub catchment_population_50_plus: Option<i64>,
    pub expected_non_spine_per_year: Option<i64>,
    pub expected_spine_per_year: Option<i64>,
    pub start_date: Option<Date>,
    pub contact_name: String,
    pub contact_email: Option<Email>,
}

pub fn text(field: &str, s: &str, required: bool, max: usize) -> Result<String, FieldError> {
    let t = s.trim();
    if required && t.is_empty() {
        return Err(FieldError::new(field, s, "required"));
    }
    if t.chars().count() > max {
        return Err(FieldError::new(field, s, "too_long").arg("max", max));
    }
    if t.chars().any(char::is_control) {
        return Err(FieldError::new(field, s, "control_characters"));
    }
    Ok(t.to_string())
}

/// A whole number in a range, blank meaning unknown.
pub fn optional_count(field: &str, s: &str, max: i64) -> Result<Option<i64>, FieldError> {
    let ascii = crate::numerals::to_ascii(s);
    let t = ascii.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let cleaned: String = t
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{202f}'))
        .collect();
    match cleaned.parse::<i64>() {
        Ok(n) if (0..=max).contains(&n) => Ok(Some(n)),
        Ok(_) => Err(FieldError::new(field, s, "integer_between")
            .arg("min", 0)
            .arg("max", max)),
        Err(_) => Err(FieldError::new(field, s, "integer")),
    }
}

/// An ISO 8601 date `YYYY-MM-DD`, blank meaning unknown.
pub fn optional_iso_date(field: &str, s: &str) -> Result<Option<Date>, FieldError> {
    let ascii = crate::numerals::to_ascii(s);
    let t = ascii.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    if t.len() != 10 {
        return Err(FieldError::new(field, s, "date_format").arg("format", "YYYY-MM-DD"));
    }
    Date::parse(t, &fmt)
        .map(Some)
        .map_err(|_| FieldError::new(field, s, "date_invalid"))
}

impl FlsProfile {
    /// Validate every field; all errors at once.
    pub fn parse(input: &FlsInput) -> Result<FlsProfile, Invalid> {
        let mut inv = Invalid::default();
        let code = inv.take(FlsCode::parse("code", &input.code));
        let name = inv.take(text("name", &input.name, true, 200));
        let hospital = inv.take(text("hospital", &input.hospital, false, 200));
        let city = inv.take(text("city", &input.city, false, 100));
        let country = inv.take(CountryCode::parse("country", &input.country));
        let time_zone = if input.time_zone.trim().is_empty() {
            Some(
                country
                    .as_ref()
                    .and_then(|c| primary_time_zone(c.as_str()))
                    .unwrap_or("UTC")
                    .to_string(),
            )
        } else {
            inv.take(parse_time_zone("time_zone", &input.time_zone))
        };
        let service_model = if input.service_model.trim().is_empty() {
            Some(ServiceModel::IdentifyInvestigateInitiate)
        } else {
            inv.take(ServiceModel::parse(&input.service_model).ok_or_else(|| {
                FieldError::new("service_model", &input.service_model, "one_of").arg(
                    "allowed",
                    ServiceModel::ALL.map(ServiceModel::code).join(", "),
                )
            }))
        };
        let patient_groups = inv.take(PatientGroups::parse(
            "patient_groups",
            &input.patient_groups,
        ));
        let catchment = inv.take(optional_count(
            "catchment_population_50_plus",
            &input.catchment_population_50_plus,
            2_000_000_000,
        ));
        let non_spine = inv.take(optional_count(
            "expected_non_spine_per_year",
            &input.expected_non_spine_per_year,
            10_000_000,
        ));
        let spine = inv.take(optional_count(
            "expected_spine_per_year",
            &input.expected_spine_per_year,
            10_000_000,
        ));
        let start_date = inv.take(optional_iso_date("start_date", &input.start_date));
        let contact_name = inv.take(text("contact_name", &input.contact_name, false, 200));
        let contact_email = if input.contact_email.trim().is_empty() {
            Some(None)
        } else {
            inv.take(Email::parse("contact_email", &input.contact_email).map(Some))
        };
        match (
            code,
            name,
            hospital,
            city,
            country,
            time_zone,
            service_model,
            patient_groups,
            catchment,
            non_spine,
            spine,
            start_date,
            contact_name,
            contact_email,
        ) {
            (
                Some(code),
                Some(name),
                Some(hospital),
                Some(city),
                Some(country),
                Some(time_zone),
                Some(service_model),
                Some(patient_groups),
                Some(catchment_population_50_plus),
                Some(expected_non_spine_per_year),
                Some(expected_spine_per_year),
                Some(start_date),
                Some(contact_name),
                Some(contact_email),
            ) if inv.is_empty() => Ok(FlsProfile {
                code,
                name,
                hospital,
                city,
                country,
                time_zone,
                service_model,
                patient_groups,
                catchment_population_50_plus,
                expected_non_spine_per_year,
                expected_spine_per_year,
                start_date,
                contact_name,
                contact_email,
            }),
            _ => Err(inv),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> FlsInput {
        FlsInput {
            code: "GB-GLA".into(),
            name: "Glasgow FLS".into(),
            country: "gb".into(),
            ..Default::default()
        }
    }

    #[test]
    fn minimal_profile_gets_sensible_defaults() {
        let p = FlsProfile::parse(&input()).unwrap();
        assert_eq!(p.country.as_str(), "GB");
        assert_eq!(p.country.default_region(), Region::Europe);
        assert_eq!(p.time_zone, "Europe/London");
        assert_eq!(p.service_model, ServiceModel::IdentifyInvestigateInitiate);
        assert_eq!(p.expected_spine_per_year, None);
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let mut i = input();
        i.code = "x".into();
        i.country = "XX".into();
        i.expected_spine_per_year = "-3".into();
        i.time_zone = "Mars/Olympus".into();
        i.start_date = "2023-02-29".into();
        let err = FlsProfile::parse(&i).unwrap_err();
        let rules: Vec<_> = err.0.iter().map(|e| (e.field.as_str(), e.rule)).collect();
        assert_eq!(
            rules,
            vec![
                ("code", "length_between"),
                ("country", "country_unknown"),
                ("time_zone", "time_zone_unknown"),
                ("expected_spine_per_year", "integer_between"),
                ("start_date", "date_invalid"),
            ]
        );
    }

    #[test]
    fn fls_code_rules() {
        assert!(FlsCode::parse("c", "AB").is_ok());
        assert_eq!(
            FlsCode::parse("c", "a b").unwrap_err().rule,
            "fls_code_chars"
        );
        assert_eq!(
            FlsCode::parse("c", &"A".repeat(33)).unwrap_err().rule,
            "length_between"
        );
    }

    #[test]
    fn patient_groups_round_trip() {
        let g = PatientGroups::parse("f", "hip; vertebral").unwrap();
        assert_eq!(g.codes(), vec!["hip", "vertebral"]);
        assert_eq!(
            PatientGroups::parse("f", "hands").unwrap_err().rule,
            "one_of"
        );
    }
}
