//! FHIR Bundle → dataset strings. The reader finds each episode by its sentinel fracture (a
//! Condition that does not `condition-occurredFollowing` another one) and follows the
//! references back to it: Encounters, Procedures, MedicationRequests and MedicationStatements
//! by `reasonReference`, Observations by `partOf` (a DXA Procedure) or `encounter`, a
//! refracture by its extension, the Patient by `Condition.subject`.
//!
//! It checks the structure only; the values are checked by `dataset::parse`, like every other
//! way in. Resources and codes that Liaison does not map are left out.

use super::*;
use crate::dataset::{EpisodeInput, FractureSite, icd10_site};
use crate::error::FieldError;

mod v2;

type Errors = Vec<FieldError>;

struct Res<'a> {
    ty: &'a str,
    r: &'a Value,
    /// `Type/id`, or `Bundle.entry[i]` for a resource without an id: how errors name it.
    label: String,
}

impl Res<'_> {
    fn at(&self, element: &str) -> String {
        format!("{}.{element}", self.label)
    }
}

fn s<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

fn codings_of(c: &Value) -> Vec<(&str, &str)> {
    c.get("coding")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|x| Some((s(x, "system")?, s(x, "code")?)))
                .collect()
        })
        .unwrap_or_default()
}

/// Every coding of a CodeableConcept (or of a list of them), as (system, code).
fn codings(cc: &Value) -> Vec<(&str, &str)> {
    match cc {
        Value::Array(a) => a.iter().flat_map(codings_of).collect(),
        c => codings_of(c),
    }
}

fn code_in<'a>(cc: Option<&'a Value>, system: &str) -> Option<&'a str> {
    codings(cc?)
        .into_iter()
        .find(|(sys, _)| *sys == system)
        .map(|(_, c)| c)
}

/// The date of a FHIR date or dateTime (a dataset date has no time).
fn date_part(v: &str) -> String {
    v.split('T').next().unwrap_or(v).to_string()
}

fn decimal(x: f64) -> String {
    let s = format!("{x}");
    if s == "-0" { "0".into() } else { s }
}

fn ext<'a>(r: &'a Value, url: &str) -> Option<&'a Value> {
    r.get("extension")?
        .as_array()?
        .iter()
        .find(|x| s(x, "url") == Some(url))
}

/// One episode being read, with where each field came from (to report duplicates).
#[derive(Default)]
struct Draft {
    input: EpisodeInput,
    from: HashMap<&'static str, String>,
}

impl Draft {
    fn set(&mut self, errs: &mut Errors, col: &'static str, value: String, at: String) {
        if let Some(first) = self.from.get(col) {
            errs.push(FieldError::new(at, &value, "fhir_duplicate").arg("first", first));
            return;
        }
        self.input.set(col, value);
        self.from.insert(col, at);
    }
}

