use super::*;
use crate::error::Invalid;

const EPS: f64 = 1e-9;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= EPS * b.abs().max(1.0)
}

#[track_caller]
fn assert_close(actual: f64, expected: f64) {
    assert!(
        close(actual, expected),
        "expected {expected}, got {actual} (diff {})",
        actual - expected
    );
}

/// Spec defaults with F = 1000 and round costs.
fn base() -> CalculatorInput {
    CalculatorInput {
        patients_per_year: Some(1000.0),
        cost_fracture: PerSite {
            hip: Some(10_000.0),
            vertebral: Some(5_000.0),
            other: Some(2_000.0),
        },
        cost_fls_per_patient: Some(100.0),
        cost_usual_per_patient: 10.0,
        cost_drug_per_year: Some(300.0),
        ..CalculatorInput::default()
    }
}

fn one_year() -> CalculatorInput {
    CalculatorInput {
        horizon_years: 1,
        ..base()
    }
}

/// Deterministic pseudo-random numbers in [0, 1) (64-bit LCG, Knuth's constants).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
    fn between(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.next()
    }
}

/// A valid input with every value drawn at random.
fn random_input(rng: &mut Lcg) -> CalculatorInput {
    let c1 = rng.between(0.0, 0.3);
    let c2 = c1 + rng.between(0.0, 0.3);
    let c5 = (c2 + rng.between(0.0, 0.4)).min(1.0);
    let hip = rng.between(0.0, 0.5);
    let vertebral = rng.between(0.0, 1.0 - hip);
    CalculatorInput {
        patients_per_year: Some(rng.between(0.0, 5000.0).round()),
        population_50_plus: None,
        incidence_per_1000: None,
        horizon_years: 1 + (rng.next() * 10.0) as u32,
        usual_care_treated: rng.next(),
        fls_identified: rng.next(),
        fls_recommended: rng.next(),
        fls_started: rng.next(),
        persistence_year1: rng.next(),
        persistence_retention: rng.next(),
        refracture_cumulative: CumulativeRisk {
            year_1: c1,
            year_2: c2,
            year_5: c5,
        },
        site_share: PerSite {
            hip,
            vertebral,
            other: 1.0 - hip - vertebral,
        },
        risk_reduction: PerSite {
            hip: rng.next(),
            vertebral: rng.next(),
            other: rng.next(),
        },
        annual_mortality: rng.between(0.0, 0.2),
        cost_fracture: PerSite {
            hip: Some(rng.between(0.0, 50_000.0)),
            vertebral: Some(rng.between(0.0, 20_000.0)),
            other: Some(rng.between(0.0, 10_000.0)),
        },
        cost_fls_per_patient: Some(rng.between(0.0, 500.0)),
        cost_usual_per_patient: rng.between(0.0, 50.0),
        cost_drug_per_year: Some(rng.between(0.0, 1000.0)),
    }
}

fn rules(e: &Invalid) -> Vec<(String, String, &'static str)> {
    e.0.iter()
        .map(|e| (e.field.clone(), e.value.clone(), e.rule))
        .collect()
}

fn form_with(changes: &[(Field, &str)]) -> CalculatorForm {
    let mut form = to_form(&base());
    for (f, v) in changes {
        *form.get_mut(*f) = (*v).to_string();
    }
    form
}

// --- formulas ------------------------------------------------------------------------

#[test]
fn calculator_hazard_survival_persistence_by_hand() {
    let c = CumulativeRisk {
        year_1: 0.10,
        year_2: 0.18,
        year_5: 0.31,
    };
    assert_close(hazard(&c, 1), 0.10);
    assert_close(hazard(&c, 2), 0.08);
    for k in 3..=10 {
        assert_close(hazard(&c, k), 0.13 / 3.0);
    }
    // Through year 5 the hazards add up to the cumulative risk C5.
    assert_close((1..=5).map(|k| hazard(&c, k)).sum(), 0.31);
    assert_close(survival(0.1, 1), 1.0);
    assert_close(survival(0.1, 3), 0.81);
    assert_close(survival(0.0, 10), 1.0);
    assert_close(persistence(0.65, 0.8, 1), 0.65);
    assert_close(persistence(0.65, 0.8, 2), 0.52);
    assert_close(persistence(0.65, 0.8, 4), 0.65 * 0.512);
    assert_close(base().fls_treated(), 0.8 * 0.74 * 0.93);
    assert_close(base().fls_treated(), 0.55056);
}

