# One patient's timeline, the refracture offer, the sixth worklist (issue 15).
worklist-new-fracture-known-patient = 既知の患者の新たな骨折
timeline-title = この FLS におけるこの患者のエピソード
timeline-current = このエピソード
timeline-offer = この患者の以前のエピソードには再骨折が記録されていません。この骨折の日付と部位を、次の日付のエピソードの再骨折として記録します：
timeline-offer-accept = 再骨折として記録
notice-refracture-recorded = このエピソードに再骨折を記録しました。