/// The dataset strings of every episode in a Bundle, in the order of their sentinel
/// fractures. Errors name the resource and the element (`Observation/<id>.valueQuantity`).
pub fn episodes_from_bundle(bundle: &Value) -> Result<Vec<EpisodeInput>, Vec<FieldError>> {
    let mut errs = Errors::new();
    if s(bundle, "resourceType") != Some("Bundle") {
        let got = s(bundle, "resourceType").unwrap_or("");
        return Err(vec![FieldError::new(
            "Bundle.resourceType",
            got,
            "fhir_structure",
        )]);
    }
    let empty = Vec::new();
    let entries = match bundle.get("entry") {
        None => &empty,
        Some(Value::Array(a)) => a,
        Some(_) => return Err(vec![FieldError::new("Bundle.entry", "", "fhir_structure")]),
    };
    // Index every resource by the references that may name it.
    let mut res: Vec<Res<'_>> = Vec::new();
    let mut by_ref: HashMap<String, usize> = HashMap::new();
    for (i, entry) in entries.iter().enumerate() {
        let Some(r) = entry.get("resource").filter(|r| r.is_object()) else {
            errs.push(FieldError::new(
                format!("Bundle.entry[{i}].resource"),
                "",
                "fhir_structure",
            ));
            continue;
        };
        let Some(ty) = s(r, "resourceType") else {
            errs.push(FieldError::new(
                format!("Bundle.entry[{i}].resource.resourceType"),
                "",
                "fhir_missing",
            ));
            continue;
        };
        let id = s(r, "id");
        let label = id.map_or_else(|| format!("Bundle.entry[{i}]"), |id| format!("{ty}/{id}"));
        let n = res.len();
        if let Some(full) = s(entry, "fullUrl") {
            by_ref.insert(full.to_string(), n);
        }
        if let Some(id) = id {
            by_ref.insert(format!("{ty}/{id}"), n);
            by_ref.insert(format!("urn:uuid:{id}"), n);
        }
        res.push(Res { ty, r, label });
    }
    // Resolve a Reference to a resource of one type.
    let resolve = |errs: &mut Errors, x: &Res<'_>, element: &str, v: Option<&Value>, ty: &str| {
        let reference = v.and_then(|v| s(v, "reference"))?;
        match by_ref.get(reference) {
            Some(&n) if res[n].ty == ty => Some(n),
            _ => {
                errs.push(FieldError::new(x.at(element), reference, "fhir_reference"));
                None
            }
        }
    };

    // Sentinel fractures: one episode each.
    let mut episode_of: HashMap<usize, usize> = HashMap::new();
    let mut drafts: Vec<Draft> = Vec::new();
    for (n, x) in res.iter().enumerate() {
        if x.ty == "Condition" && ext(x.r, OCCURRED_FOLLOWING).is_none() {
            episode_of.insert(n, drafts.len());
            let mut d = Draft::default();
            read_condition(&mut errs, &mut d, x);
            match resolve(&mut errs, x, "subject", x.r.get("subject"), "Patient") {
                Some(p) => read_patient(&mut errs, &mut d, &res[p]),
                None if x.r.get("subject").is_none() => {
                    errs.push(FieldError::new(x.at("subject"), "", "fhir_missing"))
                }
                None => {}
            }
            drafts.push(d);
        }
    }
    // The episode a resource belongs to, through a reference to its sentinel Condition.
    let via_reason = |errs: &mut Errors, x: &Res<'_>| -> Option<usize> {
        let reasons = x.r.get("reasonReference").and_then(Value::as_array);
        let Some(first) = reasons.and_then(|a| a.first()) else {
            errs.push(FieldError::new(x.at("reasonReference"), "", "fhir_missing"));
            return None;
        };
        let n = resolve(errs, x, "reasonReference", Some(first), "Condition")?;
        let ep = episode_of.get(&n).copied();
        if ep.is_none() {
            errs.push(FieldError::new(
                x.at("reasonReference"),
                s(first, "reference").unwrap_or(""),
                "fhir_reference",
            ));
        }
        ep
    };

    // Encounters and Procedures first: Observations point at them.
    let mut owner: HashMap<usize, usize> = HashMap::new();
    for (n, x) in res.iter().enumerate() {
        let kind = match x.ty {
            "Encounter" => code_in(x.r.get("type"), CS_LIAISON),
            "Procedure" => code_in(x.r.get("code"), CS_LIAISON),
            _ => continue,
        };
        let Some(kind) = kind else { continue };
        let known = [
            concept::FLS_ASSESSMENT,
            concept::FIRST_FOLLOWUP,
            concept::SECOND_FOLLOWUP,
            concept::DXA,
            concept::STRENGTH_BALANCE,
            concept::SECONDARY_CAUSES_SCREEN,
            concept::LIFESTYLE_ADVICE,
        ];
        if !known.contains(&kind) {
            continue;
        }
        let Some(ep) = via_reason(&mut errs, x) else {
            continue;
        };
        owner.insert(n, ep);
        let d = &mut drafts[ep];
        match (x.ty, kind) {
            ("Encounter", concept::FLS_ASSESSMENT) => read_assessment(&mut errs, d, x),
            ("Encounter", k) => {
                let col = if k == concept::FIRST_FOLLOWUP {
                    "first_followup_date"
                } else {
                    "second_followup_date"
                };
                match x.r.get("period").and_then(|p| s(p, "start")) {
                    Some(v) => d.set(&mut errs, col, date_part(v), x.at("period.start")),
                    None => errs.push(FieldError::new(x.at("period.start"), "", "fhir_missing")),
                }
            }
            ("Procedure", concept::DXA) => read_dxa(&mut errs, d, x),
            ("Procedure", k @ (concept::SECONDARY_CAUSES_SCREEN | concept::LIFESTYLE_ADVICE)) => {
                v2::read_procedure(&mut errs, d, x, k)
            }
            ("Procedure", concept::STRENGTH_BALANCE) => {
                let start =
                    x.r.get("performedPeriod")
                        .and_then(|p| s(p, "start"))
                        .or_else(|| s(x.r, "performedDateTime"));
                match start {
                    Some(v) => d.set(
                        &mut errs,
                        "strength_balance_date",
                        date_part(v),
                        x.at("performedPeriod.start"),
                    ),
                    None => errs.push(FieldError::new(
                        x.at("performedPeriod.start"),
                        "",
                        "fhir_missing",
                    )),
                }
            }
            _ => {}
        }
    }

    for x in res.iter() {
        match x.ty {
            "Observation" => {
                let Some(col) = observation_column(x.r) else {
                    continue;
                };
                let ep = if x.r.get("partOf").is_some() {
                    let first = x.r["partOf"].as_array().and_then(|a| a.first());
                    resolve(&mut errs, x, "partOf", first, "Procedure")
                        .and_then(|n| owner.get(&n).copied())
                } else if x.r.get("encounter").is_some() {
                    resolve(&mut errs, x, "encounter", x.r.get("encounter"), "Encounter")
                        .and_then(|n| owner.get(&n).copied())
                } else {
                    errs.push(FieldError::new(x.at("encounter"), "", "fhir_missing"));
                    continue;
                };
                let Some(ep) = ep else {
                    errs.push(FieldError::new(x.at("encounter"), "", "fhir_reference"));
                    continue;
                };
                read_observation(&mut errs, &mut drafts[ep], x, col);
            }
            "MedicationRequest" => {
                if code_in(x.r.get("category"), CS_AOM_RECOMMENDATION).is_none() {
                    continue;
                }
                if let Some(ep) = via_reason(&mut errs, x) {
                    read_request(&mut errs, &mut drafts[ep], x);
                }
            }
            "MedicationStatement" => {
                let Some(kind) = code_in(x.r.get("category"), CS_LIAISON) else {
                    continue;
                };
                if ![concept::AOM_STARTED, concept::AOM_AT_52_WEEKS].contains(&kind) {
                    continue;
                }
                if let Some(ep) = via_reason(&mut errs, x) {
                    read_statement(&mut errs, &mut drafts[ep], x, kind);
                }
            }
            "Communication" => {
                if code_in(x.r.get("category"), CS_LIAISON) != Some(concept::PRIMARY_CARE_LETTER) {
                    continue;
                }
                if let Some(ep) = via_reason(&mut errs, x) {
                    v2::read_letter(&mut errs, &mut drafts[ep], x);
                }
            }
            "Condition" => {
                let Some(link) = ext(x.r, OCCURRED_FOLLOWING) else {
                    continue;
                };
                let target = resolve(
                    &mut errs,
                    x,
                    "extension.valueReference",
                    link.get("valueReference"),
                    "Condition",
                );
                let Some(ep) = target.and_then(|n| episode_of.get(&n).copied()) else {
                    if target.is_some() || link.get("valueReference").is_none() {
                        errs.push(FieldError::new(
                            x.at("extension.valueReference"),
                            "",
                            "fhir_reference",
                        ));
                    }
                    continue;
                };
                read_refracture(&mut errs, &mut drafts[ep], x);
            }
            _ => {}
        }
    }
    if errs.is_empty() {
        Ok(drafts.into_iter().map(|d| d.input).collect())
    } else {
        Err(errs)
    }
}

