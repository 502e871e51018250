use super::*;
use crate::dataset::{EpisodeInput, ParseOptions, parse};
use std::collections::HashSet;
use std::sync::OnceLock;
use time::macros::date;

const TODAY: Date = date!(2025 - 12 - 31);

fn input(fields: &[(&str, &str)]) -> EpisodeInput {
    let mut i = EpisodeInput::default();
    for (k, v) in fields {
        assert!(i.set(k, v.to_string()), "column {k}");
    }
    i
}

fn episode(fields: &[(&str, &str)]) -> Episode {
    parse(&input(fields), &ParseOptions::new(TODAY))
        .expect("valid fixture")
        .0
}

/// Every field recorded.
fn full() -> Episode {
    episode(&[
        ("fls_code", "GB-GLA"),
        ("patient_ref", "H123456"),
        ("fracture_date", "2024-03-10"),
        ("sex", "F"),
        ("birth_date", "1940-05-02"),
        ("death_date", "2025-06-01"),
        ("family_name", "O'Brien"),
        ("given_names", "Mary Anne"),
        ("phone", "+44 141 555 0100"),
        ("primary_care_contact", "Dr Smith, Park Surgery"),
        ("fracture_site", "spine"),
        ("spine_detection", "radiological"),
        ("fracture_icd10", "S32.0"),
        ("setting", "inpatient"),
        ("identified_date", "2024-03-09"),
        ("identification_route", "radiology"),
        ("fls_assessment_date", "2024-03-20"),
        ("dxa_status", "done"),
        ("dxa_date", "2024-04-02"),
        ("t_score_lumbar_spine", "-2.7"),
        ("t_score_total_hip", "-2.1"),
        ("t_score_femoral_neck", "-2.45"),
        ("frax_major_pct", "24.5"),
        ("frax_hip_pct", "8.1"),
        ("falls_assessment", "referred"),
        ("aom_recommendation", "recommended"),
        ("aom_recommended_atc", "M05BA08"),
        ("aom_start_date", "2024-04-15"),
        ("aom_start_atc", "M05BA08"),
        ("strength_balance_date", "2024-05-01"),
        ("first_followup_date", "2024-07-01"),
        ("second_followup_date", "2025-03-10"),
        ("aom_at_52_weeks", "yes"),
        ("refracture_date", "2025-01-20"),
        ("refracture_site", "wrist"),
        ("notes", "Lives alone.\nPrefers telephone contact."),
        ("closed_date", "2025-06-20"),
        ("closed_reason", "completed"),
        ("residence_before", "care_home"),
        ("high_risk", "no"),
        ("secondary_causes_screen", "declined"),
        ("lifestyle_advice", "done"),
        ("primary_care_letter_date", "2024-12-20"),
    ])
}

/// Only what is required.
fn minimal() -> Episode {
    episode(&[
        ("fls_code", "BR-SAO.1"),
        ("patient_ref", "7"),
        ("fracture_date", "2023-11-30"),
        ("sex", "U"),
        ("birth_date", "1950-01-01"),
        ("fracture_site", "hip"),
        ("setting", "outpatient"),
    ])
}

const ALL: BundleOptions = BundleOptions {
    include_contact: true,
    include_notes: true,
};

fn with_ctx(eps: &[Episode]) -> Vec<(Episode, FhirContext)> {
    eps.iter()
        .map(|e| (e.clone(), FhirContext::default()))
        .collect()
}

/// Episode → Bundle → EpisodeInput → parse.
fn round_trip(eps: &[Episode], o: &BundleOptions) -> Vec<Episode> {
    let b = bundle(&with_ctx(eps), o);
    let inputs = episodes_from_bundle(&b).unwrap_or_else(|e| panic!("{e:?}"));
    inputs
        .iter()
        .map(|i| {
            parse(i, &ParseOptions::new(TODAY))
                .unwrap_or_else(|e| panic!("{i:?}: {e:?}"))
                .0
        })
        .collect()
}

fn private_cleared(e: &Episode) -> Episode {
    Episode {
        family_name: String::new(),
        given_names: String::new(),
        phone: String::new(),
        primary_care_contact: String::new(),
        notes: String::new(),
        ..e.clone()
    }
}

