# Field names in the history of a self-assessment (issue 12).
bpf-history-status = 状态
bpf-history-framework = 框架版本
bpf-history-approved = 已批准的级别
