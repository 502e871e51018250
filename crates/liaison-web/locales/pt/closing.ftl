# Closing an episode (dataset version 2): the FLS stops following it.
group-episode-closing = Encerramento
field-closed_date = Encerrado em
field-closed_reason = Motivo do encerramento
hint-closed_date = O FLS deixou de acompanhar este paciente: o episódio sai de todas as listas de trabalho. Os KPIs não mudam. Limpe os dois campos para reabri-lo.
opt-closed_reason-completed = Percurso concluído
opt-closed_reason-declined_fls = Recusou o cuidado do FLS
opt-closed_reason-moved_away = Mudou-se
opt-closed_reason-transferred = Transferido para outro serviço
opt-closed_reason-not_eligible = Não elegível
opt-closed_reason-lost_to_follow_up = Perda de seguimento
rule-required_with_closed = é obrigatório com uma data de encerramento.
rule-required_with_reason = é obrigatório com um motivo de encerramento.
step-why-closed = o FLS encerrou o episódio
