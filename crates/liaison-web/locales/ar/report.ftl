# التقرير السنوي (issue 19): سنة نطاق ما في وثيقة، بصيغتي HTML وPDF.
report-link = التقرير السنوي
report-show = عرض التقرير
report-download-pdf = تنزيل بصيغة PDF
field-lang = اللغة
report-title = التقرير السنوي { $year }: { $scope }
report-cover-period = الكسور من { $from } إلى { $to }، مع المتابعة حتى { $as_of }.
report-cover-services = { $count ->
    [one] تساهم خدمة واحدة.
   *[other] عدد الخدمات المساهمة: { $count }.
}
report-cover-definitions = إصدار تعريفات المؤشرات { $version }.
report-no-data-title = لا توجد بيانات
report-no-data = لا توجد في هذا النطاق أي حالة بتاريخ كسر في سنة { $year }: لا أرقام يمكن عرضها لهذه السنة.
report-summary = الملخص
report-summary-text = { $episodes } حالة من { $services } خدمة. كل مؤشر للسنة بجانب نطاقه والسنة السابقة.
report-col-band = النطاق اللوني
report-col-fraction = البسط / المقام
report-kpis = مؤشرات الأداء الرئيسية
report-kpi-line = { $year }: { $value } ({ $fraction })، النطاق اللوني { $band }. { $last_year }: { $last }.
report-funnel-none = لا يوجد مخطط قمع: القيمة المجمّعة لهذا النطاق محجوبة لهذا المؤشر.
report-run-desc = القيمة المجمّعة للنطاق ربعًا بعد ربع، خلال هذه السنة والسنة السابقة؛ الفجوة ربع حُجب رقمه.
report-breakdowns = التصنيفات (الإصدار 2 من مجموعة البيانات)
report-breakdowns-none = لا يمكن عرض أي تصنيف لهذا النطاق.
report-facilities = ملخص المرافق
report-facilities-none = لم تُفتح جولة لتدقيق المرافق لعام { $year }.
report-facilities-withheld = عدد الخدمات في هذه المنطقة التي أرسلت تدقيق المرافق لعام { $year } أقل مما تتطلبه قواعد الإفصاح؛ لذا حُجبت أرقامها.
report-facilities-intro = أرسلت { $count } خدمات في هذه المنطقة تدقيق المرافق لعام { $year }. القيم وسيطات على الخدمات التي أجابت عن كل سؤال؛ والتمويل هو نسبة الخدمات ذات التمويل المتكرر.
report-facilities-col-kpi = المؤشر المؤسسي
report-facilities-col-value = القيمة
report-outliers = القيم الشاذة
report-outliers-intro = الخدمات الواقعة خارج حدود الضبط 95 % أو 99.8 % في مخطط القمع العالمي، كما يحق لك رؤيتها.
report-outliers-none = لا توجد خدمة يحق لك رؤيتها خارج حدود الضبط.
report-methods = الطرق والتعريفات
report-methods-kpis = يحسب كل مؤشر الحالات التي وقع كسرها خلال السنة، مع المتابعة حتى التاريخ المذكور في الغلاف؛ ولا تُحتسب الخطوة منجزة في وقتها إلا داخل مهلتها. النطاقات اللونية (أحمر، كهرماني، أخضر) هي نطاقات تعريفات المؤشرات.
report-methods-funnel = تقارن مخططات القمع كل خدمة بالقيمة المجمّعة للنطاق؛ وحدود الضبط حدود ثنائية الحدين دقيقة عند 95 % و99.8 %. وتعرض المخططات الزمنية القيمة المجمّعة لكل ربع سنة.
report-methods-disclosure = تتبع الأرقام قواعد الإفصاح في السجل: خارج الخدمة تُقرَّب الأعداد وتُحجب الصغيرة منها، ولا تُعرض القيم المجمّعة إلا إذا ساهمت 3 خدمات على الأقل.
report-page = الصفحة { $n } من { $total }
