# Closing an episode (dataset version 2): the FLS stops following it.
group-episode-closing = 終了
field-closed_date = 終了日
field-closed_reason = 終了の理由
hint-closed_date = FLS がこの患者のフォローを終えました。エピソードはすべてのワークリストから外れます。KPI は変わりません。再開するには両方の項目を空にしてください。
opt-closed_reason-completed = パスウェイ完了
opt-closed_reason-declined_fls = FLS のケアを辞退
opt-closed_reason-moved_away = 転居
opt-closed_reason-transferred = 他のサービスへ移管
opt-closed_reason-not_eligible = 対象外
opt-closed_reason-lost_to_follow_up = 追跡不能
rule-required_with_closed = 終了日がある場合は必須です。
rule-required_with_reason = 終了の理由がある場合は必須です。
step-why-closed = FLS がエピソードを終了しました
