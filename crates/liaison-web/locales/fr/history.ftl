# Field names in the history of a self-assessment (issue 12).
bpf-history-status = Statut
bpf-history-framework = Version du référentiel
bpf-history-approved = Niveaux approuvés
