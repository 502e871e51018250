//! Reading the calculator's form: every validation rule names the field, the value and the
//! rule; the form round-trips and its field names match the model's.

use super::*;
use crate::error::Invalid;
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
