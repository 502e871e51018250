//! The HL7 FHIR R4 (4.0.1) mapping of the patient dataset (`docs/dataset.md`): a
//! `collection` Bundle out of episodes ([`bundle`]) and the same data back as dataset strings
//! ([`episodes_from_bundle`]), which the caller validates with [`crate::dataset::parse`] like
//! every other way in. Export then import is a round trip for every field exported.
//!
//! The mapping table, the codes and their sources are in `docs/fhir.md`. In short:
//! Patient; the sentinel fracture as a Condition (the anchor of the episode: every other
//! resource of the episode points at it); the FLS assessment and the follow-ups as Encounters;
//! DXA and strength-and-balance as Procedures; T-scores (LOINC), FRAX (LOINC) and the falls
//! assessment as Observations; the AOM recommendation as a MedicationRequest (intent
//! `proposal`); AOM started and AOM at 52 weeks as MedicationStatements; a refracture as a
//! second Condition that `condition-occurredFollowing` the sentinel one.
//!
//! Ids are name-based UUIDs (version 5, SHA-1) of the episode key, so exporting the same data
//! twice gives the same bytes. Contact fields and notes never leave the FLS unless the caller
//! asks for them ([`BundleOptions`]).

mod read;
mod v2;

pub use read::episodes_from_bundle;

use crate::dataset::{
    AomRecommendation, DxaStatus, Episode, FractureSite, LifestyleAdvice, SecondaryCausesScreen,
    Setting, Sex, YesNo, YesNoUnknown, atc_name,
};
use serde_json::{Map, Value, json};
use sha1::{Digest, Sha1};
use std::collections::HashMap;
use time::Date;

/// FHIR version of every resource written.
pub const FHIR_VERSION: &str = "4.0.1";

pub const LOINC: &str = "http://loinc.org";
pub const UCUM: &str = "http://unitsofmeasure.org";
pub const ICD10: &str = "http://hl7.org/fhir/sid/icd-10";
pub const ICD10_CM: &str = "http://hl7.org/fhir/sid/icd-10-cm";
pub const ATC_SYSTEM: &str = "http://www.whocc.no/atc";
pub const ACT_CODE: &str = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
pub const CONDITION_CATEGORY: &str = "http://terminology.hl7.org/CodeSystem/condition-category";
pub const CONDITION_VER_STATUS: &str = "http://terminology.hl7.org/CodeSystem/condition-ver-status";
pub const OBSERVATION_CATEGORY: &str = "http://terminology.hl7.org/CodeSystem/observation-category";
pub const OCCURRED_FOLLOWING: &str =
    "http://hl7.org/fhir/StructureDefinition/condition-occurredFollowing";

/// Liaison's own code systems and extensions. `urn:` names: Liaison publishes no web site that
/// would resolve them; they only need to be globally unique and stable.
pub const CS_FRACTURE_SITE: &str = "urn:liaison:fhir:CodeSystem:fracture-site";
pub const CS_SPINE_DETECTION: &str = "urn:liaison:fhir:CodeSystem:spine-detection";
pub const CS_SETTING: &str = "urn:liaison:fhir:CodeSystem:setting";
pub const CS_IDENTIFICATION_ROUTE: &str = "urn:liaison:fhir:CodeSystem:identification-route";
pub const CS_DXA_STATUS: &str = "urn:liaison:fhir:CodeSystem:dxa-status";
pub const CS_FALLS_ASSESSMENT: &str = "urn:liaison:fhir:CodeSystem:falls-assessment";
pub const CS_AOM_RECOMMENDATION: &str = "urn:liaison:fhir:CodeSystem:aom-recommendation";
pub const CS_AOM_AT_52_WEEKS: &str = "urn:liaison:fhir:CodeSystem:aom-at-52-weeks";
pub const CS_CLOSED_REASON: &str = "urn:liaison:fhir:CodeSystem:closed-reason";
/// Dataset version 2 (`fhir/v2.rs`): residence codes and the statusReason of the two
/// Procedures that are not done.
pub const CS_RESIDENCE: &str = "urn:liaison:fhir:CodeSystem:residence";
pub const CS_SECONDARY_CAUSES_SCREEN: &str = "urn:liaison:fhir:CodeSystem:secondary-causes-screen";
pub const CS_LIFESTYLE_ADVICE: &str = "urn:liaison:fhir:CodeSystem:lifestyle-advice";
/// Concepts with no standard code Liaison is sure of: procedures, encounter types, the
/// femoral-neck T-score, the falls assessment, the AOM statements, "any AOM".
pub const CS_LIAISON: &str = "urn:liaison:fhir:CodeSystem:concept";
pub const EXT_SPINE_DETECTION: &str = "urn:liaison:fhir:StructureDefinition:spine-detection";
pub const EXT_SETTING: &str = "urn:liaison:fhir:StructureDefinition:setting";
pub const EXT_IDENTIFICATION: &str = "urn:liaison:fhir:StructureDefinition:identification";
/// The FLS stopped following the episode (dataset version 2): `date` and `reason`.
pub const EXT_CLOSED: &str = "urn:liaison:fhir:StructureDefinition:closed";
/// The system of FLS codes (logical references to the FLS as an Organization).
pub const FLS_SYSTEM: &str = "urn:liaison:fls";

