# Liaison — العربية. يجب أن يوجد كل مفتاح هنا في كل لغة (يتحقق اختبار من ذلك).

## التنقل والتخطيط
nav-skip = الانتقال إلى المحتوى الرئيسي
nav-label = القائمة الرئيسية
nav-home = الرئيسية
nav-fls = الخدمات
nav-audit = سجل التدقيق
nav-admin = الإدارة
nav-account = حسابي
nav-language = اللغة
nav-language-apply = تطبيق
nav-sign-out = تسجيل الخروج
footer-text = Liaison — سجل خدمات تنسيق رعاية الكسور (FLS). لا تغادر بيانات المرضى الخدمة التابعة لها أبدًا.
yes = نعم
no = لا

## الأخطاء
error-not-found-title = غير موجود
error-not-found = لا يوجد شيء هنا، أو ليست لديك صلاحية الوصول إليه.
error-csrf-title = تم رفض الطلب
error-csrf = أُرسل هذا النموذج من موقع آخر أو انتهت صلاحيته. ارجع إلى الصفحة السابقة، وأعد تحميلها، ثم حاول مرة أخرى.
error-too-large-title = الحجم كبير جدًا
error-too-large = ما أرسلته أكبر من الحجم الذي يقبله هذا الخادم.
error-busy-title = مشغول، حاول مرة أخرى
error-busy = السجل مشغول بعملية كتابة أخرى، مثل استيراد كبير. لم يُحفظ أي شيء. يُرجى المحاولة مرة أخرى بعد لحظات.
error-busy-form = السجل مشغول بعملية كتابة أخرى، مثل استيراد كبير، لذلك لم يُحفظ هذا. ما أدخلته محفوظ أدناه: احفظ مرة أخرى بعد لحظات.
error-rate-limited-title = محاولات كثيرة جدًا
error-rate-limited = جرت محاولات كثيرة جدًا من عنوان شبكتك خلال وقت قصير. يُرجى الانتظار دقيقة ثم المحاولة مرة أخرى.
error-timeout-title = استغرق الأمر وقتًا طويلًا
error-timeout = استغرق الخادم وقتًا طويلًا للرد على هذا الطلب. يُرجى المحاولة مرة أخرى؛ وإذا تكرر ذلك، فأبلغ المسؤول.
error-internal-title = حدث خطأ ما
error-internal = حدث خطأ من جانبنا. لم يُحفظ أي شيء مما أدخلته. يُرجى المحاولة مرة أخرى؛ وإذا تكرر ذلك، فأعطِ هذا الرقم المرجعي لمسؤول النظام.
error-reference = الرقم المرجعي:
error-field = { $field } «{ $value }»: { $rule }
error-line = السطر { $line }: { $message }
form-errors-title = يُرجى تصحيح ما يلي

## قواعد التحقق
rule-required = يجب إدخال قيمة.
rule-too_long = يجب ألا يتجاوز طوله { $max } من الأحرف.
rule-control_characters = يجب ألا يحتوي على أحرف تحكم.
rule-length_between = يجب أن يتراوح طوله بين { $min } و{ $max } من الأحرف.
rule-fls_code_chars = لا يجوز أن يحتوي إلا على الأحرف A–Z والأرقام و«-» و«_» و«.».
rule-country_unknown = ليس رمز بلد وفق ISO 3166-1 (حرفان، مثل GB أو BR).
rule-time_zone_unknown = ليس منطقة زمنية معروفة (استخدم اسمًا مثل Europe/London).
rule-one_of = يجب أن يكون أحد الخيارات التالية: { $allowed }.
rule-integer = يجب أن يكون عددًا صحيحًا.
rule-integer_between = يجب أن يكون عددًا صحيحًا من { $min } إلى { $max }.
rule-date_format = يجب أن يكون تاريخًا بالصيغة { $format }.
rule-date_invalid = ليس تاريخًا صحيحًا في التقويم.
rule-email = ليس عنوان بريد إلكتروني.
rule-email_taken = مستخدَم بالفعل في حساب آخر.
rule-password_too_short = يجب ألا يقل طوله عن { $min } من الأحرف.
rule-password_common = من أكثر كلمات المرور شيوعًا؛ اختر كلمة مرور أخرى.
rule-password_is_email = يجب ألا يكون عنوان بريدك الإلكتروني.
rule-password_wrong = ليس كلمة المرور الحالية الخاصة بك.
rule-fls_unknown = ليس خدمة FLS يحق لك إدارتها.
rule-role_not_yours_to_give = دور لا يحق لك منحه.
rule-file_not_utf8 = الملف ليس نصًا بترميز UTF-8 (احفظه بصيغة «CSV UTF-8»).
rule-file_not_csv = تعذّرت قراءة الملف بصيغة CSV.
rule-column_unknown = ليس عمودًا في هذه الصيغة.
rule-column_missing = عمود مطلوب غير موجود في الملف.
rule-row_length = يحتوي الصف على { $value } من الخلايا، بينما يحتوي صف العناوين على { $expected }.
rule-duplicate_in_file = يظهر مرتين في الملف (أول مرة في السطر { $line }).

