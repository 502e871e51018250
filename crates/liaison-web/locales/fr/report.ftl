# Le rapport annuel (issue 19) : l'année d'un périmètre sous forme de document, en HTML et PDF.
report-link = Rapport annuel
report-show = Afficher le rapport
report-download-pdf = Télécharger en PDF
field-lang = Langue
report-title = Rapport annuel { $year } : { $scope }
report-cover-period = Fractures du { $from } au { $to }, suivies jusqu'au { $as_of }.
report-cover-services = { $count ->
    [one] Un service contribue.
   *[other] { $count } services contribuent.
}
report-cover-definitions = Version { $version } des définitions des indicateurs.
report-no-data-title = Aucune donnée
report-no-data = Aucun épisode de ce périmètre n'a de date de fracture en { $year } : il n'y a aucun chiffre à présenter pour cette année.
report-summary = Synthèse
report-summary-text = { $episodes } épisodes de { $services } services. Chaque indicateur de l'année à côté de sa bande et de l'année précédente.
report-col-band = Bande
report-col-fraction = Numérateur / dénominateur
report-kpis = Indicateurs clés de performance
report-kpi-line = { $year } : { $value } ({ $fraction }), bande { $band }. { $last_year } : { $last }.
report-funnel-none = Pas de graphique en entonnoir : la valeur agrégée de ce périmètre est retenue pour cet indicateur.
report-run-desc = La valeur agrégée du périmètre trimestre par trimestre, sur cette année et la précédente ; un vide est un trimestre dont le chiffre est retenu.
report-breakdowns = Ventilations (version 2 du jeu de données)
report-breakdowns-none = Aucune ventilation ne peut être affichée pour ce périmètre.
report-facilities = Synthèse des structures
report-facilities-none = Aucune campagne d'audit organisationnel n'a été ouverte pour { $year }.
report-facilities-withheld = Moins de services de cette zone ont envoyé l'audit organisationnel { $year } que les règles de diffusion ne l'exigent ; ses chiffres sont masqués.
report-facilities-intro = { $count } services de cette zone ont envoyé l'audit organisationnel { $year }. Médianes des services qui donnent chaque réponse ; le financement est la part des services au financement pérenne.
report-facilities-col-kpi = Indicateur institutionnel
report-facilities-col-value = Valeur
report-outliers = Valeurs atypiques
report-outliers-intro = Services hors des limites de contrôle à 95 % ou 99,8 % du graphique en entonnoir mondial, tels que vous pouvez les voir.
report-outliers-none = Aucun service que vous pouvez voir n'est hors des limites de contrôle.
report-methods = Méthodes et définitions
report-methods-kpis = Chaque indicateur compte les épisodes avec une fracture dans l'année, suivis jusqu'à la date indiquée en couverture ; une étape ne compte comme faite à temps que dans son délai. Les bandes (rouge, orange, vert) sont celles des définitions des indicateurs.
report-methods-funnel = Les graphiques en entonnoir comparent chaque service à la valeur agrégée du périmètre ; les limites de contrôle sont des limites binomiales exactes à 95 % et 99,8 %. Les graphiques de suivi montrent la valeur agrégée par trimestre.
report-methods-disclosure = Les chiffres suivent les règles de diffusion du registre : hors d'un service, les effectifs sont arrondis, les petits effectifs retenus, et les valeurs agrégées ne sont montrées que si au moins 3 services contribuent.
report-page = Page { $n } sur { $total }