/// H = 1, F = 1000, m = 0: one cohort, one year, worked by hand.
/// h1 = 0.1, P1 = 0.65, T_uc = 0.2, T_fls = 0.8 × 0.74 × 0.93 = 0.55056.
#[test]
fn calculator_one_year_worked_by_hand() {
    let r = calculate(&one_year()).unwrap();
    // Hip: 1000 × 0.1 × 0.2 = 20 at risk-weight; usual 20 × (1 − 0.2 × 0.65 × 0.34) = 19.116,
    // FLS 20 × (1 − 0.55056 × 0.65 × 0.34) = 17.5665248.
    assert_close(r.fractures.usual_care.hip, 19.116);
    assert_close(r.fractures.fls.hip, 17.5665248);
    assert_close(r.fractures.prevented.hip, 1.5494752);
    // Vertebral: 20 × (1 − 0.2 × 0.65 × 0.47) = 18.778; 20 × 0.35056 × 0.65 × 0.47.
    assert_close(r.fractures.usual_care.vertebral, 18.778);
    assert_close(r.fractures.prevented.vertebral, 2.1419216);
    // Other: 60 × (1 − 0.2 × 0.65 × 0.2) = 58.44; 60 × 0.35056 × 0.65 × 0.2.
    assert_close(r.fractures.usual_care.other, 58.44);
    assert_close(r.fractures.fls.other, 55.705632);
    assert_close(r.fractures.prevented.other, 2.734368);
    assert_close(r.fractures.prevented.total(), 6.4257648);
    // Treated: starters F·T, patient-years F·T·P1.
    assert_close(r.starters_per_year_usual_care, 200.0);
    assert_close(r.starters_per_year_fls, 550.56);
    assert_close(r.treated.extra_starters, 350.56);
    assert_close(r.treated.patient_years_usual_care, 130.0);
    assert_close(r.treated.patient_years_fls, 357.864);
    assert_close(r.treated.extra_patient_years, 227.864);
    // Costs.
    assert_close(r.costs.fracture_costs_avoided.hip, 15_494.752);
    assert_close(r.costs.fracture_costs_avoided.vertebral, 10_709.608);
    assert_close(r.costs.fracture_costs_avoided.other, 5_468.736);
    assert_close(r.costs.fracture_costs_avoided.total(), 31_673.096);
    assert_close(r.costs.service_cost, 70_000.0); // 1 × 1000 × (0.8 × 100 − 10)
    assert_close(r.costs.extra_drug_cost, 68_359.2); // 1000 × 0.35056 × 0.65 × 300
    assert_close(r.costs.net_saving, -106_686.104);
    assert_close(r.net_cost, 106_686.104);
    assert_close(r.number_needed_to_treat.unwrap(), 350.56 / 6.4257648);
    assert_close(r.number_needed_to_treat.unwrap(), 54.555_373_704_309_95);
    match r.cost_per_fracture_prevented {
        CostPerFracturePrevented::Cost { value } => {
            assert_close(value, 106_686.104 / 6.4257648);
        }
        other => panic!("{other:?}"),
    }
    assert_close(r.return_per_unit_spent.unwrap(), 31_673.096 / 138_359.2);
    assert_eq!(r.years.len(), 1);
    assert_eq!(r.cohorts.len(), 1);
    assert_eq!(r.years[0].fractures, r.fractures);
    assert_close(r.years[0].cumulative_net_saving, -106_686.104);
    assert_close(r.patients_total, 1000.0);
}