/// The system URI of an FLS's patient identifiers (`patient_ref`).
pub fn patient_system(fls_code: &str) -> String {
    format!("{FLS_SYSTEM}:{fls_code}:patient")
}

/// LOINC codes (sources in docs/fhir.md).
pub const LOINC_T_LUMBAR_SPINE: (&str, &str) =
    ("38267-1", "DXA Lumbar spine [T-score] Bone density");
pub const LOINC_T_HIP: (&str, &str) = ("38264-8", "DXA Hip [T-score] Bone density");
/// LOINC has no femoral-neck T-score: its femur code is sent beside Liaison's precise code.
pub const LOINC_T_FEMUR: (&str, &str) = ("38263-0", "DXA Femur [T-score] Bone density");
pub const LOINC_FRAX_MAJOR: (&str, &str) = (
    "90265-0",
    "Major osteoporotic fracture 10-year probability [Likelihood] Fracture Risk Assessment",
);
pub const LOINC_FRAX_HIP: (&str, &str) = (
    "90266-8",
    "Hip fracture 10-year probability [Likelihood] Fracture Risk Assessment",
);

/// Liaison concept codes ([`CS_LIAISON`]).
pub mod concept {
    pub const FLS_ASSESSMENT: &str = "fls-assessment";
    pub const FIRST_FOLLOWUP: &str = "first-followup";
    pub const SECOND_FOLLOWUP: &str = "second-followup";
    pub const DXA: &str = "dxa";
    pub const STRENGTH_BALANCE: &str = "strength-balance";
    pub const T_FEMORAL_NECK: &str = "t-score-femoral-neck";
    pub const FALLS_ASSESSMENT: &str = "falls-assessment";
    pub const AOM: &str = "aom";
    pub const AOM_STARTED: &str = "aom-started";
    pub const AOM_AT_52_WEEKS: &str = "aom-at-52-weeks";
    // Dataset version 2.
    pub const RESIDENCE_BEFORE: &str = "residence-before";
    pub const HIGH_RISK: &str = "high-risk";
    pub const SECONDARY_CAUSES_SCREEN: &str = "secondary-causes-screen";
    pub const LIFESTYLE_ADVICE: &str = "lifestyle-advice";
    pub const PRIMARY_CARE_LETTER: &str = "primary-care-letter";
}

/// What the registry knows about an episode beyond the dataset.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FhirContext {
    /// The FLS's name, shown beside its code in `Patient.managingOrganization`.
    pub fls_name: Option<String>,
    /// When the episode last changed (RFC 3339 instant, e.g. `2025-03-01T10:00:00Z`), written
    /// as `meta.lastUpdated` of the episode's resources. From the store, not the clock, so a
    /// re-export of unchanged data is identical.
    pub last_updated: Option<String>,
}

