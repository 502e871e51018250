## Ticking the refractures an import offers, recorded with the import
io-offer-col = تسجيل
io-offer-tick = سجّل هذا الكسر اللاحق مع الاستيراد
io-count-refractures = كسور لاحقة سُجّلت في حلقات سابقة
rule-refracture_not_offered = لم يعد مقترحًا ككسر لاحق للحلقة المحدّدة (تغيّرت حلقات المريض منذ المعاينة، أو يشير الاختيار إلى حلقة أخرى)؛ لم يُستورد شيء.
rule-refracture_ticked_twice = محدّد ككسر لاحق لحلقة يمنحها سطر سابق في الملف كسرها اللاحق؛ للحلقة كسر لاحق واحد فقط: حدّد الأول وحده.
