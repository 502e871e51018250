//! The FHIR mapping of dataset version 2's clinical columns (`docs/fhir.md`): residence and
//! the clinician's high-risk judgement as Observations of the assessment Encounter; the
//! secondary-causes screen and lifestyle advice as Procedures (status and statusReason, like
//! DXA); the letter to primary care as a Communication. Kept apart so the version 1 writer
//! stays readable.

use super::*;

impl Writer<'_> {
    pub(super) fn dataset_v2(&mut self) {
        let e = self.e;
        let effective = e.fls_assessment_date.map(iso);
        if let Some(r) = e.residence_before {
            self.push(json!({
                "resourceType": "Observation",
                "id": episode_id("residence-before", e),
                "status": "final",
                "category": [concept(OBSERVATION_CATEGORY, "social-history", Some("Social History"))],
                "code": concept(CS_LIAISON, concept::RESIDENCE_BEFORE, Some("Residence before the fracture")),
                "subject": self.subject(),
                "encounter": reference(&self.encounter),
                "effectiveDateTime": effective,
                "valueCodeableConcept": concept(CS_RESIDENCE, r.code(), None),
            }));
        }
        if let Some(h) = e.high_risk {
            self.push(json!({
                "resourceType": "Observation",
                "id": episode_id("high-risk", e),
                "status": "final",
                "code": concept(CS_LIAISON, concept::HIGH_RISK, Some("High fracture risk (clinician's judgement)")),
                "subject": self.subject(),
                "encounter": reference(&self.encounter),
                "effectiveDateTime": effective,
                "valueBoolean": h == YesNo::Yes,
            }));
        }
        let procedures = [
            (
                concept::SECONDARY_CAUSES_SCREEN,
                "Screen for secondary causes of osteoporosis",
                CS_SECONDARY_CAUSES_SCREEN,
                e.secondary_causes_screen
                    .map(|s| (s == SecondaryCausesScreen::Done, s.code())),
            ),
            (
                concept::LIFESTYLE_ADVICE,
                "Lifestyle advice for bone health",
                CS_LIFESTYLE_ADVICE,
                e.lifestyle_advice
                    .map(|s| (s == LifestyleAdvice::Done, s.code())),
            ),
        ];
        for (kind, display, system, status) in procedures {
            let Some((done, code)) = status else { continue };
            let (fhir_status, reason) = if done {
                ("completed", Value::Null)
            } else {
                ("not-done", concept(system, code, None))
            };
            self.push(json!({
                "resourceType": "Procedure",
                "id": episode_id(kind, e),
                "status": fhir_status,
                "statusReason": reason,
                "code": concept(CS_LIAISON, kind, Some(display)),
                "subject": self.subject(),
                "encounter": reference(&self.encounter),
                "reasonReference": [reference(&self.condition)],
            }));
        }
        if let Some(d) = e.primary_care_letter_date {
            self.push(json!({
                "resourceType": "Communication",
                "id": episode_id("primary-care-letter", e),
                "status": "completed",
                "category": [concept(CS_LIAISON, concept::PRIMARY_CARE_LETTER, Some("Letter to primary care"))],
                "subject": self.subject(),
                "encounter": reference(&self.encounter),
                "sent": iso(d),
                "reasonReference": [reference(&self.condition)],
            }));
        }
    }
}
