# kpi12 (KPI set 2, dataset version 2)
kpi-kpi12_high_risk_aom_16w = Patients à haut risque avec traitement débuté en 16 semaines
kpi-short-kpi12_high_risk_aom_16w = 12
