# Why a pathway step is not needed, shown beside "Not needed" (issue 12).
step-why-not_required = registrado como não necessário para este paciente
step-why-declined = o paciente recusou
step-why-hip_fracture = medido em fraturas que não são de quadril: a reabilitação de uma fratura de quadril começa na enfermaria
step-why-no_treatment = o tratamento não foi recomendado, ou ainda não
step-why-died = o paciente faleceu antes de ser feito
step-done-undated = Feito (o conjunto de dados não registra a data)
