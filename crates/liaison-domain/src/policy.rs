//! The policy tracker per country (issue 18): five status items with a state, a date and a
//! cited source; stakeholders; roundtables; actions. Pure: the closed lists and the parsing of
//! each form, all failures named at once. "Today" is passed in (a roundtable dated after it
//! cannot have been held).

use crate::coalitions::one_of;
use crate::dataset::{DateOrder, parse_date};
use crate::error::{FieldError, Invalid};
use crate::objectives::{YEAR_MAX, YEAR_MIN};
use crate::org::{CountryCode, text};
use time::Date;

/// The five questions asked of every country, in the order the page shows them.
pub const ITEMS: [&str; 5] = [
    "mandated",
    "reimbursed",
    "guidelines",
    "registry",
    "priority",
];
/// A status item's state; only `yes` counts on the world map.
pub const STATES: [&str; 5] = ["yes", "partial", "in_progress", "no", "unknown"];
pub const STANCES: [&str; 4] = ["supportive", "neutral", "opposed", "unknown"];
pub const ROUNDTABLE_STATUSES: [&str; 3] = ["planned", "held", "cancelled"];
pub const ACTION_STATUSES: [&str; 4] = ["open", "in_progress", "done", "dropped"];

/// A date from 1990 to 2100, the span the programme's figures use.
fn date(field: &str, s: &str, required: bool) -> Result<Option<Date>, FieldError> {
    match parse_date(field, s, DateOrder::Ymd)? {
        None if required => Err(FieldError::new(field, s, "required")),
        Some(d) if d.year() < YEAR_MIN || d.year() > YEAR_MAX => {
            Err(FieldError::new(field, s, "date_between")
                .arg("min", format!("{YEAR_MIN}-01-01"))
                .arg("max", format!("{YEAR_MAX}-12-31")))
        }
        d => Ok(d),
    }
}

/// An http(s) address, or nothing.
fn url(field: &str, s: &str) -> Result<String, FieldError> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(String::new());
    }
    let ok = (t.starts_with("https://") || t.starts_with("http://"))
        && t.len() > "https://".len()
        && t.len() <= 500
        && !t.chars().any(|c| c.is_whitespace() || c.is_control());
    if ok {
        Ok(t.to_string())
    } else {
        Err(FieldError::new(field, s, "url"))
    }
}

fn flag(s: &str) -> bool {
    matches!(s.trim(), "on" | "true" | "1" | "yes")
}