/// What a bundle contains beyond the clinical data.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BundleOptions {
    /// Names, phone and primary care contact. These never leave the FLS: set only for an
    /// export to the FLS itself.
    pub include_contact: bool,
    /// Free-text notes (as `Condition.note`). Never exported outside the FLS.
    pub include_notes: bool,
}

/// A name-based UUID (RFC 4122 version 5, SHA-1) in Liaison's namespace.
fn uuid5(name: &str) -> String {
    // Namespace: uuid5(NAMESPACE_URL, "urn:liaison:fhir"), fixed once.
    const NS: [u8; 16] = [
        0x3b, 0x5e, 0x0c, 0x8d, 0x51, 0x2a, 0x5f, 0x41, 0x9c, 0x07, 0x6e, 0x0a, 0x2b, 0xd4, 0x11,
        0x7c,
    ];
    let mut h = Sha1::new();
    h.update(NS);
    h.update(name.as_bytes());
    let d = h.finalize();
    let mut b = [0u8; 16];
    b.copy_from_slice(&d[..16]);
    b[6] = (b[6] & 0x0f) | 0x50;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// The id of one resource of an episode: the kind of resource and the episode key.
fn episode_id(kind: &str, e: &Episode) -> String {
    uuid5(&format!(
        "{kind}\u{0}{}\u{0}{}\u{0}{}",
        e.fls_code, e.patient_ref, e.fracture_date
    ))
}

fn iso(d: Date) -> String {
    d.to_string()
}

fn coding(system: &str, code: &str, display: Option<&str>) -> Value {
    json!({ "system": system, "code": code, "display": display })
}

fn concept(system: &str, code: &str, display: Option<&str>) -> Value {
    json!({ "coding": [coding(system, code, display)] })
}

fn reference(id: &str) -> Value {
    json!({ "reference": format!("urn:uuid:{id}") })
}

/// Drop nulls, empty strings, arrays and objects: FHIR allows none of them.
fn prune(v: Value) -> Option<Value> {
    match v {
        Value::Null => None,
        Value::String(s) if s.is_empty() => None,
        Value::Array(a) => {
            let a: Vec<Value> = a.into_iter().filter_map(prune).collect();
            (!a.is_empty()).then_some(Value::Array(a))
        }
        Value::Object(o) => {
            let o: Map<String, Value> = o
                .into_iter()
                .filter_map(|(k, v)| prune(v).map(|v| (k, v)))
                .collect();
            (!o.is_empty()).then_some(Value::Object(o))
        }
        v => Some(v),
    }
}

fn site_display(s: FractureSite) -> &'static str {
    match s {
        FractureSite::Hip => "Hip",
        FractureSite::Spine => "Spine (vertebra)",
        FractureSite::Wrist => "Wrist (distal forearm)",
        FractureSite::Humerus => "Humerus",
        FractureSite::Pelvis => "Pelvis",
        FractureSite::FemurOther => "Femur, other than hip",
        FractureSite::TibiaFibula => "Tibia and fibula",
        FractureSite::Ankle => "Ankle",
        FractureSite::Rib => "Rib",
        FractureSite::Clavicle => "Clavicle",
        FractureSite::Other => "Other site",
    }
}

/// The ICD-10 edition a code belongs to: more than two characters after the dot, or a letter
/// there, is an ICD-10-CM code (e.g. `S72.001A`).
pub fn icd10_system(code: &str) -> &'static str {
    match code.split_once('.') {
        Some((_, tail)) if tail.len() > 2 || tail.chars().any(|c| c.is_ascii_alphabetic()) => {
            ICD10_CM
        }
        _ => ICD10,
    }
}

fn atc_concept(code: &str) -> Value {
    json!({
        "coding": [coding(ATC_SYSTEM, code, atc_name(code))],
        "text": atc_name(code),
    })
}

fn any_aom() -> Value {
    json!({
        "coding": [coding(CS_LIAISON, concept::AOM, Some("Anti-osteoporosis medication"))],
        "text": "Anti-osteoporosis medication",
    })
}

/// Writes the resources of one episode.
struct Writer<'a> {
    e: &'a Episode,
    ctx: &'a FhirContext,
    o: &'a BundleOptions,
    patient: String,
    condition: String,
    encounter: String,
    out: Vec<Value>,
}

