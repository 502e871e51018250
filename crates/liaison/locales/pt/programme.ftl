## Programa: Best Practice Framework, mapa de boas práticas, Getting to Gold
rule-framework_invalid = não é um referencial utilizável: { $detail }
rule-bpf_unknown_question = não é uma pergunta deste referencial.
rule-bpf_unknown_option = não é uma resposta desta pergunta.
rule-bpf_override_reason = difere do que os dados do registro sugerem; explique o motivo.
rule-url = deve ser um endereço web que comece por https:// ou http://.
