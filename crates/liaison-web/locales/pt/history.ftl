# Field names in the history of a self-assessment (issue 12).
bpf-history-status = Situação
bpf-history-framework = Versão do referencial
bpf-history-approved = Níveis aprovados
