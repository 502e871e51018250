# تبادل البيانات: الاستيراد والتصدير والمهام في الخلفية (issue 4).
rule-column_twice = يظهر مرتين في صف العناوين.
rule-file_utf16 = الملف نص بترميز UTF-16؛ احفظه بصيغة «CSV UTF-8».
rule-file_empty = الملف فارغ.
rule-file_not_xlsx = تعذّرت قراءة الملف كمصنف XLSX.
rule-file_zip_bomb = سيُفكّ ضغط المصنف إلى بيانات تفوق بكثير ما يحويه جدول بيانات؛ لذا لم يُفتح.
rule-file_quote_unclosed = علامة اقتباس فُتحت في هذا السطر ولم تُغلق، فتضيع كل الصفوف التي تليها؛ أغلقها أو احذفها.
rule-file_quote_swallows_row = علامة اقتباس فُتحت في هذا السطر تمتد حتى السطر { $row } وهو صف قائم بذاته؛ أغلقها حيث تنتهي الخلية.
rule-file_binary = الملف ليس جدول بيانات بل { $kind ->
    [executable] برنامج
    [pdf] مستند PDF
    [image] صورة
    [archive] أرشيف مضغوط
    [old_office] ملف Office بتنسيق قديم (.xls أو .doc)
    [zip] أرشيف zip لا يحوي مصنفًا
   *[other] بيانات ثنائية
 }؛ احفظ البيانات بصيغة CSV UTF-8 أو XLSX.
rule-file_too_large = حجم الملف يتجاوز الحد البالغ { $max } ميغابايت.
io-nav = الاستيراد والتصدير
io-import-title = استيراد الحالات
io-import-intro = ملف CSV أو XLSX بصيغة الاستيراد: صف لكل حالة، بأعمدة مجموعة البيانات ومنها fls_code وpatient_ref وfracture_date. لا يُكتب شيء قبل أن ترى ما يغيّره الملف.
io-file = الملف
io-date-order = التواريخ غير المكتوبة بصيغة ISO (YYYY-MM-DD) مكتوبة بترتيب
io-date-order-ymd = السنة، الشهر، اليوم (2024-03-31)
io-date-order-dmy = اليوم، الشهر، السنة (31/03/2024)
io-date-order-mdy = الشهر، اليوم، السنة (03/31/2024)
io-blanks-clear = الخلايا الفارغة تمحو القيم المحفوظة (وإلا فالخلية الفارغة تُبقي المحفوظ)
io-upload = فحص الملف
io-your-imports = عمليات الاستيراد الخاصة بك
io-col-when = تاريخ الرفع
io-col-file = الملف
io-col-status = الحالة
io-status-analysing = قيد الفحص
io-status-preview = بانتظار تأكيدك
io-status-refused = مرفوض
io-status-importing = قيد الاستيراد
io-status-done = تم الاستيراد
io-status-failed = فشل؛ لم يتغير شيء
io-status-cancelled = أُلغي
io-status-expired = انتهت صلاحيته
io-working = جارٍ العمل. يمكنك مغادرة هذه الصفحة والعودة لاحقًا: تبقى النتيجة في عمليات الاستيراد الخاصة بك.
io-preview-title = ما يغيّره الملف
io-count-rows = الصفوف
io-count-new = حالات جديدة
io-count-changed = حالات معدّلة
io-count-unchanged = حالات دون تغيير
io-count-invalid = صفوف غير صالحة
io-changes = الحالات المعدّلة
io-col-line = السطر
io-col-episode = الحالة
io-col-fields = الحقول المعدّلة
io-col-problem = المشكلة
io-invalid = الصفوف غير الصالحة
io-confirm = استيراد
io-confirm-valid = استيراد الصفوف الصالحة وتنزيل غير الصالحة
io-cancel = إلغاء
io-fix-hint = صحّح الملف وارفعه مجددًا، أو استورد الصفوف الصالحة: تعود إليك الصفوف غير الصالحة في ملف بالصيغة نفسها مع عمود للخطأ.
io-errors-download = تنزيل الصفوف غير الصالحة
io-done = اكتمل الاستيراد.
io-nothing-written = لم يتغير شيء.
io-refused = رُفض الملف:
io-more = { $n } أخرى غير معروضة.
io-export-title = تصدير الحالات
io-export-intro = يمكن إعادة استيراد الملفات المصدّرة بصيغة الاستيراد دون أي تغيير. يستبعد مستخلص البحث أرقام المستشفى والأسماء وبيانات الاتصال والملاحظات، ويذكر سنة الميلاد فقط، ويسمّي كل خدمة FLS باسم مستعار يُختار من جديد لكل مستخلص.
io-export-scope = النطاق
io-export-format = الصيغة
io-format-csv = CSV (صيغة الاستيراد)
io-format-xlsx = XLSX (صيغة الاستيراد)
io-format-research = مستخلص بحثي (CSV مجهول الهوية)
io-export-download = تنزيل
io-export-none = الملفات المصدّرة تتضمن بيانات على مستوى المريض: وهي متاحة لمن يحق له قراءة بيانات مرضى كل خدمات FLS في النطاق.
io-scope-global = كل خدمات FLS
io-import-fls = يمكنك استيراد الحالات إلى:
io-col-column = العمود
io-col-value = القيمة
io-format-fhir = حزمة FHIR R4 ‏(JSON، دون بيانات الاتصال والملاحظات)
io-scope-hint = fls:الرمز أو country:رمز البلد أو region:الاسم أو global
