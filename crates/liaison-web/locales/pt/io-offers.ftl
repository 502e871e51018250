## Ticking the refractures an import offers, recorded with the import
io-offer-col = Registar
io-offer-tick = Registar esta refratura com a importação
io-count-refractures = Refraturas registadas em episódios anteriores
rule-refracture_not_offered = já não é proposta como refratura do episódio assinalado (os episódios do paciente mudaram desde a pré-visualização, ou a marcação indica outro episódio); nada foi importado.
rule-refracture_ticked_twice = está assinalada como refratura de um episódio a que uma linha anterior do ficheiro já atribui a sua refratura; um episódio tem uma só refratura: assinale apenas a primeira.
