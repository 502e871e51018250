# Règles de diffusion 7 et 8 (docs/comparisons.md) : périodes trop courtes, lignes agrégées retenues.
field-period = Période
error-period_too_short-title = Période trop courte
error-period_too_short = Les chiffres vus depuis l’extérieur d’un FLS exigent une période d’au moins un trimestre, afin qu’un jour ou une semaine ne permette pas d’isoler des patients. Choisissez un trimestre, une année ou une période personnalisée plus longue.
rule-period_too_short = compte { $days } jours ; hors d’un FLS, la période doit compter au moins { $min } jours (règle de diffusion 8).
kpi-pooled-short = Les valeurs des autres FLS (pays, région, monde) ne sont affichées que pour des périodes d’au moins 90 jours.
kpi-funnel-short = Le graphique en entonnoir compare avec d’autres FLS : il n’est affiché que pour des périodes d’au moins 90 jours.
kpi-centre-withheld = Le graphique en entonnoir n’est pas tracé : les effectifs agrégés de cette comparaison sont faibles, sa ligne centrale et ses limites sont donc retenues.
kpi-reference-withheld = Un trimestre sans valeur de référence n’en a aucune qui puisse être affichée : son pays ou sa région est trop petit, ou ses effectifs agrégés le sont.
