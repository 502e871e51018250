# One patient's timeline, the refracture offer, the sixth worklist (issue 15).
worklist-new-fracture-known-patient = 已知患者的新骨折
timeline-title = 该患者在本 FLS 的病例
timeline-current = 本病例
timeline-offer = 该患者的上一病例尚未记录再骨折。将本次骨折的日期和部位记录为以下日期病例的再骨折：
timeline-offer-accept = 记录为其再骨折
notice-refracture-recorded = 已在本病例记录再骨折。
io-offers-title = 建议记录到先前病例的再骨折
io-offers-note = 这些新骨折发生在同一患者尚未记录再骨折的先前病例之后。请勾选需要导入记录为先前病例再骨折的项，它们将与各行在同一步骤中记录；未勾选的不会记录，导入后每个新病例的页面仍会提供记录选项。
