//! The empty scope, supporting measures by hand, the published output shape, the conversion
//! from the dataset, and the helpers behind the counts (enum indices, histogram medians).

use super::*;

#[test]
fn an_empty_scope_has_null_values_and_bands() {
    let r = run(&[], LATE);
    assert_eq!(r.kpis.len(), 12);
    for k in &r.kpis {
        assert_eq!(
            (k.numerator, k.denominator, k.value, k.band),
            (0, 0.0, None, None)
        );
    }
    let s = &r.supporting;
    assert_eq!(s.episodes, 0);
    assert!(s.by_site.iter().all(|x| x.share.is_none()));
    assert_eq!(s.median_days_to_assessment, None);
    assert_eq!(s.refracture_rate_per_100_patient_years, None);
    assert_eq!(r.fls_count, 0);
    // A period that ends before it starts, or starts after as_of: empty too.
    let r = compute(&KpiDefinitions::default(), &[ep(F)], &[], TO, FROM, LATE);
    assert_eq!(r.supporting.episodes, 0);
    assert_eq!(r.expected_caseload.days, 0);
}

#[test]
fn supporting_measures_by_hand() {
    let as_of = date!(2026 - 06 - 01);
    let late_fracture = date!(2025 - 12 - 31);
    let eps = [
        KpiEpisode {
            fracture_site: Site::Hip,
            setting: Setting::Inpatient,
            fls_assessment_date: Some(plus(F, 10)),
            dxa_date: Some(plus(F, 20)),
            aom_start_date: Some(plus(F, 30)),
            refracture_date: Some(plus(F, 100)),
            ..ep(F)
        },
        KpiEpisode {
            fls_assessment_date: Some(plus(F, 20)),
            dxa_date: Some(plus(F, -30)), // before the fracture: not in the median
            aom_start_date: Some(plus(F, -10)), // likewise
            death_date: Some(plus(F, 200)),
            ..ep(F)
        },
        KpiEpisode {
            fracture_site: Site::Spine,
            fls_assessment_date: Some(plus(F, 31)),
            death_date: Some(plus(F, 364)),
            ..ep(F)
        },
        KpiEpisode {
            fls_assessment_date: Some(plus(as_of, 1)), // after as_of: ignored
            death_date: Some(plus(F, 365)),
            ..ep(F)
        },
        KpiEpisode {
            fracture_site: Site::Humerus,
            fls_assessment_date: Some(plus(late_fracture, 5)),
            refracture_date: Some(plus(as_of, 1)), // after as_of: ignored
            ..ep(late_fracture)
        },
    ];
    let r = compute(&KpiDefinitions::default(), &eps, &[], FROM, TO, as_of);
    let s = &r.supporting;
    assert_eq!(s.episodes, 5);
    let site = |c: &str| s.by_site.iter().find(|x| x.code == c).unwrap().clone();
    assert_eq!((site("hip").episodes, site("hip").share), (1, Some(0.2)));
    assert_eq!(
        (site("wrist").episodes, site("wrist").share),
        (2, Some(0.4))
    );
    assert_eq!(site("pelvis").share, Some(0.0));
    assert_eq!(s.by_setting[0].code, "inpatient");
    assert_eq!((s.by_setting[0].episodes, s.by_setting[1].episodes), (1, 4));
    // Assessment: 5, 10, 20, 31 days → (10 + 20) / 2.
    assert_eq!(s.median_days_to_assessment, Some(15.0));
    assert_eq!(s.median_days_to_dxa, Some(20.0));
    assert_eq!(s.median_days_to_aom_start, Some(30.0));
    let nyd: Vec<_> = s.not_yet_due.iter().map(|w| (w.days, w.episodes)).collect();
    assert_eq!(nyd, vec![(84, 0), (112, 0), (364, 1)]);
    // Follow-up: 100 (refracture) + 200 (death) + 364 + 365 (deaths) + 152 (to as_of).
    assert_eq!(s.refractures, 1);
    assert_eq!(s.patient_years, 1181.0 / 365.25);
    assert_eq!(
        s.refracture_rate_per_100_patient_years,
        Some(100.0 / (1181.0 / 365.25))
    );
    assert_eq!(s.deaths_within_52_weeks, 2);
}

