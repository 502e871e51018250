# El informe de valores atípicos (issue 19): servicios fuera de los límites del embudo de cada KPI.
outliers-title = Informe de valores atípicos
outliers-intro = Servicios cuyo valor queda fuera de los límites de control del 95 % o del 99,8 % del gráfico de embudo mundial, para cada KPI que es una proporción (KPI 3 a 12). Verá por su nombre los servicios cuyas cifras puede ver; vistos desde fuera de un servicio, sus recuentos se redondean y los pequeños se ocultan.
outliers-unreleased = Menos de 3 servicios aportan datos en el mundo, así que no hay valor agregado con el que comparar y ningún servicio aparece como atípico.
outliers-none-compared = Ningún servicio de este ámbito tiene pacientes para este KPI en el periodo, o su valor agregado no puede mostrarse.
outliers-summary = Valor agregado mundial { $p0 }. { $compared ->
    [one] Un servicio comparado
   *[other] { $compared } servicios comparados
}; { $outside ->
    [0] ninguno está fuera de los límites.
    [one] uno está fuera de los límites.
   *[other] { $outside } están fuera de los límites.
}
outliers-summary-withheld = El valor agregado mundial se oculta (sus recuentos son pequeños). { $compared ->
    [one] Un servicio comparado
   *[other] { $compared } servicios comparados
}; { $outside ->
    [0] ninguno está fuera de los límites.
    [one] uno está fuera de los límites.
   *[other] { $outside } están fuera de los límites.
}
outliers-withheld = { $count ->
    [one] Un servicio no se compara porque sus recuentos son demasiado pequeños para mostrarse.
   *[other] { $count } servicios no se comparan porque sus recuentos son demasiado pequeños para mostrarse.
}
outliers-col-n = Pacientes (denominador)
outliers-col-limit = Límite superado
outliers-col-direction = Dirección
outliers-limit-95 = límite del 95 %
outliers-limit-998 = límite del 99,8 %
outliers-side-above = por encima del valor agregado
outliers-side-below = por debajo del valor agregado
outliers-your-fls = Su servicio
outliers-scope-all = Todos los servicios que puede ver
