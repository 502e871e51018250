# An administrator helps a user back in (issue 12).
users-sign-in-help = Aide à la connexion
users-reset-explain = Un utilisateur qui a perdu son mot de passe en reçoit ici un nouveau, généré et affiché une seule fois pour vous ; transmettez-le par téléphone ou en personne. Un utilisateur qui a perdu son application d’authentification se voit retirer la validation en deux étapes et la configure de nouveau à sa prochaine connexion. Dans les deux cas, ses sessions ouvertes prennent fin.
users-reset-password = Générer un nouveau mot de passe
users-reset-totp = Retirer la validation en deux étapes
users-reset-once = Nouveau mot de passe pour
users-reset-pass-on = Il n’est affiché que maintenant. Demandez à l’utilisateur de le changer dans Mon compte après sa connexion.
users-totp-reset-done = La validation en deux étapes a été retirée. L’utilisateur la configure de nouveau à sa prochaine connexion si son rôle l’exige.
