# Regras de divulgação 7 e 8 (docs/comparisons.md): períodos demasiado curtos, linhas agregadas retidas.
field-period = Período
error-period_too_short-title = Período demasiado curto
error-period_too_short = Os números vistos de fora de um FLS exigem um período de pelo menos um trimestre, para que um dia ou uma semana não permitam identificar pacientes. Escolha um trimestre, um ano ou um período personalizado mais longo.
rule-period_too_short = tem { $days } dias; fora de um FLS o período deve ter pelo menos { $min } dias (regra de divulgação 8).
kpi-pooled-short = Os valores de outros FLS (país, região, mundo) só são mostrados para períodos de pelo menos 90 dias.
kpi-funnel-short = O gráfico de funil compara com outros FLS, por isso só é mostrado para períodos de pelo menos 90 dias.
kpi-centre-withheld = O gráfico de funil não é desenhado: as contagens agregadas desta comparação são pequenas, por isso a sua linha central e os seus limites são retidos.
kpi-reference-withheld = Um trimestre sem valor de referência não tem nenhum que possa ser mostrado: o seu país ou região é demasiado pequeno, ou as suas contagens agregadas o são.