## أسماء الحقول
field-email = البريد الإلكتروني
field-password = كلمة المرور
field-current_password = كلمة المرور الحالية
field-new_password = كلمة المرور الجديدة
field-display_name = الاسم
field-code = رمز FLS
field-name = الاسم
field-hospital = المستشفى
field-city = المدينة
field-country = البلد
field-region = المنطقة
field-time_zone = المنطقة الزمنية
field-service_model = نموذج الخدمة
field-patient_groups = فئات المرضى المشمولة
field-catchment_population_50_plus = سكان منطقة الخدمة بعمر 50 عامًا فأكثر
field-expected_non_spine_per_year = الكسور غير الفقرية المتوقعة سنويًا
field-expected_spine_per_year = الكسور الفقرية المتوقعة سنويًا
field-start_date = تاريخ البدء
field-contact_name = جهة الاتصال
field-contact_email = البريد الإلكتروني لجهة الاتصال
field-role = الدور
field-fls = FLS
field-from = من
field-to = إلى
field-actor = المستخدم
field-action = الإجراء
field-file = الملف
field-header = العمود
field-row = الصف
field-token-name = اسم الرمز المميز
field-code-totp = الرمز المكوّن من ستة أرقام

## تسجيل الدخول
sign-in-title = تسجيل الدخول
sign-in-button = تسجيل الدخول
sign-in-wrong = عنوان البريد الإلكتروني أو كلمة المرور غير صحيحة.
sign-in-disabled = تم تعطيل هذا الحساب. تواصل مع مسؤول النظام.
totp-step-title = الخطوة الثانية
totp-step-help = أدخل الرمز المكوّن من ستة أرقام من تطبيق المصادقة.
totp-step-button = متابعة
totp-wrong = هذا الرمز غير صحيح. تحقق من ضبط الساعة على جهازك وجرّب أحدث رمز.
notice-signed-out = لقد سجّلت الخروج.
notice-password-changed = تم تغيير كلمة المرور. سجّل الدخول باستخدام كلمة المرور الجديدة.
notice-totp-enabled = التحقق بخطوتين مفعَّل.
notice-totp-disabled = التحقق بخطوتين معطَّل.
notice-totp-required = يتطلب دورك التحقق بخطوتين؛ ولا يمكن إيقافه.
notice-token-revoked = تم إبطال الرمز المميز.

## الصفحة الرئيسية
home-title = الرئيسية
home-public-title = Liaison: خدمات تنسيق رعاية الكسور، قياس الأداء والمقارنة
home-public-intro = في Liaison تسجّل خدمات تنسيق رعاية الكسور الرعاية المقدَّمة لكل مريض بعد كسر الهشاشة، وتعرف ما هو مستحق لكل مريض، وتقارن نتائجها بنتائج نظيراتها دون مشاركة بيانات أي مريض.
home-signed-in-as = تم تسجيل الدخول باسم
home-your-roles = أدوارك
home-your-services = خدماتك
home-all-services = جميع الخدمات

