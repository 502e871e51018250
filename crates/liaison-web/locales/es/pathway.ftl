# Why a pathway step is not needed, shown beside "Not needed" (issue 12).
step-why-not_required = registrado como no necesario para este paciente
step-why-declined = el paciente lo rechazó
step-why-hip_fracture = se mide en fracturas que no son de cadera: la rehabilitación de una fractura de cadera empieza en planta
step-why-no_treatment = no se recomendó tratamiento, o todavía no
step-why-died = el paciente falleció antes de hacerlo
step-done-undated = Hecho (el conjunto de datos no registra fecha)
