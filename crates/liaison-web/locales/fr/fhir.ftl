## FHIR import rules
rule-fhir_structure = n’est pas du FHIR valide ici : ce n’est pas un Bundle, ou un élément a un type incorrect.
rule-fhir_missing = est absent ; Liaison en a besoin.
rule-fhir_code = porte un code que Liaison ne sait pas traduire.
rule-fhir_reference = est une référence qui ne se résout pas dans le Bundle ou qui vise un mauvais type de ressource.
rule-fhir_duplicate = donne une valeur déjà donnée par { $first }.