#[test]
fn the_output_has_the_published_shape() {
    let (eps, expected) = caseload();
    let r = compute(&KpiDefinitions::default(), &eps, &expected, FROM, TO, LATE);
    let j = serde_json::to_value(&r).unwrap();
    assert_eq!(j["definitions_version"], "1");
    assert_eq!(j["period"]["from"], "2025-01-01");
    assert_eq!(j["period"]["to"], "2025-12-31");
    assert_eq!(j["as_of"], "2027-01-01");
    let kpis = j["kpis"].as_array().unwrap();
    let ids: Vec<&str> = kpis.iter().map(|k| k["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "kpi1_identification_non_spine",
            "kpi2_identification_spine",
            "kpi3_assessment_12w",
            "kpi4_dxa_12w",
            "kpi5_falls_assessment",
            "kpi6_aom_recommended",
            "kpi7_followup_16w",
            "kpi8_aom_started_16w",
            "kpi9_strength_balance_16w",
            "kpi10_aom_persistence_52w",
            "kpi11_completeness",
            "kpi12_high_risk_aom_16w",
        ]
    );
    for k in kpis {
        let mut keys: Vec<&str> = k.as_object().unwrap().keys().map(|s| s.as_str()).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "band",
                "denominator",
                "excluded_died",
                "id",
                "name",
                "not_yet_due",
                "numerator",
                "value"
            ]
        );
    }
    assert_eq!(kpis[0]["denominator"], serde_json::json!(149.9));
    assert_eq!(kpis[1]["denominator"], serde_json::json!(30));
    assert_eq!(kpis[5]["denominator"], serde_json::json!(10));
    assert_eq!(kpis[5]["name"], "AOM recommended");
    assert_eq!(kpis[6]["value"], serde_json::Value::Null);
    assert_eq!(kpis[6]["band"], serde_json::Value::Null);
    assert_eq!(kpis[0]["band"], "red");
    for (i, item) in CompletenessItem::ALL.iter().enumerate() {
        assert_eq!(j["completeness"][i]["item"], item.code());
    }
    for id in KpiId::ALL {
        assert_eq!(KpiId::parse(id.id()), Some(id));
        assert_eq!(serde_json::to_value(id).unwrap(), id.id());
    }
}

#[test]
fn episodes_convert_from_the_dataset() {
    let input = crate::dataset::EpisodeInput {
        fls_code: "GB-GLA".into(),
        patient_ref: "H1".into(),
        fracture_date: "2025-03-01".into(),
        sex: "F".into(),
        birth_date: "1950-06-15".into(),
        fracture_site: "spine".into(),
        spine_detection: "radiological".into(),
        setting: "inpatient".into(),
        fls_assessment_date: "2025-03-10".into(),
        aom_recommendation: "recommended".into(),
        ..Default::default()
    };
    let opts = crate::dataset::ParseOptions::new(date!(2026 - 01 - 01));
    let (e, _) = crate::dataset::parse(&input, &opts).unwrap();
    let k = KpiEpisode::from((&e, 42));
    assert_eq!(k.fls_id, 42);
    assert_eq!(k.fracture_site, Site::Spine);
    assert_eq!(k.fls_assessment_date, Some(date!(2025 - 03 - 10)));
    assert_eq!(k.aom_recommendation, Some(Aom::Recommended));
    assert_eq!(k, KpiEpisode::from_episode(&e, 42));
}

#[test]
fn enum_casts_index_the_count_arrays() {
    assert!(Site::ALL.iter().enumerate().all(|(i, s)| *s as usize == i));
    assert!(
        Setting::ALL
            .iter()
            .enumerate()
            .all(|(i, s)| *s as usize == i)
    );
    assert!(
        CompletenessItem::ALL
            .iter()
            .enumerate()
            .all(|(i, s)| *s as usize == i)
    );
    assert!(
        Window::ALL
            .iter()
            .enumerate()
            .all(|(i, s)| *s as usize == i)
    );
    assert!(KpiId::ALL.iter().enumerate().all(|(i, s)| s.index() == i));
}

#[test]
fn histogram_medians() {
    let mut h = DayHistogram::default();
    assert_eq!(h.median(), None);
    h.add(7);
    assert_eq!(h.median(), Some(7.0));
    h.add(3);
    assert_eq!(h.median(), Some(5.0));
    h.add(3);
    h.add(100);
    h.add(100);
    assert_eq!(h.median(), Some(7.0));
}
