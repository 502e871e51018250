# Liaison — français. Chaque clé doit exister dans toutes les langues (un test le vérifie).

## Navigation et mise en page
nav-skip = Aller au contenu principal
nav-label = Principal
nav-home = Accueil
nav-fls = Services
nav-audit = Journal d’audit
nav-admin = Administration
nav-account = Mon compte
nav-language = Langue
nav-language-apply = Appliquer
nav-sign-out = Se déconnecter
footer-text = Liaison — le registre des filières fracture (FLS). Les données des patients ne quittent jamais leur service.
yes = Oui
no = Non

## Erreurs
error-not-found-title = Introuvable
error-not-found = Il n’y a rien ici, ou vous n’y avez pas accès.
error-csrf-title = Requête refusée
error-csrf = Ce formulaire a été envoyé depuis un autre site ou a expiré. Revenez en arrière, rechargez la page et réessayez.
error-too-large-title = Trop volumineux
error-too-large = Ce que vous avez envoyé dépasse la taille acceptée par ce serveur.
error-internal-title = Une erreur s’est produite
error-internal = Une erreur s’est produite de notre côté. Rien de ce que vous avez saisi n’a été enregistré. Veuillez réessayer ; si le problème se reproduit, communiquez cette référence à votre administrateur.
error-reference = Référence :
error-field = { $field } « { $value } » : { $rule }
error-line = Ligne { $line } : { $message }
form-errors-title = Veuillez corriger les points suivants

## Règles de validation
rule-required = une valeur est obligatoire.
rule-too_long = ne doit pas dépasser { $max } caractères.
rule-control_characters = ne doit pas contenir de caractères de contrôle.
rule-length_between = doit comporter entre { $min } et { $max } caractères.
rule-fls_code_chars = ne peut contenir que des lettres A–Z, des chiffres, « - », « _ » et « . ».
rule-country_unknown = n’est pas un code pays ISO 3166-1 (deux lettres, par exemple GB ou BR).
rule-time_zone_unknown = n’est pas un fuseau horaire connu (utilisez un nom tel que Europe/London).
rule-one_of = doit être l’une des valeurs suivantes : { $allowed }.
rule-integer = doit être un nombre entier.
rule-integer_between = doit être un nombre entier compris entre { $min } et { $max }.
rule-date_format = doit être une date au format { $format }.
rule-date_invalid = n’est pas une date de calendrier valide.
rule-email = n’est pas une adresse e-mail.
rule-email_taken = appartient déjà à un autre compte.
rule-password_too_short = doit comporter au moins { $min } caractères.
rule-password_common = fait partie des mots de passe les plus courants ; choisissez-en un autre.
rule-password_is_email = ne doit pas être votre adresse e-mail.
rule-password_wrong = n’est pas votre mot de passe actuel.
rule-fls_unknown = n’est pas une FLS que vous pouvez gérer.
rule-role_not_yours_to_give = est un rôle que vous ne pouvez pas attribuer.
rule-file_not_utf8 = le fichier n’est pas un texte UTF-8 (enregistrez-le au format « CSV UTF-8 »).
rule-file_not_csv = le fichier n’a pas pu être lu comme un fichier CSV.
rule-column_unknown = n’est pas une colonne de ce format.
rule-column_missing = est une colonne obligatoire absente du fichier.
rule-row_length = la ligne compte { $value } cellules, mais l’en-tête en compte { $expected }.
rule-duplicate_in_file = apparaît deux fois dans le fichier (la première fois à la ligne { $line }).

