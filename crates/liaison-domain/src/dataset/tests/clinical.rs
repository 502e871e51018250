//! The dataset's clinical rules: assessment and investigation (DXA, T-scores, FRAX, falls),
//! treatment (recommendations, ATC codes, starts) and follow-up and outcomes, through [`parse`]
//! on the base episode of `tests.rs`.

use super::*;

// ---------------------------------------------------------------------------------------------
// Assessment and investigation

#[test]
fn fls_assessment_not_before_fracture() {
    ok(|i| i.fls_assessment_date = "2026-03-01".into());
    let e = one(|i| i.fls_assessment_date = "2026-02-28".into());
    assert_eq!(
        fvr(&e),
        ("fls_assessment_date", "2026-02-28", "date_before_fracture")
    );
}

#[test]
fn dxa_date_up_to_365_days_before_fracture() {
    // 2025-03-01 is 365 days before 2026-03-01.
    assert_eq!(
        ok(|i| i.dxa_date = "2025-03-01".into()).dxa_date,
        Some(date!(2025 - 03 - 01))
    );
    let e = one(|i| i.dxa_date = "2025-02-28".into());
    assert_eq!(fvr(&e), ("dxa_date", "2025-02-28", "dxa_too_early"));
}

#[test]
fn dxa_status_and_date() {
    // A date implies done.
    let ep = ok(|i| i.dxa_date = "2026-03-10".into());
    assert_eq!(ep.dxa_status, Some(DxaStatus::Done));
    let ep = ok(|i| {
        i.dxa_status = "done".into();
        i.dxa_date = "2026-03-10".into();
    });
    assert_eq!(ep.dxa_status, Some(DxaStatus::Done));
    // Done needs a date.
    let e = one(|i| i.dxa_status = "done".into());
    assert_eq!(fvr(&e), ("dxa_date", "", "dxa_done_needs_date"));
    // Other statuses without a date are fine; with a date they are errors.
    for s in ["not_required", "declined", "not_done"] {
        let ep = ok(|i| i.dxa_status = s.into());
        assert_eq!(ep.dxa_status, DxaStatus::parse(s));
        let e = one(|i| {
            i.dxa_status = s.into();
            i.dxa_date = "2026-03-10".into();
        });
        assert_eq!(fvr(&e), ("dxa_status", s, "dxa_date_means_done"));
    }
    let e = one(|i| i.dxa_status = "yes".into());
    assert_eq!(fvr(&e), ("dxa_status", "yes", "one_of"));
}

#[test]
fn an_unreadable_dxa_date_is_one_error() {
    let e = one(|i| {
        i.dxa_status = "done".into();
        i.dxa_date = "10/03/26".into();
        i.t_score_total_hip = "-2.5".into();
    });
    assert_eq!(fvr(&e), ("dxa_date", "10/03/26", "date_two_digit_year"));
    let e = one(|i| {
        i.dxa_date = "tomorrow".into();
        i.t_score_total_hip = "-2.5".into();
    });
    assert_eq!(fvr(&e), ("dxa_date", "tomorrow", "date_format"));
}

#[test]
fn t_scores_between_minus_7_and_plus_5() {
    for f in [
        "t_score_lumbar_spine",
        "t_score_total_hip",
        "t_score_femoral_neck",
    ] {
        for (v, want) in [
            ("-7.0", -7.0),
            ("+5.0", 5.0),
            ("5", 5.0),
            ("-2.5", -2.5),
            ("0", 0.0),
        ] {
            let ep = ok(|i| {
                i.dxa_date = "2026-03-10".into();
                set(i, f, v);
            });
            let got = match f {
                "t_score_lumbar_spine" => ep.t_score_lumbar_spine,
                "t_score_total_hip" => ep.t_score_total_hip,
                _ => ep.t_score_femoral_neck,
            };
            assert_eq!(got, Some(want), "{f}={v}");
        }
        for v in ["-7.1", "5.1", "-100"] {
            let e = one(|i| {
                i.dxa_date = "2026-03-10".into();
                set(i, f, v);
            });
            assert_eq!(fvr(&e), (f, v, "decimal_between"));
            assert_eq!(
                e.args,
                vec![("min", "-7".to_string()), ("max", "5".to_string())]
            );
        }
        for v in ["abc", "-2.5.1", "2-", "1e1", "--1", "NaN"] {
            let e = one(|i| {
                i.dxa_date = "2026-03-10".into();
                set(i, f, v);
            });
            assert_eq!(fvr(&e), (f, v, "decimal"));
        }
    }
}