fn resources(b: &Value) -> Vec<&Value> {
    b["entry"]
        .as_array()
        .map(|a| a.iter().map(|e| &e["resource"]).collect())
        .unwrap_or_default()
}

fn of_type<'a>(b: &'a Value, ty: &str) -> Vec<&'a Value> {
    resources(b)
        .into_iter()
        .filter(|r| r["resourceType"] == ty)
        .collect()
}

#[test]
fn full_episode_round_trips() {
    let e = full();
    // Every column has a value, so a column the mapping forgets either way fails here.
    for (c, cell) in crate::dataset::COLUMNS.iter().zip(e.cells()) {
        assert!(!cell.is_blank(), "{c} is blank in full()");
    }
    assert_eq!(round_trip(std::slice::from_ref(&e), &ALL), vec![e.clone()]);
    // By default names, phone, primary care contact and notes stay in the FLS.
    assert_eq!(
        round_trip(std::slice::from_ref(&e), &BundleOptions::default()),
        vec![private_cleared(&e)]
    );
}

#[test]
fn minimal_episode_round_trips() {
    let e = minimal();
    assert_eq!(round_trip(std::slice::from_ref(&e), &ALL), vec![e.clone()]);
    let b = bundle(&with_ctx(&[e]), &ALL);
    let types: Vec<&str> = resources(&b)
        .iter()
        .map(|r| r["resourceType"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["Patient", "Condition", "Encounter"]);
}

#[test]
fn every_aom_recommendation_and_status_round_trips() {
    let base = input(&[
        ("fls_code", "JP-001"),
        ("patient_ref", "A-1"),
        ("fracture_date", "2024-01-10"),
        ("sex", "X"),
        ("birth_date", "1944-02-29"),
        ("fracture_site", "femur_other"),
        ("fracture_icd10", "S72.301A"),
        ("setting", "inpatient"),
    ]);
    let mut eps = Vec::new();
    for (n, rec) in AomRecommendation::ALL.iter().enumerate() {
        for (m, w) in YesNoUnknown::ALL.iter().enumerate() {
            let mut i = base.clone();
            i.patient_ref = format!("A-{n}-{m}");
            i.aom_recommendation = rec.code().into();
            i.aom_at_52_weeks = w.code().into();
            i.dxa_status = DxaStatus::ALL[(n + m) % DxaStatus::ALL.len()].code().into();
            if i.dxa_status == "done" {
                i.dxa_date = "2024-02-01".into();
            }
            i.falls_assessment = crate::dataset::FallsAssessment::ALL[n].code().into();
            eps.push(parse(&i, &ParseOptions::new(TODAY)).unwrap().0);
        }
    }
    assert_eq!(round_trip(&eps, &ALL), eps);
    // ICD-10-CM codes are sent under the ICD-10-CM system.
    let b = bundle(&with_ctx(&eps[..1]), &ALL);
    assert_eq!(
        of_type(&b, "Condition")[0]["code"]["coding"][0]["system"],
        ICD10_CM
    );
}

/// 2,000 synthetic episodes of six FLSs (`liaison generate --episodes 2000 --fls 6 --seed 11
/// --end 2025-12-31`, gzipped): a broad, fixed corpus without the generator in this crate.
fn corpus() -> &'static [Episode] {
    static C: OnceLock<Vec<Episode>> = OnceLock::new();
    C.get_or_init(|| {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests-data/generated-episodes.csv.gz"
        );
        let f = std::fs::File::open(path).expect("tests-data/generated-episodes.csv.gz");
        let table =
            crate::interchange::read_csv(std::io::BufReader::new(flate2::read::GzDecoder::new(f)))
                .expect("corpus header");
        let po = ParseOptions::new(TODAY);
        table
            .map(|item| match item.expect("corpus row") {
                crate::interchange::Item::Row { input, .. } => parse(&input, &po).unwrap().0,
                other => panic!("{other:?}"),
            })
            .collect()
    })
}

/// `n` episodes of the corpus, a different run for each `seed`.
fn generated(seed: u64, n: usize) -> Vec<Episode> {
    let c = corpus();
    let start = (seed as usize * 211) % (c.len() - n);
    c[start..start + n].to_vec()
}