impl Writer<'_> {
    fn push(&mut self, mut r: Value) {
        if let (Some(lu), Some(obj)) = (&self.ctx.last_updated, r.as_object_mut()) {
            obj.insert("meta".into(), json!({ "lastUpdated": lu }));
        }
        if let Some(r) = prune(r) {
            self.out.push(r);
        }
    }

    fn subject(&self) -> Value {
        reference(&self.patient)
    }

    fn condition(&mut self) {
        let e = self.e;
        let mut codings = Vec::new();
        if let Some(icd) = &e.fracture_icd10 {
            codings.push(coding(icd10_system(icd), icd, None));
        }
        let site = e.fracture_site;
        codings.push(coding(
            CS_FRACTURE_SITE,
            site.code(),
            Some(site_display(site)),
        ));
        let mut ext = Vec::new();
        if let Some(sd) = e.spine_detection {
            ext.push(json!({ "url": EXT_SPINE_DETECTION, "valueCode": sd.code() }));
        }
        ext.push(json!({ "url": EXT_SETTING, "valueCode": e.setting.code() }));
        let note =
            (self.o.include_notes && !e.notes.is_empty()).then(|| json!([{ "text": e.notes }]));
        self.push(json!({
            "resourceType": "Condition",
            "id": self.condition,
            "extension": ext,
            "verificationStatus": concept(CONDITION_VER_STATUS, "confirmed", Some("Confirmed")),
            "category": [concept(CONDITION_CATEGORY, "encounter-diagnosis", Some("Encounter Diagnosis"))],
            "code": { "coding": codings, "text": format!("Fragility fracture: {}", site_display(site)) },
            "bodySite": [concept(CS_FRACTURE_SITE, site.code(), Some(site_display(site)))],
            "subject": self.subject(),
            "encounter": reference(&self.encounter),
            "onsetDateTime": iso(e.fracture_date),
            "note": note,
        }));
    }

    fn encounters(&mut self) {
        let e = self.e;
        let class = match e.setting {
            Setting::Inpatient => coding(ACT_CODE, "IMP", Some("inpatient encounter")),
            Setting::Outpatient => coding(ACT_CODE, "AMB", Some("ambulatory")),
        };
        let mut ident = Vec::new();
        if let Some(d) = e.identified_date {
            ident.push(json!({ "url": "date", "valueDate": iso(d) }));
        }
        if let Some(r) = e.identification_route {
            ident.push(json!({
                "url": "route",
                "valueCoding": coding(CS_IDENTIFICATION_ROUTE, r.code(), None),
            }));
        }
        let mut ext = Vec::new();
        if !ident.is_empty() {
            ext.push(json!({ "url": EXT_IDENTIFICATION, "extension": ident }));
        }
        let mut closed = Vec::new();
        if let Some(d) = e.closed_date {
            closed.push(json!({ "url": "date", "valueDate": iso(d) }));
        }
        if let Some(r) = e.closed_reason {
            closed.push(json!({
                "url": "reason",
                "valueCoding": coding(CS_CLOSED_REASON, r.code(), None),
            }));
        }
        if !closed.is_empty() {
            ext.push(json!({ "url": EXT_CLOSED, "extension": closed }));
        }
        let ext = (!ext.is_empty()).then_some(ext);
        let reason = json!([reference(&self.condition)]);
        self.push(json!({
            "resourceType": "Encounter",
            "id": self.encounter,
            "extension": ext,
            // Without an assessment date the FLS may not have seen the patient yet.
            "status": if e.fls_assessment_date.is_some() { "finished" } else { "unknown" },
            "class": class,
            "type": [concept(CS_LIAISON, concept::FLS_ASSESSMENT, Some("Fracture liaison service assessment"))],
            "subject": self.subject(),
            "period": { "start": e.fls_assessment_date.map(iso) },
            "reasonReference": reason,
        }));
        for (kind, date, display) in [
            (
                concept::FIRST_FOLLOWUP,
                e.first_followup_date,
                "FLS follow-up at about 16 weeks",
            ),
            (
                concept::SECOND_FOLLOWUP,
                e.second_followup_date,
                "FLS follow-up at about 52 weeks",
            ),
        ] {
            let Some(d) = date else { continue };
            self.push(json!({
                "resourceType": "Encounter",
                "id": episode_id(kind, e),
                "status": "finished",
                "class": coding(ACT_CODE, "AMB", Some("ambulatory")),
                "type": [concept(CS_LIAISON, kind, Some(display))],
                "subject": self.subject(),
                "period": { "start": iso(d) },
                "reasonReference": reason,
                "partOf": reference(&self.encounter),
            }));
        }
    }

    fn dxa(&mut self) {
        let e = self.e;
        let Some(status) = e.dxa_status else { return };
        let dxa = episode_id("dxa", e);
        let (fhir_status, reason) = match status {
            DxaStatus::Done => ("completed", Value::Null),
            s => ("not-done", concept(CS_DXA_STATUS, s.code(), None)),
        };
        self.push(json!({
            "resourceType": "Procedure",
            "id": dxa,
            "status": fhir_status,
            "statusReason": reason,
            "code": concept(CS_LIAISON, concept::DXA, Some("Bone densitometry by DXA")),
            "subject": self.subject(),
            "performedDateTime": e.dxa_date.map(iso),
            "reasonReference": [reference(&self.condition)],
        }));
        let t_scores = [
            (
                "t-lumbar-spine",
                e.t_score_lumbar_spine,
                vec![coding(
                    LOINC,
                    LOINC_T_LUMBAR_SPINE.0,
                    Some(LOINC_T_LUMBAR_SPINE.1),
                )],
            ),
            (
                "t-total-hip",
                e.t_score_total_hip,
                vec![coding(LOINC, LOINC_T_HIP.0, Some(LOINC_T_HIP.1))],
            ),
            (
                "t-femoral-neck",
                e.t_score_femoral_neck,
                vec![
                    coding(
                        CS_LIAISON,
                        concept::T_FEMORAL_NECK,
                        Some("DXA Femoral neck [T-score] Bone density"),
                    ),
                    coding(LOINC, LOINC_T_FEMUR.0, Some(LOINC_T_FEMUR.1)),
                ],
            ),
        ];
        for (kind, v, codings) in t_scores {
            let Some(v) = v else { continue };
            self.push(json!({
                "resourceType": "Observation",
                "id": episode_id(kind, e),
                "partOf": [reference(&dxa)],
                "status": "final",
                "category": [concept(OBSERVATION_CATEGORY, "imaging", Some("Imaging"))],
                "code": { "coding": codings },
                "subject": self.subject(),
                "encounter": reference(&self.encounter),
                "effectiveDateTime": e.dxa_date.map(iso),
                "valueQuantity": { "value": v, "unit": "T-score", "system": UCUM, "code": "{T-score}" },
            }));
        }
    }

    fn assessments(&mut self) {
        let e = self.e;
        let effective = e.fls_assessment_date.map(iso);
        for (kind, v, code) in [
            ("frax-major", e.frax_major_pct, LOINC_FRAX_MAJOR),
            ("frax-hip", e.frax_hip_pct, LOINC_FRAX_HIP),
        ] {
            let Some(v) = v else { continue };
            self.push(json!({
                "resourceType": "Observation",
                "id": episode_id(kind, e),
                "status": "final",
                "category": [concept(OBSERVATION_CATEGORY, "survey", Some("Survey"))],
                "code": concept(LOINC, code.0, Some(code.1)),
                "subject": self.subject(),
                "encounter": reference(&self.encounter),
                "effectiveDateTime": effective,
                "valueQuantity": { "value": v, "unit": "%", "system": UCUM, "code": "%" },
            }));
        }
        if let Some(f) = e.falls_assessment {
            self.push(json!({
                "resourceType": "Observation",
                "id": episode_id("falls", e),
                "status": "final",
                "code": concept(CS_LIAISON, concept::FALLS_ASSESSMENT, Some("Falls risk assessment")),
                "subject": self.subject(),
                "encounter": reference(&self.encounter),
                "effectiveDateTime": effective,
                "valueCodeableConcept": concept(CS_FALLS_ASSESSMENT, f.code(), None),
            }));
        }
    }

    fn medication(&mut self) {
        let e = self.e;
        if let Some(rec) = e.aom_recommendation {
            let medication = e
                .aom_recommended_atc
                .as_deref()
                .map(atc_concept)
                .unwrap_or_else(any_aom);
            // Not indicated or contraindicated: the FLS advises against AOM. Declined: the
            // patient did not accept the recommendation.
            let (status, do_not_perform) = match rec {
                AomRecommendation::Recommended | AomRecommendation::Continue => ("active", None),
                AomRecommendation::NotIndicated | AomRecommendation::Contraindicated => {
                    ("active", Some(true))
                }
                AomRecommendation::Declined => ("cancelled", None),
            };
            let status_reason = (rec == AomRecommendation::Declined)
                .then(|| concept(CS_AOM_RECOMMENDATION, rec.code(), None));
            self.push(json!({
                "resourceType": "MedicationRequest",
                "id": episode_id("aom-recommendation", e),
                "status": status,
                "statusReason": status_reason,
                "intent": "proposal",
                "category": [concept(CS_AOM_RECOMMENDATION, rec.code(), None)],
                "doNotPerform": do_not_perform,
                "medicationCodeableConcept": medication,
                "subject": self.subject(),
                "encounter": reference(&self.encounter),
                "authoredOn": e.fls_assessment_date.map(iso),
                "reasonReference": [reference(&self.condition)],
            }));
        }
        if let (Some(d), Some(atc)) = (e.aom_start_date, &e.aom_start_atc) {
            self.push(json!({
                "resourceType": "MedicationStatement",
                "id": episode_id("aom-started", e),
                "status": "active",
                "category": concept(CS_LIAISON, concept::AOM_STARTED, Some("Anti-osteoporosis medication started")),
                "medicationCodeableConcept": atc_concept(atc),
                "subject": self.subject(),
                "effectivePeriod": { "start": iso(d) },
                "reasonReference": [reference(&self.condition)],
            }));
        }
        if let Some(w) = e.aom_at_52_weeks {
            let status = match w {
                YesNoUnknown::Yes => "active",
                YesNoUnknown::No => "not-taken",
                YesNoUnknown::Unknown => "unknown",
            };
            self.push(json!({
                "resourceType": "MedicationStatement",
                "id": episode_id("aom-52-weeks", e),
                "status": status,
                "statusReason": [concept(CS_AOM_AT_52_WEEKS, w.code(), None)],
                "category": concept(CS_LIAISON, concept::AOM_AT_52_WEEKS, Some("Anti-osteoporosis medication at 52 weeks")),
                "medicationCodeableConcept": any_aom(),
                "subject": self.subject(),
                "effectiveDateTime": e.second_followup_date.map(iso),
                "reasonReference": [reference(&self.condition)],
            }));
        }
    }

    fn strength_balance(&mut self) {
        let e = self.e;
        let Some(d) = e.strength_balance_date else {
            return;
        };
        self.push(json!({
            "resourceType": "Procedure",
            "id": episode_id("strength-balance", e),
            // The registry records the start; whether the programme was completed is not known.
            "status": "unknown",
            "code": concept(CS_LIAISON, concept::STRENGTH_BALANCE, Some("Strength and balance exercise programme")),
            "subject": self.subject(),
            "performedPeriod": { "start": iso(d) },
            "reasonReference": [reference(&self.condition)],
        }));
    }

    fn refracture(&mut self) {
        let e = self.e;
        let (Some(d), Some(site)) = (e.refracture_date, e.refracture_site) else {
            return;
        };
        self.push(json!({
            "resourceType": "Condition",
            "id": episode_id("refracture", e),
            "extension": [{ "url": OCCURRED_FOLLOWING, "valueReference": reference(&self.condition) }],
            "verificationStatus": concept(CONDITION_VER_STATUS, "confirmed", Some("Confirmed")),
            "code": {
                "coding": [coding(CS_FRACTURE_SITE, site.code(), Some(site_display(site)))],
                "text": format!("Refracture: {}", site_display(site)),
            },
            "bodySite": [concept(CS_FRACTURE_SITE, site.code(), Some(site_display(site)))],
            "subject": self.subject(),
            "onsetDateTime": iso(d),
        }));
    }
}

