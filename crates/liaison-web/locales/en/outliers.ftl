# The outlier report (issue 19): services outside the funnel limits of each KPI.
outliers-title = Outlier report
outliers-intro = Services whose value lies outside the 95 % or 99.8 % control limits of the world's funnel plot, for each KPI that is a proportion (KPIs 3 to 12). You see the services whose figures you may see, by name; seen from outside a service, its counts are rounded and small ones withheld.
outliers-unreleased = Fewer than 3 services contribute worldwide, so there is no pooled value to compare with and no service is shown as an outlier.
outliers-none-compared = No service of this scope has patients for this KPI in the period, or its pooled value may not be shown.
outliers-summary = World pooled value { $p0 }. { $compared ->
    [one] One service compared
   *[other] { $compared } services compared
}; { $outside ->
    [0] none is outside the limits.
    [one] one is outside the limits.
   *[other] { $outside } are outside the limits.
}
outliers-summary-withheld = The world pooled value is withheld (its counts are small). { $compared ->
    [one] One service compared
   *[other] { $compared } services compared
}; { $outside ->
    [0] none is outside the limits.
    [one] one is outside the limits.
   *[other] { $outside } are outside the limits.
}
outliers-withheld = { $count ->
    [one] One service is not compared because its counts are too small to show.
   *[other] { $count } services are not compared because their counts are too small to show.
}
outliers-col-n = Patients (denominator)
outliers-col-limit = Limit crossed
outliers-col-direction = Direction
outliers-limit-95 = 95 % limit
outliers-limit-998 = 99.8 % limit
outliers-side-above = above the pooled value
outliers-side-below = below the pooled value
outliers-your-fls = Your service
outliers-scope-all = Every service you may see
