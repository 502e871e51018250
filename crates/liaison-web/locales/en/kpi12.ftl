# kpi12 (KPI set 2, dataset version 2)
kpi-kpi12_high_risk_aom_16w = High-risk patients started on treatment within 16 weeks
kpi-short-kpi12_high_risk_aom_16w = 12
