rule-patient_data = parece conter dados que identificam um doente (uma data completa, algo parecido com um número de processo hospitalar, ou um nome junto a uma data); retire-os antes de publicar.
