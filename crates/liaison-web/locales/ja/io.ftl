# データ交換：インポート、エクスポート、バックグラウンド処理（issue 4）。
rule-column_twice = がヘッダーに 2 回現れます。
rule-file_utf16 = ファイルが UTF-16 テキストです。「CSV UTF-8」形式で保存してください。
rule-file_empty = ファイルが空です。
rule-file_not_xlsx = ファイルを XLSX ブックとして読み取れませんでした。
rule-file_zip_bomb = このブックは展開すると表計算ファイルとしては桁外れに大きなデータになるため、開きませんでした。
rule-file_quote_unclosed = この行で開いた引用符が閉じられていないため、以降の行がすべて失われます。引用符を閉じるか削除してください。
rule-file_quote_swallows_row = この行で開いた引用符が { $row } 行目まで続いていますが、その行はそれ自体が 1 件の行です。セルの終わりで引用符を閉じてください。
rule-file_binary = このファイルは表計算ファイルではなく{ $kind ->
    [executable] プログラム
    [pdf] PDF 文書
    [image] 画像
    [archive] 圧縮アーカイブ
    [old_office] 旧形式の Office ファイル（.xls または .doc）
    [zip] ブックを含まない zip アーカイブ
   *[other] バイナリデータ
 }です。データを CSV UTF-8 または XLSX で保存してください。
rule-file_too_large = ファイルが上限の { $max } MB を超えています。
io-nav = インポートとエクスポート
io-import-title = 症例のインポート
io-import-intro = インポート形式の CSV または XLSX ファイル：1 行に 1 症例、データセットの列（fls_code、patient_ref、fracture_date を含む）。ファイルによる変更内容を確認するまで、何も書き込まれません。
io-file = ファイル
io-date-order = ISO 形式（YYYY-MM-DD）以外の日付の順序
io-date-order-ymd = 年・月・日（2024-03-31）
io-date-order-dmy = 日・月・年（31/03/2024）
io-date-order-mdy = 月・日・年（03/31/2024）
io-blanks-clear = 空欄のセルで保存済みの値を消去する（指定しない場合、空欄は保存済みの値を残します）
io-upload = ファイルを確認
io-your-imports = あなたのインポート
io-col-when = アップロード日時
io-col-file = ファイル
io-col-status = 状態
io-status-analysing = 確認中
io-status-preview = 確認待ち
io-status-refused = 拒否
io-status-importing = インポート中
io-status-done = インポート済み
io-status-failed = 失敗（変更はありません）
io-status-cancelled = 取り消し
io-status-expired = 期限切れ
io-working = 処理中です。このページを離れて後で戻ることができます。結果はインポート一覧に残ります。
io-preview-title = ファイルによる変更内容
io-count-rows = 行数
io-count-new = 新規症例
io-count-changed = 変更される症例
io-count-unchanged = 変更のない症例
io-count-invalid = 無効な行
io-changes = 変更される症例
io-col-line = 行
io-col-episode = 症例
io-col-fields = 変更される項目
io-col-problem = 問題
io-invalid = 無効な行
io-confirm = インポート
io-confirm-valid = 有効な行をインポートし、無効な行をダウンロード
io-cancel = 取り消し
io-fix-hint = ファイルを修正して再度アップロードするか、有効な行だけをインポートしてください。無効な行は同じ形式のファイルにエラー列を付けて返されます。
io-errors-download = 無効な行をダウンロード
io-done = インポートが完了しました。
io-nothing-written = 何も変更されていません。
io-refused = ファイルは拒否されました：
io-more = ほかに { $n } 件（表示していません）。
io-export-title = 症例のエクスポート
io-export-intro = インポート形式のエクスポートは、そのまま再インポートしても何も変わりません。研究用抽出データには病院番号、氏名、連絡先、メモは含まれず、生年のみを示し、各 FLS は抽出ごとに新たに割り当てる仮名で表します。
io-export-scope = 範囲
io-export-format = 形式
io-format-csv = CSV（インポート形式）
io-format-xlsx = XLSX（インポート形式）
io-format-research = 研究用抽出（匿名化 CSV）
io-export-download = ダウンロード
io-export-none = エクスポートは患者単位のデータです。範囲内のすべての FLS の患者を閲覧できるユーザーのみが利用できます。
io-scope-global = すべての FLS
io-import-fls = 症例をインポートできる FLS：
io-col-column = 列
io-col-value = 値
io-format-fhir = FHIR R4 Bundle（JSON、連絡先とメモを除く）
io-scope-hint = fls:コード、country:国コード、region:名前、または global
