//! Fracture-prevention coalitions (issue 18): their members, contacts and activities. Pure:
//! the closed lists and the parsing of each form, all failures named at once.

use crate::auth::Email;
use crate::dataset::{DateOrder, parse_date};
use crate::error::{FieldError, Invalid};
use crate::org::{CountryCode, Region, text};
use time::Date;

/// A closed list of codes, parsed with the allowed codes named on failure.
pub(crate) fn one_of(
    field: &str,
    s: &str,
    all: &[&'static str],
) -> Result<&'static str, FieldError> {
    all.iter()
        .find(|c| **c == s.trim())
        .copied()
        .ok_or_else(|| FieldError::new(field, s, "one_of").arg("allowed", all.join(", ")))
}

fn date(field: &str, s: &str, required: bool) -> Result<Option<Date>, FieldError> {
    match parse_date(field, s, DateOrder::Ymd)? {
        None if required => Err(FieldError::new(field, s, "required")),
        d => Ok(d),
    }
}

/// International, regional or national; a regional coalition names its region and a national
/// one its country, so a coalition is found where it works.
pub const SCOPES: [&str; 3] = ["international", "regional", "national"];
pub const MEMBER_KINDS: [&str; 5] = [
    "specialty_society",
    "government_body",
    "ngo",
    "patient_society",
    "industry",
];
pub const MEMBER_STATUSES: [&str; 3] = ["invited", "joined", "left"];
pub const ACTIVITY_KINDS: [&str; 5] = [
    "meeting",
    "campaign",
    "publication",
    "policy_submission",
    "event",
];

#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct CoalitionInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub scope: String,
    /// A region's code for a regional coalition, a country's for a national one.
    #[serde(default)]
    pub area: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coalition {
    pub name: String,
    pub scope: &'static str,
    pub area: String,
    pub description: String,
}

impl Coalition {
    pub fn parse(i: &CoalitionInput) -> Result<Coalition, Invalid> {
        let mut inv = Invalid::default();
        let name = inv.take(text("name", &i.name, true, 200));
        let scope = inv.take(one_of("scope", &i.scope, &SCOPES));
        let area = match scope {
            Some("regional") => inv.take(
                Region::parse(&i.area)
                    .map(|r| r.code().to_string())
                    .ok_or_else(|| FieldError::new("area", &i.area, "region_unknown")),
            ),
            Some("national") => {
                inv.take(CountryCode::parse("area", &i.area).map(|c| c.as_str().to_string()))
            }
            _ => Some(String::new()),
        };
        let description = inv.take(text("description", &i.description, false, 4000));
        match (name, scope, area, description) {
            (Some(name), Some(scope), Some(area), Some(description)) if inv.is_empty() => {
                Ok(Coalition {
                    name,
                    scope,
                    area,
                    description,
                })
            }
            _ => Err(inv),
        }
    }
}

/// A member organisation; `id` given updates that member (its status moves on over time).
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct MemberInput {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub organisation: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub invited_on: String,
    #[serde(default)]
    pub joined_on: String,
    #[serde(default)]
    pub left_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub organisation: String,
    pub kind: &'static str,
    pub status: &'static str,
    pub invited_on: Option<Date>,
    pub joined_on: Option<Date>,
    pub left_on: Option<Date>,
}

impl Member {
    /// A joined member has its joined date, one that left its left date too; an organisation
    /// cannot leave before it joined, nor join before it was invited.
    pub fn parse(i: &MemberInput) -> Result<Member, Invalid> {
        let mut inv = Invalid::default();
        let organisation = inv.take(text("organisation", &i.organisation, true, 200));
        let kind = inv.take(one_of("kind", &i.kind, &MEMBER_KINDS));
        let status = inv.take(one_of("status", &i.status, &MEMBER_STATUSES));
        let joined_needed = matches!(status, Some("joined" | "left"));
        let invited_on = inv.take(date("invited_on", &i.invited_on, false));
        let joined_on = inv.take(date("joined_on", &i.joined_on, joined_needed));
        let left_on = inv.take(date("left_on", &i.left_on, status == Some("left")));
        if let (Some(Some(j)), Some(Some(l))) = (joined_on, left_on)
            && l < j
        {
            inv.push(
                FieldError::new("left_on", &i.left_on, "not_before")
                    .arg("other", i.joined_on.trim()),
            );
        }
        if let (Some(Some(v)), Some(Some(j))) = (invited_on, joined_on)
            && j < v
        {
            inv.push(
                FieldError::new("joined_on", &i.joined_on, "not_before")
                    .arg("other", i.invited_on.trim()),
            );
        }
        match (organisation, kind, status, invited_on, joined_on, left_on) {
            (
                Some(organisation),
                Some(kind),
                Some(status),
                Some(invited_on),
                Some(joined_on),
                Some(left_on),
            ) if inv.is_empty() => Ok(Member {
                organisation,
                kind,
                status,
                invited_on,
                joined_on,
                left_on,
            }),
            _ => Err(inv),
        }
    }
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ContactInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub role_title: String,
    #[serde(default)]
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub name: String,
    pub role_title: String,
    pub email: Email,
}