fn site_of(r: &Value) -> Option<&str> {
    code_in(r.get("code"), CS_FRACTURE_SITE)
        .or_else(|| code_in(r.get("bodySite"), CS_FRACTURE_SITE))
}

fn read_condition(errs: &mut Errors, d: &mut Draft, x: &Res<'_>) {
    let r = x.r;
    let icd = codings(r.get("code").unwrap_or(&Value::Null))
        .into_iter()
        .find(|(sys, _)| *sys == ICD10 || *sys == ICD10_CM)
        .map(|(_, c)| c);
    if let Some(icd) = icd {
        d.set(errs, "fracture_icd10", icd.to_string(), x.at("code"));
    }
    // Liaison's site code; from another system, the site the ICD-10 code means.
    let site = site_of(r).map(str::to_string).or_else(|| {
        icd.and_then(|c| icd10_site(c).ok())
            .map(|s: FractureSite| s.code().to_string())
    });
    match site {
        Some(v) => d.set(errs, "fracture_site", v, x.at("code")),
        None => errs.push(FieldError::new(x.at("code"), "", "fhir_missing")),
    }
    match s(r, "onsetDateTime") {
        Some(v) => d.set(errs, "fracture_date", date_part(v), x.at("onsetDateTime")),
        None => errs.push(FieldError::new(x.at("onsetDateTime"), "", "fhir_missing")),
    }
    if let Some(v) = ext(r, EXT_SPINE_DETECTION).and_then(|e| s(e, "valueCode")) {
        d.set(errs, "spine_detection", v.to_string(), x.at("extension"));
    }
    if let Some(v) = ext(r, EXT_SETTING).and_then(|e| s(e, "valueCode")) {
        // The assessment Encounter's class says the same; it is read only when this is absent.
        d.input.setting = v.to_string();
    }
    let notes: Vec<&str> = r
        .get("note")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|n| s(n, "text")).collect())
        .unwrap_or_default();
    if !notes.is_empty() {
        d.set(errs, "notes", notes.join("\n\n"), x.at("note"));
    }
}

