## FHIR import rules
rule-fhir_structure = ليس FHIR صالحًا هنا: ليس حزمة Bundle أو أن نوع أحد العناصر غير صحيح.
rule-fhir_missing = مفقود؛ يحتاجه Liaison.
rule-fhir_code = يحمل رمزًا لا يستطيع Liaison مطابقته.
rule-fhir_reference = مرجع لا يُحَلّ داخل الحزمة أو يشير إلى نوع خاطئ من الموارد.
rule-fhir_duplicate = يعطي قيمة سبق أن أعطاها { $first }.
