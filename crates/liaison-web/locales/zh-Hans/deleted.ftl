# 已删除的病例及其恢复（issue 12）。
deleted-title = 已删除的病例
deleted-link = 已删除的病例
deleted-explain = 本机构在过去 { $days } 天内删除的病例。恢复后，病例会重新出现在列表和指标中。删除超过 { $days } 天的病例将被永久清除。
deleted-back = 返回患者列表
deleted-none = 本机构在此期间没有删除任何病例。
deleted-caption = 已删除的病例，最近的在前
deleted-when = 删除时间
deleted-who = 删除人
deleted-who-unknown = 运维人员（命令行）
deleted-action = 操作
deleted-restore = 恢复
deleted-restore-key-taken = 未恢复：本机构的另一个病例现在具有相同的病历号和骨折日期。如果已删除的病例才是正确记录，请先删除或更正另一个病例。
notice-episode-deleted = 病例已删除。本机构负责人可在 { $days } 天内从“已删除的病例”中恢复。
notice-episode-restored = 病例已恢复。
episode-delete-restorable = 本机构负责人可在 { $days } 天内恢复该病例；之后将被永久清除。
rule-episode_deleted = 具有此病历号和骨折日期的病例已被删除；机构负责人可从“已删除的病例”中恢复，或通过表单重新登记。
history-episode-restore = 已恢复
