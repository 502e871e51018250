# Le rapport des valeurs atypiques (issue 19) : services hors des limites de l'entonnoir de chaque KPI.
outliers-title = Rapport des valeurs atypiques
outliers-intro = Services dont la valeur sort des limites de contrôle à 95 % ou à 99,8 % du graphique en entonnoir mondial, pour chaque KPI qui est une proportion (KPI 3 à 12). Vous voyez nommément les services dont vous pouvez voir les chiffres ; vus de l'extérieur d'un service, ses effectifs sont arrondis et les petits masqués.
outliers-unreleased = Moins de 3 services contribuent dans le monde : il n'y a pas de valeur agrégée à laquelle comparer et aucun service n'apparaît comme atypique.
outliers-none-compared = Aucun service de ce périmètre n'a de patients pour ce KPI sur la période, ou sa valeur agrégée ne peut pas être montrée.
outliers-summary = Valeur agrégée mondiale { $p0 }. { $compared ->
    [one] Un service comparé
   *[other] { $compared } services comparés
} ; { $outside ->
    [0] aucun n'est hors des limites.
    [one] un est hors des limites.
   *[other] { $outside } sont hors des limites.
}
outliers-summary-withheld = La valeur agrégée mondiale est masquée (ses effectifs sont petits). { $compared ->
    [one] Un service comparé
   *[other] { $compared } services comparés
} ; { $outside ->
    [0] aucun n'est hors des limites.
    [one] un est hors des limites.
   *[other] { $outside } sont hors des limites.
}
outliers-withheld = { $count ->
    [one] Un service n'est pas comparé car ses effectifs sont trop petits pour être montrés.
   *[other] { $count } services ne sont pas comparés car leurs effectifs sont trop petits pour être montrés.
}
outliers-col-n = Patients (dénominateur)
outliers-col-limit = Limite franchie
outliers-col-direction = Sens
outliers-limit-95 = limite à 95 %
outliers-limit-998 = limite à 99,8 %
outliers-side-above = au-dessus de la valeur agrégée
outliers-side-below = au-dessous de la valeur agrégée
outliers-your-fls = Votre service
outliers-scope-all = Tous les services que vous pouvez voir
