## Programa: Best Practice Framework, mapa de buenas prácticas, Getting to Gold
rule-framework_invalid = no es un marco utilizable: { $detail }
rule-bpf_unknown_question = no es una pregunta de este marco.
rule-bpf_unknown_option = no es una respuesta de esta pregunta.
rule-bpf_override_reason = difiere de lo que indican los datos del registro; explique por qué.
rule-url = debe ser una dirección web que empiece por https:// o http://.