#[test]
fn generated_episodes_round_trip() {
    for seed in [1, 2, 3] {
        let eps = generated(seed, 700);
        // One bundle of them all: order kept, patients with several episodes included.
        assert_eq!(round_trip(&eps, &ALL), eps, "seed {seed}");
        let cleared: Vec<Episode> = eps.iter().map(private_cleared).collect();
        assert_eq!(round_trip(&eps, &BundleOptions::default()), cleared);
        // And each on its own.
        for e in eps.iter().take(200) {
            assert_eq!(round_trip(std::slice::from_ref(e), &ALL), vec![e.clone()]);
        }
    }
}

#[test]
fn re_export_is_identical_and_ids_are_unique() {
    let eps = generated(7, 300);
    let ctx: Vec<(Episode, FhirContext)> = eps
        .iter()
        .map(|e| {
            (
                e.clone(),
                FhirContext {
                    fls_name: Some(format!("FLS {}", e.fls_code)),
                    last_updated: Some("2025-01-02T03:04:05Z".into()),
                },
            )
        })
        .collect();
    let a = serde_json::to_string(&bundle(&ctx, &ALL)).unwrap();
    let b = serde_json::to_string(&bundle(&ctx, &ALL)).unwrap();
    assert_eq!(a, b);
    let v: Value = serde_json::from_str(&a).unwrap();
    let mut ids = HashSet::new();
    for e in v["entry"].as_array().unwrap() {
        let id = e["resource"]["id"].as_str().unwrap();
        assert!(ids.insert(id.to_string()), "duplicate id {id}");
        assert_eq!(e["fullUrl"], format!("urn:uuid:{id}"));
        assert_eq!(e["resource"]["meta"]["lastUpdated"], "2025-01-02T03:04:05Z");
    }
    // Ids depend on the episode key, not on the other episodes in the bundle.
    let alone = bundle(&ctx[5..6], &ALL);
    let cond = |b: &Value| {
        of_type(b, "Condition")
            .iter()
            .find(|c| {
                c.get("extension")
                    .is_some_and(|x| x[0]["url"] != OCCURRED_FOLLOWING)
            })
            .map(|c| c["id"].clone())
    };
    let all_conditions: HashSet<String> = of_type(&v, "Condition")
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect();
    assert!(all_conditions.contains(cond(&alone).unwrap().as_str().unwrap()));
    // References resolve inside the bundle.
    for r in resources(&v) {
        for key in ["subject", "encounter"] {
            if let Some(reference) = r.get(key).and_then(|x| x["reference"].as_str()) {
                assert!(
                    ids.contains(reference.trim_start_matches("urn:uuid:")),
                    "{reference}"
                );
            }
        }
    }
}

#[test]
fn contact_and_notes_leave_only_when_asked() {
    let e = full();
    let b = bundle(
        &with_ctx(std::slice::from_ref(&e)),
        &BundleOptions::default(),
    );
    let text = b.to_string();
    for private in [
        "O'Brien",
        "Mary Anne",
        "+44 141 555 0100",
        "Park Surgery",
        "Lives alone",
    ] {
        assert!(!text.contains(private), "{private} leaked");
    }
    let p = of_type(&b, "Patient")[0];
    assert!(p.get("name").is_none() && p.get("telecom").is_none());
    assert_eq!(
        p["identifier"][0]["system"],
        "urn:liaison:fls:GB-GLA:patient"
    );
    assert_eq!(p["identifier"][0]["value"], "H123456");
    assert_eq!(p["gender"], "female");
    assert_eq!(p["deceasedDateTime"], "2025-06-01");
    let b = bundle(&with_ctx(&[e]), &ALL);
    let p = of_type(&b, "Patient")[0];
    assert_eq!(p["name"][0]["family"], "O'Brien");
    assert_eq!(p["telecom"][0]["value"], "+44 141 555 0100");
    assert_eq!(
        of_type(&b, "Condition")[0]["note"][0]["text"],
        "Lives alone.\nPrefers telephone contact."
    );
}

