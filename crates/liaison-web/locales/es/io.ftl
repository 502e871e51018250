# Intercambio de datos: importaciones, exportaciones, tareas en segundo plano (issue 4).
rule-column_twice = aparece dos veces en la cabecera.
rule-file_utf16 = el archivo es texto UTF-16; guárdelo como «CSV UTF-8».
rule-file_empty = el archivo está vacío.
rule-file_not_xlsx = el archivo no se pudo leer como libro XLSX.
rule-file_zip_bomb = el libro se descomprimiría en muchos más datos de los que contiene una hoja de cálculo; no se ha abierto.
rule-file_quote_unclosed = unas comillas abiertas en esta línea no se cierran nunca, así que se perderían todas las filas siguientes; ciérrelas o quítelas.
rule-file_quote_swallows_row = unas comillas abiertas en esta línea continúan hasta la línea { $row }, que es una fila en sí misma; ciérrelas donde termina la celda.
rule-file_binary = el archivo no es una hoja de cálculo sino { $kind ->
    [executable] un programa
    [pdf] un documento PDF
    [image] una imagen
    [archive] un archivo comprimido
    [old_office] un archivo de Office de formato antiguo (.xls o .doc)
    [zip] un archivo zip sin libro
   *[other] datos binarios
 }; guarde los datos como CSV UTF-8 o XLSX.
rule-file_too_large = el archivo supera el límite de { $max } MB.
io-nav = Importar y exportar
io-import-title = Importar episodios
io-import-intro = Un archivo CSV o XLSX en el formato de importación: una fila por episodio, con las columnas del conjunto de datos, incluidas fls_code, patient_ref y fracture_date. No se escribe nada antes de que usted vea lo que cambia el archivo.
io-file = Archivo
io-date-order = Las fechas que no están en ISO (AAAA-MM-DD) se escriben
io-date-order-ymd = año, mes, día (2024-03-31)
io-date-order-dmy = día, mes, año (31/03/2024)
io-date-order-mdy = mes, día, año (03/31/2024)
io-blanks-clear = Las celdas vacías borran los valores guardados (si no, una celda vacía conserva lo guardado)
io-upload = Comprobar el archivo
io-your-imports = Sus importaciones
io-col-when = Subido
io-col-file = Archivo
io-col-status = Estado
io-status-analysing = en comprobación
io-status-preview = pendiente de su confirmación
io-status-refused = rechazado
io-status-importing = importando
io-status-done = importado
io-status-failed = fallido; no se cambió nada
io-status-cancelled = cancelado
io-status-expired = caducado
io-working = En curso. Puede salir de esta página y volver: el resultado queda en sus importaciones.
io-preview-title = Lo que cambia el archivo
io-count-rows = Filas
io-count-new = Episodios nuevos
io-count-changed = Episodios modificados
io-count-unchanged = Episodios sin cambios
io-count-invalid = Filas no válidas
io-changes = Episodios modificados
io-col-line = Línea
io-col-episode = Episodio
io-col-fields = Campos modificados
io-col-problem = Problema
io-invalid = Filas no válidas
io-confirm = Importar
io-confirm-valid = Importar las filas válidas y descargar las no válidas
io-cancel = Cancelar
io-fix-hint = Corrija el archivo y vuelva a subirlo, o importe las filas válidas: las no válidas se devuelven en un archivo del mismo formato con una columna de error.
io-errors-download = Descargar las filas no válidas
io-done = La importación ha terminado.
io-nothing-written = No se cambió nada.
io-refused = El archivo fue rechazado:
io-more = { $n } más no se muestran.
io-export-title = Exportar episodios
io-export-intro = Las exportaciones en el formato de importación pueden volver a importarse sin cambios. El extracto de investigación omite números de historia, nombres, datos de contacto y notas, da solo el año de nacimiento y nombra cada FLS con un seudónimo nuevo en cada extracto.
io-export-scope = Ámbito
io-export-format = Formato
io-format-csv = CSV (formato de importación)
io-format-xlsx = XLSX (formato de importación)
io-format-research = Extracto de investigación (CSV desidentificado)
io-export-download = Descargar
io-export-none = Las exportaciones contienen datos de pacientes: están disponibles para quien puede leer los pacientes de todos los FLS del ámbito.
io-scope-global = Todos los FLS
io-import-fls = Puede importar episodios en:
io-col-column = Columna
io-col-value = Valor
io-format-fhir = Bundle FHIR R4 (JSON, sin datos de contacto ni notas)
io-scope-hint = fls:CÓDIGO, country:PP, region:NOMBRE o global
