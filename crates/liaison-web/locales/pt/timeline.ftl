# One patient's timeline, the refracture offer, the sixth worklist (issue 15).
worklist-new-fracture-known-patient = Nova fratura de um paciente conhecido
timeline-title = Episódios deste paciente neste FLS
timeline-current = este episódio
timeline-offer = O episódio anterior deste paciente não tem refratura registada. Registar a data e o local desta fratura como refratura do episódio de
timeline-offer-accept = Registar como a sua refratura
notice-refracture-recorded = Refratura registada neste episódio.
io-offers-title = Refraturas propostas a episódios anteriores
io-offers-note = Estas novas fraturas seguem um episódio anterior do mesmo paciente sem refratura registada. Assinale as que a importação deve registar como refratura do episódio anterior, com as linhas e no mesmo passo; nada do que não for assinalado é registado, e a página de cada novo episódio continua a propô-lo após a importação.