fn gender(s: Sex) -> &'static str {
    match s {
        Sex::F => "female",
        Sex::M => "male",
        Sex::X => "other",
        Sex::U => "unknown",
    }
}

fn patient(e: &Episode, ctx: &FhirContext, o: &BundleOptions, id: &str) -> Value {
    let contact = o.include_contact;
    let name = (contact && !(e.family_name.is_empty() && e.given_names.is_empty())).then(|| {
        json!([{
            "family": e.family_name,
            "given": [e.given_names],
        }])
    });
    let telecom =
        (contact && !e.phone.is_empty()).then(|| json!([{ "system": "phone", "value": e.phone }]));
    let gp = (contact && !e.primary_care_contact.is_empty())
        .then(|| json!([{ "display": e.primary_care_contact }]));
    let mut r = json!({
        "resourceType": "Patient",
        "id": id,
        "identifier": [{ "system": patient_system(&e.fls_code), "value": e.patient_ref }],
        "name": name,
        "telecom": telecom,
        "gender": gender(e.sex),
        "birthDate": iso(e.birth_date),
        "deceasedDateTime": e.death_date.map(iso),
        "generalPractitioner": gp,
        "managingOrganization": {
            "identifier": { "system": FLS_SYSTEM, "value": e.fls_code },
            "display": ctx.fls_name,
        },
    });
    if let (Some(lu), Some(obj)) = (&ctx.last_updated, r.as_object_mut()) {
        obj.insert("meta".into(), json!({ "lastUpdated": lu }));
    }
    prune(r).unwrap_or(Value::Null)
}

