## Medicines by ATC code: the international non-proprietary name as this language writes it (issue 12)
drug-M05BA04 = acide alendronique
drug-M05BA06 = acide ibandronique
drug-M05BA07 = acide risédronique
drug-M05BA08 = acide zolédronique
drug-M05BB = association de bisphosphonates
drug-M05BX03 = ranélate de strontium
drug-M05BX04 = dénosumab
drug-M05BX06 = romosozumab
drug-H05AA02 = tériparatide
drug-H05AA04 = abaloparatide
drug-G03XC01 = raloxifène
drug-G03XC02 = bazédoxifène
drug-G03C = traitement hormonal (œstrogènes)
drug-G03F = traitement hormonal (progestatifs et œstrogènes)