#[test]
fn mapping_uses_the_documented_codes() {
    let b = bundle(&with_ctx(&[full()]), &ALL);
    let obs = of_type(&b, "Observation");
    let code_of = |r: &Value| r["code"]["coding"][0]["code"].as_str().unwrap().to_string();
    let codes: Vec<String> = obs.iter().map(|r| code_of(r)).collect();
    assert_eq!(
        codes,
        [
            "38267-1",
            "38264-8",
            "t-score-femoral-neck",
            "90265-0",
            "90266-8",
            "falls-assessment",
            "residence-before",
            "high-risk"
        ]
    );
    assert_eq!(obs[0]["valueQuantity"]["code"], "{T-score}");
    assert_eq!(obs[0]["valueQuantity"]["value"], -2.7);
    assert_eq!(obs[2]["code"]["coding"][1]["code"], "38263-0");
    assert_eq!(obs[3]["valueQuantity"]["code"], "%");
    let cond = &of_type(&b, "Condition")[0];
    assert_eq!(cond["code"]["coding"][0]["system"], ICD10);
    assert_eq!(cond["code"]["coding"][0]["code"], "S32.0");
    assert_eq!(cond["onsetDateTime"], "2024-03-10");
    let enc = of_type(&b, "Encounter");
    assert_eq!(enc.len(), 3);
    assert_eq!(enc[0]["class"]["code"], "IMP");
    assert_eq!(enc[0]["period"]["start"], "2024-03-20");
    let mr = &of_type(&b, "MedicationRequest")[0];
    assert_eq!(mr["intent"], "proposal");
    assert_eq!(
        mr["medicationCodeableConcept"]["coding"][0]["system"],
        ATC_SYSTEM
    );
    assert_eq!(
        mr["medicationCodeableConcept"]["coding"][0]["display"],
        "zoledronic acid"
    );
    let ms = of_type(&b, "MedicationStatement");
    assert_eq!(ms[0]["effectivePeriod"]["start"], "2024-04-15");
    assert_eq!(ms[1]["status"], "active");
    let refr = &of_type(&b, "Condition")[1];
    assert_eq!(
        refr["extension"][0]["valueReference"]["reference"],
        format!("urn:uuid:{}", cond["id"].as_str().unwrap())
    );
}

#[test]
fn one_patient_per_person_unless_the_episodes_disagree() {
    let a = full();
    // A later fracture of the same person, with the same patient data.
    let b = Episode {
        fls_code: a.fls_code.clone(),
        patient_ref: a.patient_ref.clone(),
        fracture_date: date!(2025 - 02 - 01),
        sex: a.sex,
        birth_date: a.birth_date,
        death_date: a.death_date,
        family_name: a.family_name.clone(),
        given_names: a.given_names.clone(),
        phone: a.phone.clone(),
        primary_care_contact: a.primary_care_contact.clone(),
        ..minimal()
    };
    let same = bundle(&with_ctx(&[a.clone(), b.clone()]), &ALL);
    assert_eq!(of_type(&same, "Patient").len(), 1);
    // A different phone on the second episode: its own Patient, same identifier.
    let mut c = b.clone();
    c.phone = "+44 141 555 0199".into();
    let eps = [a.clone(), c.clone()];
    let differ = bundle(&with_ctx(&eps), &ALL);
    let p = of_type(&differ, "Patient");
    assert_eq!(p.len(), 2);
    assert_eq!(p[0]["identifier"], p[1]["identifier"]);
    assert_eq!(round_trip(&eps, &ALL), eps.to_vec());
    // Without contact fields they agree again.
    let lean = bundle(&with_ctx(&eps), &BundleOptions::default());
    assert_eq!(of_type(&lean, "Patient").len(), 1);
}

#[test]
fn empty_bundle() {
    let b = bundle(&[], &ALL);
    assert_eq!(b, json!({ "resourceType": "Bundle", "type": "collection" }));
    assert_eq!(episodes_from_bundle(&b).unwrap(), vec![]);
}

fn errors(b: &Value) -> Vec<(String, String, &'static str)> {
    episodes_from_bundle(b)
        .unwrap_err()
        .into_iter()
        .map(|e| (e.field, e.value, e.rule))
        .collect()
}

fn find_mut<'a>(b: &'a mut Value, ty: &str) -> &'a mut Value {
    b["entry"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .map(|e| &mut e["resource"])
        .find(|r| r["resourceType"] == ty)
        .unwrap()
}

