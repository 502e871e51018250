## プログラム：ベストプラクティス・フレームワーク、ベストプラクティス・マップ、Getting to Gold
rule-framework_invalid = は使用できるフレームワークではありません：{ $detail }
rule-bpf_unknown_question = はこのフレームワークの設問ではありません。
rule-bpf_unknown_option = はこの設問の回答ではありません。
rule-bpf_override_reason = は登録データが示す回答と異なります。理由を記入してください。
rule-url = は https:// または http:// で始まるウェブアドレスでなければなりません。