## الحساب
account-title = حسابي
account-password = كلمة المرور
account-password-hint = 12 حرفًا على الأقل. بضع كلمات لا رابط بينها تشكّل كلمة مرور قوية.
account-password-button = تغيير كلمة المرور
account-totp = التحقق بخطوتين
account-totp-on = التحقق بخطوتين مفعَّل.
account-totp-off = التحقق بخطوتين معطَّل.
account-totp-enable = تفعيل التحقق بخطوتين
account-totp-disable = إيقاف التحقق بخطوتين
account-totp-required = يتطلب دورك التحقق بخطوتين.
account-tokens = الرموز المميزة لواجهة API
account-tokens-link = إدارة الرموز المميزة لواجهة API
totp-setup-title = إعداد التحقق بخطوتين
totp-setup-required = يتطلب دورك التحقق بخطوتين. أعدّه للمتابعة.
totp-setup-step1 = أضف هذا المفتاح إلى تطبيق مصادقة (أو افتح الرابط على هاتفك):
totp-setup-link = فتح في تطبيق المصادقة
totp-setup-scan = امسح رمز QR هذا بتطبيق مصادقة:
totp-setup-qr-label = رمز QR لمفتاح التحقق بخطوتين، لتطبيق المصادقة
totp-setup-manual = إذا تعذّر مسحه، فأدخل هذا المفتاح في التطبيق بدلًا من ذلك:
totp-setup-step2 = أدخل الرمز المكوّن من ستة أرقام الذي يعرضه التطبيق.
totp-setup-button = تفعيل
totp-setup-unavailable = لا يمكن إعداد التحقق بخطوتين بعد: ليس لدى السجل مفتاح لحمايته. اطلب من مشغّل السجل إعداد مفتاح.
tokens-title = الرموز المميزة لواجهة API
tokens-intro = يتيح الرمز المميز لبرنامج نصي أو لنظام مستشفى استخدام واجهة API بصلاحياتك. احتفظ به سرًا، وأبطِله عندما لا تعود بحاجة إليه.
tokens-created-once = انسخ هذا الرمز المميز الآن: لن يُعرض مرة أخرى.
tokens-create = إنشاء رمز مميز
tokens-created = تاريخ الإنشاء
tokens-last-used = آخر استخدام
tokens-status = الحالة
tokens-actions = الإجراءات
tokens-revoked = مُبطَل
tokens-live = نشط
tokens-revoke = إبطال

## الخدمات (FLS)
fls-list-title = الخدمات
fls-search = البحث في الخدمات
fls-search-button = بحث
fls-none = لا توجد خدمات لعرضها.
fls-new = خدمة جديدة
fls-edit = تعديل الخدمة
fls-save = حفظ
fls-code-hint = من 2 إلى 32 حرفًا: أحرف وأرقام و«-» و«_» و«.». لا يمكن تغييره لاحقًا.
fls-country-hint = رمز ISO من حرفين، مثل GB أو BR أو SA. يحدد المنطقة.
fls-time-zone-hint = اتركه فارغًا لاستخدام المنطقة الزمنية للعاصمة، أو أدخل اسمًا مثل America/Sao_Paulo.
fls-expected-hint = اتركه فارغًا إذا كان غير معروف.
fls-users-link = مستخدمو هذه الخدمة
fls-users-title = المستخدمون
fls-import-title = استيراد الخدمات من ملف CSV
fls-import-help = الأعمدة: code, name, country, expected_non_spine_per_year, expected_spine_per_year، واختياريًا: hospital, city, time_zone, service_model, patient_groups, catchment_population_50_plus, start_date, contact_name, contact_email. إذا كان أي صف غير صحيح، فلن يُستورد أي شيء.
fls-import-button = استيراد
fls-import-refused = لم يُستورد أي شيء. صحّح هذه الصفوف ثم ارفع الملف مرة أخرى:
fls-import-done = تم الاستيراد: { $created } جديدة، { $updated } معدّلة، { $unchanged } دون تغيير.
model-identify = تحدّد المرضى
model-identify_investigate = تحدّد المرضى وتُجري الفحوصات
model-identify_investigate_initiate = تحدّد المرضى وتُجري الفحوصات وتبدأ العلاج
group-hip = كسور الورك
group-other_inpatient = كسور أخرى لدى المرضى المنوَّمين
group-outpatient = كسور لدى مرضى العيادات الخارجية
group-vertebral = كسور الفقرات

