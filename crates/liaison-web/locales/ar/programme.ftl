## البرنامج: إطار أفضل الممارسات، خريطة أفضل الممارسات، الطريق إلى الذهب
rule-framework_invalid = ليس إطارًا صالحًا للاستخدام: { $detail }
rule-bpf_unknown_question = ليس سؤالًا في هذا الإطار.
rule-bpf_unknown_option = ليس إجابة لهذا السؤال.
rule-bpf_override_reason = يختلف عما تقترحه بيانات السجل؛ اذكر السبب.
rule-url = يجب أن يكون عنوان ويب يبدأ بـ https:// أو http://.
rule-framework_version_exists = إصدار محمَّل من قبل؛ الإصدار لا يتغير أبدًا، فامنح الإصدار الجديد رقمًا خاصًا به.
field-framework = الإطار
field-comment = التعليق
field-step = المرحلة
field-title = المعلم
field-owner = المسؤول
field-due_date = تاريخ الاستحقاق
field-status = الحالة
field-evidence = الدليل
field-evidence_url = رابط الدليل
nav-programme = البرنامج
nav-map = خريطة أفضل الممارسات
notice-bpf-submitted = أُرسل التقييم الذاتي للمراجعة.
notice-bpf-under-review = التقييم الذاتي قيد المراجعة ولا يمكن تعديله حتى يرد المراجع.
notice-bpf-reviewed = سُجلت مراجعتك.
notice-bpf-nothing-to-review = لا يوجد تقييم ذاتي لهذه الخدمة بانتظار المراجعة.
notice-bpf-framework-loaded = حُمّل إصدار الإطار. تستخدمه التقييمات الجديدة، وتحتفظ التقييمات السابقة بإصدارها.
bpf-title = إطار أفضل الممارسات
bpf-assessment = التقييم الذاتي
bpf-start = بدء تقييم ذاتي جديد
bpf-start-hint = يستخدم الإصدار { $version } من الإطار.
bpf-framework-used = إصدار الإطار { $version } ‏(SHA-256 { $hash }…).
bpf-levels = المستويات حسب المجال والمستوى العام
bpf-domain = المجال
bpf-computed = حسب الإجابات
bpf-approved = المعتمد
bpf-overall = المستوى العام
bpf-black-no-information = أُجيب عن أقل من نصف الأسئلة.
bpf-black-below-bronze = عدد المعايير التي تبلغ البرونزي غير كافٍ.
bpf-domain-counts = أُجيب عن { $answered } من { $questions }؛ يلزم { $needed } معيارًا عند مستوى ما.
bpf-form-hint = عندما يحتوي السجل على بياناتك، تُختار الإجابة التي تدعمها ويُعرض الرقم. يمكنك اختيار إجابة أخرى، وعندها اذكر السبب.
bpf-suggested = تشير بيانات السجل إلى «{ $answer }» ({ $figure }).
bpf-days = { $days ->
    [zero] { $days } يوم
    [one] يوم واحد ({ $days })
    [two] يومان ({ $days })
    [few] { $days } أيام
    [many] { $days } يومًا
   *[other] { $days } يوم
}
bpf-unanswered = دون إجابة
bpf-reason = سبب اختيار إجابة مختلفة
bpf-publication = خريطة أفضل الممارسات
bpf-publish = نشر المستويات المعتمدة على خريطة أفضل الممارسات العامة
bpf-publish-city = إظهار المدينة على الخريطة
bpf-not-published = غير منشور على الخريطة.
bpf-save = حفظ المسودة
bpf-submit = إرسال للمراجعة
bpf-reviews = المراجعة
bpf-review = مراجعة هذا التقييم
bpf-comment = التعليق
bpf-approve-levels = المستويات المراد اعتمادها
bpf-none = لا يوجد تقييم ذاتي بعد.
bpf-all = جميع التقييمات
bpf-history = التغييرات
bpf-queue-title = تقييمات بانتظار المراجعة
bpf-queue-empty = لا يوجد تقييم بانتظار المراجعة.
bpf-submitted-at = أُرسل
bpf-frameworks-title = إصدارات إطار أفضل الممارسات
bpf-frameworks-intro = تستخدم التقييمات الجديدة أحدث إصدار. يحتفظ كل تقييم بالإصدار الذي أُجري به، لذا لا يغيّر تحميل إصدار جديد أي نتيجة سابقة.
bpf-version = الإصدار
bpf-loaded = تاريخ التحميل
bpf-current = قيد الاستخدام
bpf-load = تحميل إصدار جديد
bpf-framework-json = ملف الإطار (JSON)
bpf-level-gold = ذهبي
bpf-level-silver = فضي
bpf-level-bronze = برونزي
bpf-level-black = أسود (دون تصنيف)
bpf-option-none = ليس بعد (دون البرونزي)
bpf-option-not_applicable = لا ينطبق على هذه الخدمة
bpf-status-draft = مسودة
bpf-status-submitted = أُرسل، بانتظار المراجعة
bpf-status-changes_requested = طُلبت تعديلات
bpf-status-approved = معتمد
bpf-action-submit = أُرسل
bpf-action-comment = تعليق
bpf-action-request_changes = طلب تعديلات
bpf-action-approve = اعتماد المستويات
bpf-measure-kpi1 = الكسور غير الفقرية المحددة
bpf-measure-kpi2 = الكسور الفقرية المحددة
bpf-measure-kpi3 = تقييم الخدمة خلال 12 أسبوعًا
bpf-measure-kpi5 = تقييم خطر السقوط
bpf-measure-kpi7 = المتابعة خلال 16 أسبوعًا
bpf-measure-kpi8 = بدء العلاج خلال 16 أسبوعًا
bpf-measure-kpi11 = اكتمال البيانات
bpf-measure-median_days_to_assessment = الوسيط الزمني حتى تقييم الخدمة
bpf-domain-hip = كسور الورك
bpf-domain-other_inpatient = كسور أخرى لمرضى مقيمين
bpf-domain-outpatient = كسور المرضى الخارجيين
bpf-domain-vertebral = كسور الفقرات
bpf-domain-organisation = التنظيم
map-title = خريطة أفضل الممارسات
map-intro = خدمات الاتصال للكسور التي اعتُمدت مستوياتها في إطار أفضل الممارسات، حسب البلد والمستوى. لا يُعرض إلا ما وافقت كل خدمة على نشره.
map-caption = عرض عالمي: مربع لكل بلد، ملوّن بأفضل مستوى عام لخدماته على الخريطة (المجموع { $count ->
    [zero] { $count } خدمة
    [one] خدمة واحدة
    [two] خدمتان
    [few] { $count } خدمات
    [many] { $count } خدمة
   *[other] { $count } خدمة
}). البلدان التي لديها خدمات روابط إلى قائمتها.
map-country-label = { $country }: { $count ->
    [zero] { $count } خدمة
    [one] خدمة واحدة
    [two] خدمتان
    [few] { $count } خدمات
    [many] { $count } خدمة
   *[other] { $count } خدمة
}، أفضل مستوى { $level }
map-legend = مفتاح الألوان
map-no-fls = لا خدمة على الخريطة
map-list = الخدمات على الخريطة
map-search = الاسم أو المدينة أو البلد
map-search-button = بحث
map-all = الكل
map-none = لا توجد خدمة مطابقة.
map-approved-on = تاريخ الاعتماد
g2g-title = الطريق إلى الذهب
g2g-overview-title = الطريق إلى الذهب: الخدمات حسب المرحلة
g2g-not-started = لم تبدأ
g2g-current-step = المرحلة الحالية
g2g-set-step = تحديد المرحلة
g2g-step = المرحلة
g2g-step-train_mentor = تدريب المرشد المحلي
g2g-step-getting_started = البدء والاستدامة
g2g-step-getting_funded = الحصول على التمويل
g2g-step-policy_change = جولات لدفع تغيير السياسات
g2g-milestone = المعلم
g2g-owner = المسؤول
g2g-due = تاريخ الاستحقاق
g2g-status = الحالة
g2g-status-planned = مخطط
g2g-status-in_progress = قيد التنفيذ
g2g-status-done = منجز
g2g-status-blocked = متوقف
g2g-evidence = الدليل
g2g-evidence-url = رابط الدليل
g2g-link = رابط
g2g-overdue = متأخر
g2g-done = المنجز
g2g-edit = تعديل
g2g-add = إضافة معلم
g2g-save = حفظ
g2g-links = صفحات البرنامج
g2g-review-link = تقييمات بانتظار المراجعة
g2g-frameworks-link = إصدارات الإطار
g2g-country-plan = الخطة الخاصة بالبلد
g2g-country-plans = الخطط الوطنية
