//! The yearly facilities audit (docs/facilities.md): how a service is organised, asked once a
//! year. The questionnaire is versioned data ([`Questionnaire`], loaded like the BPF
//! framework); [`check`] validates a return; [`kpis`] derives the institutional KPIs and
//! compares them by country, region and world. Pure: the store keeps rounds and answers.

pub mod kpis;

use crate::error::{FieldError, Invalid};
use crate::programme::framework::{Text, text_in};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use time::Date;

/// The default questionnaire, written from public descriptions of the UK FLS-DB facilities
/// audit and the ANZ facility survey (not an official questionnaire).
pub const PUBLIC_1_JSON: &str = include_str!("../../data/facilities-public-1.json");

/// A return's answers: question id → the answer as text (a `multi` answer is its option ids
/// joined by `,`). Unanswered questions are absent.
pub type Answers = BTreeMap<String, String>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// One option.
    Choice,
    /// Any number of options.
    Multi,
    /// A number from `min` to `max`, whole when `integer`.
    Number,
    /// A date `YYYY-MM-DD`.
    Date,
}

/// What an answer feeds among the institutional KPIs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KpiRole {
    /// Whole-time equivalents, summed over every such question.
    Staff,
    /// A patient group: covered unless the option says `covered: false`.
    Group,
    DxaWait,
    GovernanceMeetings,
    /// Funding: secured when the option says `secured: true`.
    Funding,
}

/// A suggestion for a BPF question of the organisation domain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BpfLink {
    pub standard: String,
    pub option: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QOption {
    pub id: String,
    pub text: Text,
    #[serde(default = "yes")]
    pub covered: bool,
    #[serde(default)]
    pub secured: bool,
    #[serde(default)]
    pub bpf: Option<BpfLink>,
}

fn yes() -> bool {
    true
}

/// Required only when another question has one of these answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequiredWhen {
    pub question: String,
    pub options: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    pub section: String,
    pub kind: Kind,
    pub text: Text,
    #[serde(default)]
    pub options: Vec<QOption>,
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    #[serde(default)]
    pub integer: bool,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub required_when: Option<RequiredWhen>,
    #[serde(default)]
    pub kpi: Option<KpiRole>,
}

impl Question {
    pub fn option(&self, id: &str) -> Option<&QOption> {
        self.options.iter().find(|o| o.id == id)
    }

