//! The words of the letter to primary care, in the LETTER's language (chosen per letter, not
//! the reader's): the FLS's letterhead, the patient, the fracture, the findings, the treatment
//! plan, falls and exercise advice, the follow-up dates and the closing (docs/letters.md).

use crate::i18n::Tr;
use liaison_app::episodes::EpisodeRow;
use liaison_app::orgs::FlsRow;
use liaison_domain::dataset::{self as ds, AomRecommendation, Episode};
use liaison_domain::format;
use liaison_domain::kpi::high_risk_why;
use liaison_domain::pathway::{self, StepState};
use time::Date;

/// A line of the letter: what, and what the registry holds.
pub struct Fact {
    pub label: String,
    pub value: String,
}

/// Every text of one letter, ready for the template.
pub struct LetterView {
    /// `lang` and `dir` of the letter itself.
    pub lang: &'static str,
    pub dir: &'static str,
    pub fls_name: String,
    pub hospital: String,
    /// City and country, as the letter's language names the country.
    pub place: String,
    pub contact: Vec<String>,
    pub date: String,
    pub to: String,
    pub subject: String,
    pub patient: Vec<Fact>,
    pub greeting: String,
    pub intro: String,
    pub h_fracture: String,
    pub fracture: Vec<Fact>,
    pub h_findings: String,
    pub findings: Vec<Fact>,
    /// Whether and why the patient is at high risk of another fracture.
    pub risk: String,
    pub h_treatment: String,
    pub treatment: Vec<Fact>,
    /// What the FLS asks of the practice about the medicine, if anything.
    pub ask: Option<String>,
    pub h_falls: String,
    pub falls_advice: String,
    pub strength: Option<String>,
    pub h_followup: String,
    pub followups: Vec<Fact>,
    pub closing: String,
    pub regards: String,
    pub signature: Vec<String>,
}

fn fact(label: String, value: String) -> Fact {
    Fact { label, value }
}

/// A medicine's name in `tr`'s language with its ATC code; a code the list does not name is
/// shown as it is.
pub fn drug_name(tr: &Tr, code: &str) -> String {
    let entry = ds::ATC.iter().find(|(c, _)| *c == code).or_else(|| {
        ds::ATC
            .iter()
            .find(|(c, _)| c.ends_with('*') && code.starts_with(c.trim_end_matches('*')))
    });
    match entry {
        Some((c, english)) => {
            let key = format!("drug-{}", c.trim_end_matches('*'));
            format!("{} ({code})", tr.t_or(&key, english))
        }
        None => code.to_string(),
    }
}

/// What was recorded for a coded field, or "not recorded".
fn coded(tr: &Tr, field: &str, code: Option<&str>) -> String {
    match code {
        Some(c) => tr.t(&format!("opt-{field}-{c}")),
        None => tr.t("letter-not-recorded"),
    }
}

fn decimal(tr: &Tr, x: f64) -> String {
    format::decimal(tr.lang, x, 1)
}

fn findings(tr: &Tr, e: &Episode) -> Vec<Fact> {
    let mut out = Vec::new();
    if let Some(d) = e.fls_assessment_date {
        out.push(fact(tr.t("letter-assessment-date"), tr.date(&d)));
    }
    let dxa = match (e.dxa_status, e.dxa_date) {
        (Some(s), Some(d)) => format!(
            "{}, {}",
            coded(tr, "dxa_status", Some(s.code())),
            tr.date(&d)
        ),
        (Some(s), None) => coded(tr, "dxa_status", Some(s.code())),
        (None, Some(d)) => tr.date(&d),
        (None, None) => tr.t("letter-not-recorded"),
    };
    out.push(fact(tr.t("letter-dxa"), dxa));
    let t_scores: Vec<String> = [
        ("letter-t-lumbar", e.t_score_lumbar_spine),
        ("letter-t-hip", e.t_score_total_hip),
        ("letter-t-neck", e.t_score_femoral_neck),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|v| tr.ta(k, &[("value", decimal(tr, v))])))
    .collect();
    if !t_scores.is_empty() {
        out.push(fact(tr.t("letter-t-scores"), t_scores.join("; ")));
    }
    for (k, v) in [
        ("letter-frax-major", e.frax_major_pct),
        ("letter-frax-hip", e.frax_hip_pct),
    ] {
        if let Some(v) = v {
            out.push(fact(
                tr.t(k),
                tr.ta("letter-percent", &[("value", decimal(tr, v))]),
            ));
        }
    }
    out.push(fact(
        tr.t("letter-falls-assessment"),
        coded(tr, "falls_assessment", e.falls_assessment.map(|c| c.code())),
    ));
    out.push(fact(
        tr.t("letter-secondary-causes"),
        coded(
            tr,
            "secondary_causes_screen",
            e.secondary_causes_screen.map(|c| c.code()),
        ),
    ));
    out.push(fact(
        tr.t("letter-lifestyle"),
        coded(tr, "lifestyle_advice", e.lifestyle_advice.map(|c| c.code())),
    ));
    out
}

