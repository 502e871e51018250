# One patient's timeline, the refracture offer, the sixth worklist (issue 15).
worklist-new-fracture-known-patient = كسر جديد لمريض معروف
timeline-title = حلقات هذا المريض في هذه الخدمة
timeline-current = هذه الحلقة
timeline-offer = لا يوجد كسر لاحق مسجّل في الحلقة السابقة لهذا المريض. سجّل تاريخ هذا الكسر وموضعه ككسر لاحق لحلقة
timeline-offer-accept = سجّله ككسر لاحق لها
notice-refracture-recorded = سُجّل الكسر اللاحق في هذه الحلقة.
io-offers-title = كسور لاحقة مقترحة لحلقات سابقة
io-offers-note = تأتي هذه الكسور الجديدة بعد حلقة سابقة للمريض نفسه لا يوجد فيها كسر لاحق مسجّل. حدّد ما يجب أن يسجّله الاستيراد ككسر لاحق للحلقة السابقة، مع الصفوف وفي الخطوة نفسها؛ لا يُسجَّل شيء غير محدّد، وتظل صفحة كل حلقة جديدة تعرض تسجيله بعد الاستيراد.
