## Ticking the refractures an import offers, recorded with the import
io-offer-col = Enregistrer
io-offer-tick = Enregistrer cette refracture avec l'import
io-count-refractures = Refractures enregistrées sur des épisodes antérieurs
rule-refracture_not_offered = n'est plus proposée comme refracture de l'épisode coché (les épisodes du patient ont changé depuis l'aperçu, ou la case désigne un autre épisode) ; rien n'a été importé.
rule-refracture_ticked_twice = est cochée comme refracture d'un épisode auquel une ligne précédente du fichier donne déjà sa refracture ; un épisode n'a qu'une refracture : ne cochez que la première.