#[test]
fn t_scores_only_with_a_dxa() {
    for f in [
        "t_score_lumbar_spine",
        "t_score_total_hip",
        "t_score_femoral_neck",
    ] {
        let e = one(|i| set(i, f, "-2.5"));
        assert_eq!(fvr(&e), (f, "-2.5", "t_score_needs_dxa"));
        for s in ["not_done", "declined", "not_required"] {
            let e = one(|i| {
                i.dxa_status = s.into();
                set(i, f, "-2.5");
            });
            assert_eq!(fvr(&e), (f, "-2.5", "t_score_needs_dxa"));
        }
        ok(|i| {
            i.dxa_status = "done".into();
            i.dxa_date = "2026-03-10".into();
            set(i, f, "-2.5");
        });
    }
}

#[test]
fn frax_between_0_and_100_and_hip_not_above_major() {
    let ep = ok(|i| {
        i.frax_major_pct = "100".into();
        i.frax_hip_pct = "0".into();
    });
    assert_eq!(
        (ep.frax_major_pct, ep.frax_hip_pct),
        (Some(100.0), Some(0.0))
    );
    ok(|i| {
        i.frax_major_pct = "12.5".into();
        i.frax_hip_pct = "12.5".into();
    });
    ok(|i| i.frax_hip_pct = "4".into());
    let e = one(|i| i.frax_major_pct = "100.1".into());
    assert_eq!(fvr(&e), ("frax_major_pct", "100.1", "decimal_between"));
    assert_eq!(
        e.args,
        vec![("min", "0".to_string()), ("max", "100".to_string())]
    );
    let e = one(|i| i.frax_hip_pct = "-1".into());
    assert_eq!(fvr(&e), ("frax_hip_pct", "-1", "decimal_between"));
    let e = one(|i| {
        i.frax_major_pct = "12.5".into();
        i.frax_hip_pct = "12.6".into();
    });
    assert_eq!(fvr(&e), ("frax_hip_pct", "12.6", "frax_hip_above_major"));
}

#[test]
fn falls_assessment_codes() {
    for &f in FallsAssessment::ALL {
        assert_eq!(
            ok(|i| i.falls_assessment = f.code().into()).falls_assessment,
            Some(f)
        );
    }
    let e = one(|i| i.falls_assessment = "yes".into());
    assert_eq!(fvr(&e), ("falls_assessment", "yes", "one_of"));
}

#[test]
fn decimal_comma_only_when_declared() {
    let e = one(|i| i.frax_major_pct = "12,5".into());
    assert_eq!(fvr(&e), ("frax_major_pct", "12,5", "decimal"));
    let comma = ParseOptions {
        decimal_comma: true,
        ..opts()
    };
    let (ep, _) = ok_with(&comma, |i| {
        i.frax_major_pct = "12,5".into();
        i.dxa_date = "2026-03-10".into();
        i.t_score_total_hip = "\u{2212}2,5".into();
    });
    assert_eq!(ep.frax_major_pct, Some(12.5));
    assert_eq!(ep.t_score_total_hip, Some(-2.5));
    // A point still reads with a declared comma; thousands separators do not.
    let (ep, _) = ok_with(&comma, |i| i.frax_major_pct = "12.5".into());
    assert_eq!(ep.frax_major_pct, Some(12.5));
    let e = one_with(&comma, |i| i.frax_major_pct = "1.2,5".into());
    assert_eq!(fvr(&e), ("frax_major_pct", "1.2,5", "decimal"));
    let e = one_with(&comma, |i| i.frax_major_pct = "1,2,5".into());
    assert_eq!(fvr(&e), ("frax_major_pct", "1,2,5", "decimal"));
}

#[test]
fn unicode_minus_and_plus_sign() {
    let ep = ok(|i| {
        i.dxa_date = "2026-03-10".into();
        i.t_score_lumbar_spine = "\u{2212}3.1".into();
        i.t_score_femoral_neck = "+1.5".into();
    });
    assert_eq!(ep.t_score_lumbar_spine, Some(-3.1));
    assert_eq!(ep.t_score_femoral_neck, Some(1.5));
    let e = one(|i| {
        i.dxa_date = "2026-03-10".into();
        i.t_score_lumbar_spine = "\u{2212}7.5".into();
    });
    assert_eq!(
        fvr(&e),
        ("t_score_lumbar_spine", "\u{2212}7.5", "decimal_between")
    );
}

// ---------------------------------------------------------------------------------------------
// Treatment

#[test]
fn aom_recommendation_codes() {
    for &r in AomRecommendation::ALL {
        assert_eq!(
            ok(|i| i.aom_recommendation = r.code().into()).aom_recommendation,
            Some(r)
        );
    }
    assert!(AomRecommendation::Recommended.is_positive());
    assert!(AomRecommendation::Continue.is_positive());
    assert!(!AomRecommendation::Declined.is_positive());
    let e = one(|i| i.aom_recommendation = "yes".into());
    assert_eq!(fvr(&e), ("aom_recommendation", "yes", "one_of"));
}

