# Why a pathway step is not needed, shown beside "Not needed" (issue 12).
step-why-not_required = 已记录为此患者不需要
step-why-declined = 患者已拒绝
step-why-hip_fracture = 用于髋部以外的骨折：髋部骨折的康复在病房开始
step-why-no_treatment = 未推荐治疗，或尚未推荐
step-why-died = 患者在完成前死亡
step-done-undated = 已完成（数据集不记录日期）
