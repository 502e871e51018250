# Échange de données : imports, exports, tâches en arrière-plan (issue 4).
rule-column_twice = figure deux fois dans l’en-tête.
rule-file_utf16 = le fichier est un texte UTF-16 ; enregistrez-le au format « CSV UTF-8 ».
rule-file_empty = le fichier est vide.
rule-file_not_xlsx = le fichier n’a pas pu être lu comme classeur XLSX.
rule-file_zip_bomb = le classeur se décompresserait en bien plus de données qu’un tableur n’en contient ; il n’a pas été ouvert.
rule-file_quote_unclosed = un guillemet ouvert sur cette ligne n’est jamais refermé : toutes les lignes suivantes seraient perdues ; refermez-le ou supprimez-le.
rule-file_quote_swallows_row = un guillemet ouvert sur cette ligne se prolonge jusqu’à la ligne { $row }, qui est une ligne à part entière ; refermez-le là où la cellule se termine.
rule-file_binary = le fichier n’est pas un tableur mais { $kind ->
    [executable] un programme
    [pdf] un document PDF
    [image] une image
    [archive] une archive compressée
    [old_office] un fichier Office ancien format (.xls ou .doc)
    [zip] une archive zip sans classeur
   *[other] des données binaires
 } ; enregistrez les données au format CSV UTF-8 ou XLSX.
rule-file_too_large = le fichier dépasse la limite de { $max } Mo.
io-nav = Import et export
io-import-title = Importer des épisodes
io-import-intro = Un fichier CSV ou XLSX au format d’import : une ligne par épisode, les colonnes du jeu de données dont fls_code, patient_ref et fracture_date. Rien n’est enregistré avant que vous ayez vu ce que le fichier modifie.
io-file = Fichier
io-date-order = Les dates qui ne sont pas au format ISO (AAAA-MM-JJ) sont écrites
io-date-order-ymd = année, mois, jour (2024-03-31)
io-date-order-dmy = jour, mois, année (31/03/2024)
io-date-order-mdy = mois, jour, année (03/31/2024)
io-blanks-clear = Les cellules vides effacent les valeurs enregistrées (sinon une cellule vide conserve la valeur)
io-upload = Vérifier le fichier
io-your-imports = Vos imports
io-col-when = Déposé
io-col-file = Fichier
io-col-status = État
io-status-analysing = vérification en cours
io-status-preview = en attente de votre confirmation
io-status-refused = refusé
io-status-importing = import en cours
io-status-done = importé
io-status-failed = échec ; rien n’a été modifié
io-status-cancelled = annulé
io-status-expired = expiré
io-working = Traitement en cours. Vous pouvez quitter cette page et revenir : le résultat reste dans vos imports.
io-preview-title = Ce que le fichier modifie
io-count-rows = Lignes
io-count-new = Nouveaux épisodes
io-count-changed = Épisodes modifiés
io-count-unchanged = Épisodes inchangés
io-count-invalid = Lignes invalides
io-changes = Épisodes modifiés
io-col-line = Ligne
io-col-episode = Épisode
io-col-fields = Champs modifiés
io-col-problem = Problème
io-invalid = Lignes invalides
io-confirm = Importer
io-confirm-valid = Importer les lignes valides et télécharger les lignes invalides
io-cancel = Annuler
io-fix-hint = Corrigez le fichier et déposez-le à nouveau, ou importez les lignes valides : les lignes invalides vous sont alors rendues dans un fichier du même format avec une colonne d’erreur.
io-errors-download = Télécharger les lignes invalides
io-done = L’import est terminé.
io-nothing-written = Rien n’a été modifié.
io-refused = Le fichier a été refusé :
io-more = { $n } de plus non affichées.
io-export-title = Exporter des épisodes
io-export-intro = Les exports au format d’import peuvent être réimportés sans modification. L’extrait de recherche omet numéros de dossier, noms, coordonnées et notes, ne donne que l’année de naissance et désigne chaque FLS par un pseudonyme tiré à nouveau pour chaque extrait.
io-export-scope = Périmètre
io-export-format = Format
io-format-csv = CSV (format d’import)
io-format-xlsx = XLSX (format d’import)
io-format-research = Extrait de recherche (CSV désidentifié)
io-export-download = Télécharger
io-export-none = Les exports contiennent des données de patients : ils sont réservés aux utilisateurs qui peuvent lire les patients de toutes les FLS du périmètre.
io-scope-global = Toutes les FLS
io-import-fls = Vous pouvez importer des épisodes dans :
io-col-column = Colonne
io-col-value = Valeur
io-format-fhir = Bundle FHIR R4 (JSON, sans coordonnées ni notes)
io-scope-hint = fls:CODE, country:PP, region:NOM ou global
