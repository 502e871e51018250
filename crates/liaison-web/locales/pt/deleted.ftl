# Episódios excluídos e a sua restauração (issue 12).
deleted-title = Episódios excluídos
deleted-link = Episódios excluídos
deleted-explain = Episódios deste serviço excluídos nos últimos { $days } dias. Restaurar um devolve-o às listas e aos indicadores. Depois de { $days } dias, um episódio excluído é apagado definitivamente.
deleted-back = Voltar aos pacientes
deleted-none = Nenhum episódio deste serviço foi excluído neste período.
deleted-caption = Episódios excluídos, os mais recentes primeiro
deleted-when = Excluído em
deleted-who = Excluído por
deleted-who-unknown = o operador (linha de comando)
deleted-action = Ação
deleted-restore = Restaurar
deleted-restore-key-taken = Não restaurado: outro episódio deste serviço tem agora o mesmo número do prontuário e a mesma data de fratura. Se o excluído for o registro correto, exclua ou corrija primeiro o outro.
notice-episode-deleted = O episódio foi excluído. Um coordenador deste serviço pode restaurá-lo em Episódios excluídos durante { $days } dias.
notice-episode-restored = O episódio foi restaurado.
episode-delete-restorable = Um coordenador deste serviço pode restaurá-lo durante { $days } dias; depois disso, é apagado definitivamente.
rule-episode_deleted = um episódio com este número do prontuário e esta data de fratura foi excluído; um coordenador do serviço pode restaurá-lo em Episódios excluídos, ou ele pode ser registrado novamente pelo formulário.
history-episode-restore = Restaurado