#[test]
fn import_errors_name_the_resource_and_the_element() {
    assert_eq!(
        errors(&json!({ "resourceType": "Patient" })),
        [(
            "Bundle.resourceType".into(),
            "Patient".into(),
            "fhir_structure"
        )]
    );
    let good = bundle(&with_ctx(&[full()]), &ALL);
    let id_of = |b: &Value, ty: &str| {
        let r = of_type(b, ty)[0];
        format!("{ty}/{}", r["id"].as_str().unwrap())
    };

    let mut b = good.clone();
    find_mut(&mut b, "Patient")["gender"] = json!("F");
    assert_eq!(
        errors(&b),
        [(
            format!("{}.gender", id_of(&good, "Patient")),
            "F".into(),
            "fhir_code"
        )]
    );

    let mut b = good.clone();
    find_mut(&mut b, "Condition")
        .as_object_mut()
        .unwrap()
        .remove("onsetDateTime");
    assert_eq!(
        errors(&b),
        [(
            format!("{}.onsetDateTime", id_of(&good, "Condition")),
            "".into(),
            "fhir_missing"
        )]
    );

    let mut b = good.clone();
    find_mut(&mut b, "Observation")["valueQuantity"]["value"] = json!("-2.7");
    assert_eq!(
        errors(&b),
        [(
            format!("{}.valueQuantity.value", id_of(&good, "Observation")),
            "\"-2.7\"".into(),
            "fhir_structure"
        )]
    );

    let mut b = good.clone();
    find_mut(&mut b, "MedicationRequest")["reasonReference"][0]["reference"] =
        json!("Condition/nowhere");
    assert_eq!(
        errors(&b),
        [(
            format!("{}.reasonReference", id_of(&good, "MedicationRequest")),
            "Condition/nowhere".into(),
            "fhir_reference"
        )]
    );

    // The same field twice for one episode.
    let mut b = good.clone();
    let extra = of_type(&good, "Observation")[0].clone();
    let mut extra = extra;
    extra["id"] = json!("another");
    b["entry"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "fullUrl": "urn:uuid:another", "resource": extra }));
    let e = errors(&b);
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].0, "Observation/another.valueQuantity.value");
    assert_eq!(e[0].2, "fhir_duplicate");
}

#[test]
fn values_are_left_to_the_dataset_rules() {
    // A calendar-impossible date is FHIR-valid text; dataset::parse names the column.
    let mut b = bundle(&with_ctx(&[minimal()]), &ALL);
    find_mut(&mut b, "Patient")["birthDate"] = json!("1950-02-30");
    let i = episodes_from_bundle(&b).unwrap();
    let err = parse(&i[0], &ParseOptions::new(TODAY)).unwrap_err();
    assert_eq!(err.0[0].field, "birth_date");
    assert_eq!(err.0[0].rule, "date_invalid");
}

#[test]
fn resources_liaison_does_not_map_are_left_out() {
    let mut b = bundle(&with_ctx(&[minimal()]), &ALL);
    b["entry"].as_array_mut().unwrap().push(json!({
        "fullUrl": "urn:uuid:x",
        "resource": { "resourceType": "Observation", "id": "x", "status": "final",
                      "code": { "coding": [{ "system": LOINC, "code": "29463-7" }] } }
    }));
    assert_eq!(episodes_from_bundle(&b).unwrap().len(), 1);
}

// ---- Validation against the HL7 R4 JSON Schema ----

const SCHEMA_GZ: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests-data/fhir.schema.json.gz"
);

/// The schema with the two definitions Medplum's copy lacks.
fn schema() -> &'static Value {
    static S: OnceLock<Value> = OnceLock::new();
    S.get_or_init(|| {
        let f = std::fs::File::open(SCHEMA_GZ).expect("tests-data/fhir.schema.json.gz");
        let mut s: Value = serde_json::from_reader(flate2::read::GzDecoder::new(f)).unwrap();
        let defs = s["definitions"].as_object_mut().unwrap();
        defs.entry("Resource")
            .or_insert(json!({ "$ref": "#/definitions/ResourceList" }));
        defs.entry("integer64")
            .or_insert(json!({ "type": "string", "pattern": "^[0]|[-+]?[1-9][0-9]*$" }));
        s
    })
}

