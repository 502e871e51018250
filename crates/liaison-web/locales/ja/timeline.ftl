# One patient's timeline, the refracture offer, the sixth worklist (issue 15).
worklist-new-fracture-known-patient = 既知の患者の新たな骨折
timeline-title = この FLS におけるこの患者のエピソード
timeline-current = このエピソード
timeline-offer = この患者の以前のエピソードには再骨折が記録されていません。この骨折の日付と部位を、次の日付のエピソードの再骨折として記録します：
timeline-offer-accept = 再骨折として記録
notice-refracture-recorded = このエピソードに再骨折を記録しました。
io-offers-title = 以前のエピソードへの再骨折の提案
io-offers-note = これらの新しい骨折は、再骨折が記録されていない同じ患者の以前のエピソードの後に起きています。以前のエピソードの再骨折としてインポートで記録するものにチェックを入れてください。行と同じ処理で記録されます。チェックのないものは記録されず、インポート後も新しい各エピソードのページで記録を提案します。