fn read_patient(errs: &mut Errors, d: &mut Draft, x: &Res<'_>) {
    let r = x.r;
    let ident = r.get("identifier").and_then(Value::as_array).and_then(|a| {
        a.iter().find_map(|i| {
            let code = s(i, "system")?
                .strip_prefix(FLS_SYSTEM)?
                .strip_prefix(':')?
                .strip_suffix(":patient")?;
            Some((code, s(i, "value")?))
        })
    });
    let org = r
        .get("managingOrganization")
        .and_then(|o| o.get("identifier"))
        .filter(|i| s(i, "system") == Some(FLS_SYSTEM))
        .and_then(|i| s(i, "value"));
    match ident {
        Some((code, value)) => {
            d.input.fls_code = org.unwrap_or(code).to_string();
            d.input.patient_ref = value.to_string();
        }
        None => errs.push(FieldError::new(x.at("identifier"), "", "fhir_missing")),
    }
    match s(r, "gender") {
        Some(g) => match gender_to_sex(g) {
            Some(sex) => d.input.sex = sex.code().to_string(),
            None => errs.push(FieldError::new(x.at("gender"), g, "fhir_code")),
        },
        None => errs.push(FieldError::new(x.at("gender"), "", "fhir_missing")),
    }
    match s(r, "birthDate") {
        Some(v) => d.input.birth_date = v.to_string(),
        None => errs.push(FieldError::new(x.at("birthDate"), "", "fhir_missing")),
    }
    if let Some(v) = s(r, "deceasedDateTime") {
        d.input.death_date = date_part(v);
    }
    if let Some(name) = r
        .get("name")
        .and_then(Value::as_array)
        .and_then(|a| a.first())
    {
        d.input.family_name = s(name, "family").unwrap_or("").to_string();
        let given: Vec<&str> = name
            .get("given")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        d.input.given_names = given.join(" ");
    }
    if let Some(phone) = r
        .get("telecom")
        .and_then(Value::as_array)
        .and_then(|a| a.iter().find(|t| s(t, "system") == Some("phone")))
    {
        d.input.phone = s(phone, "value").unwrap_or("").to_string();
    }
    if let Some(gp) = r
        .get("generalPractitioner")
        .and_then(Value::as_array)
        .and_then(|a| a.first())
    {
        d.input.primary_care_contact = s(gp, "display").unwrap_or("").to_string();
    }
}

