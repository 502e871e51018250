# Why a pathway step is not needed, shown beside "Not needed" (issue 12).
step-why-not_required = enregistré comme non nécessaire pour ce patient
step-why-declined = le patient l’a refusé
step-why-hip_fracture = mesuré pour les fractures autres que de la hanche : la rééducation d’une fracture de la hanche commence dans le service
step-why-no_treatment = aucun traitement recommandé, ou pas encore
step-why-died = le patient est décédé avant qu’il soit fait
step-done-undated = Fait (le jeu de données n’en enregistre pas la date)
