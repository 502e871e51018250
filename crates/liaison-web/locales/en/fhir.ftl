## FHIR import rules
rule-fhir_structure = is not valid FHIR here: not a Bundle, or an element has the wrong type.
rule-fhir_missing = is missing; Liaison needs it.
rule-fhir_code = has a code Liaison cannot map.
rule-fhir_reference = is a reference that does not resolve inside the Bundle, or points at the wrong kind of resource.
rule-fhir_duplicate = gives a value that { $first } already gave.
