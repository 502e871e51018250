//! The framework file and the scoring rules, per domain and overall.

use super::framework::{NONE, NOT_APPLICABLE, Prefill, question_key};
use super::scoring::{BlackReason, check, overall, with_prefill};
use super::*;
use std::collections::BTreeMap;

const PATIENT: [&str; 4] = ["hip", "other_inpatient", "outpatient", "vertebral"];

fn fw() -> Framework {
    Framework::public_1()
}

/// Answer every question of `domain` with the option `levels[i]` (by standard order).
fn answer_domain(fw: &Framework, a: &mut Answers, domain: &str, levels: &[&str]) {
    for (s, l) in fw.standards_in(domain).zip(levels) {
        a.insert(
            question_key(&s.id, domain),
            Answer {
                option: l.to_string(),
                reason: String::new(),
            },
        );
    }
}

fn domain_level(levels: &[&str], domain: &str) -> (Level, Option<BlackReason>) {
    let fw = fw();
    let mut a = Answers::new();
    answer_domain(&fw, &mut a, domain, levels);
    let s = score(&fw, &a);
    let d = s.domain(domain).unwrap();
    (d.level, d.black_reason)
}

#[test]
fn the_shipped_framework_has_13_standards_in_five_domains() {
    let f = fw();
    assert_eq!(f.version, "public-1");
    assert!(f.source.contains("not the official IOF questionnaire"));
    assert_eq!(f.standards.len(), 13);
    let numbers: Vec<u32> = f.standards.iter().map(|s| s.number).collect();
    assert_eq!(numbers, (1..=13).collect::<Vec<_>>());
    let ids: Vec<&str> = f.domains.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "hip",
            "other_inpatient",
            "outpatient",
            "vertebral",
            "organisation"
        ]
    );
    for d in PATIENT {
        assert_eq!(f.standards_in(d).count(), 11, "{d}");
    }
    assert_eq!(f.standards_in("organisation").count(), 4);
    assert_eq!(f.questions().len(), 48);
    // Every text in the seven languages of the UI.
    for lang in crate::lang::Lang::ALL {
        let l = lang.code();
        for s in &f.standards {
            assert!(
                s.title.contains_key(l) && s.question.contains_key(l),
                "{} {l}",
                s.id
            );
            for o in s.options.iter().filter(|o| o.text.len() > 1) {
                assert!(o.text.contains_key(l), "{} {} {l}", s.id, o.id);
            }
        }
        assert!(f.domains.iter().all(|d| d.text.contains_key(l)));
    }
}

#[test]
fn hip_domain_levels() {
    // 11 standards in the domain; 10 must reach a level.
    let g = "gold";
    assert_eq!(domain_level(&[g; 11], "hip"), (Level::Gold, None));
    let mut ten_gold = [g; 11];
    ten_gold[3] = NONE;
    assert_eq!(domain_level(&ten_gold, "hip").0, Level::Gold);
    let mut nine_gold = ten_gold;
    nine_gold[4] = "silver";
    assert_eq!(domain_level(&nine_gold, "hip").0, Level::Silver);
    let mut bronze = ["bronze"; 11];
    bronze[0] = g;
    bronze[1] = "silver";
    assert_eq!(domain_level(&bronze, "hip").0, Level::Bronze);
    let mut below = ["bronze"; 11];
    below[0] = NONE;
    below[1] = NONE;
    assert_eq!(
        domain_level(&below, "hip"),
        (Level::Black, Some(BlackReason::BelowBronze))
    );
}

#[test]
fn black_when_fewer_than_half_the_questions_are_answered() {
    // 5 of 11 answered: no information, even if all gold.
    assert_eq!(
        domain_level(&["gold"; 5], "other_inpatient"),
        (Level::Black, Some(BlackReason::NotEnoughAnswers))
    );
    // 6 of 11 answered: rated, but 6 gold standards are fewer than the 10 needed.
    assert_eq!(
        domain_level(&["gold"; 6], "outpatient"),
        (Level::Black, Some(BlackReason::BelowBronze))
    );
}

