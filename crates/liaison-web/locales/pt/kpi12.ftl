# kpi12 (KPI set 2, dataset version 2)
kpi-kpi12_high_risk_aom_16w = Doentes de alto risco com tratamento iniciado em 16 semanas
kpi-short-kpi12_high_risk_aom_16w = 12
