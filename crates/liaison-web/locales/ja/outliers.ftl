# 外れ値レポート（issue 19）：各 KPI のファネル管理限界外のサービス。
outliers-title = 外れ値レポート
outliers-intro = 割合で表される各 KPI（KPI 3〜12）について、世界のファネルプロットの 95% または 99.8% 管理限界の外にある値のサービスです。数値を閲覧できるサービスは名前付きで表示されます。サービスの外から見る場合、件数は丸められ、小さい件数は非表示になります。
outliers-unreleased = 世界全体でデータを提供しているサービスが 3 未満のため、比較する統合値がなく、外れ値として表示されるサービスはありません。
outliers-none-compared = この範囲のサービスには期間内にこの KPI の患者がいないか、統合値を表示できません。
outliers-summary = 世界の統合値 { $p0 }。{ $compared ->
   *[other] 比較したサービス { $compared } 件
}、{ $outside ->
    [0] 限界外のサービスはありません。
   *[other] 限界外は { $outside } 件です。
}
outliers-summary-withheld = 世界の統合値は件数が少ないため非表示です。{ $compared ->
   *[other] 比較したサービス { $compared } 件
}、{ $outside ->
    [0] 限界外のサービスはありません。
   *[other] 限界外は { $outside } 件です。
}
outliers-withheld = { $count ->
   *[other] 件数が少なすぎて表示できないため、{ $count } 件のサービスは比較されていません。
}
outliers-col-n = 患者数（分母）
outliers-col-limit = 超えた限界
outliers-col-direction = 方向
outliers-limit-95 = 95% 限界
outliers-limit-998 = 99.8% 限界
outliers-side-above = 統合値より上
outliers-side-below = 統合値より下
outliers-your-fls = あなたのサービス
outliers-scope-all = 閲覧できるすべてのサービス
