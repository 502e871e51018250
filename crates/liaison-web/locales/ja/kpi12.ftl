# kpi12 (KPI set 2, dataset version 2)
kpi-kpi12_high_risk_aom_16w = 高リスク患者の 16 週以内の治療開始
kpi-short-kpi12_high_risk_aom_16w = 12