/// H = 2 with mortality, by hand: the second year of cohort 1 has S2 = 0.9, h2 = 0.08,
/// P2 = 0.52.
#[test]
fn calculator_second_year_with_mortality_by_hand() {
    let input = CalculatorInput {
        horizon_years: 2,
        annual_mortality: 0.1,
        ..base()
    };
    let r = calculate(&input).unwrap();
    let c1 = &r.cohorts[0];
    // Year 1 hip (as above) + year 2 hip: 1000 × 0.9 × 0.08 × 0.2 = 14.4 at risk-weight.
    assert_close(
        c1.fractures.usual_care.hip,
        19.116 + 14.4 * (1.0 - 0.2 * 0.52 * 0.34),
    );
    assert_close(
        c1.fractures.prevented.hip,
        1.5494752 + 14.4 * 0.35056 * 0.52 * 0.34,
    );
    assert_close(
        c1.treated.patient_years_fls,
        1000.0 * 0.55056 * (0.65 + 0.9 * 0.52),
    );
    assert_close(
        c1.costs.extra_drug_cost,
        1000.0 * 0.35056 * (0.65 + 0.9 * 0.52) * 300.0,
    );
    // Cohort 2 is followed one year: it equals the H = 1 result.
    let one = calculate(&one_year()).unwrap();
    assert_eq!(r.cohorts[1].years_followed, 1);
    assert_close(
        r.cohorts[1].fractures.prevented.total(),
        one.fractures.prevented.total(),
    );
    assert_close(r.cohorts[1].costs.net_saving, one.costs.net_saving);
    // Service cost: H · F · (identified · cost_fls − cost_usual).
    assert_close(r.costs.service_cost, 2.0 * 1000.0 * (0.8 * 100.0 - 10.0));
}

#[test]
fn calculator_multi_cohort_horizon_accounting() {
    let input = CalculatorInput {
        horizon_years: 3,
        annual_mortality: 0.05,
        ..base()
    };
    let r = calculate(&input).unwrap();
    let followed: Vec<u32> = r.cohorts.iter().map(|c| c.years_followed).collect();
    assert_eq!(followed, [3, 2, 1]);
    assert_eq!(
        r.years.iter().map(|y| y.cohorts).collect::<Vec<_>>(),
        [1, 2, 3]
    );
    assert_close(r.patients_total, 3000.0);

    // Cohort c followed H − c + 1 years = cohort 1 of a run with that horizon.
    for (c, years) in [(1usize, 3u32), (2, 2), (3, 1)] {
        let alone = calculate(&CalculatorInput {
            horizon_years: years,
            ..input.clone()
        })
        .unwrap();
        assert_eq!(r.cohorts[c - 1].fractures, alone.cohorts[0].fractures);
        assert_eq!(r.cohorts[c - 1].costs, alone.cohorts[0].costs);
    }

    // Year 3 = cohort 1 in its 3rd year + cohort 2 in its 2nd + cohort 3 in its 1st.
    let rr = input.risk_reduction.hip;
    let d = input.fls_treated() - input.usual_care_treated;
    let cell = |k: u32| {
        1000.0
            * survival(0.05, k)
            * hazard(&input.refracture_cumulative, k)
            * 0.2
            * d
            * persistence(0.65, 0.8, k)
            * rr
    };
    assert_close(
        r.years[2].fractures.prevented.hip,
        cell(3) + cell(2) + cell(1),
    );
    assert_close(r.years[0].fractures.prevented.hip, cell(1));

    // Totals are the same whether added by year or by cohort.
    let by_cohort: f64 = r
        .cohorts
        .iter()
        .map(|c| c.fractures.prevented.total())
        .sum();
    let by_year: f64 = r.years.iter().map(|y| y.fractures.prevented.total()).sum();
    assert_close(by_cohort, r.fractures.prevented.total());
    assert_close(by_year, r.fractures.prevented.total());
    let net: f64 = r.cohorts.iter().map(|c| c.costs.net_saving).sum();
    assert_close(net, r.costs.net_saving);
    assert_close(r.years[2].cumulative_net_saving, r.costs.net_saving);
    // Each year carries the service cost of the cohort that enters in it.
    for y in &r.years {
        assert_close(y.costs.service_cost, 70_000.0);
        assert_close(y.treated.starters_fls, 550.56);
    }
    assert_close(r.treated.starters_fls, 3.0 * 550.56);
    // Net saving identity.
    assert_close(
        r.costs.net_saving,
        r.costs.fracture_costs_avoided.total() - r.costs.service_cost - r.costs.extra_drug_cost,
    );
    // Usual care − FLS = prevented, per site.
    for s in Site::ALL {
        assert_close(
            r.fractures.usual_care.get(s) - r.fractures.fls.get(s),
            r.fractures.prevented.get(s),
        );
    }
}