impl Contact {
    pub fn parse(i: &ContactInput) -> Result<Contact, Invalid> {
        let mut inv = Invalid::default();
        let name = inv.take(text("name", &i.name, true, 200));
        let role_title = inv.take(text("role_title", &i.role_title, false, 200));
        let email = inv.take(Email::parse("email", &i.email));
        match (name, role_title, email) {
            (Some(name), Some(role_title), Some(email)) if inv.is_empty() => Ok(Contact {
                name,
                role_title,
                email,
            }),
            _ => Err(inv),
        }
    }
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ActivityInput {
    #[serde(default)]
    pub held_on: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub outcome: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activity {
    pub held_on: Date,
    pub kind: &'static str,
    pub outcome: String,
}

impl Activity {
    pub fn parse(i: &ActivityInput) -> Result<Activity, Invalid> {
        let mut inv = Invalid::default();
        let held_on = inv.take(date("held_on", &i.held_on, true));
        let kind = inv.take(one_of("kind", &i.kind, &ACTIVITY_KINDS));
        let outcome = inv.take(text("outcome", &i.outcome, false, 2000));
        match (held_on, kind, outcome) {
            (Some(Some(held_on)), Some(kind), Some(outcome)) if inv.is_empty() => Ok(Activity {
                held_on,
                kind,
                outcome,
            }),
            _ => Err(inv),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(inv: Invalid) -> Vec<(String, &'static str)> {
        inv.0.into_iter().map(|e| (e.field, e.rule)).collect()
    }

    #[test]
    fn a_coalition_names_where_it_works() {
        let c = Coalition::parse(&CoalitionInput {
            name: "Osteoporosis Coalition Spain".into(),
            scope: "national".into(),
            area: "es".into(),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(c.area, "ES");
        let bad = CoalitionInput {
            name: "  ".into(),
            scope: "regional".into(),
            area: "atlantis".into(),
            ..Default::default()
        };
        assert_eq!(
            rules(Coalition::parse(&bad).unwrap_err()),
            [
                ("name".to_string(), "required"),
                ("area".to_string(), "region_unknown")
            ]
        );
    }

    #[test]
    fn a_member_cannot_leave_before_it_joined() {
        let m = MemberInput {
            organisation: "National Osteoporosis Society".into(),
            kind: "patient_society".into(),
            status: "left".into(),
            joined_on: "2024-05-01".into(),
            left_on: "2023-01-01".into(),
            ..Default::default()
        };
        assert_eq!(
            rules(Member::parse(&m).unwrap_err()),
            [("left_on".to_string(), "not_before")]
        );
        let ok = MemberInput {
            left_on: "2025-01-01".into(),
            ..m.clone()
        };
        assert_eq!(Member::parse(&ok).unwrap().status, "left");
        let no_date = MemberInput {
            status: "joined".into(),
            joined_on: String::new(),
            left_on: String::new(),
            ..m
        };
        assert_eq!(
            rules(Member::parse(&no_date).unwrap_err()),
            [("joined_on".to_string(), "required")]
        );
    }

    #[test]
    fn an_activity_has_a_date_and_a_known_kind() {
        let bad = ActivityInput {
            held_on: "2025-13-01".into(),
            kind: "party".into(),
            outcome: String::new(),
        };
        let r = rules(Activity::parse(&bad).unwrap_err());
        assert_eq!(r.len(), 2);
        assert_eq!(r[1], ("kind".to_string(), "one_of"));
    }
}
