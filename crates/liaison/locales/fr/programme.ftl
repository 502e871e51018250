## Programme : Best Practice Framework, carte des bonnes pratiques, Getting to Gold
rule-framework_invalid = n'est pas un référentiel utilisable : { $detail }
rule-bpf_unknown_question = n'est pas une question de ce référentiel.
rule-bpf_unknown_option = n'est pas une réponse possible à cette question.
rule-bpf_override_reason = diffère de ce que suggèrent les données du registre ; indiquez pourquoi.
rule-url = doit être une adresse web commençant par https:// ou http://.
