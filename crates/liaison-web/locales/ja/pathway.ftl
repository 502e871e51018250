# Why a pathway step is not needed, shown beside "Not needed" (issue 12).
step-why-not_required = この患者には不要と記録されています
step-why-declined = 患者が辞退しました
step-why-hip_fracture = 大腿骨近位部以外の骨折で評価します（大腿骨近位部骨折のリハビリは病棟で始まります）
step-why-no_treatment = 治療が推奨されていない、またはまだ推奨されていません
step-why-died = 実施前に患者が死亡しました
step-done-undated = 実施済み（データセットに日付の記録なし）
