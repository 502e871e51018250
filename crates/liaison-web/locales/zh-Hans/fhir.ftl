## FHIR import rules
rule-fhir_structure = 此处不是有效的 FHIR：不是 Bundle，或某个元素类型错误。
rule-fhir_missing = 缺失；Liaison 需要此项。
rule-fhir_code = 包含 Liaison 无法映射的代码。
rule-fhir_reference = 是在 Bundle 内无法解析的引用，或指向了错误类型的资源。
rule-fhir_duplicate = 给出的值已由 { $first } 给出。
