## FHIR import rules
rule-fhir_structure = no es FHIR válido aquí: no es un Bundle o un elemento tiene un tipo incorrecto.
rule-fhir_missing = falta; Liaison lo necesita.
rule-fhir_code = tiene un código que Liaison no puede asignar.
rule-fhir_reference = es una referencia que no se resuelve dentro del Bundle o apunta a un tipo de recurso incorrecto.
rule-fhir_duplicate = da un valor que ya dio { $first }.
