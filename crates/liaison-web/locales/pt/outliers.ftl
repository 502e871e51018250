# O relatório de valores atípicos (issue 19): serviços fora dos limites do funil de cada KPI.
outliers-title = Relatório de valores atípicos
outliers-intro = Serviços cujo valor fica fora dos limites de controlo de 95 % ou de 99,8 % do gráfico de funil mundial, para cada KPI que é uma proporção (KPI 3 a 12). Vê pelo nome os serviços cujos números pode ver; vistos de fora de um serviço, as suas contagens são arredondadas e as pequenas ocultadas.
outliers-unreleased = Menos de 3 serviços contribuem no mundo, por isso não há valor agregado com que comparar e nenhum serviço aparece como atípico.
outliers-none-compared = Nenhum serviço deste âmbito tem doentes para este KPI no período, ou o seu valor agregado não pode ser mostrado.
outliers-summary = Valor agregado mundial { $p0 }. { $compared ->
    [one] Um serviço comparado
   *[other] { $compared } serviços comparados
}; { $outside ->
    [0] nenhum está fora dos limites.
    [one] um está fora dos limites.
   *[other] { $outside } estão fora dos limites.
}
outliers-summary-withheld = O valor agregado mundial está oculto (as suas contagens são pequenas). { $compared ->
    [one] Um serviço comparado
   *[other] { $compared } serviços comparados
}; { $outside ->
    [0] nenhum está fora dos limites.
    [one] um está fora dos limites.
   *[other] { $outside } estão fora dos limites.
}
outliers-withheld = { $count ->
    [one] Um serviço não é comparado porque as suas contagens são demasiado pequenas para serem mostradas.
   *[other] { $count } serviços não são comparados porque as suas contagens são demasiado pequenas para serem mostradas.
}
outliers-col-n = Doentes (denominador)
outliers-col-limit = Limite ultrapassado
outliers-col-direction = Sentido
outliers-limit-95 = limite de 95 %
outliers-limit-998 = limite de 99,8 %
outliers-side-above = acima do valor agregado
outliers-side-below = abaixo do valor agregado
outliers-your-fls = O seu serviço
outliers-scope-all = Todos os serviços que pode ver