## المناطق
region-africa = أفريقيا
region-asia_pacific = آسيا والمحيط الهادئ
region-europe = أوروبا
region-latin_america = أمريكا اللاتينية
region-middle_east = الشرق الأوسط
region-north_america = أمريكا الشمالية

## الأدوار
role-administrator = مسؤول النظام
role-programme_reviewer = مراجع البرنامج
role-national_lead = مسؤول وطني
role-regional_lead = مسؤول إقليمي
role-mentor = مرشد
role-fls_lead = مسؤول خدمة FLS
role-fls_clinician = ممارس سريري في خدمة FLS
role-viewer = مستعرض

## المستخدمون
users-title = المستخدمون
users-new = مستخدم جديد
users-create = إنشاء مستخدم
users-created-once = تم إنشاء حساب للمستخدم
users-password-hint = اتركه فارغًا لإنشاء كلمة مرور تلقائيًا؛ ستُعرض مرة واحدة فقط.
users-scope-hint = تتطلب أدوار FLS رمز FLS، ويتطلب دور المسؤول الوطني بلدًا، ودور المسؤول الإقليمي منطقة.
users-email-hint = إذا كان الحساب موجودًا فإنه يحصل على الدور؛ وإلا يُنشأ حساب جديد بكلمة مرور تُعرض مرة واحدة.
users-add-title = إضافة مستخدم
users-add-button = إضافة
users-add-role = إضافة دور
users-remove-role = إزالة الدور
users-roles = الأدوار
users-totp = التحقق بخطوتين
users-status = الحالة
users-active = نشط
users-disabled = معطَّل
users-disable = تعطيل الحساب
users-enable = تفعيل الحساب

## إعدادات الأمان
security-title = إعدادات الأمان
security-mfa-roles = الأدوار التي يجب أن تستخدم التحقق بخطوتين
security-save = حفظ
security-saved = تم الحفظ.

## سجل التدقيق
audit-title = سجل التدقيق
audit-search = بحث
audit-export = تصدير CSV
audit-none = لا توجد إدخالات مطابقة.
audit-when = الوقت (UTC)
audit-from = عنوان المصدر
audit-outcome = النتيجة
audit-record = السجل
audit-change = التغيير
audit-before = قبل
audit-after = بعد
audit-pages = الصفحات
audit-newer = الأحدث
audit-older = الأقدم
outcome-ok = تم
outcome-denied = مرفوض
outcome-failed = فشل

