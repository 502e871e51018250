## Medicines by ATC code: the international non-proprietary name as this language writes it (issue 12)
drug-M05BA04 = alendronic acid
drug-M05BA06 = ibandronic acid
drug-M05BA07 = risedronic acid
drug-M05BA08 = zoledronic acid
drug-M05BB = bisphosphonate combination
drug-M05BX03 = strontium ranelate
drug-M05BX04 = denosumab
drug-M05BX06 = romosozumab
drug-H05AA02 = teriparatide
drug-H05AA04 = abaloparatide
drug-G03XC01 = raloxifene
drug-G03XC02 = bazedoxifene
drug-G03C = hormone therapy (oestrogens)
drug-G03F = hormone therapy (progestogens and oestrogens)
