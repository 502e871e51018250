# Field names in the history of a self-assessment (issue 12).
bpf-history-status = 状態
bpf-history-framework = フレームワークの版
bpf-history-approved = 承認されたレベル
