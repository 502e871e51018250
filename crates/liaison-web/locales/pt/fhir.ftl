## FHIR import rules
rule-fhir_structure = não é FHIR válido aqui: não é um Bundle, ou um elemento tem o tipo errado.
rule-fhir_missing = está ausente; o Liaison precisa dele.
rule-fhir_code = tem um código que o Liaison não consegue mapear.
rule-fhir_reference = é uma referência que não se resolve dentro do Bundle ou aponta para o tipo errado de recurso.
rule-fhir_duplicate = dá um valor que { $first } já deu.
