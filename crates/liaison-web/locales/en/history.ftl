# Field names in the history of a self-assessment (issue 12).
bpf-history-status = Status
bpf-history-framework = Framework version
bpf-history-approved = Approved levels