#[test]
fn calculator_population_gives_patients() {
    let input = CalculatorInput {
        patients_per_year: None,
        population_50_plus: Some(200_000.0),
        incidence_per_1000: Some(5.0),
        ..base()
    };
    assert_eq!(input.patients_per_year_effective(), Some(1000.0));
    let r = calculate(&input).unwrap();
    assert_close(r.patients_per_year, 1000.0);
    assert_eq!(r.fractures, calculate(&base()).unwrap().fractures);
}

#[test]
fn calculator_cost_saving_and_undefined_ratios() {
    // Expensive fractures, cheap service: cost-saving, no negative ratio.
    let mut saving = base();
    saving.cost_fracture.hip = Some(1_000_000.0);
    let r = calculate(&saving).unwrap();
    assert!(r.costs.net_saving > 0.0);
    assert_eq!(
        r.cost_per_fracture_prevented,
        CostPerFracturePrevented::CostSaving {
            net_saving: r.costs.net_saving
        }
    );
    assert!(r.return_per_unit_spent.unwrap() > 1.0);

    // FLS treats no more than usual care: nothing prevented, no NNT, no ratio.
    let same = CalculatorInput {
        usual_care_treated: base().fls_treated(),
        ..base()
    };
    let r = calculate(&same).unwrap();
    assert!(r.fractures.prevented.total().abs() < 1e-9);
    assert_eq!(r.number_needed_to_treat, None);
    assert_eq!(
        r.cost_per_fracture_prevented,
        CostPerFracturePrevented::NoFracturesPrevented
    );

    // Nothing spent: no return per unit spent.
    let free = CalculatorInput {
        cost_fls_per_patient: Some(0.0),
        cost_usual_per_patient: 0.0,
        cost_drug_per_year: Some(0.0),
        ..base()
    };
    let r = calculate(&free).unwrap();
    assert_eq!(r.return_per_unit_spent, None);
    assert!(matches!(
        r.cost_per_fracture_prevented,
        CostPerFracturePrevented::CostSaving { .. }
    ));
}

#[test]
fn calculator_result_serialises_for_the_chart() {
    let r = calculate(&base()).unwrap();
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["years"].as_array().unwrap().len(), 5);
    assert_eq!(json["years"][4]["cohorts"], 5);
    assert!(json["years"][0]["fractures"]["prevented"]["hip"].is_f64());
    assert_eq!(json["cost_per_fracture_prevented"]["kind"], "cost");
    let back: CalculatorResult = serde_json::from_value(json).unwrap();
    assert_eq!(back, r);
}

// --- monotonicity ----------------------------------------------------------------------

#[test]
fn calculator_more_treated_never_prevents_fewer() {
    let mut rng = Lcg(0x5eed_f1a5);
    for _ in 0..500 {
        let input = random_input(&mut rng);
        input.validate().unwrap();
        let r0 = calculate(&input).unwrap();
        for field in [
            Field::FlsStarted,
            Field::FlsIdentified,
            Field::FlsRecommended,
        ] {
            let v = field.get(&input).unwrap();
            let raised = v + rng.next() * (1.0 - v);
            let mut more = input.clone();
            field.set(&mut more, Some(raised));
            let r1 = calculate(&more).unwrap();
            for s in Site::ALL {
                assert!(
                    r1.fractures.prevented.get(s) >= r0.fractures.prevented.get(s),
                    "{field:?} {v} -> {raised} prevented fewer {s:?}: {input:?}"
                );
                assert!(r1.fractures.fls.get(s) <= r0.fractures.fls.get(s));
            }
            assert!(r1.treated.starters_fls >= r0.treated.starters_fls);
            assert!(r1.treated.patient_years_fls >= r0.treated.patient_years_fls);
        }
        // Fewer treated under usual care: never fewer prevented.
        let mut less = input.clone();
        less.usual_care_treated *= rng.next();
        let r2 = calculate(&less).unwrap();
        assert!(r2.fractures.prevented.total() >= r0.fractures.prevented.total());
    }
}

// --- validation --------------------------------------------------------------------------

