# Episodios eliminados y su restauración (issue 12).
deleted-title = Episodios eliminados
deleted-link = Episodios eliminados
deleted-explain = Episodios de este servicio eliminados en los últimos { $days } días. Al restaurar uno, vuelve a las listas y a los indicadores. Pasados { $days } días, un episodio eliminado se borra definitivamente.
deleted-back = Volver a los pacientes
deleted-none = No se ha eliminado ningún episodio de este servicio en este periodo.
deleted-caption = Episodios eliminados, los más recientes primero
deleted-when = Eliminado el
deleted-who = Eliminado por
deleted-who-unknown = el operador (línea de comandos)
deleted-action = Acción
deleted-restore = Restaurar
deleted-restore-key-taken = No se ha restaurado: otro episodio de este servicio tiene ahora el mismo número de historia clínica y la misma fecha de fractura. Si el eliminado es el registro correcto, elimine o corrija antes el otro.
notice-episode-deleted = Se ha eliminado el episodio. Un responsable de este servicio puede restaurarlo desde Episodios eliminados durante { $days } días.
notice-episode-restored = Se ha restaurado el episodio.
episode-delete-restorable = Un responsable de este servicio puede restaurarlo durante { $days } días; después se borra definitivamente.
rule-episode_deleted = se eliminó un episodio con este número de historia clínica y esta fecha de fractura; un responsable del servicio puede restaurarlo desde Episodios eliminados, o puede registrarse de nuevo mediante el formulario.
history-episode-restore = Restaurado
