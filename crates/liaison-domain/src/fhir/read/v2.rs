//! Reading dataset version 2's clinical columns back (the writer is `fhir/v2.rs`).

use super::*;

/// The secondary-causes screen or lifestyle advice Procedure: `completed` is done; `not-done`
/// says why in `statusReason`.
pub(super) fn read_procedure(errs: &mut Errors, d: &mut Draft, x: &Res<'_>, kind: &str) {
    let (col, system, done) = if kind == concept::SECONDARY_CAUSES_SCREEN {
        (
            "secondary_causes_screen",
            CS_SECONDARY_CAUSES_SCREEN,
            SecondaryCausesScreen::Done.code(),
        )
    } else {
        (
            "lifestyle_advice",
            CS_LIFESTYLE_ADVICE,
            LifestyleAdvice::Done.code(),
        )
    };
    match s(x.r, "status") {
        Some("completed") => d.set(errs, col, done.into(), x.at("status")),
        Some("not-done") => match code_in(x.r.get("statusReason"), system) {
            Some(c) => d.set(errs, col, c.to_string(), x.at("statusReason")),
            None => errs.push(FieldError::new(x.at("statusReason"), "", "fhir_missing")),
        },
        Some(other) => errs.push(FieldError::new(x.at("status"), other, "fhir_code")),
        None => errs.push(FieldError::new(x.at("status"), "", "fhir_missing")),
    }
}

/// Residence (a coded value) or the clinician's high-risk judgement (a boolean).
pub(super) fn read_observation(errs: &mut Errors, d: &mut Draft, x: &Res<'_>, col: &'static str) {
    if col == "residence_before" {
        match code_in(x.r.get("valueCodeableConcept"), CS_RESIDENCE) {
            Some(c) => d.set(errs, col, c.to_string(), x.at("valueCodeableConcept")),
            None => errs.push(FieldError::new(
                x.at("valueCodeableConcept"),
                "",
                "fhir_missing",
            )),
        }
        return;
    }
    match x.r.get("valueBoolean") {
        Some(Value::Bool(b)) => {
            let v = if *b { YesNo::Yes } else { YesNo::No };
            d.set(errs, col, v.code().into(), x.at("valueBoolean"));
        }
        Some(other) => errs.push(FieldError::new(
            x.at("valueBoolean"),
            other.to_string(),
            "fhir_structure",
        )),
        None => errs.push(FieldError::new(x.at("valueBoolean"), "", "fhir_missing")),
    }
}

/// The letter to primary care: a Communication whose `sent` is the letter's date.
pub(super) fn read_letter(errs: &mut Errors, d: &mut Draft, x: &Res<'_>) {
    match s(x.r, "sent") {
        Some(v) => d.set(errs, "primary_care_letter_date", date_part(v), x.at("sent")),
        None => errs.push(FieldError::new(x.at("sent"), "", "fhir_missing")),
    }
}
