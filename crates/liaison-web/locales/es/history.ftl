# Field names in the history of a self-assessment (issue 12).
bpf-history-status = Estado
bpf-history-framework = Versión del marco
bpf-history-approved = Niveles aprobados
