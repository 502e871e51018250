# Reglas de divulgación 7 y 8 (docs/comparisons.md): periodos demasiado cortos, líneas agrupadas retenidas.
field-period = Periodo
error-period_too_short-title = Periodo demasiado corto
error-period_too_short = Las cifras vistas desde fuera de un FLS necesitan un periodo de al menos un trimestre, para que un día o una semana no permitan identificar a pacientes concretos. Elija un trimestre, un año o un periodo personalizado más largo.
rule-period_too_short = tiene { $days } días; fuera de un FLS el periodo debe tener al menos { $min } días (regla de divulgación 8).
kpi-pooled-short = Los valores de otros FLS (país, región, mundo) solo se muestran para periodos de al menos 90 días.
kpi-funnel-short = El gráfico de embudo compara con otros FLS, por lo que solo se muestra para periodos de al menos 90 días.
kpi-centre-withheld = No se dibuja el gráfico de embudo: los recuentos agrupados de esta comparación son pequeños, por lo que se retienen su línea central y sus límites.
kpi-reference-withheld = Un trimestre sin valor de referencia no tiene ninguno que pueda mostrarse: su país o región es demasiado pequeño, o lo son sus recuentos agrupados.