## قواعد التحقق من مجموعة البيانات
rule-fls_not_writable = ليس خدمة FLS يحق لك تسجيل مرضاها.
rule-fls_code_fixed = لا يمكن نقل الحالة إلى خدمة FLS أخرى.
rule-episode_exists = لدى هذا المريض بالفعل حالة مسجلة بتاريخ الكسر نفسه في خدمة FLS هذه.
rule-required_for_spine = مطلوب في الكسر الفقري (المكتشف سريريًا أو شعاعيًا).
rule-only_for_spine = لا يُسجَّل إلا للكسور الفقرية.
rule-icd10_format = ليس رمز ICD-10 مكتوبًا بصيغة مثل S72.0 أو S72.00.
rule-icd10_not_fracture = ليس رمز ICD-10 لكسر.
rule-icd10_not_fragility = كسر في الجمجمة أو الوجه أو أحد أصابع اليد أو القدم، وهذه ليست كسور هشاشة.
rule-icd10_site_mismatch = لا يتوافق مع موضع الكسر { $site } (يشير الرمز إلى { $icd_site }).
rule-date_excel_serial = يبدو رقمًا تسلسليًا من Excel؛ نسّق العمود بصيغة تاريخ (YYYY-MM-DD).
rule-date_two_digit_year = السنة مكتوبة برقمين؛ اكتب السنة كاملة.
rule-decimal = يجب أن يكون رقمًا، مثل -2.5.
rule-decimal_between = يجب أن يكون رقمًا من { $min } إلى { $max }.
rule-atc_unknown = ليس دواءً مضادًا لهشاشة العظام من القائمة المعتمدة.
rule-site_not_fragility = كسور الجمجمة والوجه وأصابع اليدين والقدمين ليست كسور هشاشة.
rule-phone_chars = لا يجوز أن يحتوي إلا على أرقام ومسافات و+ - ( ).
rule-date_before_1990 = يجب ألا يكون قبل 1 يناير 1990.
rule-birth_not_before_fracture = يجب أن يكون قبل تاريخ الكسر.
rule-age_out_of_range = يعطي عمرًا عند الكسر قدره { $age }؛ ويجب أن يكون العمر بين 18 و120.
rule-date_before_fracture = يجب ألا يكون قبل تاريخ الكسر.
rule-identified_too_early = يجب ألا يسبق تاريخ الكسر بأكثر من 7 أيام.
rule-dxa_too_early = يجب ألا يسبق تاريخ الكسر بأكثر من 365 يومًا.
rule-date_not_after_fracture = يجب أن يكون بعد تاريخ الكسر.
rule-second_not_after_first = يجب أن يكون بعد المتابعة الأولى.
rule-dxa_done_needs_date = يجب إدخال تاريخ فحص DXA الذي أُجري.
rule-dxa_date_means_done = وجود تاريخ لفحص DXA يعني أن وضعه «تم إجراؤه».
rule-t_score_needs_dxa = تتطلب درجة T إجراء فحص DXA.
rule-frax_hip_above_major = لا يمكن أن يتجاوز احتمال كسر الورك احتمالَ الكسر الرئيسي الناجم عن هشاشة العظام.
rule-atc_needs_recommendation = يتطلب الدواء الموصى به أن تكون التوصية «موصى به» أو «متابعة العلاج الحالي».
rule-required_with_start = مطلوب عند بدء العلاج.
rule-required_with_atc = مطلوب عند إدخال الدواء الذي بُدئ به.
rule-required_with_refracture = مطلوب عند إدخال تاريخ الكسر المتكرر.
rule-required_with_site = مطلوب عند إدخال موضع الكسر المتكرر.
rule-date_in_future = يقع بعد تاريخ اليوم ({ $today }).
rule-date_after_death = يقع بعد تاريخ الوفاة.

## حقول مجموعة البيانات
field-fls_code = FLS
field-patient_ref = الرقم الطبي
field-fracture_date = تاريخ الكسر
field-sex = الجنس
field-birth_date = تاريخ الميلاد
field-death_date = تاريخ الوفاة
field-family_name = اسم العائلة
field-given_names = الاسم الأول
field-phone = الهاتف
field-primary_care_contact = جهة الاتصال في الرعاية الأولية
field-fracture_site = موضع الكسر
field-spine_detection = طريقة اكتشاف الكسر الفقري
field-fracture_icd10 = رمز ICD-10
field-setting = نوع الرعاية
field-identified_date = تاريخ تحديد المريض
field-identification_route = مسار تحديد المريض
field-fls_assessment_date = تقييم FLS
field-dxa_status = DXA
field-dxa_date = تاريخ فحص DXA
field-t_score_lumbar_spine = درجة T، الفقرات القطنية
field-t_score_total_hip = درجة T، الورك الكلي
field-t_score_femoral_neck = درجة T، عنق الفخذ
field-frax_major_pct = FRAX، الكسور الرئيسية الناجمة عن هشاشة العظام (%)
field-frax_hip_pct = FRAX، كسر الورك (%)
field-falls_assessment = تقييم خطر السقوط
field-aom_recommendation = توصية العلاج
field-aom_recommended_atc = الدواء الموصى به
field-aom_start_date = تاريخ بدء العلاج
field-aom_start_atc = الدواء الذي بُدئ به
field-strength_balance_date = تاريخ بدء تمارين القوة والتوازن
field-first_followup_date = المتابعة بعد 16 أسبوعًا
field-second_followup_date = المراجعة بعد 52 أسبوعًا
field-aom_at_52_weeks = يتلقى العلاج بعد 52 أسبوعًا
field-refracture_date = تاريخ الكسر المتكرر
field-refracture_site = موضع الكسر المتكرر
field-notes = ملاحظات
field-version = الإصدار
field-worklist = قائمة العمل

