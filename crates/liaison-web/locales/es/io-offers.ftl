## Ticking the refractures an import offers, recorded with the import
io-offer-col = Registrar
io-offer-tick = Registrar esta refractura con la importación
io-count-refractures = Refracturas registradas en episodios anteriores
rule-refracture_not_offered = ya no se propone como refractura del episodio marcado (los episodios del paciente cambiaron desde la vista previa, o la marca señala otro episodio); no se ha importado nada.
rule-refracture_ticked_twice = está marcada como refractura de un episodio al que una línea anterior del archivo ya asigna su refractura; un episodio tiene una sola refractura: marque solo la primera.
