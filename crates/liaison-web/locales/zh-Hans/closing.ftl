# Closing an episode (dataset version 2): the FLS stops following it.
group-episode-closing = 结案
field-closed_date = 结案日期
field-closed_reason = 结案原因
hint-closed_date = FLS 已停止随访该患者：该病例将移出所有工作清单。KPI 不变。清空两个字段即可重新开启。
opt-closed_reason-completed = 路径已完成
opt-closed_reason-declined_fls = 拒绝 FLS 照护
opt-closed_reason-moved_away = 已迁居
opt-closed_reason-transferred = 已转至其他服务
opt-closed_reason-not_eligible = 不符合条件
opt-closed_reason-lost_to_follow_up = 失访
rule-required_with_closed = 填写结案日期时必填。
rule-required_with_reason = 填写结案原因时必填。
step-why-closed = FLS 已将该病例结案