fn validator(ty: &str) -> &'static jsonschema::Validator {
    static V: OnceLock<std::sync::Mutex<HashMap<String, &'static jsonschema::Validator>>> =
        OnceLock::new();
    let map = V.get_or_init(Default::default);
    let mut map = map.lock().unwrap();
    map.entry(ty.to_string()).or_insert_with(|| {
        let mut s = schema().clone();
        let o = s.as_object_mut().unwrap();
        o.remove("oneOf");
        o.remove("discriminator");
        o.insert("$ref".into(), json!(format!("#/definitions/{ty}")));
        Box::leak(Box::new(
            jsonschema::draft6::new(&s).expect("schema compiles"),
        ))
    })
}

fn schema_errors(r: &Value) -> Vec<String> {
    let ty = r["resourceType"].as_str().unwrap();
    validator(ty)
        .iter_errors(r)
        .map(|e| format!("{ty} {}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn every_resource_validates_against_the_r4_schema() {
    let mut eps = vec![full(), minimal()];
    eps.extend(generated(11, 400));
    let b = bundle(&with_ctx(&eps), &ALL);
    let mut n = 0;
    for r in resources(&b) {
        let e = schema_errors(r);
        assert!(e.is_empty(), "{e:?}\n{r:#}");
        n += 1;
    }
    assert!(n > 3000, "{n} resources");
    // The Bundle itself, with its resources inside, on a smaller set.
    let b = bundle(&with_ctx(&eps[..20]), &ALL);
    assert!(validator("Bundle").is_valid(&b));
}

#[test]
fn the_validator_rejects_what_fhir_forbids() {
    let b = bundle(&with_ctx(&[full()]), &ALL);
    let p = of_type(&b, "Patient")[0].clone();
    assert!(schema_errors(&p).is_empty());
    let mut bad = p.clone();
    bad["gender"] = json!("F");
    assert!(!schema_errors(&bad).is_empty());
    let mut bad = p.clone();
    bad["birthDate"] = json!("01/03/1950");
    assert!(!schema_errors(&bad).is_empty());
    let mut bad = of_type(&b, "Observation")[0].clone();
    bad["status"] = json!("done");
    assert!(!schema_errors(&bad).is_empty());
    let mut bad = p;
    bad["shoeSize"] = json!(42);
    assert!(!schema_errors(&bad).is_empty());
}

/// The schema leaves some required bindings out (Procedure, MedicationRequest and
/// MedicationStatement `status` are plain codes there): check them against the R4 value sets.
#[test]
fn statuses_are_in_the_r4_value_sets() {
    let sets: &[(&str, &str, &[&str])] = &[
        (
            "Procedure",
            "status",
            &[
                "preparation",
                "in-progress",
                "not-done",
                "on-hold",
                "stopped",
                "completed",
                "entered-in-error",
                "unknown",
            ],
        ),
        (
            "MedicationRequest",
            "status",
            &[
                "active",
                "on-hold",
                "cancelled",
                "completed",
                "entered-in-error",
                "stopped",
                "draft",
                "unknown",
            ],
        ),
        (
            "MedicationRequest",
            "intent",
            &[
                "proposal",
                "plan",
                "order",
                "original-order",
                "reflex-order",
                "filler-order",
                "instance-order",
                "option",
            ],
        ),
        (
            "MedicationStatement",
            "status",
            &[
                "active",
                "completed",
                "entered-in-error",
                "intended",
                "stopped",
                "on-hold",
                "unknown",
                "not-taken",
            ],
        ),
    ];
    let mut eps = vec![full(), minimal()];
    eps.extend(generated(5, 400));
    let b = bundle(&with_ctx(&eps), &ALL);
    let mut seen = HashSet::new();
    for r in resources(&b) {
        for (ty, element, allowed) in sets {
            if r["resourceType"] == *ty {
                let v = r[*element]
                    .as_str()
                    .unwrap_or_else(|| panic!("{ty}.{element} missing"));
                assert!(allowed.contains(&v), "{ty}.{element} = {v}");
                seen.insert(format!("{ty}.{element}={v}"));
            }
        }
    }
    assert!(seen.len() >= 8, "{seen:?}");
}
