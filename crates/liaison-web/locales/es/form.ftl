# Hints under the episode form's labels, and the legend of the required marker (issue 12).
form-required-legend = Los campos marcados con * son obligatorios.
hint-patient_ref = El número del hospital para el paciente: detecta duplicados y empareja las filas importadas.
hint-fracture_date = El día de la fractura: todos los plazos del circuito se cuentan desde él.
hint-birth_date = Los pacientes menores de 50 años pueden registrarse, pero quedan fuera de la población de los KPI.
hint-spine_detection = Solo fracturas vertebrales: cómo se detectó la fractura.
hint-family_name = Los nombres y teléfonos se quedan en este FLS y nunca se exportan.
hint-falls_assessment = El conjunto de datos registra si se hizo, no el día.
