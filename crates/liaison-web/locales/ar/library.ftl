# The resource library (issue 16): /resources and a resource's page.
nav-resources = المكتبة
resources-title = مكتبة الموارد
resources-intro = مواد لفرق خدمات الربط بعد الكسر والموجّهين والمرضى وصانعي السياسات: مواد ورش العمل، وإطار أفضل الممارسات، وبرنامج Getting to Gold، ومعلومات للمرضى وغير ذلك، بكل لغة تتوفر بها.
resources-search = ابحث في المكتبة
resources-any = الكل
resources-audience = الجمهور
resources-country = البلد
resources-country-hint = رمز ISO مثل EG؛ تُدرج دائمًا الموارد الموجّهة لجميع البلدان.
resources-find = بحث
resources-count = { $count ->
    [zero] لم يُعثر على أي مورد.
    [one] عُثر على مورد واحد.
   *[other] عُثر على { $count } من الموارد.
}
resources-new = مورد جديد
resources-create = إنشاء كمسودة
resources-category-new = فئة جديدة
resources-category-add = إضافة الفئة
resource-status-draft = مسودة
resource-body-hint = ماركداون: العناوين (#) والقوائم (-) والروابط [كلمات](https://...). تُعرض شيفرة HTML كنص.
resource-links-hint = عنوان https:// واحد في كل سطر (تُربط مقاطع الفيديو ولا تُرفع).
resource-countries-hint = رموز ISO مفصولة بفواصل؛ الفراغ يعني جميع البلدان.
field-resource_category = الفئة
field-resource_language = اللغة
field-resource_title = العنوان
field-resource_summary = الملخص
field-resource_body = النص
field-resource_links = الروابط
field-resource_audiences = الجمهور المستهدف
field-resource_visibility = من يمكنه القراءة
field-resource_tags = الوسوم
field-resource_countries = البلدان
field-resource_review_by = تاريخ المراجعة
field-category_code = رمز الفئة
field-category_name = اسم الفئة
resource-fallback = هذا المورد غير متوفر بلغتك؛ أنت تقرأ النسخة بلغة { $language }.
resource-links = روابط
resource-is-draft = هذا المورد مسودة: لا يراه إلا المحررون حتى يُنشر.
resource-files = الملفات
resource-size-kb = { $size } كيلوبايت
resource-everywhere = جميع البلدان
resource-other-languages = متوفر أيضًا بـ:
resource-cited-by = مُستشهد به في
resource-cited-g2g_milestone = دليل مرحلة من Getting to Gold
resource-cited-bpf_answer = إجابة في إطار أفضل الممارسات
resource-edit = تعديل هذا المورد
resource-publish = نشر
resource-save = حفظ
resource-version-edit = النسخة بلغة { $language }
resource-history = { $count ->
    [one] حالة محفوظة واحدة.
   *[other] { $count } من الحالات المحفوظة.
}
resource-version-add = إضافة نسخة بلغة أخرى
resource-version-add-button = إضافة النسخة
resource-file-add = إرفاق ملف
resource-file-hint = PDF أو DOCX أو PPTX أو XLSX أو PNG أو JPEG، يُتحقق منه بمحتواه.
resource-file-upload = رفع
resource-category-mentorship_workshop = مواد ورش التوجيه
resource-category-bpf = مواد إطار أفضل الممارسات
resource-category-getting_to_gold = مواد Getting to Gold
resource-category-train_the_trainer = مواد تدريب المدربين
resource-category-patient_information = معلومات للمرضى
resource-category-benefit_calculator = حاسبة فوائد خدمة الربط بعد الكسر
resource-category-policy_advocacy = السياسات والمناصرة
resource-audience-fls_staff = فرق خدمة الربط بعد الكسر
resource-audience-patients = المرضى
resource-audience-policy_makers = صانعو السياسات
resource-audience-mentors = الموجّهون
resource-visibility-public = الجميع
resource-visibility-signed_in = المستخدمون المسجّلون
resource-visibility-mentors = الموجّهون والبرنامج فقط
rule-duplicate_version = لهذه اللغة نسخة بالفعل؛ عدّلها بدلًا من ذلك.
rule-link_unsafe = ليس عنوان رابط آمنًا (يُسمح فقط بـ https وhttp وmailto؛ لا javascript: ولا data:).
rule-link_invalid = ليس عنوان ويب صالحًا.
rule-file_type = محتوى الملف ليس من الأنواع { $allowed } (الاسم لا يحدد النوع).
rule-code_format = أحرف لاتينية صغيرة وأرقام و_ فقط.
rule-duplicate = موجود بالفعل.
