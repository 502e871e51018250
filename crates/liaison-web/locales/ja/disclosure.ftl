# 開示ルール 7 と 8（docs/comparisons.md）：短すぎる期間、非表示の集計線。
field-period = 期間
error-period_too_short-title = 期間が短すぎます
error-period_too_short = FLS の外から見る数値には、1 日や 1 週間で特定の患者が分からないよう、少なくとも四半期の期間が必要です。四半期、1 年、またはより長い任意の期間を選んでください。
rule-period_too_short = は { $days } 日です。FLS の外からは、期間が少なくとも { $min } 日必要です（開示ルール 8）。
kpi-pooled-short = 他の FLS の値（国、地域、世界）は、90 日以上の期間でのみ表示されます。
kpi-funnel-short = ファンネルプロットは他の FLS と比較するため、90 日以上の期間でのみ表示されます。
kpi-centre-withheld = ファンネルプロットは描画されません。この比較の集計件数が少ないため、中心線と管理限界は非表示です。
kpi-reference-withheld = 参照値のない四半期には、表示できる値がありません。国または地域が小さすぎるか、集計件数が少なすぎます。
