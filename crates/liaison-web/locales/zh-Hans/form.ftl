# Hints under the episode form's labels, and the legend of the required marker (issue 12).
form-required-legend = 标有 * 的字段为必填。
hint-patient_ref = 患者在医院的编号：用于发现重复记录并匹配导入的行。
hint-fracture_date = 骨折发生的日期：路径中的所有时限都从这一天算起。
hint-birth_date = 50 岁以下的患者可以登记，但不计入 KPI 人群。
hint-spine_detection = 仅限脊柱骨折：骨折是如何被发现的。
hint-family_name = 姓名和电话号码只保留在本 FLS 内，绝不导出。
hint-falls_assessment = 数据集记录是否已完成，不记录日期。
