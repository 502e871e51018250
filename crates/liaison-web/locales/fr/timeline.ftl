# One patient's timeline, the refracture offer, the sixth worklist (issue 15).
worklist-new-fracture-known-patient = Nouvelle fracture d'un patient connu
timeline-title = Épisodes de ce patient dans cette FLS
timeline-current = cet épisode
timeline-offer = L'épisode précédent de ce patient n'a pas de refracture enregistrée. Enregistrer la date et le site de cette fracture comme refracture de l'épisode du
timeline-offer-accept = Enregistrer comme sa refracture
notice-refracture-recorded = Refracture enregistrée sur cet épisode.
io-offers-title = Refractures proposées aux épisodes antérieurs
io-offers-note = Ces nouvelles fractures suivent un épisode antérieur du même patient sans refracture enregistrée. Cochez celles que l'import doit enregistrer comme refracture de l'épisode antérieur, avec les lignes et dans la même opération ; rien de ce qui n'est pas coché n'est enregistré, et la page de chaque nouvel épisode le propose encore après l'import.
