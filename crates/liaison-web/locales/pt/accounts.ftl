# An administrator helps a user back in (issue 12).
users-sign-in-help = Ajuda para entrar
users-reset-explain = Um usuário que perdeu a senha recebe aqui uma nova, gerada e mostrada a você uma única vez; informe-a por telefone ou pessoalmente. Um usuário que perdeu o aplicativo autenticador tem a verificação em duas etapas removida e a configura de novo na próxima entrada. Nos dois casos, as sessões abertas dele terminam.
users-reset-password = Gerar uma nova senha
users-reset-totp = Remover a verificação em duas etapas
users-reset-once = Nova senha para
users-reset-pass-on = Ela só é mostrada agora. Peça ao usuário que a altere em Minha conta depois de entrar.
users-totp-reset-done = A verificação em duas etapas foi removida. O usuário a configura de novo na próxima entrada, se a função dele a exigir.