fn read_assessment(errs: &mut Errors, d: &mut Draft, x: &Res<'_>) {
    let r = x.r;
    if let Some(start) = r.get("period").and_then(|p| s(p, "start")) {
        d.set(
            errs,
            "fls_assessment_date",
            date_part(start),
            x.at("period.start"),
        );
    }
    match r.get("class").and_then(|c| s(c, "code")) {
        Some("IMP") => d.input.setting = Setting::Inpatient.code().into(),
        Some("AMB") => d.input.setting = Setting::Outpatient.code().into(),
        Some(other) => errs.push(FieldError::new(x.at("class"), other, "fhir_code")),
        None => errs.push(FieldError::new(x.at("class"), "", "fhir_missing")),
    }
    if let Some(id) = ext(r, EXT_IDENTIFICATION) {
        let parts = id.get("extension").and_then(Value::as_array);
        for p in parts.into_iter().flatten() {
            match s(p, "url") {
                Some("date") => {
                    if let Some(v) = s(p, "valueDate") {
                        d.set(
                            errs,
                            "identified_date",
                            v.to_string(),
                            x.at("extension.date"),
                        );
                    }
                }
                Some("route") => {
                    if let Some(v) = p.get("valueCoding").and_then(|c| s(c, "code")) {
                        d.set(
                            errs,
                            "identification_route",
                            v.to_string(),
                            x.at("extension.route"),
                        );
                    }
                }
                _ => {}
            }
        }
    }
    if let Some(closed) = ext(r, EXT_CLOSED) {
        let parts = closed.get("extension").and_then(Value::as_array);
        for p in parts.into_iter().flatten() {
            match s(p, "url") {
                Some("date") => {
                    if let Some(v) = s(p, "valueDate") {
                        d.set(errs, "closed_date", v.to_string(), x.at("extension.closed"));
                    }
                }
                Some("reason") => {
                    if let Some(v) = p.get("valueCoding").and_then(|c| s(c, "code")) {
                        d.set(
                            errs,
                            "closed_reason",
                            v.to_string(),
                            x.at("extension.closed"),
                        );
                    }
                }
                _ => {}
            }
        }
    }
}

fn read_dxa(errs: &mut Errors, d: &mut Draft, x: &Res<'_>) {
    let r = x.r;
    match s(r, "status") {
        Some("completed") => d.set(
            errs,
            "dxa_status",
            DxaStatus::Done.code().into(),
            x.at("status"),
        ),
        Some("not-done") => match code_in(r.get("statusReason"), CS_DXA_STATUS) {
            Some(c) => d.set(errs, "dxa_status", c.to_string(), x.at("statusReason")),
            None => errs.push(FieldError::new(x.at("statusReason"), "", "fhir_missing")),
        },
        Some(other) => errs.push(FieldError::new(x.at("status"), other, "fhir_code")),
        None => errs.push(FieldError::new(x.at("status"), "", "fhir_missing")),
    }
    if let Some(v) = s(r, "performedDateTime") {
        d.set(errs, "dxa_date", date_part(v), x.at("performedDateTime"));
    }
}

/// The dataset column an Observation fills, from its code.
fn observation_column(r: &Value) -> Option<&'static str> {
    let cs = codings(r.get("code")?);
    let has = |sys: &str, code: &str| cs.contains(&(sys, code));
    if has(CS_LIAISON, concept::T_FEMORAL_NECK) {
        Some("t_score_femoral_neck")
    } else if has(LOINC, LOINC_T_LUMBAR_SPINE.0) {
        Some("t_score_lumbar_spine")
    } else if has(LOINC, LOINC_T_HIP.0) {
        Some("t_score_total_hip")
    } else if has(LOINC, LOINC_T_FEMUR.0) {
        Some("t_score_femoral_neck")
    } else if has(LOINC, LOINC_FRAX_MAJOR.0) {
        Some("frax_major_pct")
    } else if has(LOINC, LOINC_FRAX_HIP.0) {
        Some("frax_hip_pct")
    } else if has(CS_LIAISON, concept::FALLS_ASSESSMENT) {
        Some("falls_assessment")
    } else if has(CS_LIAISON, concept::RESIDENCE_BEFORE) {
        Some("residence_before")
    } else if has(CS_LIAISON, concept::HIGH_RISK) {
        Some("high_risk")
    } else {
        None
    }
}

