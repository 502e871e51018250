# Hints under the episode form's labels, and the legend of the required marker (issue 12).
form-required-legend = الحقول المعلَّمة بـ * مطلوبة.
hint-patient_ref = رقم المستشفى الخاص بالمريض: يكشف التكرار ويطابق الصفوف المستوردة.
hint-fracture_date = يوم الكسر: تُحسب منه كل مواعيد المسار.
hint-birth_date = يمكن تسجيل من هم دون الخمسين لكنهم خارج فئة مؤشرات الأداء.
hint-spine_detection = لكسور العمود الفقري فقط: كيف اكتُشف الكسر.
hint-family_name = تبقى الأسماء وأرقام الهواتف داخل هذه الوحدة ولا تُصدَّر أبدًا.
hint-falls_assessment = تسجّل مجموعة البيانات إن تم التقييم، لا يومه.