/// The country a form names (the page's path gives it).
pub fn country(s: &str) -> Result<CountryCode, FieldError> {
    CountryCode::parse("country", s)
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct StatusInput {
    #[serde(default)]
    pub item: String,
    #[serde(default)]
    pub state: String,
    #[serde(default)]
    pub as_of: String,
    #[serde(default)]
    pub source_text: String,
    #[serde(default)]
    pub source_url: String,
    /// A checkbox: `on` publishes the item.
    #[serde(default)]
    pub published: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub item: &'static str,
    pub state: &'static str,
    pub as_of: Date,
    pub source_text: String,
    pub source_url: String,
    pub published: bool,
}

impl Status {
    /// Every state needs its date and a cited source (a citation, an address, or both): a
    /// claim about a country's policy without one cannot be checked.
    pub fn parse(i: &StatusInput) -> Result<Status, Invalid> {
        let mut inv = Invalid::default();
        let item = inv.take(one_of("item", &i.item, &ITEMS));
        let state = inv.take(one_of("state", &i.state, &STATES));
        let as_of = inv.take(date("as_of", &i.as_of, true));
        let source_text = inv.take(text("source_text", &i.source_text, false, 500));
        let source_url = inv.take(url("source_url", &i.source_url));
        if source_text.as_deref() == Some("") && source_url.as_deref() == Some("") {
            inv.push(FieldError::new(
                "source_text",
                &i.source_text,
                "source_required",
            ));
        }
        match (item, state, as_of, source_text, source_url) {
            (Some(item), Some(state), Some(Some(as_of)), Some(source_text), Some(source_url))
                if inv.is_empty() =>
            {
                Ok(Status {
                    item,
                    state,
                    as_of,
                    source_text,
                    source_url,
                    published: flag(&i.published),
                })
            }
            _ => Err(inv),
        }
    }
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct StakeholderInput {
    /// Given: change that stakeholder.
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub organisation: String,
    #[serde(default)]
    pub role_title: String,
    #[serde(default)]
    pub stance: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stakeholder {
    pub organisation: String,
    pub role_title: String,
    pub stance: &'static str,
}

impl Stakeholder {
    pub fn parse(i: &StakeholderInput) -> Result<Stakeholder, Invalid> {
        let mut inv = Invalid::default();
        let organisation = inv.take(text("organisation", &i.organisation, true, 200));
        let role_title = inv.take(text("role_title", &i.role_title, false, 200));
        let stance = inv.take(one_of("stance", &i.stance, &STANCES));
        match (organisation, role_title, stance) {
            (Some(organisation), Some(role_title), Some(stance)) if inv.is_empty() => {
                Ok(Stakeholder {
                    organisation,
                    role_title,
                    stance,
                })
            }
            _ => Err(inv),
        }
    }
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct RoundtableInput {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub held_on: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub participants: String,
    #[serde(default)]
    pub agenda: String,
    #[serde(default)]
    pub outcomes: String,
    /// Links to its documents, one address per line.
    #[serde(default)]
    pub documents: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Roundtable {
    pub held_on: Date,
    pub status: &'static str,
    pub subject: String,
    pub participants: String,
    pub agenda: String,
    pub outcomes: String,
    /// One http(s) address per line.
    pub documents: String,
}

impl Roundtable {
    /// A roundtable dated after `today` cannot have been held yet.
    pub fn parse(i: &RoundtableInput, today: Date) -> Result<Roundtable, Invalid> {
        let mut inv = Invalid::default();
        let held_on = inv.take(date("held_on", &i.held_on, true));
        let status = inv.take(one_of("status", &i.status, &ROUNDTABLE_STATUSES));
        if let (Some(Some(d)), Some("held")) = (held_on, status)
            && d > today
        {
            inv.push(FieldError::new("status", &i.status, "held_in_future").arg("date", d));
        }
        let subject = inv.take(text("subject", &i.subject, true, 200));
        let participants = inv.take(text("participants", &i.participants, false, 2000));
        let agenda = inv.take(text("agenda", &i.agenda, false, 4000));
        let outcomes = inv.take(text("outcomes", &i.outcomes, false, 4000));
        let mut links = Vec::new();
        for line in i.documents.lines().filter(|l| !l.trim().is_empty()) {
            if let Some(u) = inv.take(url("documents", line)) {
                links.push(u);
            }
        }
        if links.len() > 20 {
            inv.push(FieldError::new("documents", &i.documents, "too_many").arg("max", 20));
        }
        match (held_on, status, subject, participants, agenda, outcomes) {
            (
                Some(Some(held_on)),
                Some(status),
                Some(subject),
                Some(participants),
                Some(agenda),
                Some(outcomes),
            ) if inv.is_empty() => Ok(Roundtable {
                held_on,
                status,
                subject,
                participants,
                agenda,
                outcomes,
                documents: links.join("\n"),
            }),
            _ => Err(inv),
        }
    }
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ActionInput {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub due_on: String,
    #[serde(default)]
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub subject: String,
    pub owner: String,
    pub due_on: Option<Date>,
    pub status: &'static str,
}

impl Action {
    /// An action without an owner is nobody's: refused.
    pub fn parse(i: &ActionInput) -> Result<Action, Invalid> {
        let mut inv = Invalid::default();
        let subject = inv.take(text("subject", &i.subject, true, 300));
        let owner = inv.take(text("owner", &i.owner, true, 200));
        let due_on = inv.take(date("due_on", &i.due_on, false));
        let status = inv.take(one_of("status", &i.status, &ACTION_STATUSES));
        match (subject, owner, due_on, status) {
            (Some(subject), Some(owner), Some(due_on), Some(status)) if inv.is_empty() => {
                Ok(Action {
                    subject,
                    owner,
                    due_on,
                    status,
                })
            }
            _ => Err(inv),
        }
    }
}

/// A map colour class per country: how many of the five items are published as `yes`.
pub fn yes_count<'a>(states: impl IntoIterator<Item = &'a str>) -> usize {
    states.into_iter().filter(|s| *s == "yes").count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn rules(inv: Invalid) -> Vec<(String, &'static str)> {
        inv.0.into_iter().map(|e| (e.field, e.rule)).collect()
    }

    fn status() -> StatusInput {
        StatusInput {
            item: "reimbursed".into(),
            state: "yes".into(),
            as_of: "2024-04-01".into(),
            source_text: "NHS England tariff 2024/25".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_status_needs_a_source() {
        assert!(Status::parse(&status()).is_ok());
        let url_only = StatusInput {
            source_text: String::new(),
            source_url: "https://www.england.nhs.uk/".into(),
            ..status()
        };
        assert_eq!(
            Status::parse(&url_only).unwrap().source_url,
            "https://www.england.nhs.uk/"
        );
        let none = StatusInput {
            source_text: "  ".into(),
            ..status()
        };
        assert_eq!(
            rules(Status::parse(&none).unwrap_err()),
            [("source_text".to_string(), "source_required")]
        );
        let bad = StatusInput {
            state: "maybe".into(),
            as_of: "1989-12-31".into(),
            source_url: "ftp://x".into(),
            ..status()
        };
        assert_eq!(
            rules(Status::parse(&bad).unwrap_err()),
            [
                ("state".to_string(), "one_of"),
                ("as_of".to_string(), "date_between"),
                ("source_url".to_string(), "url")
            ]
        );
    }

    #[test]
    fn a_future_roundtable_cannot_have_been_held() {
        let today = date!(2026 - 03 - 01);
        let i = RoundtableInput {
            held_on: "2026-06-15".into(),
            status: "held".into(),
            subject: "National roundtable".into(),
            documents: "https://example.org/a.pdf\n\nhttps://example.org/b.pdf".into(),
            ..Default::default()
        };
        assert_eq!(
            rules(Roundtable::parse(&i, today).unwrap_err()),
            [("status".to_string(), "held_in_future")]
        );
        let planned = RoundtableInput {
            status: "planned".into(),
            ..i
        };
        let r = Roundtable::parse(&planned, today).unwrap();
        assert_eq!(
            r.documents,
            "https://example.org/a.pdf\nhttps://example.org/b.pdf"
        );
    }

    #[test]
    fn an_action_has_an_owner() {
        let i = ActionInput {
            subject: "Brief the ministry".into(),
            status: "open".into(),
            due_on: "2101-01-01".into(),
            ..Default::default()
        };
        assert_eq!(
            rules(Action::parse(&i).unwrap_err()),
            [
                ("owner".to_string(), "required"),
                ("due_on".to_string(), "date_between")
            ]
        );
        assert_eq!(yes_count(["yes", "no", "yes", "partial"]), 2);
    }
}
