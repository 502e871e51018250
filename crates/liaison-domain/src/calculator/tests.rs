//! The Benefit Calculator's model by hand (hazards, survival, cohorts, costs), its
//! monotonicity and sensitivity, with the inputs and random numbers the child modules share:
//! form validation is in `validation`, presets, sources and McLellan 2011 in `sources`.

use super::*;

mod sources;
mod validation;

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