## الرموز
opt-sex-F = أنثى
opt-sex-M = ذكر
opt-sex-X = آخر
opt-sex-U = غير معروف
opt-fracture_site-hip = الورك
opt-fracture_site-spine = العمود الفقري (الفقرات)
opt-fracture_site-wrist = الرسغ
opt-fracture_site-humerus = العضد
opt-fracture_site-pelvis = الحوض
opt-fracture_site-femur_other = الفخذ، موضع آخر
opt-fracture_site-tibia_fibula = الظنبوب أو الشظية
opt-fracture_site-ankle = الكاحل
opt-fracture_site-rib = الضلع
opt-fracture_site-clavicle = الترقوة
opt-fracture_site-other = موضع آخر
opt-spine_detection-clinical = سريريًا
opt-spine_detection-radiological = شعاعيًا
opt-setting-inpatient = مريض منوَّم
opt-setting-outpatient = مريض عيادات خارجية
opt-identification_route-ed = قسم الطوارئ
opt-identification_route-ward = جناح التنويم
opt-identification_route-fracture_clinic = عيادة الكسور
opt-identification_route-radiology = الأشعة
opt-identification_route-primary_care = الرعاية الأولية
opt-identification_route-self_referral = إحالة ذاتية
opt-identification_route-other = أخرى
opt-dxa_status-done = تم إجراؤه
opt-dxa_status-not_required = غير مطلوب
opt-dxa_status-declined = رفضه المريض
opt-dxa_status-not_done = لم يُجرَ
opt-falls_assessment-done = تم إجراؤه
opt-falls_assessment-referred = أُحيل المريض
opt-falls_assessment-not_required = غير مطلوب
opt-falls_assessment-declined = رفضه المريض
opt-falls_assessment-not_done = لم يُجرَ
opt-aom_recommendation-recommended = موصى به
opt-aom_recommendation-continue = متابعة العلاج الحالي
opt-aom_recommendation-not_indicated = غير مستطَب
opt-aom_recommendation-contraindicated = مضاد استطباب
opt-aom_recommendation-declined = رفضه المريض
opt-aom_at_52_weeks-yes = نعم
opt-aom_at_52_weeks-no = لا
opt-aom_at_52_weeks-unknown = غير معروف

