## Medicines by ATC code: the international non-proprietary name as this language writes it (issue 12)
drug-M05BA04 = 阿仑膦酸
drug-M05BA06 = 伊班膦酸
drug-M05BA07 = 利塞膦酸
drug-M05BA08 = 唑来膦酸
drug-M05BB = 双膦酸盐复方制剂
drug-M05BX03 = 雷奈酸锶
drug-M05BX04 = 地舒单抗
drug-M05BX06 = 罗莫佐单抗
drug-H05AA02 = 特立帕肽
drug-H05AA04 = 阿巴洛肽
drug-G03XC01 = 雷洛昔芬
drug-G03XC02 = 巴多昔芬
drug-G03C = 激素治疗（雌激素）
drug-G03F = 激素治疗（孕激素和雌激素）