#[test]
fn not_applicable_standards_leave_the_domain_and_the_threshold_is_capped() {
    // Two standards not applicable: 9 applicable, all 9 needed.
    let mut l = ["silver"; 11];
    l[9] = NOT_APPLICABLE;
    l[10] = NOT_APPLICABLE;
    let fw = fw();
    let mut a = Answers::new();
    answer_domain(&fw, &mut a, "vertebral", &l);
    let d = score(&fw, &a).domain("vertebral").unwrap().clone();
    assert_eq!(
        (d.level, d.applicable, d.needed, d.answered),
        (Level::Silver, 9, 9, 11)
    );
    l[0] = "bronze";
    assert_eq!(domain_level(&l, "vertebral").0, Level::Bronze);
    // Everything not applicable: nothing to rate.
    assert_eq!(
        domain_level(&[NOT_APPLICABLE; 11], "vertebral").0,
        Level::Black
    );
}

#[test]
fn organisation_domain_needs_all_four_of_its_standards() {
    assert_eq!(domain_level(&["gold"; 4], "organisation").0, Level::Gold);
    assert_eq!(
        domain_level(&["gold", "gold", "gold", "silver"], "organisation").0,
        Level::Silver
    );
    assert_eq!(
        domain_level(&["gold", "gold", "gold", NONE], "organisation").0,
        Level::Black
    );
    // Two of four answered is half: rated.
    assert_eq!(
        domain_level(&["gold", "gold"], "organisation").1,
        Some(BlackReason::BelowBronze)
    );
    assert_eq!(
        domain_level(&["gold"], "organisation").1,
        Some(BlackReason::NotEnoughAnswers)
    );
}

#[test]
fn overall_is_the_level_four_of_five_domains_reach() {
    use Level::*;
    let o = |ls: [Level; 5]| overall(4, ls.into_iter());
    assert_eq!(o([Gold, Gold, Gold, Gold, Black]), Gold);
    assert_eq!(o([Gold, Gold, Gold, Silver, Gold]), Gold);
    assert_eq!(o([Gold, Gold, Gold, Silver, Black]), Silver);
    assert_eq!(o([Gold, Silver, Bronze, Bronze, Black]), Bronze);
    assert_eq!(o([Gold, Gold, Gold, Black, Black]), Black);
    // Through score(): four gold domains and an empty fifth.
    let fw = fw();
    let mut a = Answers::new();
    for d in ["hip", "other_inpatient", "outpatient", "organisation"] {
        answer_domain(&fw, &mut a, d, &["gold"; 11]);
    }
    let s = score(&fw, &a);
    assert_eq!(s.domain("vertebral").unwrap().level, Black);
    assert_eq!(s.overall, Gold);
    assert_eq!(score(&fw, &Answers::new()).overall, Black);
}

#[test]
fn registry_figures_prefill_the_answers_they_support() {
    let fw = fw();
    let m: BTreeMap<String, f64> = [
        ("kpi1".to_string(), 0.92),
        ("kpi2".to_string(), 0.40),
        ("median_days_to_assessment".to_string(), 70.0),
        ("kpi11".to_string(), 0.75),
    ]
    .into();
    let p = fw.prefill(&m);
    let opt = |k: &str| p.get(k).map(|p| p.option.as_str());
    assert_eq!(opt("s01_identification.hip"), Some("gold"));
    assert_eq!(opt("s01_identification.outpatient"), Some("gold"));
    assert_eq!(opt("s01_identification.vertebral"), Some(NONE));
    assert_eq!(opt("s03_timing.hip"), Some("silver"));
    assert_eq!(opt("s13_database.organisation"), Some("silver"));
    assert_eq!(p["s03_timing.vertebral"].value, 70.0);
    // No figure, no suggestion.
    assert_eq!(opt("s09_medication_initiation.hip"), None);
    // Boundaries: at_most includes the threshold, at_least too.
    let q = fw.prefill(&[("median_days_to_assessment".to_string(), 56.0)].into());
    assert_eq!(q["s03_timing.hip"].option, "gold");
    let q = fw.prefill(&[("kpi8".to_string(), 0.5)].into());
    assert_eq!(q["s09_medication_initiation.hip"].option, "bronze");
    let q = fw.prefill(&[("kpi8".to_string(), 0.4999)].into());
    assert_eq!(q["s09_medication_initiation.hip"].option, NONE);
    // Unanswered questions take the suggestion; answered ones keep the assessor's choice.
    let mut a = Answers::new();
    a.insert(
        "s01_identification.hip".into(),
        Answer {
            option: "silver".into(),
            reason: "Two wards are not covered yet".into(),
        },
    );
    let w = with_prefill(&a, &p);
    assert_eq!(w["s01_identification.hip"].option, "silver");
    assert_eq!(w["s01_identification.other_inpatient"].option, "gold");
}

