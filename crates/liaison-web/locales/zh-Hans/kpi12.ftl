# kpi12 (KPI set 2, dataset version 2)
kpi-kpi12_high_risk_aom_16w = 高风险患者 16 周内开始治疗
kpi-short-kpi12_high_risk_aom_16w = 12
