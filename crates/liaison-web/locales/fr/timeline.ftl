# One patient's timeline, the refracture offer, the sixth worklist (issue 15).
worklist-new-fracture-known-patient = Nouvelle fracture d'un patient connu
timeline-title = Épisodes de ce patient dans cette FLS
timeline-current = cet épisode
timeline-offer = L'épisode précédent de ce patient n'a pas de refracture enregistrée. Enregistrer la date et le site de cette fracture comme refracture de l'épisode du
timeline-offer-accept = Enregistrer comme sa refracture
notice-refracture-recorded = Refracture enregistrée sur cet épisode.
io-offers-title = Refractures proposées aux épisodes antérieurs
io-offers-note = Ces nouvelles fractures suivent un épisode antérieur du même patient sans refracture enregistrée. L'import ne les enregistre pas : après l'import, la page de chaque nouvel épisode propose de l'enregistrer.