#[test]
fn calculator_parse_reads_a_valid_form() {
    let form = CalculatorForm {
        patients_per_year: " 1000 ".into(),
        horizon_years: "3".into(),
        usual_care_treated: "+0.25".into(),
        cost_fracture_hip: "10000".into(),
        cost_fracture_vertebral: "5000.50".into(),
        cost_fracture_other: "2000".into(),
        cost_fls_per_patient: "100".into(),
        cost_drug_per_year: ".5".into(),
        ..CalculatorForm::default()
    };
    let input = parse(&form).unwrap();
    assert_eq!(input.patients_per_year, Some(1000.0));
    assert_eq!(input.horizon_years, 3);
    assert_eq!(input.usual_care_treated, 0.25);
    assert_eq!(input.cost_fracture.vertebral, Some(5000.5));
    assert_eq!(input.cost_drug_per_year, Some(0.5));
    assert_eq!(input.fls_started, 0.93);
}

#[test]
fn calculator_parse_shares_outside_0_1() {
    let form = form_with(&[
        (Field::FlsStarted, "1.2"),
        (Field::UsualCareTreated, "-0.1"),
        (Field::AnnualMortality, "20"),
    ]);
    let e = parse(&form).unwrap_err();
    assert_eq!(
        rules(&e),
        [
            (
                "usual_care_treated".into(),
                "-0.1".into(),
                "share_between_0_and_1"
            ),
            ("fls_started".into(), "1.2".into(), "share_between_0_and_1"),
            (
                "annual_mortality".into(),
                "20".into(),
                "share_between_0_and_1"
            ),
        ]
    );
    assert_eq!(
        e.0[1].to_string(),
        "fls_started: \"1.2\" breaks rule share_between_0_and_1"
    );
}

#[test]
fn calculator_parse_negative_costs() {
    let form = form_with(&[
        (Field::CostFractureHip, "-5"),
        (Field::CostUsualPerPatient, "\u{2212}1.5"),
        (Field::PatientsPerYear, "-1000"),
    ]);
    let e = parse(&form).unwrap_err();
    assert_eq!(
        rules(&e),
        [
            ("patients_per_year".into(), "-1000".into(), "non_negative"),
            ("cost_fracture_hip".into(), "-5".into(), "non_negative"),
            (
                "cost_usual_per_patient".into(),
                "\u{2212}1.5".into(),
                "non_negative"
            ),
        ]
    );
}

#[test]
fn calculator_parse_horizon_bounds() {
    for bad in ["0", "11", "2.5", "-3"] {
        let e = parse(&form_with(&[(Field::HorizonYears, bad)])).unwrap_err();
        assert_eq!(e.0.len(), 1, "{bad}: {e:?}");
        let err = e.for_field("horizon_years").unwrap();
        assert_eq!((err.value.as_str(), err.rule), (bad, "horizon_between"));
        assert_eq!(
            err.args,
            vec![("min", "1".to_string()), ("max", "10".to_string())]
        );
    }
    for good in ["1", "10", "7.0"] {
        assert!(
            parse(&form_with(&[(Field::HorizonYears, good)])).is_ok(),
            "{good}"
        );
    }
    // Typed input: the same rule.
    let e = CalculatorInput {
        horizon_years: 0,
        ..base()
    }
    .validate()
    .unwrap_err();
    assert_eq!(
        rules(&e),
        [("horizon_years".into(), "0".into(), "horizon_between")]
    );
    let e = CalculatorInput {
        horizon_years: 11,
        ..base()
    }
    .validate()
    .unwrap_err();
    assert_eq!(
        rules(&e),
        [("horizon_years".into(), "11".into(), "horizon_between")]
    );
}

#[test]
fn calculator_parse_site_shares_must_sum_to_1() {
    let e = parse(&form_with(&[(Field::SiteShareOther, "0.5")])).unwrap_err();
    assert_eq!(
        rules(&e),
        [(
            "site_shares".into(),
            "0.2 + 0.2 + 0.5".into(),
            "site_shares_sum_to_1"
        )]
    );
    assert_eq!(e.0[0].args[0].0, "sum");
    // Within 1e-6 is accepted.
    assert!(parse(&form_with(&[(Field::SiteShareOther, "0.6000005")])).is_ok());
    assert!(parse(&form_with(&[(Field::SiteShareOther, "0.600002")])).is_err());
    // A share already invalid on its own: only that error, no sum error.
    let e = parse(&form_with(&[(Field::SiteShareOther, "1.5")])).unwrap_err();
    assert_eq!(
        rules(&e),
        [(
            "site_share_other".into(),
            "1.5".into(),
            "share_between_0_and_1"
        )]
    );
}

