# Closing an episode (dataset version 2): the FLS stops following it.
group-episode-closing = Cierre
field-closed_date = Cerrado el
field-closed_reason = Motivo del cierre
hint-closed_date = El FLS dejó de seguir a este paciente: el episodio sale de todas las listas de trabajo. Los KPI no cambian. Vacíe ambos campos para reabrirlo.
opt-closed_reason-completed = Circuito completado
opt-closed_reason-declined_fls = Rechazó la atención del FLS
opt-closed_reason-moved_away = Se mudó
opt-closed_reason-transferred = Trasladado a otro servicio
opt-closed_reason-not_eligible = No elegible
opt-closed_reason-lost_to_follow_up = Perdido en el seguimiento
rule-required_with_closed = es obligatorio con una fecha de cierre.
rule-required_with_reason = es obligatorio con un motivo de cierre.
step-why-closed = el FLS cerró el episodio
