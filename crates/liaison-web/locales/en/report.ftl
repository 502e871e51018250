# The annual report (issue 19): a scope's year as a document, in HTML and PDF.
report-link = Annual report
report-show = Show the report
report-download-pdf = Download as PDF
field-lang = Language
report-title = Annual report { $year }: { $scope }
report-cover-period = Fractures from { $from } to { $to }, followed up to { $as_of }.
report-cover-services = { $count ->
    [one] One service contributes.
   *[other] { $count } services contribute.
}
report-cover-definitions = KPI definitions version { $version }.
report-no-data-title = No data
report-no-data = No episode of this scope has a fracture date in { $year }: there are no figures to report for this year.
report-summary = Summary
report-summary-text = { $episodes } episodes from { $services } services. Each KPI of the year beside its band and the year before.
report-col-band = Band
report-col-fraction = Numerator / denominator
report-kpis = Key performance indicators
report-kpi-line = { $year }: { $value } ({ $fraction }), band { $band }. { $last_year }: { $last }.
report-funnel-none = No funnel plot: the pooled value of this scope is withheld for this KPI.
report-run-desc = The scope's pooled value quarter by quarter, over this year and the year before; a gap is a quarter whose figure is withheld.
report-breakdowns = Breakdowns (dataset version 2)
report-breakdowns-none = No breakdown can be shown for this scope.
report-facilities = Facilities summary
report-facilities-none = No facilities audit round was opened for { $year }.
report-facilities-withheld = Fewer services of this area submitted the { $year } facilities audit than the disclosure rules need; its figures are withheld.
report-facilities-intro = { $count } services of this area submitted the { $year } facilities audit. Medians over the services giving each answer; funding is the share of services with recurrent funding.
report-facilities-col-kpi = Institutional KPI
report-facilities-col-value = Value
report-outliers = Outliers
report-outliers-intro = Services outside the 95 % or 99.8 % control limits of the world's funnel plot, as you may see them.
report-outliers-none = No service you may see is outside the control limits.
report-methods = Methods and definitions
report-methods-kpis = Each KPI counts the episodes with a fracture in the year, followed up to the date given on the cover; a step is counted as done in time only inside its window. The bands (red, amber, green) are those of the KPI definitions.
report-methods-funnel = Funnel plots compare each service with the pooled value of the scope; the control limits are exact binomial limits at 95 % and 99.8 %. Run charts show the pooled value by quarter.
report-methods-disclosure = Figures follow the registry's disclosure rules: counts outside a service are rounded, small counts are withheld, and pooled values are shown only when at least 3 services contribute.
report-page = Page { $n } of { $total }