#[test]
fn calculator_parse_cumulative_risk_must_increase() {
    let e = parse(&form_with(&[(Field::RefractureCumulative2y, "0.05")])).unwrap_err();
    assert_eq!(
        rules(&e),
        [(
            "refracture_cumulative_2y".into(),
            "0.05".into(),
            "cumulative_risk_increasing"
        )]
    );
    assert_eq!(e.0[0].args, vec![("min", "0.1".to_string())]);
    let e = parse(&form_with(&[(Field::RefractureCumulative5y, "0.15")])).unwrap_err();
    assert_eq!(e.0[0].field, "refracture_cumulative_5y");
    // Equal values are allowed (C1 ≤ C2 ≤ C5), and C5 ≤ 1 is the share rule.
    assert!(parse(&form_with(&[(Field::RefractureCumulative2y, "0.1")])).is_ok());
    let e = parse(&form_with(&[(Field::RefractureCumulative5y, "1.1")])).unwrap_err();
    assert_eq!(e.0[0].rule, "share_between_0_and_1");
}

#[test]
fn calculator_parse_required_and_decimal() {
    let form = CalculatorForm {
        fls_identified: "abc".into(),
        fls_recommended: "0,74".into(),
        persistence_year1: "1e-1".into(),
        persistence_retention: "  ".into(),
        ..CalculatorForm::default()
    };
    let e = parse(&form).unwrap_err();
    assert_eq!(
        rules(&e),
        [
            ("fls_identified".into(), "abc".into(), "decimal"),
            ("fls_recommended".into(), "0,74".into(), "decimal"),
            ("persistence_year1".into(), "1e-1".into(), "decimal"),
            ("persistence_retention".into(), "  ".into(), "required"),
            ("cost_fracture_hip".into(), "".into(), "required"),
            ("cost_fracture_vertebral".into(), "".into(), "required"),
            ("cost_fracture_other".into(), "".into(), "required"),
            ("cost_fls_per_patient".into(), "".into(), "required"),
            ("cost_drug_per_year".into(), "".into(), "required"),
            ("patients_per_year".into(), "".into(), "required"),
        ]
    );
    // Population without incidence: the incidence is required.
    let form = form_with(&[
        (Field::PatientsPerYear, ""),
        (Field::Population50Plus, "250000"),
    ]);
    let e = parse(&form).unwrap_err();
    assert_eq!(
        rules(&e),
        [("incidence_per_1000".into(), "".into(), "required")]
    );
    let form = form_with(&[
        (Field::PatientsPerYear, ""),
        (Field::Population50Plus, "250000"),
        (Field::IncidencePer1000, "4"),
    ]);
    assert_eq!(
        parse(&form).unwrap().patients_per_year_effective(),
        Some(1000.0)
    );
    // A non-finite typed value is not a decimal.
    let e = CalculatorInput {
        fls_started: f64::NAN,
        ..base()
    }
    .validate()
    .unwrap_err();
    assert_eq!(e.0[0].rule, "decimal");
    assert!(calculate(&CalculatorInput::default()).is_err());
    assert!(sensitivity(&CalculatorInput::default()).is_err());
}

