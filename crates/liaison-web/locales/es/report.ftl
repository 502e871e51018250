# El informe anual (issue 19): el año de un ámbito como documento, en HTML y PDF.
report-link = Informe anual
report-show = Mostrar el informe
report-download-pdf = Descargar en PDF
field-lang = Idioma
report-title = Informe anual { $year }: { $scope }
report-cover-period = Fracturas del { $from } al { $to }, con seguimiento hasta el { $as_of }.
report-cover-services = { $count ->
    [one] Contribuye un servicio.
   *[other] Contribuyen { $count } servicios.
}
report-cover-definitions = Versión { $version } de las definiciones de los indicadores.
report-no-data-title = Sin datos
report-no-data = Ningún episodio de este ámbito tiene fecha de fractura en { $year }: no hay cifras que informar para este año.
report-summary = Resumen
report-summary-text = { $episodes } episodios de { $services } servicios. Cada indicador del año junto a su banda y al año anterior.
report-col-band = Banda
report-col-fraction = Numerador / denominador
report-kpis = Indicadores clave de desempeño
report-kpi-line = { $year }: { $value } ({ $fraction }), banda { $band }. { $last_year }: { $last }.
report-funnel-none = Sin gráfico de embudo: el valor agrupado de este ámbito se retiene para este indicador.
report-run-desc = El valor agrupado del ámbito trimestre a trimestre, en este año y el anterior; un hueco es un trimestre cuya cifra se retiene.
report-breakdowns = Desgloses (versión 2 del conjunto de datos)
report-breakdowns-none = No se puede mostrar ningún desglose para este ámbito.
report-facilities = Resumen de instalaciones
report-facilities-none = No se abrió ninguna ronda de la auditoría de recursos en { $year }.
report-facilities-withheld = Menos servicios de esta zona enviaron la auditoría de recursos de { $year } de los que exigen las reglas de divulgación; sus cifras no se muestran.
report-facilities-intro = { $count } servicios de esta zona enviaron la auditoría de recursos de { $year }. Medianas de los servicios que dan cada respuesta; la financiación es la proporción de servicios con financiación recurrente.
report-facilities-col-kpi = Indicador institucional
report-facilities-col-value = Valor
report-outliers = Valores atípicos
report-outliers-intro = Servicios fuera de los límites de control del 95 % o del 99,8 % del gráfico de embudo mundial, tal como puede verlos.
report-outliers-none = Ningún servicio que pueda ver está fuera de los límites de control.
report-methods = Métodos y definiciones
report-methods-kpis = Cada indicador cuenta los episodios con una fractura en el año, con seguimiento hasta la fecha indicada en la portada; un paso solo cuenta como hecho a tiempo dentro de su plazo. Las bandas (roja, ámbar, verde) son las de las definiciones de los indicadores.
report-methods-funnel = Los gráficos de embudo comparan cada servicio con el valor agrupado del ámbito; los límites de control son límites binomiales exactos al 95 % y al 99,8 %. Los gráficos de serie muestran el valor agrupado por trimestre.
report-methods-disclosure = Las cifras siguen las reglas de divulgación del registro: fuera de un servicio los recuentos se redondean, los pequeños se retienen y los valores agrupados solo se muestran cuando contribuyen al menos 3 servicios.
report-page = Página { $n } de { $total }
