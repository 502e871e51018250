# 披露规则 7 和 8（docs/comparisons.md）：期间过短、汇总线不予显示。
field-period = 期间
error-period_too_short-title = 期间过短
error-period_too_short = 从 FLS 外部查看的数据需要至少一个季度的期间，以免一天或一周就能识别出具体患者。请选择一个季度、一年或更长的自定义期间。
rule-period_too_short = 只有 { $days } 天；从 FLS 外部查看时，期间至少需要 { $min } 天（披露规则 8）。
kpi-pooled-short = 其他 FLS 的值（国家、地区、全球）仅在期间至少为 90 天时显示。
kpi-funnel-short = 漏斗图与其他 FLS 进行比较，因此仅在期间至少为 90 天时显示。
kpi-centre-withheld = 不绘制漏斗图：此比较的汇总计数较小，因此其中心线和控制限不予显示。
kpi-reference-withheld = 没有参考值的季度没有可以显示的值：其国家或地区太小，或其汇总计数太小。