## Noms des champs
field-email = Adresse e-mail
field-password = Mot de passe
field-current_password = Mot de passe actuel
field-new_password = Nouveau mot de passe
field-display_name = Nom
field-code = Code de la FLS
field-name = Nom
field-hospital = Hôpital
field-city = Ville
field-country = Pays
field-region = Région
field-time_zone = Fuseau horaire
field-service_model = Modèle de service
field-patient_groups = Groupes de patients pris en charge
field-catchment_population_50_plus = Population desservie de 50 ans et plus
field-expected_non_spine_per_year = Fractures non vertébrales attendues par an
field-expected_spine_per_year = Fractures vertébrales attendues par an
field-start_date = Date de début
field-contact_name = Contact
field-contact_email = Adresse e-mail du contact
field-role = Rôle
field-fls = FLS
field-from = Du
field-to = Au
field-actor = Utilisateur
field-action = Action
field-file = Fichier
field-header = Colonne
field-row = Ligne
field-token-name = Nom du jeton
field-code-totp = Code à six chiffres

## Connexion
sign-in-title = Connexion
sign-in-button = Se connecter
sign-in-wrong = L’adresse e-mail ou le mot de passe est incorrect.
sign-in-disabled = Ce compte a été désactivé. Adressez-vous à votre administrateur.
sign-in-locked = { $minutes ->
    [one] Trop de tentatives infructueuses. Réessayez dans { $minutes } minute.
   *[other] Trop de tentatives infructueuses. Réessayez dans { $minutes } minutes.
}
totp-step-title = Deuxième étape
totp-step-help = Saisissez le code à six chiffres affiché par votre application d’authentification.
totp-step-button = Continuer
totp-wrong = Ce code est incorrect. Vérifiez l’heure de votre appareil et essayez le code le plus récent.
notice-signed-out = Vous êtes déconnecté.
notice-password-changed = Votre mot de passe a été modifié. Connectez-vous avec le nouveau.
notice-totp-enabled = La connexion en deux étapes est activée.
notice-totp-disabled = La connexion en deux étapes est désactivée.
notice-totp-required = Votre rôle impose la connexion en deux étapes ; elle ne peut pas être désactivée.
notice-token-revoked = Le jeton a été révoqué.

## Accueil
home-title = Accueil
home-public-title = Liaison : les filières fracture, mesurées et comparées
home-public-intro = Avec Liaison, les filières fracture enregistrent la prise en charge de chaque patient après une fracture de fragilité, voient ce qui est à faire et pour qui, et comparent leurs résultats avec ceux de leurs pairs sans partager les données d’aucun patient.
home-signed-in-as = Connecté en tant que
home-your-roles = Vos rôles
home-your-services = Vos services
home-all-services = Tous les services

## Compte
account-title = Mon compte
account-password = Mot de passe
account-password-hint = Au moins 12 caractères. Quelques mots sans rapport entre eux forment un mot de passe robuste.
account-password-button = Changer le mot de passe
account-totp = Connexion en deux étapes
account-totp-on = La connexion en deux étapes est activée.
account-totp-off = La connexion en deux étapes est désactivée.
account-totp-enable = Activer la connexion en deux étapes
account-totp-disable = Désactiver la connexion en deux étapes
account-totp-required = Votre rôle impose la connexion en deux étapes.
account-tokens = Jetons d’API
account-tokens-link = Gérer les jetons d’API
totp-setup-title = Configurer la connexion en deux étapes
totp-setup-required = Votre rôle impose la connexion en deux étapes. Configurez-la pour continuer.
totp-setup-step1 = Ajoutez cette clé à une application d’authentification (ou ouvrez le lien sur votre téléphone) :
totp-setup-link = Ouvrir dans l’application d’authentification
totp-setup-step2 = Saisissez le code à six chiffres affiché par l’application.
totp-setup-button = Activer
tokens-title = Jetons d’API
tokens-intro = Un jeton permet à un script ou à un système hospitalier d’utiliser l’API avec vos droits. Gardez-le secret ; révoquez-le lorsqu’il n’est plus nécessaire.
tokens-created-once = Copiez ce jeton maintenant : il ne sera plus affiché.
tokens-create = Créer un jeton
tokens-created = Créé le
tokens-last-used = Dernière utilisation
tokens-status = État
tokens-actions = Actions
tokens-revoked = Révoqué
tokens-live = Actif
tokens-revoke = Révoquer

