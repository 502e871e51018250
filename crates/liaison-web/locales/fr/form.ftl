# Hints under the episode form's labels, and the legend of the required marker (issue 12).
form-required-legend = Les champs marqués d’un * sont obligatoires.
hint-patient_ref = Le numéro du patient à l’hôpital : il repère les doublons et rapproche les lignes importées.
hint-fracture_date = Le jour de la fracture : tous les délais du parcours partent de là.
hint-birth_date = Un patient de moins de 50 ans peut être enregistré, mais il est hors de la population des indicateurs.
hint-spine_detection = Fractures vertébrales seulement : comment la fracture a été trouvée.
hint-family_name = Les noms et numéros de téléphone restent dans ce FLS et ne sont jamais exportés.
hint-falls_assessment = Le jeu de données enregistre si elle a été faite, pas le jour.
