//! Getting to Gold (docs/programme.md): four steps, each with milestones that have an owner, a due
//! date, a status and evidence (a note or a link).

use crate::error::{FieldError, Invalid};
use serde::{Deserialize, Serialize};
use time::Date;

/// The four steps, in order.
pub const STEPS: [&str; 4] = [
    "train_mentor",
    "getting_started",
    "getting_funded",
    "policy_change",
];

pub const STATUSES: [&str; 4] = ["planned", "in_progress", "done", "blocked"];

/// The step code of a 1-based step number.
pub fn step_code(n: i64) -> Option<&'static str> {
    usize::try_from(n)
        .ok()
        .and_then(|n| n.checked_sub(1))
        .and_then(|i| STEPS.get(i).copied())
}

pub fn parse_step(field: &str, s: &str) -> Result<i64, FieldError> {
    match crate::numerals::to_ascii(s).trim().parse::<i64>() {
        Ok(n) if step_code(n).is_some() => Ok(n),
        _ => Err(FieldError::new(field, s, "one_of").arg("allowed", "1, 2, 3, 4")),
    }
}

/// A milestone as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MilestoneInput {
    pub step: String,
    pub title: String,
    pub owner: String,
    pub due_date: String,
    pub status: String,
    pub evidence: String,
    pub evidence_url: String,
}

/// A milestone, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Milestone {
    pub step: i64,
    pub title: String,
    pub owner: String,
    pub due_date: Option<Date>,
    pub status: String,
    pub evidence: String,
    pub evidence_url: Option<String>,
}

fn text(inv: &mut Invalid, field: &str, v: &str, min: usize, max: usize) -> String {
    let t = v.trim();
    let n = t.chars().count();
    if n < min {
        inv.push(FieldError::new(field, v, "required"));
    } else if n > max {
        inv.push(FieldError::new(field, "", "too_long").arg("max", max));
    }
    t.to_string()
}

impl MilestoneInput {
    pub fn parse(&self) -> Result<Milestone, Invalid> {
        let mut inv = Invalid::default();
        let step = inv.take(parse_step("step", &self.step)).unwrap_or(1);
        let title = text(&mut inv, "title", &self.title, 1, 200);
        let owner = text(&mut inv, "owner", &self.owner, 0, 200);
        let evidence = text(&mut inv, "evidence", &self.evidence, 0, 2000);
        let due_date = if self.due_date.trim().is_empty() {
            None
        } else {
            let fmt = time::macros::format_description!("[year]-[month]-[day]");
            match Date::parse(crate::numerals::to_ascii(&self.due_date).trim(), &fmt) {
                Ok(d) => Some(d),
                Err(_) => {
                    inv.push(
                        FieldError::new("due_date", &self.due_date, "date_format")
                            .arg("format", "YYYY-MM-DD"),
                    );
                    None
                }
            }
        };
        let status = self.status.trim();
        let status = if status.is_empty() { "planned" } else { status };
        if !STATUSES.contains(&status) {
            inv.push(
                FieldError::new("status", status, "one_of").arg("allowed", STATUSES.join(", ")),
            );
        }
        let url = self.evidence_url.trim();
        let evidence_url = if url.is_empty() {
            None
        } else if (url.starts_with("https://") || url.starts_with("http://"))
            && url.len() <= 1000
            && !url.contains(char::is_whitespace)
        {
            Some(url.to_string())
        } else {
            inv.push(FieldError::new("evidence_url", url, "url"));
            None
        };
        inv.into_result(Milestone {
            step,
            title,
            owner,
            due_date,
            status: status.to_string(),
            evidence,
            evidence_url,
        })
    }
}

/// Is the milestone overdue on `today`?
pub fn overdue(m: &Milestone, today: Date) -> bool {
    m.status != "done" && m.due_date.is_some_and(|d| d < today)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_milestone_is_checked_field_by_field() {
        let ok = MilestoneInput {
            step: "2".into(),
            title: " Business case ".into(),
            due_date: "2026-03-01".into(),
            evidence_url: "https://example.org/x".into(),
            ..Default::default()
        }
        .parse()
        .unwrap();
        assert_eq!(
            (ok.step, ok.title.as_str(), ok.status.as_str()),
            (2, "Business case", "planned")
        );
        let bad = MilestoneInput {
            step: "5".into(),
            title: " ".into(),
            due_date: "1 March".into(),
            status: "half".into(),
            evidence_url: "javascript:alert(1)".into(),
            ..Default::default()
        }
        .parse()
        .unwrap_err();
        let fields: Vec<&str> = bad.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["step", "title", "due_date", "status", "evidence_url"]
        );
    }

    #[test]
    fn overdue_only_when_not_done_and_past_due() {
        let m = MilestoneInput {
            step: "1".into(),
            title: "t".into(),
            due_date: "2026-01-10".into(),
            ..Default::default()
        }
        .parse()
        .unwrap();
        let d = |s: &str| {
            Date::parse(
                s,
                &time::macros::format_description!("[year]-[month]-[day]"),
            )
            .unwrap()
        };
        assert!(overdue(&m, d("2026-01-11")));
        assert!(!overdue(&m, d("2026-01-10")));
        let done = Milestone {
            status: "done".into(),
            ..m
        };
        assert!(!overdue(&done, d("2026-02-01")));
        assert_eq!(step_code(4), Some("policy_change"));
        assert_eq!(step_code(0), None);
    }
}