fn treatment(tr: &Tr, e: &Episode) -> (Vec<Fact>, Option<String>) {
    let mut out = vec![fact(
        tr.t("letter-aom"),
        coded(
            tr,
            "aom_recommendation",
            e.aom_recommendation.map(|c| c.code()),
        ),
    )];
    if let Some(c) = &e.aom_recommended_atc {
        out.push(fact(tr.t("letter-drug-recommended"), drug_name(tr, c)));
    }
    let started = e.aom_start_date.is_some() || e.aom_start_atc.is_some();
    let value = match (&e.aom_start_atc, e.aom_start_date) {
        (Some(c), Some(d)) => Some(tr.ta(
            "letter-started-on",
            &[("drug", drug_name(tr, c)), ("date", tr.date(&d))],
        )),
        (Some(c), None) => Some(drug_name(tr, c)),
        (None, Some(d)) => Some(tr.ta("letter-started-date", &[("date", tr.date(&d))])),
        (None, None) if e.aom_recommendation == Some(AomRecommendation::Recommended) => {
            Some(tr.t("letter-not-started"))
        }
        (None, None) => None,
    };
    if let Some(v) = value {
        out.push(fact(tr.t("letter-drug-started"), v));
    }
    let ask = if started || e.aom_recommendation == Some(AomRecommendation::Continue) {
        Some(tr.t("letter-ask-continue"))
    } else if e.aom_recommendation == Some(AomRecommendation::Recommended) {
        Some(tr.t("letter-ask-start"))
    } else {
        None
    };
    (out, ask)
}

fn followups(tr: &Tr, e: &Episode, today: Date) -> Vec<Fact> {
    pathway::steps(e, today)
        .into_iter()
        .filter_map(|s| {
            let label = match s.key {
                "followup_16" => tr.t("letter-followup-16"),
                "review_52" => tr.t("letter-followup-52"),
                _ => return None,
            };
            let value = match (s.state, s.done) {
                (StepState::NotApplicable, _) => tr.t("letter-followup-not-planned"),
                (_, Some(d)) => tr.ta("letter-followup-done", &[("date", tr.date(&d))]),
                _ => tr.ta("letter-followup-due", &[("date", tr.date(&s.due))]),
            };
            Some(fact(label, value))
        })
        .collect()
}

