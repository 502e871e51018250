# Épisodes supprimés et leur restauration (issue 12).
deleted-title = Épisodes supprimés
deleted-link = Épisodes supprimés
deleted-explain = Épisodes de ce service supprimés au cours des { $days } derniers jours. En restaurer un le remet dans les listes et les indicateurs. Après { $days } jours, un épisode supprimé est effacé définitivement.
deleted-back = Retour aux patients
deleted-none = Aucun épisode de ce service n’a été supprimé pendant cette période.
deleted-caption = Épisodes supprimés, les plus récents d’abord
deleted-when = Supprimé le
deleted-who = Supprimé par
deleted-who-unknown = l’opérateur (ligne de commande)
deleted-action = Action
deleted-restore = Restaurer
deleted-restore-key-taken = Non restauré : un autre épisode de ce service a désormais le même numéro de dossier hospitalier et la même date de fracture. Si l’épisode supprimé est le bon, supprimez ou corrigez d’abord l’autre.
notice-episode-deleted = L’épisode a été supprimé. Un responsable de ce service peut le restaurer depuis Épisodes supprimés pendant { $days } jours.
notice-episode-restored = L’épisode a été restauré.
episode-delete-restorable = Un responsable de ce service peut le restaurer pendant { $days } jours ; ensuite, il est effacé définitivement.
rule-episode_deleted = un épisode avec ce numéro de dossier hospitalier et cette date de fracture a été supprimé ; un responsable du service peut le restaurer depuis Épisodes supprimés, ou il peut être enregistré à nouveau par le formulaire.
history-episode-restore = Restauré