## Services (FLS)
fls-list-title = Services
fls-search = Rechercher des services
fls-search-button = Rechercher
fls-none = Aucun service à afficher.
fls-new = Nouveau service
fls-edit = Modifier le service
fls-save = Enregistrer
fls-code-hint = De 2 à 32 caractères : lettres, chiffres, « - », « _ », « . ». Il ne pourra plus être modifié.
fls-country-hint = Code ISO à deux lettres, par exemple GB, BR ou SA. Il détermine la région.
fls-time-zone-hint = Laissez vide pour utiliser le fuseau horaire de la capitale, ou indiquez un nom tel que America/Sao_Paulo.
fls-expected-hint = Laissez vide si la valeur est inconnue.
fls-users-link = Utilisateurs de ce service
fls-users-title = Utilisateurs
fls-import-title = Importer des services depuis un fichier CSV
fls-import-help = Colonnes : code, name, country, expected_non_spine_per_year, expected_spine_per_year et, en option, hospital, city, time_zone, service_model, patient_groups, catchment_population_50_plus, start_date, contact_name, contact_email. Si une ligne est incorrecte, rien n’est importé.
fls-import-button = Importer
fls-import-refused = Rien n’a été importé. Corrigez ces lignes et téléversez à nouveau le fichier :
fls-import-done = Import terminé : { $created } nouveaux, { $updated } modifiés, { $unchanged } inchangés.
model-identify = Identifie les patients
model-identify_investigate = Identifie et explore
model-identify_investigate_initiate = Identifie, explore et instaure le traitement
group-hip = Fractures de la hanche
group-other_inpatient = Autres fractures chez des patients hospitalisés
group-outpatient = Fractures chez des patients ambulatoires
group-vertebral = Fractures vertébrales

## Régions
region-africa = Afrique
region-asia_pacific = Asie-Pacifique
region-europe = Europe
region-latin_america = Amérique latine
region-middle_east = Moyen-Orient
region-north_america = Amérique du Nord

## Rôles
role-administrator = Administrateur
role-programme_reviewer = Évaluateur du programme
role-national_lead = Responsable national
role-regional_lead = Responsable régional
role-mentor = Mentor
role-fls_lead = Responsable de FLS
role-fls_clinician = Clinicien de FLS
role-viewer = Lecteur

## Utilisateurs
users-title = Utilisateurs
users-new = Nouvel utilisateur
users-create = Créer l’utilisateur
users-created-once = Compte créé pour
users-password-hint = Laissez vide pour en générer un ; il ne sera affiché qu’une fois.
users-scope-hint = Les rôles de FLS exigent un code de FLS, un responsable national un pays, un responsable régional une région.
users-email-hint = Un compte existant reçoit le rôle ; sinon, un nouveau compte est créé avec un mot de passe affiché une seule fois.
users-add-title = Ajouter un utilisateur
users-add-button = Ajouter
users-add-role = Ajouter un rôle
users-remove-role = Retirer le rôle
users-roles = Rôles
users-totp = Connexion en deux étapes
users-status = État
users-active = Actif
users-disabled = Désactivé
users-disable = Désactiver le compte
users-enable = Réactiver le compte

## Paramètres de sécurité
security-title = Paramètres de sécurité
security-mfa-roles = Rôles soumis à la connexion en deux étapes
security-save = Enregistrer
security-saved = Enregistré.

## Journal d’audit
audit-title = Journal d’audit
audit-search = Rechercher
audit-export = Exporter en CSV
audit-none = Aucune entrée ne correspond.
audit-when = Date et heure (UTC)
audit-from = Adresse d’origine
audit-outcome = Résultat
audit-record = Enregistrement
audit-change = Modification
audit-before = Avant
audit-after = Après
audit-pages = Pages
audit-newer = Plus récentes
audit-older = Plus anciennes
outcome-ok = Effectué
outcome-denied = Refusé
outcome-failed = Échec
