## Medicines by ATC code: the international non-proprietary name as this language writes it (issue 12)
drug-M05BA04 = ácido alendrónico
drug-M05BA06 = ácido ibandrónico
drug-M05BA07 = ácido risedrónico
drug-M05BA08 = ácido zoledrónico
drug-M05BB = combinación de bisfosfonatos
drug-M05BX03 = ranelato de estroncio
drug-M05BX04 = denosumab
drug-M05BX06 = romosozumab
drug-H05AA02 = teriparatida
drug-H05AA04 = abaloparatida
drug-G03XC01 = raloxifeno
drug-G03XC02 = bazedoxifeno
drug-G03C = terapia hormonal (estrógenos)
drug-G03F = terapia hormonal (progestágenos y estrógenos)
