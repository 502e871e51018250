## FHIR import rules
rule-fhir_structure = ここでは有効な FHIR ではありません（Bundle でないか、要素の型が誤っています）。
rule-fhir_missing = がありません。Liaison に必要です。
rule-fhir_code = Liaison が対応付けできないコードです。
rule-fhir_reference = Bundle 内で解決できない参照か、誤った種類のリソースを指しています。
rule-fhir_duplicate = は { $first } がすでに示した値を重ねて示しています。
