# 离群值报告（issue 19）：超出各 KPI 漏斗控制限的服务。
outliers-title = 离群值报告
outliers-intro = 对每个以比例表示的 KPI（KPI 3 至 12），列出数值超出全球漏斗图 95% 或 99.8% 控制限的服务。您可查看其数据的服务会显示名称；从服务外部查看时，计数会被取整，较小的计数会被隐藏。
outliers-unreleased = 全球提供数据的服务少于 3 个，因此没有可比较的汇总值，也没有服务显示为离群值。
outliers-none-compared = 此范围内的服务在该期间没有此 KPI 的患者，或其汇总值不能显示。
outliers-summary = 全球汇总值 { $p0 }。{ $compared ->
   *[other] 已比较 { $compared } 个服务
}；{ $outside ->
    [0] 没有服务超出控制限。
   *[other] { $outside } 个超出控制限。
}
outliers-summary-withheld = 全球汇总值因计数较小而隐藏。{ $compared ->
   *[other] 已比较 { $compared } 个服务
}；{ $outside ->
    [0] 没有服务超出控制限。
   *[other] { $outside } 个超出控制限。
}
outliers-withheld = { $count ->
   *[other] { $count } 个服务因计数太小无法显示而未参与比较。
}
outliers-col-n = 患者数（分母）
outliers-col-limit = 超出的控制限
outliers-col-direction = 方向
outliers-limit-95 = 95% 控制限
outliers-limit-998 = 99.8% 控制限
outliers-side-above = 高于汇总值
outliers-side-below = 低于汇总值
outliers-your-fls = 您的服务
outliers-scope-all = 您可查看的所有服务