#[test]
fn calculator_form_round_trip() {
    let mut inputs = vec![base(), {
        let mut i = base();
        presets()[0].apply(&mut i);
        i
    }];
    let mut rng = Lcg(42);
    inputs.extend((0..200).map(|_| random_input(&mut rng)));
    inputs.push(CalculatorInput {
        patients_per_year: None,
        population_50_plus: Some(123_456.0),
        incidence_per_1000: Some(4.321),
        ..base()
    });
    for input in inputs {
        let form = to_form(&input);
        assert_eq!(parse(&form).as_ref(), Ok(&input), "{form:?}");
        // Through JSON (an API body or a stored link) as well.
        let json = serde_json::to_string(&form).unwrap();
        let back: CalculatorForm = serde_json::from_str(&json).unwrap();
        assert_eq!(back, form);
    }
    // A link without some fields opens with their defaults.
    let partial: CalculatorForm =
        serde_json::from_str(r#"{"patients_per_year":"500","horizon_years":"2"}"#).unwrap();
    assert_eq!(partial.fls_started, "0.93");
    assert_eq!(partial.cost_fls_per_patient, "");
    assert_eq!(partial.pairs().len(), Field::ALL.len());
    assert_eq!(partial.pairs()[0], ("patients_per_year", "500"));
}

#[test]
fn calculator_field_names_are_unique_and_match_the_form() {
    let form = to_form(&base());
    let json = serde_json::to_value(&form).unwrap();
    let keys = json.as_object().unwrap();
    assert_eq!(keys.len(), Field::ALL.len());
    for f in Field::ALL {
        assert_eq!(Field::from_name(f.name()), Some(f));
        assert_eq!(keys[f.name()].as_str().unwrap(), form.get(f));
    }
}

// --- sensitivity -------------------------------------------------------------------------

#[test]
fn calculator_sensitivity_tornado() {
    let input = CalculatorInput {
        fls_identified: 0.9,
        ..base()
    };
    let rows = sensitivity(&input).unwrap();
    let base_result = calculate(&input).unwrap();
    assert_eq!(rows.len(), 19);
    assert!(rows.windows(2).all(|w| w[0].swing >= w[1].swing));
    let row = |name: &str| rows.iter().find(|r| r.input == name).unwrap();

    // Shares clamped to 1: 0.9 × 1.2 = 1.08 → 1.
    let id = row("fls_identified");
    assert_close(id.low_value, 0.72);
    assert_close(id.high_value, 1.0);
    assert!(id.prevented_high > id.prevented_low);

    // Linear inputs: the swing is 40 % of what they multiply.
    let drug = row("cost_drug_per_year");
    assert_close(drug.swing, 0.4 * base_result.costs.extra_drug_cost);
    assert_close(drug.prevented_low, base_result.fractures.prevented.total());
    let hip = row("cost_fracture_hip");
    assert_close(
        hip.swing,
        0.4 * base_result.costs.fracture_costs_avoided.hip,
    );
    assert_close(
        row("patients_per_year").prevented_high,
        1.2 * base_result.fractures.prevented.total(),
    );
    // Horizon 5 → 4 and 6 years.
    let h = row("horizon_years");
    assert_eq!((h.low_value, h.high_value), (4.0, 6.0));
    // Mortality 0 stays 0: no swing.
    assert_eq!(row("annual_mortality").swing, 0.0);
    // Cumulative risks scaled together and kept in order.
    let c = row("refracture_cumulative");
    assert_close(c.high_value, 0.31 * 1.2);
    assert!(c.prevented_high > c.prevented_low);
}

// --- presets and sources -----------------------------------------------------------------

#[test]
fn calculator_presets_are_valid_and_cited() {
    let all = presets();
    assert!(!all.is_empty());
    let first = &all[0];
    assert_eq!(
        first.name,
        "UK, Glasgow FLS (McLellan et al., Osteoporos Int 2011;22:2083)"
    );
    assert_eq!(first.currency.as_deref(), Some("GBP"));
    let mut ids: Vec<&str> = all.iter().map(|p| p.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), all.len(), "preset ids are unique");
    for p in &all {
        assert!(!p.note.trim().is_empty());
        for v in &p.values {
            let field = Field::from_name(&v.field)
                .unwrap_or_else(|| panic!("{}: unknown field {}", p.id, v.field));
            assert!(
                !v.source.trim().is_empty(),
                "{}: {} has no source",
                p.id,
                v.field
            );
            if field == Field::HorizonYears {
                assert_eq!(v.value.fract(), 0.0);
            }
        }
        // Applied to a complete input, every preset gives a valid one.
        let mut input = base();
        p.apply(&mut input);
        input.validate().unwrap();
        for v in &p.values {
            let field = Field::from_name(&v.field).unwrap();
            assert_eq!(field.get(&input), Some(v.value));
        }
    }
    assert_eq!(preset(&first.id).as_ref(), Some(first));
}

