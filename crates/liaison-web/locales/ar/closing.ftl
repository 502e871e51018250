# Closing an episode (dataset version 2): the FLS stops following it.
group-episode-closing = الإغلاق
field-closed_date = تاريخ الإغلاق
field-closed_reason = سبب الإغلاق
hint-closed_date = توقفت الوحدة عن متابعة هذا المريض: تخرج الحالة من كل قوائم العمل ولا تتغير مؤشرات الأداء. امسح الحقلين لإعادة فتحها.
opt-closed_reason-completed = اكتمل المسار
opt-closed_reason-declined_fls = رفض رعاية الوحدة
opt-closed_reason-moved_away = انتقل بعيدًا
opt-closed_reason-transferred = نُقل إلى خدمة أخرى
opt-closed_reason-not_eligible = غير مؤهل
opt-closed_reason-lost_to_follow_up = فُقدت متابعته
rule-required_with_closed = مطلوب مع تاريخ الإغلاق.
rule-required_with_reason = مطلوب مع سبب الإغلاق.
step-why-closed = أغلقت الوحدة الحالة
