//! Joining the network (issue 18): a hospital team's application to start or register an FLS,
//! and the pipeline the programme works it through. Pure: parsing and the allowed moves.

use crate::auth::Email;
use crate::error::Invalid;
use crate::org::{CountryCode, PatientGroups, text};

/// The pipeline, in order; `Declined` ends it from any stage before `OnMap`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    Applied,
    Contacted,
    Mentored,
    Started,
    Assessed,
    OnMap,
    Declined,
}

impl Stage {
    pub const ALL: [Stage; 7] = [
        Stage::Applied,
        Stage::Contacted,
        Stage::Mentored,
        Stage::Started,
        Stage::Assessed,
        Stage::OnMap,
        Stage::Declined,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Stage::Applied => "applied",
            Stage::Contacted => "contacted",
            Stage::Mentored => "mentored",
            Stage::Started => "started",
            Stage::Assessed => "assessed",
            Stage::OnMap => "on_map",
            Stage::Declined => "declined",
        }
    }

    pub fn parse(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|x| x.code() == s.trim())
    }

    /// Forward only (a team that needs no mentor skips `mentored`), or declined before it is on
    /// the map; nothing leaves `on_map` or `declined`.
    pub fn may_move_to(self, to: Stage) -> bool {
        match (self, to) {
            (Stage::OnMap | Stage::Declined, _) => false,
            (_, Stage::Declined) => true,
            (from, to) => to > from,
        }
    }
}

/// The public form, as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ApplicationInput {
    #[serde(default)]
    pub hospital: String,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub contact_name: String,
    #[serde(default)]
    pub contact_email: String,
    /// As the FLS profile writes them: `hip,vertebral`.
    #[serde(default)]
    pub patient_groups: String,
    /// The tick box: present when ticked.
    #[serde(default)]
    pub wants_mentor: String,
    #[serde(default)]
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Application {
    pub hospital: String,
    pub city: String,
    pub country: CountryCode,
    pub contact_name: String,
    pub contact_email: Email,
    pub patient_groups: PatientGroups,
    pub wants_mentor: bool,
    pub message: String,
}

impl Application {
    pub fn parse(i: &ApplicationInput) -> Result<Application, Invalid> {
        let mut inv = Invalid::default();
        let hospital = inv.take(text("hospital", &i.hospital, true, 200));
        let city = inv.take(text("city", &i.city, false, 100));
        let country = inv.take(CountryCode::parse("country", &i.country));
        let contact_name = inv.take(text("contact_name", &i.contact_name, true, 200));
        let contact_email = inv.take(Email::parse("contact_email", &i.contact_email));
        let patient_groups = inv.take(PatientGroups::parse("patient_groups", &i.patient_groups));
        let message = inv.take(text("message", &i.message, false, 2000));
        match (
            hospital,
            city,
            country,
            contact_name,
            contact_email,
            patient_groups,
            message,
        ) {
            (
                Some(hospital),
                Some(city),
                Some(country),
                Some(contact_name),
                Some(contact_email),
                Some(patient_groups),
                Some(message),
            ) if inv.is_empty() => Ok(Application {
                hospital,
                city,
                country,
                contact_name,
                contact_email,
                patient_groups,
                wants_mentor: !i.wants_mentor.is_empty(),
                message,
            }),
            _ => Err(inv),
        }
    }

    /// The same hospital however it is typed: lower case, words separated by single spaces,
    /// with its country. A second application with this key is flagged, never merged.
    pub fn hospital_key(&self) -> String {
        let words: Vec<String> = self
            .hospital
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        format!("{}:{}", self.country.as_str(), words.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ApplicationInput {
        ApplicationInput {
            hospital: "Hospital  Universitario La Paz".into(),
            city: "Madrid".into(),
            country: "es".into(),
            contact_name: "Ana García".into(),
            contact_email: "ana@example.org".into(),
            patient_groups: "hip,vertebral".into(),
            wants_mentor: "on".into(),
            message: String::new(),
        }
    }

    #[test]
    fn an_application_is_parsed_and_keyed_by_its_hospital() {
        let a = Application::parse(&input()).unwrap();
        assert!(a.wants_mentor);
        assert_eq!(a.hospital_key(), "ES:hospital universitario la paz");
        let b = Application::parse(&ApplicationInput {
            hospital: "HOSPITAL UNIVERSITARIO LA PAZ.".into(),
            ..input()
        })
        .unwrap();
        assert_eq!(a.hospital_key(), b.hospital_key());
    }

    #[test]
    fn bad_fields_are_all_named() {
        let bad = ApplicationInput {
            hospital: " ".into(),
            country: "XX".into(),
            contact_email: "nobody".into(),
            ..input()
        };
        let rules: Vec<(String, &str)> = Application::parse(&bad)
            .unwrap_err()
            .0
            .into_iter()
            .map(|e| (e.field, e.rule))
            .collect();
        assert_eq!(
            rules,
            [
                ("hospital".to_string(), "required"),
                ("country".to_string(), "country_unknown"),
                ("contact_email".to_string(), "email"),
            ]
        );
    }

    #[test]
    fn the_pipeline_moves_forward_or_declines() {
        use Stage::*;
        assert!(Applied.may_move_to(Contacted));
        assert!(Contacted.may_move_to(Started), "no mentor needed");
        assert!(!Started.may_move_to(Contacted));
        assert!(!Applied.may_move_to(Applied));
        assert!(Assessed.may_move_to(Declined));
        assert!(!OnMap.may_move_to(Declined));
        assert!(!Declined.may_move_to(Applied));
        assert_eq!(Stage::parse("on_map"), Some(OnMap));
    }
}
