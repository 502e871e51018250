# Closing an episode (dataset version 2): the FLS stops following it.
group-episode-closing = Clôture
field-closed_date = Clôturé le
field-closed_reason = Motif de clôture
hint-closed_date = Le FLS ne suit plus ce patient : l’épisode quitte toutes les listes de travail. Les indicateurs ne changent pas. Videz les deux champs pour le rouvrir.
opt-closed_reason-completed = Parcours terminé
opt-closed_reason-declined_fls = A refusé la prise en charge FLS
opt-closed_reason-moved_away = A déménagé
opt-closed_reason-transferred = Transféré vers un autre service
opt-closed_reason-not_eligible = Non éligible
opt-closed_reason-lost_to_follow_up = Perdu de vue
rule-required_with_closed = est obligatoire avec une date de clôture.
rule-required_with_reason = est obligatoire avec un motif de clôture.
step-why-closed = le FLS a clôturé l’épisode