/// A FHIR R4 `collection` Bundle of the episodes, in their order. A patient with several
/// episodes has one Patient resource, unless the episodes disagree on the patient's data (sex,
/// birth, death, contact): then each such episode has its own Patient, with the same
/// identifier, so that every episode reads back exactly as it was.
pub fn bundle(episodes: &[(Episode, FhirContext)], o: &BundleOptions) -> Value {
    let mut entries: Vec<Value> = Vec::new();
    let mut patients: HashMap<String, Value> = HashMap::new();
    for (e, ctx) in episodes {
        let shared = uuid5(&format!("patient\u{0}{}\u{0}{}", e.fls_code, e.patient_ref));
        let p = patient(e, ctx, o, &shared);
        let patient_id = match patients.get(&shared) {
            Some(known) if *known == p => shared,
            Some(_) => {
                let own = episode_id("patient", e);
                entries.push(patient(e, ctx, o, &own));
                own
            }
            None => {
                patients.insert(shared.clone(), p.clone());
                entries.push(p);
                shared
            }
        };
        let mut w = Writer {
            e,
            ctx,
            o,
            patient: patient_id,
            condition: episode_id("fracture", e),
            encounter: episode_id("assessment", e),
            out: Vec::new(),
        };
        w.condition();
        w.encounters();
        w.dxa();
        w.assessments();
        w.medication();
        w.strength_balance();
        w.refracture();
        w.dataset_v2();
        entries.extend(w.out);
    }
    let entries: Vec<Value> = entries
        .into_iter()
        .map(|r| {
            let id = r["id"].as_str().unwrap_or_default().to_string();
            json!({ "fullUrl": format!("urn:uuid:{id}"), "resource": r })
        })
        .collect();
    let mut b = Map::new();
    b.insert("resourceType".into(), json!("Bundle"));
    b.insert("type".into(), json!("collection"));
    if !entries.is_empty() {
        b.insert("entry".into(), Value::Array(entries));
    }
    Value::Object(b)
}

/// The dataset's sex for a FHIR `gender`.
pub(crate) fn gender_to_sex(g: &str) -> Option<Sex> {
    Sex::ALL.iter().copied().find(|s| gender(*s) == g)
}

#[cfg(test)]
mod tests;