#[test]
fn calculator_glasgow_preset_reproduces_686_vs_193() {
    let p = &presets()[0];
    let mut input = CalculatorInput::default();
    p.apply(&mut input);
    assert_close(input.usual_care_treated, 0.193);
    // 686/740 is entered rounded to 0.927, as a person types it: 685.98 per 1,000.
    assert!((input.fls_treated() - 0.686).abs() < 0.0001);
    assert_eq!(input.patients_per_year, Some(1000.0));
    assert_close(input.fls_identified * input.fls_recommended, 0.740);
    // Cost of assessments: £83,598 more per 1,000 patients with the FLS.
    assert_close(
        1000.0 * input.fls_identified * input.cost_fls_per_patient.unwrap(),
        83_598.0,
    );
    assert_eq!(input.cost_usual_per_patient, 0.0);
    // Costs not in the paper's abstract are left to the user.
    assert_eq!(input.cost_drug_per_year, None);
    assert_eq!(input.cost_fracture, PerSite::default());
    // Every value is cited to the paper, not an assumption.
    assert!(
        p.values
            .iter()
            .all(|v| v.source.contains("McLellan") && !v.is_assumption())
    );
}

#[test]
fn calculator_every_default_has_a_source() {
    let sources = default_sources();
    let defaults = CalculatorInput::default();
    let named: Vec<&str> = sources.iter().map(|(f, _)| *f).collect();
    for f in Field::ALL {
        let has_default = f.get(&defaults).is_some();
        assert_eq!(named.contains(&f.name()), has_default, "{}", f.name());
    }
    for (f, s) in &sources {
        assert!(Field::from_name(f).is_some(), "{f}");
        assert!(!s.trim().is_empty());
    }
    let assumption =
        |name: &str| is_assumption(sources.iter().find(|(f, _)| *f == name).unwrap().1);
    for f in [
        "horizon_years",
        "fls_identified",
        "persistence_retention",
        "site_share_hip",
        "site_share_vertebral",
        "site_share_other",
        "risk_reduction_other",
        "annual_mortality",
        "cost_usual_per_patient",
    ] {
        assert!(assumption(f), "{f} has no published source in the spec");
    }
    for f in [
        "usual_care_treated",
        "persistence_year1",
        "refracture_cumulative_5y",
        "risk_reduction_hip",
    ] {
        assert!(!assumption(f), "{f}");
    }
}

// --- McLellan 2011 -----------------------------------------------------------------------

/// McLellan 2011: 1,000 patients, 686 vs 193 treated, 18 fractures prevented (11 hip).
/// One cohort of 1,000 (cohort 1) followed 5 years, the years the cumulative risks are
/// observed for (docs/calculator.md explains the choice and the differences).
fn mclellan(horizon: u32, mortality: f64) -> CohortRow {
    let mut input = CalculatorInput {
        patients_per_year: Some(1000.0),
        horizon_years: horizon,
        annual_mortality: mortality,
        cost_fracture: PerSite {
            hip: Some(0.0),
            vertebral: Some(0.0),
            other: Some(0.0),
        },
        cost_drug_per_year: Some(0.0),
        ..CalculatorInput::default()
    };
    presets()[0].apply(&mut input);
    calculate(&input).unwrap().cohorts.remove(0)
}

#[test]
fn calculator_mclellan_same_order() {
    let c = mclellan(5, 0.0);
    assert_eq!(c.years_followed, 5);
    let total = c.fractures.prevented.total();
    let hip = c.fractures.prevented.hip;
    // "Same order": within a factor of 3 (half an order of magnitude) of 18 and of 11.
    assert!((18.0 / 3.0..=18.0 * 3.0).contains(&total), "{total}");
    assert!((11.0 / 3.0..=11.0 * 3.0).contains(&hip), "{hip}");
    // The figures quoted in docs/calculator.md.
    assert!((total - 20.934).abs() < 0.0005, "{total}");
    assert!((hip - 5.048).abs() < 0.0005, "{hip}");
    assert!((c.treated.extra_starters - 492.98).abs() < 1e-9);
    assert!(
        (c.treated.extra_patient_years - 1077.181).abs() < 0.0005,
        "{}",
        c.treated.extra_patient_years
    );
    assert!((c.costs.service_cost - 83_598.0).abs() < 1e-6);

    let ten = mclellan(10, 0.0);
    assert!(
        (ten.fractures.prevented.total() - 25.248).abs() < 0.0005,
        "{}",
        ten.fractures.prevented.total()
    );
    assert!(
        (ten.fractures.prevented.hip - 6.088).abs() < 0.0005,
        "{}",
        ten.fractures.prevented.hip
    );
    let ten_m = mclellan(10, 0.05);
    assert!(
        (ten_m.fractures.prevented.total() - 22.905).abs() < 0.0005,
        "{}",
        ten_m.fractures.prevented.total()
    );
}
