# Field names in the history of a self-assessment (issue 12).
bpf-history-status = الحالة
bpf-history-framework = إصدار الإطار
bpf-history-approved = المستويات المعتمدة