/// The letter about `row` from `f`, dated `today`, in `tr`'s language; `frax_threshold` is
/// the high-risk rule's (the FLS's country's KPI definitions).
pub fn letter(
    tr: &Tr,
    f: &FlsRow,
    row: &EpisodeRow,
    today: Date,
    frax_threshold: f64,
) -> LetterView {
    let e = row.to_episode();
    let country = liaison_domain::org::country_name(&f.country, tr.lang).unwrap_or(&f.country);
    // City and country joined as the language writes it (an Arabic comma, say).
    let place = if f.city.trim().is_empty() {
        country.to_string()
    } else {
        tr.ta(
            "letter-place",
            &[
                ("city", f.city.trim().to_string()),
                ("country", country.into()),
            ],
        )
    };
    let mut contact = Vec::new();
    if !f.contact_name.trim().is_empty() {
        contact.push(tr.ta("letter-contact", &[("name", f.contact_name.clone())]));
    }
    if let Some(m) = f.contact_email.as_ref().filter(|m| !m.trim().is_empty()) {
        contact.push(tr.ta("letter-email", &[("email", m.clone())]));
    }
    let name = format!("{} {}", e.given_names.trim(), e.family_name.trim())
        .trim()
        .to_string();
    let mut patient = Vec::new();
    if !name.is_empty() {
        patient.push(fact(tr.t("letter-name"), name));
    }
    patient.push(fact(tr.t("letter-birth-date"), tr.date(&e.birth_date)));
    patient.push(fact(tr.t("letter-hospital-number"), e.patient_ref.clone()));
    let mut fracture = vec![
        fact(tr.t("letter-fracture-date"), tr.date(&e.fracture_date)),
        fact(
            tr.t("letter-fracture-site"),
            tr.t(&format!("opt-fracture_site-{}", e.fracture_site.code())),
        ),
        fact(
            tr.t("letter-fracture-setting"),
            tr.t(&format!("opt-setting-{}", e.setting.code())),
        ),
    ];
    if let Some(d) = e.identified_date {
        fracture.push(fact(tr.t("letter-identified"), tr.date(&d)));
    }
    let threshold = format::decimal(
        tr.lang,
        frax_threshold,
        if frax_threshold.fract() == 0.0 { 0 } else { 1 },
    );
    let risk = match high_risk_why(&e, frax_threshold) {
        Some(w) => {
            let why = tr.ta(
                &format!("high-risk-why-{}", w.code()),
                &[("threshold", threshold)],
            );
            tr.ta("letter-risk-high", &[("why", why)])
        }
        None => tr.t("letter-risk-not-high"),
    };
    let (treatment, ask) = treatment(tr, &e);
    let to = if e.primary_care_contact.trim().is_empty() {
        tr.t("letter-to-default")
    } else {
        e.primary_care_contact.trim().to_string()
    };
    let mut signature = Vec::new();
    if !f.contact_name.trim().is_empty() {
        signature.push(f.contact_name.trim().to_string());
    }
    signature.push(f.name.clone());
    LetterView {
        lang: tr.lang.code(),
        dir: tr.lang.dir(),
        fls_name: f.name.clone(),
        hospital: f.hospital.clone(),
        place,
        contact,
        date: tr.ta("letter-date", &[("date", tr.date(&today))]),
        to,
        subject: tr.t("letter-subject"),
        patient,
        greeting: tr.t("letter-greeting"),
        intro: tr.t("letter-intro"),
        h_fracture: tr.t("letter-h-fracture"),
        fracture,
        h_findings: tr.t("letter-h-findings"),
        findings: findings(tr, &e),
        risk,
        h_treatment: tr.t("letter-h-treatment"),
        treatment,
        ask,
        h_falls: tr.t("letter-h-falls"),
        falls_advice: tr.t("letter-falls-advice"),
        strength: e
            .strength_balance_date
            .map(|d| tr.ta("letter-strength-balance", &[("date", tr.date(&d))])),
        h_followup: tr.t("letter-h-followup"),
        followups: followups(tr, &e, today),
        closing: tr.t("letter-closing"),
        regards: tr.t("letter-regards"),
        signature,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use liaison_domain::lang::Lang;

    #[test]
    fn a_medicine_is_named_in_the_letters_language_with_its_own_code() {
        let es = Tr::new(Lang::Es);
        assert_eq!(drug_name(&es, "M05BX04"), "denosumab (M05BX04)");
        // A code under a listed group takes the group's name and keeps its own code.
        let group = es.t("drug-M05BB");
        assert_eq!(drug_name(&es, "M05BB03"), format!("{group} (M05BB03)"));
        // A code the list does not name is shown as recorded.
        assert_eq!(drug_name(&es, "A11CC05"), "A11CC05");
    }
}
