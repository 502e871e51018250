## Medicines by ATC code: the international non-proprietary name as this language writes it (issue 12)
drug-M05BA04 = アレンドロン酸
drug-M05BA06 = イバンドロン酸
drug-M05BA07 = リセドロン酸
drug-M05BA08 = ゾレドロン酸
drug-M05BB = ビスホスホネート配合剤
drug-M05BX03 = ラネリック酸ストロンチウム
drug-M05BX04 = デノスマブ
drug-M05BX06 = ロモソズマブ
drug-H05AA02 = テリパラチド
drug-H05AA04 = アバロパラチド
drug-G03XC01 = ラロキシフェン
drug-G03XC02 = バゼドキシフェン
drug-G03C = ホルモン療法（エストロゲン）
drug-G03F = ホルモン療法（黄体ホルモンとエストロゲン）
