# The resource library (issue 16): /resources and a resource's page.
nav-resources = Bibliothèque
resources-title = Bibliothèque de ressources
resources-intro = Des documents pour les équipes FLS, les mentors, les patients et les décideurs : ateliers, Cadre de bonnes pratiques, Getting to Gold, information des patients et plus, dans chaque langue où ils existent.
resources-search = Chercher dans la bibliothèque
resources-any = Tous
resources-audience = Public
resources-country = Pays
resources-country-hint = Un code ISO comme FR ; les ressources pour tous les pays sont toujours incluses.
resources-find = Chercher
resources-count = { $count ->
    [one] Une ressource trouvée.
   *[other] { $count } ressources trouvées.
}
resources-new = Nouvelle ressource
resources-create = Créer en brouillon
resources-category-new = Nouvelle catégorie
resources-category-add = Ajouter la catégorie
resource-status-draft = Brouillon
resource-body-hint = Markdown : titres (#), listes (-), liens [mots](https://...). Le HTML est affiché comme texte.
resource-links-hint = Une adresse https:// par ligne (les vidéos sont liées, pas téléversées).
resource-countries-hint = Codes ISO séparés par des virgules ; vide s'applique partout.
field-resource_category = Catégorie
field-resource_language = Langue
field-resource_title = Titre
field-resource_summary = Résumé
field-resource_body = Texte
field-resource_links = Liens
field-resource_audiences = Publics
field-resource_visibility = Qui peut la lire
field-resource_tags = Mots-clés
field-resource_countries = Pays
field-resource_review_by = À revoir avant le
field-category_code = Code de catégorie
field-category_name = Nom de catégorie
resource-fallback = Cette ressource n'existe pas dans votre langue ; vous lisez la version en { $language }.
resource-links = Liens
resource-is-draft = Cette ressource est un brouillon : seuls les éditeurs la voient avant sa publication.
resource-files = Fichiers
resource-size-kb = { $size } Ko
resource-everywhere = Tous les pays
resource-other-languages = Aussi en :
resource-cited-by = Citée par
resource-cited-g2g_milestone = Preuve d'une étape Getting to Gold
resource-cited-bpf_answer = Réponse au Cadre de bonnes pratiques
resource-edit = Modifier cette ressource
resource-publish = Publier
resource-save = Enregistrer
resource-version-edit = Version en { $language }
resource-history = { $count ->
    [one] Un état enregistré conservé.
   *[other] { $count } états enregistrés conservés.
}
resource-version-add = Ajouter une version linguistique
resource-version-add-button = Ajouter la version
resource-file-add = Joindre un fichier
resource-file-hint = PDF, DOCX, PPTX, XLSX, PNG ou JPEG, vérifié par son contenu.
resource-file-upload = Téléverser
resource-category-mentorship_workshop = Ateliers de mentorat
resource-category-bpf = Cadre de bonnes pratiques
resource-category-getting_to_gold = Getting to Gold
resource-category-train_the_trainer = Formation de formateurs
resource-category-patient_information = Information des patients
resource-category-benefit_calculator = Calculateur des bénéfices FLS
resource-category-policy_advocacy = Politiques et plaidoyer
resource-audience-fls_staff = Équipes FLS
resource-audience-patients = Patients
resource-audience-policy_makers = Décideurs
resource-audience-mentors = Mentors
resource-visibility-public = Tout le monde
resource-visibility-signed_in = Utilisateurs connectés
resource-visibility-mentors = Mentors et programme seulement
rule-duplicate_version = cette langue a déjà une version ; modifiez-la.
rule-link_unsafe = n'est pas une adresse de lien sûre (seuls https, http et mailto ; ni javascript: ni data:).
rule-link_invalid = n'est pas une adresse web valide.
rule-file_type = le contenu du fichier n'est pas { $allowed } (le nom ne décide pas).
rule-code_format = minuscules, chiffres et _ seulement.
rule-duplicate = existe déjà.
