# One patient's timeline, the refracture offer, the sixth worklist (issue 15).
worklist-new-fracture-known-patient = Nueva fractura de un paciente conocido
timeline-title = Episodios de este paciente en este FLS
timeline-current = este episodio
timeline-offer = El episodio anterior de este paciente no tiene refractura registrada. Registre la fecha y la localización de esta fractura como refractura del episodio del
timeline-offer-accept = Registrar como su refractura
notice-refracture-recorded = Refractura registrada en este episodio.
io-offers-title = Refracturas propuestas a episodios anteriores
io-offers-note = Estas nuevas fracturas siguen a un episodio anterior del mismo paciente sin refractura registrada. Marque las que la importación debe registrar como refractura del episodio anterior, junto con las filas y en el mismo paso; lo que no se marque no se registra, y la página de cada episodio nuevo seguirá ofreciéndolo después de importar.
