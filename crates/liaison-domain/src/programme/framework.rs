//! The Best Practice Framework as data: standards, the domains each is asked in, the answer
//! options and the level each reaches, the scoring thresholds and what the registry can
//! pre-fill. A framework is identified by its `version`; assessments keep the version (and the
//! store a hash of the text) they were made with, so loading a new one changes no old result.

use crate::error::FieldError;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The default framework shipped with Liaison, written from the public descriptions.
pub const PUBLIC_1_JSON: &str = include_str!("../../data/bpf-framework-public-1.json");

/// A level of the framework. `Black` = no information (or not reaching Bronze).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Black,
    Bronze,
    Silver,
    Gold,
}

impl Level {
    /// Best first.
    pub const RATED: [Level; 3] = [Level::Gold, Level::Silver, Level::Bronze];
    pub const ALL: [Level; 4] = [Level::Gold, Level::Silver, Level::Bronze, Level::Black];

    pub fn code(self) -> &'static str {
        match self {
            Level::Gold => "gold",
            Level::Silver => "silver",
            Level::Bronze => "bronze",
            Level::Black => "black",
        }
    }

    pub fn parse(s: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.code() == s)
    }
}

/// Text in several languages; English is required and is the fallback.
pub type Text = BTreeMap<String, String>;

pub fn text_in<'a>(t: &'a Text, lang: &str) -> &'a str {
    t.get(lang)
        .or_else(|| t.get("en"))
        .map(String::as_str)
        .unwrap_or("")
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    /// A domain reaches a level when at least this many of its applicable standards reach it
    /// (all of them when the domain has fewer applicable standards).
    pub domain_min_standards: usize,
    /// Below this share of answered questions a domain is Black (no information).
    pub domain_min_answered_share: f64,
    /// The overall level is the best level at least this many domains reach.
    pub overall_min_domains: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Domain {
    pub id: String,
    pub text: Text,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerOption {
    pub id: String,
    /// The level this answer reaches; `None` for "not yet" (below Bronze).
    pub level: Option<Level>,
    #[serde(default)]
    pub text: Text,
}

/// How a registry measure suggests a level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrefillRule {
    pub domains: Vec<String>,
    /// `kpi1`…`kpi11` (shares 0..1) or `median_days_to_assessment` (days).
    pub measure: String,
    /// `at_least` (higher is better) or `at_most` (lower is better).
    pub direction: String,
    pub gold: f64,
    pub silver: f64,
    pub bronze: f64,
}

