# Why a pathway step is not needed, shown beside "Not needed" (issue 12).
step-why-not_required = سُجِّل أنه غير مطلوب لهذا المريض
step-why-declined = رفضه المريض
step-why-hip_fracture = يُقاس لكسور غير كسر الورك: يبدأ تأهيل كسر الورك في الجناح
step-why-no_treatment = لم يُوصَ بالعلاج، أو لم يُوصَ به بعد
step-why-died = توفي المريض قبل إجرائه
step-done-undated = تم (لا تسجّل مجموعة البيانات تاريخًا له)