fn read_observation(errs: &mut Errors, d: &mut Draft, x: &Res<'_>, col: &'static str) {
    let r = x.r;
    if matches!(col, "residence_before" | "high_risk") {
        return v2::read_observation(errs, d, x, col);
    }
    if col == "falls_assessment" {
        match code_in(r.get("valueCodeableConcept"), CS_FALLS_ASSESSMENT) {
            Some(c) => d.set(errs, col, c.to_string(), x.at("valueCodeableConcept")),
            None => errs.push(FieldError::new(
                x.at("valueCodeableConcept"),
                "",
                "fhir_missing",
            )),
        }
        return;
    }
    match r.get("valueQuantity").and_then(|q| q.get("value")) {
        Some(Value::Number(n)) => match n.as_f64() {
            Some(v) => d.set(errs, col, decimal(v), x.at("valueQuantity.value")),
            None => errs.push(FieldError::new(
                x.at("valueQuantity.value"),
                n.to_string(),
                "fhir_structure",
            )),
        },
        Some(other) => errs.push(FieldError::new(
            x.at("valueQuantity.value"),
            other.to_string(),
            "fhir_structure",
        )),
        None => errs.push(FieldError::new(
            x.at("valueQuantity.value"),
            "",
            "fhir_missing",
        )),
    }
}

fn atc_of(r: &Value) -> Option<&str> {
    code_in(r.get("medicationCodeableConcept"), ATC_SYSTEM)
}

fn read_request(errs: &mut Errors, d: &mut Draft, x: &Res<'_>) {
    let r = x.r;
    if let Some(c) = code_in(r.get("category"), CS_AOM_RECOMMENDATION) {
        d.set(errs, "aom_recommendation", c.to_string(), x.at("category"));
    }
    if let Some(atc) = atc_of(r) {
        d.set(
            errs,
            "aom_recommended_atc",
            atc.to_string(),
            x.at("medicationCodeableConcept"),
        );
    }
}

fn read_statement(errs: &mut Errors, d: &mut Draft, x: &Res<'_>, kind: &str) {
    let r = x.r;
    if kind == concept::AOM_STARTED {
        let start = r
            .get("effectivePeriod")
            .and_then(|p| s(p, "start"))
            .or_else(|| s(r, "effectiveDateTime"));
        match start {
            Some(v) => d.set(
                errs,
                "aom_start_date",
                date_part(v),
                x.at("effectivePeriod.start"),
            ),
            None => errs.push(FieldError::new(
                x.at("effectivePeriod.start"),
                "",
                "fhir_missing",
            )),
        }
        match atc_of(r) {
            Some(atc) => d.set(
                errs,
                "aom_start_atc",
                atc.to_string(),
                x.at("medicationCodeableConcept"),
            ),
            None => errs.push(FieldError::new(
                x.at("medicationCodeableConcept"),
                "",
                "fhir_missing",
            )),
        }
        return;
    }
    let answer = code_in(r.get("statusReason"), CS_AOM_AT_52_WEEKS).or(match s(r, "status") {
        Some("active") | Some("completed") => Some("yes"),
        Some("not-taken") | Some("stopped") => Some("no"),
        Some("unknown") => Some("unknown"),
        _ => None,
    });
    match answer {
        Some(a) => d.set(errs, "aom_at_52_weeks", a.to_string(), x.at("status")),
        None => errs.push(FieldError::new(
            x.at("status"),
            s(r, "status").unwrap_or(""),
            "fhir_code",
        )),
    }
}

fn read_refracture(errs: &mut Errors, d: &mut Draft, x: &Res<'_>) {
    let r = x.r;
    match site_of(r) {
        Some(v) => d.set(errs, "refracture_site", v.to_string(), x.at("code")),
        None => errs.push(FieldError::new(x.at("code"), "", "fhir_missing")),
    }
    match s(r, "onsetDateTime") {
        Some(v) => d.set(errs, "refracture_date", date_part(v), x.at("onsetDateTime")),
        None => errs.push(FieldError::new(x.at("onsetDateTime"), "", "fhir_missing")),
    }
}