## السجل
fls-tabs = الخدمة
fls-tab-profile = الملف التعريفي
fls-tab-patients = المرضى
fls-tab-worklists = قوائم العمل
episodes-title = المرضى
episodes-search = الرقم الطبي أو الاسم
episodes-search-button = بحث
episodes-new = تسجيل كسر
episodes-new-help = أدخل المعلومات الأساسية أولًا؛ ويُسجَّل باقي مسار الرعاية في صفحة المريض.
episodes-register = تسجيل
episodes-count = { $count ->
    [zero] { $count } حالة
    [one] { $count } حالة
    [two] { $count } حالتان
    [few] { $count } حالات
    [many] { $count } حالة
   *[other] { $count } حالة
}
episodes-name = الاسم
episodes-duplicates-title = قد يكون هذا المريض مسجلًا بالفعل
episodes-duplicates-confirm = إنها حالة مختلفة: سجّلها على أي حال
pager-previous = السابق
pager-next = التالي
pager-page = الصفحة { $page } من { $pages }
group-episode-identity = المريض وتاريخ الكسر
group-episode-contact = معلومات الاتصال
group-episode-fracture = الكسر وتحديد المريض
group-episode-assessment = التقييم والفحوصات
group-episode-treatment = العلاج
group-episode-followup = المتابعة والنتائج
group-episode-notes = ملاحظات
episode-age = العمر عند الكسر: { $age } سنة
episode-pathway = مسار الرعاية
episode-step = الخطوة
episode-due = تاريخ الاستحقاق
episode-done = تاريخ الإنجاز
episode-state = الوضع
episode-save = حفظ
episode-delete = حذف هذه الحالة
episode-history = سجل التغييرات
episode-stale-title = لم يُحفظ: عدّل شخص آخر هذه الحالة
episode-stale = حفظ مستخدم آخر هذه الحالة بعد أن فتحتها. لا تزال تغييراتك في النموذج أدناه، ويُظهر سجل التغييرات ما عدّله. راجِع ثم احفظ مرة أخرى للإبقاء على تغييراتك.
episode-refracture-new = سُجّل كسر متكرر: افتح حالة جديدة له
step-assessment = تقييم FLS (12 أسبوعًا)
step-dxa = DXA (12 أسبوعًا)
step-falls = تقييم خطر السقوط
step-treatment = بدء العلاج (16 أسبوعًا)
step-strength_balance = تمارين القوة والتوازن (16 أسبوعًا)
step-followup_16 = المتابعة (16 أسبوعًا)
step-review_52 = المراجعة (52 أسبوعًا)
state-on_time = أُنجز في الوقت المحدد
state-late = أُنجز متأخرًا
state-due = مستحق قريبًا
state-overdue = متأخر
state-open = لم يحن موعده بعد
state-not_applicable = غير مطلوب
notice-created = تم تسجيل الكسر.
notice-created-under-50 = تم تسجيل الكسر. كان عمر المريض أقل من 50 عامًا عند الكسر، لذا تقع هذه الحالة خارج الفئة المشمولة بمؤشرات الأداء الرئيسية (KPI).
notice-saved = تم الحفظ.
notice-deleted = تم حذف الحالة.
worklists-title = قوائم العمل
worklist-awaiting-assessment = بانتظار التقييم
worklist-dxa-pending = فحص DXA قيد الانتظار
worklist-treatment-not-started = لم يبدأ العلاج
worklist-followup-16 = متابعة الأسبوع 16
worklist-review-52 = مراجعة الأسبوع 52
worklist-state = عرض
worklist-all = الكل
worklist-due = مستحق
worklist-overdue = متأخر
worklist-filter = عرض

## قواعد الحاسبة
rule-share_between_0_and_1 = يجب أن يكون نسبة بين 0 و1 (مثل 0.65).
rule-non_negative = يجب ألا يكون سالبًا.
rule-horizon_between = يجب أن يكون عددًا صحيحًا من السنوات من { $min } إلى { $max }.
rule-site_shares_sum_to_1 = يجب أن يكون مجموع نسب كسور الورك والكسور الفقرية والكسور الأخرى 1 (المجموع الحالي { $sum }).
rule-cumulative_risk_increasing = لا يمكن أن يكون خطر تراكمي لاحق أقل من خطر سابق ({ $min }).

# Authentication hardening (issue 13)
rule-password_repeated = حرف واحد أو مجموعة قصيرة مكررة؛ اختر شيئًا أقل انتظامًا.
rule-password_sequence = تسلسل مثل abcd أو 1234؛ اختر شيئًا يصعب توقعه.
rule-password_keyboard = في معظمه صف من المفاتيح المتجاورة مثل qwerty؛ اختر شيئًا يصعب توقعه.
rule-password_guessable = سهلة التخمين جدًا: كلمة أو اسم أو تاريخ شائع مع إضافة قليلة. عدة كلمات غير مترابطة أقوى.
error-form-encoding-title = رُفض الطلب
error-form-encoding = لم يُرسل الحقل «{ $field }» نصًا بترميز UTF-8، لذا لم يُحفظ شيء. أعد تحميل الصفحة وحاول مرة أخرى.
notice-locked-out = كلمات مرور أو رموز خاطئة كثيرة جدًا: تم تسجيل خروجك. حاول مرة أخرى لاحقًا.
account-totp-disable-hint = لإيقافه، أدخل كلمة المرور الحالية أو رمزًا من ستة أرقام من تطبيقك.
fls-users-password-hint = لعنوان ليس له حساب فقط: كلمة المرور التي يسجل بها الدخول أول مرة (12 حرفًا على الأقل). أبلغه بها شخصيًا.
fls-users-done = تم لـ { $email }. إن لم يكن لهذا العنوان حساب، فله الآن حساب بكلمة المرور التي اخترتها. وإن كان له حساب من قبل، فيحتفظ بكلمة مروره، ويمنحه المسؤول الدور.
