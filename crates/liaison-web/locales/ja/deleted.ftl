# 削除した症例とその復元（issue 12）。
deleted-title = 削除した症例
deleted-link = 削除した症例
deleted-explain = この施設で過去 { $days } 日以内に削除された症例です。復元すると一覧と指標に戻ります。削除から { $days } 日を過ぎた症例は完全に消去されます。
deleted-back = 患者一覧に戻る
deleted-none = この期間に削除されたこの施設の症例はありません。
deleted-caption = 削除した症例（新しい順）
deleted-when = 削除日時
deleted-who = 削除した人
deleted-who-unknown = 運用者（コマンドライン）
deleted-action = 操作
deleted-restore = 復元
deleted-restore-key-taken = 復元できませんでした。この施設の別の症例が現在、同じカルテ番号と骨折日を持っています。削除した症例が正しい記録であれば、先にもう一方を削除するか修正してください。
notice-episode-deleted = 症例を削除しました。この施設のリードは { $days } 日以内であれば「削除した症例」から復元できます。
notice-episode-restored = 症例を復元しました。
episode-delete-restorable = この施設のリードは { $days } 日以内であれば復元できます。その後は完全に消去されます。
rule-episode_deleted = このカルテ番号と骨折日の症例は削除されています。施設のリードが「削除した症例」から復元するか、入力フォームから改めて登録してください。
history-episode-restore = 復元
