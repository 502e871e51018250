# Hints under the episode form's labels, and the legend of the required marker (issue 12).
form-required-legend = * の付いた項目は必須です。
hint-patient_ref = 病院での患者番号です。重複の検出とインポート行の照合に使います。
hint-fracture_date = 骨折した日です。パスウェイの期限はすべてこの日から数えます。
hint-birth_date = 50 歳未満の患者も登録できますが、KPI の対象集団には含まれません。
hint-spine_detection = 脊椎骨折のみ：骨折がどのように見つかったか。
hint-family_name = 氏名と電話番号はこの FLS の外に出ず、エクスポートされません。
hint-falls_assessment = データセットには実施の有無を記録し、日付は記録しません。
