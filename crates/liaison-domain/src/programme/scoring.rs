//! Scoring (docs/programme.md): a standard's level in a domain is the level its answer reaches; a
//! domain's level is the best level that at least `domain_min_standards` of its applicable
//! standards reach (all of them when it has fewer), Black when fewer than
//! `domain_min_answered_share` of its questions are answered or when not even Bronze is
//! reached; the overall level is the best level at least `overall_min_domains` domains reach.

use super::Level;
use super::framework::{Framework, Prefill, Reach, question_key};
use crate::error::{FieldError, Invalid};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One answer: the option chosen and, when it differs from the registry's suggestion, why.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Answer {
    pub option: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

/// Answers by question key (`standard.domain`).
pub type Answers = BTreeMap<String, Answer>;

/// Why a domain is Black.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlackReason {
    /// Fewer than the required share of questions answered: no information.
    NotEnoughAnswers,
    /// Answered, but not enough standards reach Bronze.
    BelowBronze,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DomainScore {
    pub domain: String,
    pub level: Level,
    pub black_reason: Option<BlackReason>,
    pub questions: usize,
    pub answered: usize,
    /// Questions not answered "not applicable".
    pub applicable: usize,
    /// Standards needed at a level (the rule, capped at `applicable`).
    pub needed: usize,
    /// Standards reaching at least Gold, Silver, Bronze.
    pub at_least: [usize; 3],
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Score {
    pub domains: Vec<DomainScore>,
    pub overall: Level,
}

impl Score {
    pub fn domain(&self, id: &str) -> Option<&DomainScore> {
        self.domains.iter().find(|d| d.domain == id)
    }
}

/// Score `answers` with `fw`. Answers naming an unknown option count as unanswered (the
/// service refuses them before they are stored).
pub fn score(fw: &Framework, answers: &Answers) -> Score {
    let rule = &fw.rule;
    let domains: Vec<DomainScore> = fw
        .domains
        .iter()
        .map(|d| {
            let mut questions = 0;
            let mut answered = 0;
            let mut applicable = 0;
            let mut at_least = [0usize; 3];
            for s in fw.standards_in(&d.id) {
                questions += 1;
                let reach = answers
                    .get(&question_key(&s.id, &d.id))
                    .and_then(|a| fw.reach(&s.id, &a.option));
                match reach {
                    None => applicable += 1,
                    Some(Reach::NotApplicable) => answered += 1,
                    Some(Reach::Level(l)) => {
                        answered += 1;
                        applicable += 1;
                        for (i, want) in Level::RATED.iter().enumerate() {
                            if l.is_some_and(|l| l >= *want) {
                                at_least[i] += 1;
                            }
                        }
                    }
                }
            }
            let needed = rule.domain_min_standards.min(applicable);
            let enough_answers = questions > 0
                && (answered as f64) >= rule.domain_min_answered_share * questions as f64
                && applicable > 0;
            let (level, black_reason) = if !enough_answers {
                (Level::Black, Some(BlackReason::NotEnoughAnswers))
            } else {
                match Level::RATED
                    .iter()
                    .enumerate()
                    .find(|(i, _)| at_least[*i] >= needed)
                {
                    Some((_, l)) => (*l, None),
                    None => (Level::Black, Some(BlackReason::BelowBronze)),
                }
            };
            DomainScore {
                domain: d.id.clone(),
                level,
                black_reason,
                questions,
                answered,
                applicable,
                needed,
                at_least,
            }
        })
        .collect();
    let overall = overall(rule.overall_min_domains, domains.iter().map(|d| d.level));
    Score { domains, overall }
}

/// The best level at least `min` of the levels reach (all of them when there are fewer).
pub fn overall(min: usize, levels: impl Iterator<Item = Level> + Clone) -> Level {
    let n = levels.clone().count();
    let need = min.min(n);
    if need == 0 {
        return Level::Black;
    }
    Level::RATED
        .into_iter()
        .find(|want| levels.clone().filter(|l| l >= want).count() >= need)
        .unwrap_or(Level::Black)
}

/// Check answers against the framework: every key a question, every option one of its
/// options. With `submitting`, an answer that differs from the registry's suggestion needs a
/// reason.
pub fn check(
    fw: &Framework,
    answers: &Answers,
    prefill: &BTreeMap<String, Prefill>,
    submitting: bool,
) -> Result<(), Invalid> {
    let mut inv = Invalid::default();
    let questions: BTreeMap<String, &str> = fw
        .questions()
        .into_iter()
        .map(|(s, d)| (question_key(&s.id, &d.id), s.id.as_str()))
        .collect();
    for (key, a) in answers {
        let field = format!("a.{key}");
        let Some(std_id) = questions.get(key) else {
            inv.push(FieldError::new(field, key, "bpf_unknown_question"));
            continue;
        };
        if fw.reach(std_id, &a.option).is_none() {
            inv.push(FieldError::new(field, &a.option, "bpf_unknown_option"));
            continue;
        }
        if a.reason.chars().count() > 2000 {
            inv.push(FieldError::new(format!("r.{key}"), "", "too_long").arg("max", 2000));
        }
        if submitting
            && let Some(p) = prefill.get(key)
            && p.option != a.option
            && a.reason.trim().is_empty()
        {
            inv.push(FieldError::new(
                format!("r.{key}"),
                &a.option,
                "bpf_override_reason",
            ));
        }
    }
    inv.into_result(())
}

/// Fill the questions left unanswered with the registry's suggestions.
pub fn with_prefill(answers: &Answers, prefill: &BTreeMap<String, Prefill>) -> Answers {
    let mut out = answers.clone();
    for (k, p) in prefill {
        out.entry(k.clone()).or_insert_with(|| Answer {
            option: p.option.clone(),
            reason: String::new(),
        });
    }
    out
}
