# Disclosure rules 7 and 8 (docs/comparisons.md): periods too short, withheld pooled lines.
field-period = Period
error-period_too_short-title = Period too short
error-period_too_short = Figures seen from outside an FLS need a period of at least a quarter, so that a day or a week cannot single out patients. Choose a quarter, a year or a longer custom period.
rule-period_too_short = has { $days } days; outside an FLS the period must have at least { $min } days (disclosure rule 8).
kpi-pooled-short = The values of other FLSs (country, region, world) are shown for periods of at least 90 days only.
kpi-funnel-short = The funnel plot compares with other FLSs, so it is shown for periods of at least 90 days only.
kpi-centre-withheld = The funnel plot is not drawn: the pooled counts of this comparison are small, so its centre line and limits are withheld.
kpi-reference-withheld = A quarter without a reference value has none that may be shown: its country or region is too small, or its pooled counts are.