    /// Must this question be answered at submission, given the other answers?
    pub fn required_in(&self, answers: &Answers) -> bool {
        match &self.required_when {
            Some(w) => answers
                .get(&w.question)
                .is_some_and(|a| w.options.iter().any(|o| o == a)),
            None => self.required,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub id: String,
    pub text: Text,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Questionnaire {
    pub version: String,
    #[serde(default)]
    pub source: String,
    pub sections: Vec<Section>,
    pub questions: Vec<Question>,
}

fn bad(detail: impl Into<String>) -> FieldError {
    let d: String = detail.into();
    FieldError::new("questionnaire", d.clone(), "questionnaire_invalid").arg("detail", d)
}

impl Questionnaire {
    pub fn public_1() -> Questionnaire {
        Questionnaire::from_json(PUBLIC_1_JSON)
            .unwrap_or_else(|e| panic!("shipped questionnaire: {e}"))
    }

    /// Parse and check a questionnaire file.
    pub fn from_json(s: &str) -> Result<Questionnaire, FieldError> {
        let q: Questionnaire = serde_json::from_str(s).map_err(|e| bad(format!("JSON: {e}")))?;
        q.validate()?;
        Ok(q)
    }

    /// Ids unique, sections known, choices with options, ranges in order, English text,
    /// conditions naming an earlier question's options.
    pub fn validate(&self) -> Result<(), FieldError> {
        let v = self.version.trim();
        if v.is_empty() || v.len() > 40 || v != self.version {
            return Err(bad(
                "version must be 1 to 40 characters without surrounding spaces",
            ));
        }
        let sections: BTreeSet<&str> = self.sections.iter().map(|s| s.id.as_str()).collect();
        let mut seen = BTreeSet::new();
        for q in &self.questions {
            let ok_id = !q.id.is_empty()
                && q.id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !ok_id || !seen.insert(q.id.as_str()) {
                return Err(bad(format!("question id {:?} bad or repeated", q.id)));
            }
            if !sections.contains(q.section.as_str()) {
                return Err(bad(format!("{}: unknown section {}", q.id, q.section)));
            }
            if !q.text.contains_key("en") {
                return Err(bad(format!("{}: no English text", q.id)));
            }
            let choice = matches!(q.kind, Kind::Choice | Kind::Multi);
            if choice == q.options.is_empty() {
                return Err(bad(format!(
                    "{}: options only, and always, for choices",
                    q.id
                )));
            }
            if let (Some(a), Some(b)) = (q.min, q.max)
                && a > b
            {
                return Err(bad(format!("{}: min above max", q.id)));
            }
            if let Some(w) = &q.required_when {
                let Some(other) = self.question(&w.question).filter(|o| o.id != q.id) else {
                    return Err(bad(format!("{}: condition on unknown question", q.id)));
                };
                if w.options.iter().any(|o| other.option(o).is_none()) {
                    return Err(bad(format!("{}: condition on unknown option", q.id)));
                }
            }
        }
        Ok(())
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    pub fn in_section<'a>(&'a self, section: &'a str) -> impl Iterator<Item = &'a Question> {
        self.questions.iter().filter(move |q| q.section == section)
    }

    /// The text of an option in a language.
    pub fn option_text(&self, question: &str, option: &str, lang: &str) -> String {
        self.question(question)
            .and_then(|q| q.option(option))
            .map(|o| text_in(&o.text, lang).to_string())
            .unwrap_or_else(|| option.to_string())
    }

    /// BPF organisation-domain suggestions from a submitted return: standard → option.
    pub fn bpf_suggestions(&self, answers: &Answers) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        for q in &self.questions {
            let Some(a) = answers.get(&q.id) else {
                continue;
            };
            if let Some(link) = q.option(a).and_then(|o| o.bpf.as_ref()) {
                out.insert(link.standard.clone(), link.option.clone());
            }
        }
        out
    }
}

/// Validate a return: every answer given must fit its question; on submission every required
/// answer must be there (all missing ones listed). Returns the answers normalised (numbers in
/// ASCII digits, blanks dropped).
pub fn check(q: &Questionnaire, given: &Answers, submit: bool) -> Result<Answers, Invalid> {
    let mut inv = Invalid::default();
    let mut out = Answers::new();
    for (id, raw) in given {
        let value = crate::numerals::to_ascii(raw).trim().to_string();
        if value.is_empty() {
            continue;
        }
        let Some(question) = q.question(id) else {
            inv.push(FieldError::new(id, raw, "questionnaire_unknown_question"));
            continue;
        };
        match read(question, raw, &value) {
            Ok(v) => {
                out.insert(id.clone(), v);
            }
            Err(e) => inv.push(e),
        }
    }
    if submit {
        for question in &q.questions {
            if question.required_in(&out) && !out.contains_key(&question.id) {
                // A wrong value was already reported; a missing one is reported here.
                if inv.for_field(&question.id).is_none() {
                    inv.push(FieldError::new(&question.id, "", "required"));
                }
            }
        }
    }
    inv.into_result(out)
}

fn read(q: &Question, raw: &str, value: &str) -> Result<String, FieldError> {
    let one_of = || {
        let allowed: Vec<&str> = q.options.iter().map(|o| o.id.as_str()).collect();
        FieldError::new(&q.id, raw, "one_of").arg("allowed", allowed.join(", "))
    };
    match q.kind {
        Kind::Choice => q.option(value).map(|o| o.id.clone()).ok_or_else(one_of),
        Kind::Multi => {
            let mut ids = BTreeSet::new();
            for part in value.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                ids.insert(q.option(part).ok_or_else(one_of)?.id.as_str());
            }
            // Keep the questionnaire's order, so equal answers are equal texts.
            Ok(q.options
                .iter()
                .filter(|o| ids.contains(o.id.as_str()))
                .map(|o| o.id.as_str())
                .collect::<Vec<_>>()
                .join(","))
        }
        Kind::Number => {
            let (min, max) = (q.min.unwrap_or(0.0), q.max.unwrap_or(f64::MAX));
            let num = |n: f64| format!("{n}");
            if q.integer {
                // "2.5 weeks" is not a whole number: its own rule, not the range's.
                let n: i64 = value
                    .parse()
                    .map_err(|_| FieldError::new(&q.id, raw, "integer"))?;
                if (n as f64) < min || (n as f64) > max {
                    return Err(FieldError::new(&q.id, raw, "integer_between")
                        .arg("min", num(min))
                        .arg("max", num(max)));
                }
                Ok(n.to_string())
            } else {
                let x: f64 = value
                    .parse()
                    .ok()
                    .filter(|x: &f64| x.is_finite())
                    .ok_or_else(|| FieldError::new(&q.id, raw, "decimal"))?;
                if x < min || x > max {
                    return Err(FieldError::new(&q.id, raw, "decimal_between")
                        .arg("min", num(min))
                        .arg("max", num(max)));
                }
                Ok(num(x))
            }
        }
        Kind::Date => crate::org::optional_iso_date(&q.id, raw)
            .map(|d| d.map(|d| d.to_string()).unwrap_or_default()),
    }
}

/// A round accepts changes up to and including its deadline (in the FLS's own calendar).
pub fn open_on(deadline: Date, today: Date) -> bool {
    today <= deadline
}

/// The refusal of a change after the deadline: the field is the deadline, the value its date.
pub fn after_deadline(deadline: Date) -> FieldError {
    FieldError::new(
        "deadline",
        deadline.to_string(),
        "facilities_deadline_passed",
    )
}

#[cfg(test)]
mod tests;
