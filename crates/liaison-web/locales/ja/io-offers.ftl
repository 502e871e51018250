## Ticking the refractures an import offers, recorded with the import
io-offer-col = 記録
io-offer-tick = この再骨折をインポートと一緒に記録
io-count-refractures = 以前のエピソードに記録した再骨折
rule-refracture_not_offered = チェックしたエピソードの再骨折としてもう提案されていません（プレビュー後に患者のエピソードが変わったか、チェックが別のエピソードを指しています）。何もインポートしていません。
rule-refracture_ticked_twice = ファイルの前の行がすでに再骨折を記録するエピソードの再骨折としてチェックされています。エピソードの再骨折は 1 つだけです。最初のものだけをチェックしてください。