#[test]
fn accepted_atc_codes() {
    let accepted = [
        ("M05BA04", "alendronic acid"),
        ("M05BA06", "ibandronic acid"),
        ("M05BA07", "risedronic acid"),
        ("M05BA08", "zoledronic acid"),
        ("M05BB03", "bisphosphonate combination"),
        ("M05BB05", "bisphosphonate combination"),
        ("M05BX03", "strontium ranelate"),
        ("M05BX04", "denosumab"),
        ("M05BX06", "romosozumab"),
        ("H05AA02", "teriparatide"),
        ("H05AA04", "abaloparatide"),
        ("G03XC01", "raloxifene"),
        ("G03XC02", "bazedoxifene"),
        ("G03CA03", "hormone therapy (oestrogens)"),
        ("G03CA", "hormone therapy (oestrogens)"),
        ("G03FA01", "hormone therapy (progestogens and oestrogens)"),
        ("m05ba04", "alendronic acid"),
    ];
    for (code, name) in accepted {
        assert_eq!(atc_name(code), Some(name), "{code}");
        for f in ["aom_recommended_atc", "aom_start_atc"] {
            let ep = ok(|i| {
                i.aom_recommendation = "recommended".into();
                i.aom_start_date = "2026-03-20".into();
                i.aom_start_atc = "M05BA04".into();
                set(i, f, code);
            });
            let got = if f == "aom_start_atc" {
                ep.aom_start_atc
            } else {
                ep.aom_recommended_atc
            };
            assert_eq!(got, Some(code.to_ascii_uppercase()));
        }
    }
}

#[test]
fn unknown_atc_codes_are_rejected() {
    for bad in [
        "M05B",
        "M05BB",
        "G03C",
        "G03F",
        "M05BA99",
        "A11CC05",
        "M05BB0301",
        "G03C-A",
    ] {
        assert_eq!(atc_name(bad), None, "{bad}");
        let e = one(|i| {
            i.aom_recommendation = "recommended".into();
            i.aom_recommended_atc = bad.into();
        });
        assert_eq!(fvr(&e), ("aom_recommended_atc", bad, "atc_unknown"));
    }
}

#[test]
fn recommended_atc_only_with_recommended_or_continue() {
    for r in ["recommended", "continue"] {
        ok(|i| {
            i.aom_recommendation = r.into();
            i.aom_recommended_atc = "M05BX04".into();
        });
    }
    for r in ["not_indicated", "contraindicated", "declined", ""] {
        let e = one(|i| {
            i.aom_recommendation = r.into();
            i.aom_recommended_atc = "M05BX04".into();
        });
        assert_eq!(
            fvr(&e),
            ("aom_recommended_atc", "M05BX04", "atc_needs_recommendation")
        );
    }
}

#[test]
fn aom_start_date_and_atc_go_together() {
    let ep = ok(|i| {
        i.aom_recommendation = "recommended".into();
        i.aom_start_date = "2026-03-20".into();
        i.aom_start_atc = "M05BA08".into();
    });
    assert_eq!(ep.aom_start_date, Some(date!(2026 - 03 - 20)));
    assert_eq!(ep.aom_start_atc.as_deref(), Some("M05BA08"));
    let e = one(|i| i.aom_start_date = "2026-03-20".into());
    assert_eq!(fvr(&e), ("aom_start_atc", "", "required_with_start"));
    let e = one(|i| i.aom_start_atc = "M05BA08".into());
    assert_eq!(fvr(&e), ("aom_start_date", "", "required_with_atc"));
    // An unknown code or an unreadable date is one error, not two.
    let e = one(|i| {
        i.aom_start_date = "2026-03-20".into();
        i.aom_start_atc = "X".into();
    });
    assert_eq!(fvr(&e), ("aom_start_atc", "X", "atc_unknown"));
    let e = one(|i| {
        i.aom_start_date = "20.3.2026".into();
        i.aom_start_atc = "M05BA08".into();
    });
    assert_eq!(fvr(&e), ("aom_start_date", "20.3.2026", "date_format"));
}

#[test]
fn only_a_continued_aom_may_start_before_the_fracture() {
    let ep = ok(|i| {
        i.aom_recommendation = "continue".into();
        i.aom_start_date = "2019-05-01".into();
        i.aom_start_atc = "M05BA04".into();
    });
    assert_eq!(ep.aom_start_date, Some(date!(2019 - 05 - 01)));
    for r in [
        "recommended",
        "not_indicated",
        "contraindicated",
        "declined",
        "",
    ] {
        let e = one(|i| {
            i.aom_recommendation = r.into();
            i.aom_start_date = "2026-02-28".into();
            i.aom_start_atc = "M05BA04".into();
        });
        assert_eq!(
            fvr(&e),
            ("aom_start_date", "2026-02-28", "date_before_fracture"),
            "{r}"
        );
    }
    // Starting on the day of the fracture is fine.
    ok(|i| {
        i.aom_start_date = "2026-03-01".into();
        i.aom_start_atc = "M05BA04".into();
    });
    let e = one(|i| {
        i.aom_recommendation = "continue".into();
        i.aom_start_date = "2026-11-27".into();
        i.aom_start_atc = "M05BA04".into();
    });
    assert_eq!(fvr(&e), ("aom_start_date", "2026-11-27", "date_in_future"));
}

