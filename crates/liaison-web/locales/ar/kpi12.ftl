# kpi12 (KPI set 2, dataset version 2)
kpi-kpi12_high_risk_aom_16w = بدء العلاج لمرضى الخطورة العالية خلال 16 أسبوعًا
kpi-short-kpi12_high_risk_aom_16w = 12
