# One patient's timeline, the refracture offer, the sixth worklist (issue 15).
worklist-new-fracture-known-patient = New fracture of a known patient
timeline-title = This patient's episodes in this FLS
timeline-current = this episode
timeline-offer = This patient's earlier episode has no refracture recorded. Record this fracture's date and site as the refracture of the episode of
timeline-offer-accept = Record as its refracture
notice-refracture-recorded = Refracture recorded on this episode.
io-offers-title = Refractures offered to earlier episodes
io-offers-note = These new fractures follow an earlier episode of the same patient that has no refracture recorded. Tick those the import should record as the earlier episode's refracture, with the rows and in the same step; nothing unticked is recorded, and each new episode's page still offers it after the import.