impl PrefillRule {
    pub fn level(&self, value: f64) -> Option<Level> {
        let meets = |t: f64| {
            if self.direction == "at_most" {
                value <= t
            } else {
                value >= t
            }
        };
        [
            (Level::Gold, self.gold),
            (Level::Silver, self.silver),
            (Level::Bronze, self.bronze),
        ]
        .into_iter()
        .find(|(_, t)| meets(*t))
        .map(|(l, _)| l)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
enum OptionsSpec {
    /// `"share"`: the three percentage bands ≥ 90 %, 70–89 %, 50–69 %.
    Preset(String),
    List(Vec<AnswerOption>),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct RawStandard {
    id: String,
    number: u32,
    domains: Vec<String>,
    title: Text,
    question: Text,
    options: OptionsSpec,
    #[serde(default)]
    prefill: Vec<PrefillRule>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct RawFramework {
    version: String,
    #[serde(default)]
    source: String,
    rule: Rule,
    domains: Vec<Domain>,
    standards: Vec<RawStandard>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Standard {
    pub id: String,
    pub number: u32,
    pub domains: Vec<String>,
    pub title: Text,
    pub question: Text,
    /// The options of the file; every question also offers [`NONE`] and [`NOT_APPLICABLE`].
    pub options: Vec<AnswerOption>,
    pub prefill: Vec<PrefillRule>,
}

/// "Not yet": the answer reaches no level.
pub const NONE: &str = "none";
/// The standard does not apply to this service (it leaves the domain's applicable standards).
pub const NOT_APPLICABLE: &str = "not_applicable";

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Framework {
    pub version: String,
    pub source: String,
    pub rule: Rule,
    pub domains: Vec<Domain>,
    pub standards: Vec<Standard>,
}

/// An answer's effect: a level (or none), or not applicable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    Level(Option<Level>),
    NotApplicable,
}

fn share_options() -> Vec<AnswerOption> {
    [
        ("gold", Level::Gold, "≥ 90 %"),
        ("silver", Level::Silver, "70–89 %"),
        ("bronze", Level::Bronze, "50–69 %"),
    ]
    .into_iter()
    .map(|(id, level, t)| AnswerOption {
        id: id.into(),
        level: Some(level),
        text: [("en".to_string(), t.to_string())].into(),
    })
    .collect()
}

fn bad(detail: impl Into<String>) -> FieldError {
    let d: String = detail.into();
    FieldError::new("framework", d.clone(), "framework_invalid").arg("detail", d)
}

impl Framework {
    /// The default framework (`public-1`).
    pub fn public_1() -> Framework {
        Framework::from_json(PUBLIC_1_JSON).unwrap_or_else(|e| panic!("shipped framework: {e}"))
    }

    /// Parse and check a framework file.
    pub fn from_json(s: &str) -> Result<Framework, FieldError> {
        let raw: RawFramework = serde_json::from_str(s).map_err(|e| bad(format!("JSON: {e}")))?;
        let mut standards = Vec::new();
        for r in raw.standards {
            let options = match r.options {
                OptionsSpec::Preset(p) if p == "share" => share_options(),
                OptionsSpec::Preset(p) => {
                    return Err(bad(format!("{}: unknown options preset {p}", r.id)));
                }
                OptionsSpec::List(l) => l,
            };
            standards.push(Standard {
                id: r.id,
                number: r.number,
                domains: r.domains,
                title: r.title,
                question: r.question,
                options,
                prefill: r.prefill,
            });
        }
        let f = Framework {
            version: raw.version,
            source: raw.source,
            rule: raw.rule,
            domains: raw.domains,
            standards,
        };
        f.validate()?;
        Ok(f)
    }

    /// Ids unique, every standard asked somewhere, options non-empty, prefill thresholds in
    /// order, English text present, thresholds sensible.
    pub fn validate(&self) -> Result<(), FieldError> {
        let v = self.version.trim();
        if v.is_empty() || v.len() > 40 || v != self.version {
            return Err(bad(
                "version must be 1 to 40 characters without surrounding spaces",
            ));
        }
        if self.domains.is_empty() || self.standards.is_empty() {
            return Err(bad("a framework needs domains and standards"));
        }
        let mut ids = BTreeSet::new();
        for d in &self.domains {
            if !ids.insert(d.id.as_str()) || !d.text.contains_key("en") {
                return Err(bad(format!(
                    "domain {}: duplicate or without English text",
                    d.id
                )));
            }
        }
        let r = &self.rule;
        if r.domain_min_standards == 0
            || r.overall_min_domains == 0
            || !(0.0..=1.0).contains(&r.domain_min_answered_share)
        {
            return Err(bad(
                "rule: thresholds must be positive, the share within 0..1",
            ));
        }
        let mut sids = BTreeSet::new();
        for s in &self.standards {
            if !sids.insert(s.id.as_str()) || s.id.contains(['.', ' ']) {
                return Err(bad(format!(
                    "standard {}: duplicate id or a dot or space in it",
                    s.id
                )));
            }
            if s.domains.is_empty() || s.domains.iter().any(|d| !ids.contains(d.as_str())) {
                return Err(bad(format!("standard {}: unknown or no domains", s.id)));
            }
            if !s.title.contains_key("en") || !s.question.contains_key("en") {
                return Err(bad(format!(
                    "standard {}: English title and question needed",
                    s.id
                )));
            }
            let mut oids = BTreeSet::new();
            if s.options.is_empty() {
                return Err(bad(format!("standard {}: no options", s.id)));
            }
            for o in &s.options {
                if !oids.insert(o.id.as_str()) || o.id == NONE || o.id == NOT_APPLICABLE {
                    return Err(bad(format!(
                        "standard {}: option {} duplicate or reserved",
                        s.id, o.id
                    )));
                }
            }
            for p in &s.prefill {
                let ordered = if p.direction == "at_most" {
                    p.gold <= p.silver && p.silver <= p.bronze
                } else if p.direction == "at_least" {
                    p.gold >= p.silver && p.silver >= p.bronze
                } else {
                    false
                };
                if !ordered || p.domains.iter().any(|d| !s.domains.contains(d)) {
                    return Err(bad(format!(
                        "standard {}: prefill of {} out of order or domains",
                        s.id, p.measure
                    )));
                }
            }
        }
        Ok(())
    }

    pub fn domain(&self, id: &str) -> Option<&Domain> {
        self.domains.iter().find(|d| d.id == id)
    }

    pub fn standard(&self, id: &str) -> Option<&Standard> {
        self.standards.iter().find(|s| s.id == id)
    }

    /// The standards asked in a domain, in file order.
    pub fn standards_in<'a>(&'a self, domain: &'a str) -> impl Iterator<Item = &'a Standard> + 'a {
        self.standards
            .iter()
            .filter(move |s| s.domains.iter().any(|d| d == domain))
    }

    /// Every question as (standard, domain), domain by domain.
    pub fn questions(&self) -> Vec<(&Standard, &Domain)> {
        self.domains
            .iter()
            .flat_map(|d| self.standards_in(&d.id).map(move |s| (s, d)))
            .collect()
    }

    /// What answering `option` to `standard` reaches; `None` when the option does not exist.
    pub fn reach(&self, standard: &str, option: &str) -> Option<Reach> {
        if option == NOT_APPLICABLE {
            return Some(Reach::NotApplicable);
        }
        if option == NONE {
            return Some(Reach::Level(None));
        }
        self.standard(standard)?
            .options
            .iter()
            .find(|o| o.id == option)
            .map(|o| Reach::Level(o.level))
    }

    /// The answers the registry suggests: for each question with a prefill rule whose measure
    /// is known, the option reaching the measure's level (or [`NONE`]) and the figure.
    pub fn prefill(&self, measures: &BTreeMap<String, f64>) -> BTreeMap<String, Prefill> {
        let mut out = BTreeMap::new();
        for s in &self.standards {
            for p in &s.prefill {
                let Some(&value) = measures.get(&p.measure) else {
                    continue;
                };
                let option = match p.level(value) {
                    Some(l) => s
                        .options
                        .iter()
                        .find(|o| o.level == Some(l))
                        .map(|o| o.id.clone()),
                    None => Some(NONE.to_string()),
                };
                let Some(option) = option else { continue };
                for d in &p.domains {
                    out.insert(
                        question_key(&s.id, d),
                        Prefill {
                            option: option.clone(),
                            measure: p.measure.clone(),
                            value,
                        },
                    );
                }
            }
        }
        out
    }
}

/// The key of one question in an assessment's answers: `standard.domain`.
pub fn question_key(standard: &str, domain: &str) -> String {
    format!("{standard}.{domain}")
}

/// A suggestion from registry data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Prefill {
    pub option: String,
    pub measure: String,
    pub value: f64,
}
