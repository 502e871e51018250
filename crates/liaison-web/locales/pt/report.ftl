# O relatório anual (issue 19): o ano de um âmbito como documento, em HTML e PDF.
report-link = Relatório anual
report-show = Mostrar o relatório
report-download-pdf = Transferir em PDF
field-lang = Idioma
report-title = Relatório anual { $year }: { $scope }
report-cover-period = Fraturas de { $from } a { $to }, acompanhadas até { $as_of }.
report-cover-services = { $count ->
    [one] Contribui um serviço.
   *[other] Contribuem { $count } serviços.
}
report-cover-definitions = Versão { $version } das definições dos indicadores.
report-no-data-title = Sem dados
report-no-data = Nenhum episódio deste âmbito tem data de fratura em { $year }: não há números a relatar para este ano.
report-summary = Resumo
report-summary-text = { $episodes } episódios de { $services } serviços. Cada indicador do ano ao lado da sua faixa e do ano anterior.
report-col-band = Faixa
report-col-fraction = Numerador / denominador
report-kpis = Indicadores-chave de desempenho
report-kpi-line = { $year }: { $value } ({ $fraction }), faixa { $band }. { $last_year }: { $last }.
report-funnel-none = Sem gráfico de funil: o valor agregado deste âmbito é retido para este indicador.
report-run-desc = O valor agregado do âmbito trimestre a trimestre, neste ano e no anterior; uma lacuna é um trimestre cujo valor é retido.
report-breakdowns = Desagregações (versão 2 do conjunto de dados)
report-breakdowns-none = Nenhuma desagregação pode ser mostrada para este âmbito.
report-facilities = Resumo das instalações
report-facilities-none = Nenhuma rodada da auditoria de estrutura foi aberta para { $year }.
report-facilities-withheld = Menos serviços desta área enviaram a auditoria de estrutura de { $year } do que as regras de divulgação exigem; os números são omitidos.
report-facilities-intro = { $count } serviços desta área enviaram a auditoria de estrutura de { $year }. Medianas dos serviços que dão cada resposta; o financiamento é a proporção de serviços com financiamento recorrente.
report-facilities-col-kpi = Indicador institucional
report-facilities-col-value = Valor
report-outliers = Valores atípicos
report-outliers-intro = Serviços fora dos limites de controlo de 95 % ou 99,8 % do gráfico de funil mundial, tal como os pode ver.
report-outliers-none = Nenhum serviço que possa ver está fora dos limites de controlo.
report-methods = Métodos e definições
report-methods-kpis = Cada indicador conta os episódios com uma fratura no ano, acompanhados até à data indicada na capa; um passo só conta como feito a tempo dentro do seu prazo. As faixas (vermelha, âmbar, verde) são as das definições dos indicadores.
report-methods-funnel = Os gráficos de funil comparam cada serviço com o valor agregado do âmbito; os limites de controlo são limites binomiais exatos de 95 % e 99,8 %. Os gráficos de sequência mostram o valor agregado por trimestre.
report-methods-disclosure = Os números seguem as regras de divulgação do registo: fora de um serviço as contagens são arredondadas, as pequenas são retidas e os valores agregados só são mostrados quando contribuem pelo menos 3 serviços.
report-page = Página { $n } de { $total }