#[test]
fn overruling_a_prefilled_answer_needs_a_reason_when_submitting() {
    let fw = fw();
    let p: BTreeMap<String, Prefill> = fw.prefill(&[("kpi1".to_string(), 0.95)].into());
    let mut a = Answers::new();
    a.insert(
        "s01_identification.hip".into(),
        Answer {
            option: "silver".into(),
            reason: " ".into(),
        },
    );
    assert!(check(&fw, &a, &p, false).is_ok());
    let e = check(&fw, &a, &p, true).unwrap_err();
    assert_eq!(e.0[0].rule, "bpf_override_reason");
    assert_eq!(e.0[0].field, "r.s01_identification.hip");
    a.get_mut("s01_identification.hip").unwrap().reason = "Audit of 2025 found gaps".into();
    assert!(check(&fw, &a, &p, true).is_ok());
    // Agreeing with the registry needs no reason.
    a.get_mut("s01_identification.hip").unwrap().option = "gold".into();
    a.get_mut("s01_identification.hip").unwrap().reason.clear();
    assert!(check(&fw, &a, &p, true).is_ok());
    // Unknown questions and options are refused.
    a.insert(
        "s01_identification.organisation".into(),
        Answer {
            option: "gold".into(),
            reason: String::new(),
        },
    );
    a.insert(
        "s02_evaluation.hip".into(),
        Answer {
            option: "platinum".into(),
            reason: String::new(),
        },
    );
    let rules: Vec<&str> = check(&fw, &a, &p, false)
        .unwrap_err()
        .0
        .iter()
        .map(|e| e.rule)
        .collect();
    assert_eq!(rules, ["bpf_unknown_question", "bpf_unknown_option"]);
}

#[test]
fn a_new_version_does_not_change_what_an_old_one_scores() {
    let v1 = fw();
    let text = PUBLIC_1_JSON
        .replace("\"version\": \"public-1\"", "\"version\": \"public-2\"")
        .replace(
            "\"domain_min_standards\": 10",
            "\"domain_min_standards\": 11",
        );
    let v2 = Framework::from_json(&text).unwrap();
    let mut a = Answers::new();
    let mut l = ["gold"; 11];
    l[0] = NONE;
    for d in ["hip", "other_inpatient", "outpatient", "vertebral"] {
        answer_domain(&v1, &mut a, d, &l);
    }
    assert_eq!(score(&v1, &a).overall, Level::Gold);
    assert_eq!(score(&v2, &a).overall, Level::Black);
    // Scoring the old answers with the old framework again gives the old result.
    assert_eq!(
        score(&Framework::from_json(PUBLIC_1_JSON).unwrap(), &a),
        score(&v1, &a)
    );
}

#[test]
fn broken_framework_files_are_refused_with_the_reason() {
    let bad = |from: &str, to: &str| {
        let t = PUBLIC_1_JSON.replacen(from, to, 1);
        assert_ne!(t, PUBLIC_1_JSON, "{from}");
        let e = Framework::from_json(&t).unwrap_err();
        assert_eq!(e.rule, "framework_invalid");
        e.args[0].1.clone()
    };
    assert!(bad("\"version\": \"public-1\"", "\"version\": \"\"").contains("version"));
    assert!(
        bad(
            "\"id\": \"s02_evaluation\"",
            "\"id\": \"s01_identification\""
        )
        .contains("duplicate")
    );
    assert!(
        bad(
            "\"domains\": [\"organisation\"]",
            "\"domains\": [\"pharmacy\"]"
        )
        .contains("domains")
    );
    assert!(
        bad(
            "\"gold\": 56, \"silver\": 84",
            "\"gold\": 90, \"silver\": 84"
        )
        .contains("prefill")
    );
    assert!(bad("\"options\": \"share\"", "\"options\": \"quartiles\"").contains("preset"));
    assert!(bad("{", "[").starts_with("JSON"));
}
