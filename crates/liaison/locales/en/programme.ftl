## Programme: Best Practice Framework, Map of Best Practice, Getting to Gold
rule-framework_invalid = is not a usable framework: { $detail }
rule-bpf_unknown_question = is not a question of this framework.
rule-bpf_unknown_option = is not an answer of this question.
rule-bpf_override_reason = differs from what the registry data suggest; say why.
rule-url = must be a web address starting with https:// or http://.
