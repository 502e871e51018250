# One patient's timeline, the refracture offer, the sixth worklist (issue 15).
worklist-new-fracture-known-patient = 已知患者的新骨折
timeline-title = 该患者在本 FLS 的病例
timeline-current = 本病例
timeline-offer = 该患者的上一病例尚未记录再骨折。将本次骨折的日期和部位记录为以下日期病例的再骨折：
timeline-offer-accept = 记录为其再骨折
notice-refracture-recorded = 已在本病例记录再骨折。