#[test]
fn strength_balance_not_before_fracture() {
    ok(|i| i.strength_balance_date = "2026-03-01".into());
    let e = one(|i| i.strength_balance_date = "2026-02-28".into());
    assert_eq!(
        fvr(&e),
        (
            "strength_balance_date",
            "2026-02-28",
            "date_before_fracture"
        )
    );
}

// ---------------------------------------------------------------------------------------------
// Follow-up and outcomes

#[test]
fn follow_ups_strictly_after_fracture() {
    for f in ["first_followup_date", "second_followup_date"] {
        ok(|i| set(i, f, "2026-03-02"));
        let e = one(|i| set(i, f, "2026-03-01"));
        assert_eq!(fvr(&e), (f, "2026-03-01", "date_not_after_fracture"));
        let e = one(|i| set(i, f, "2026-01-01"));
        assert_eq!(fvr(&e), (f, "2026-01-01", "date_not_after_fracture"));
        let e = one(|i| set(i, f, "2026-11-27"));
        assert_eq!(fvr(&e), (f, "2026-11-27", "date_in_future"));
    }
}

#[test]
fn second_follow_up_after_first() {
    let ep = ok(|i| {
        i.first_followup_date = "2026-06-20".into();
        i.second_followup_date = "2026-06-21".into();
    });
    assert_eq!(ep.second_followup_date, Some(date!(2026 - 06 - 21)));
    for second in ["2026-06-20", "2026-05-01"] {
        let e = one(|i| {
            i.first_followup_date = "2026-06-20".into();
            i.second_followup_date = second.into();
        });
        assert_eq!(
            fvr(&e),
            ("second_followup_date", second, "second_not_after_first")
        );
    }
}

#[test]
fn aom_at_52_weeks_codes() {
    for &y in YesNoUnknown::ALL {
        assert_eq!(
            ok(|i| i.aom_at_52_weeks = y.code().into()).aom_at_52_weeks,
            Some(y)
        );
    }
    let e = one(|i| i.aom_at_52_weeks = "maybe".into());
    assert_eq!(fvr(&e), ("aom_at_52_weeks", "maybe", "one_of"));
}

#[test]
fn refracture_after_fracture_with_a_site() {
    let ep = ok(|i| {
        i.refracture_date = "2026-03-02".into();
        i.refracture_site = "spine".into();
    });
    assert_eq!(ep.refracture_site, Some(FractureSite::Spine));
    let e = one(|i| {
        i.refracture_date = "2026-03-01".into();
        i.refracture_site = "wrist".into();
    });
    assert_eq!(
        fvr(&e),
        ("refracture_date", "2026-03-01", "date_not_after_fracture")
    );
    let e = one(|i| i.refracture_date = "2026-05-01".into());
    assert_eq!(fvr(&e), ("refracture_site", "", "required_with_refracture"));
    let e = one(|i| i.refracture_site = "wrist".into());
    assert_eq!(fvr(&e), ("refracture_date", "", "required_with_site"));
    let e = one(|i| {
        i.refracture_date = "2026-05-01".into();
        i.refracture_site = "toe".into();
    });
    assert_eq!(fvr(&e), ("refracture_site", "toe", "site_not_fragility"));
    let e = one(|i| {
        i.refracture_date = "2026-05-01".into();
        i.refracture_site = "leg".into();
    });
    assert_eq!(fvr(&e), ("refracture_site", "leg", "one_of"));
}

#[test]
fn notes_up_to_2000_characters() {
    let n2000 = "é".repeat(2000);
    assert_eq!(ok(|i| i.notes = n2000.clone()).notes, n2000);
    let n2001 = "é".repeat(2001);
    let e = one(|i| i.notes = n2001.clone());
    assert_eq!(fvr(&e), ("notes", quoted(&n2001).as_str(), "too_long"));
    assert_eq!(e.args, vec![("max", "2000".to_string())]);
}

#[test]
fn notes_may_have_several_lines() {
    let n = "Lives alone.\r\nDaughter visits weekly.\n\tInterpreter: Arabic.";
    assert_eq!(ok(|i| i.notes = n.into()).notes, n);
    let e = one(|i| i.notes = "bell\u{7}".into());
    assert_eq!(fvr(&e), ("notes", "bell\u{7}", "control_characters"));
}
