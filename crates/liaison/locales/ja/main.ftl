# Liaison — 日本語。ここにあるすべてのキーは、すべての言語に存在する必要があります（テストで確認されます）。

## ナビゲーションとレイアウト
nav-skip = メインコンテンツへスキップ
nav-label = メイン
nav-home = ホーム
nav-fls = サービス
nav-audit = 監査ログ
nav-admin = 管理
nav-account = マイアカウント
nav-language = 言語
nav-language-apply = 適用
nav-sign-out = ログアウト
footer-text = Liaison — 骨折リエゾンサービス（FLS）のレジストリ。患者データが各サービスの外に出ることはありません。
yes = はい
no = いいえ

## エラー
error-not-found-title = 見つかりません
error-not-found = ここには何もないか、アクセス権がありません。
error-csrf-title = リクエストが拒否されました
error-csrf = このフォームは別の場所から送信されたか、有効期限が切れています。前のページに戻り、ページを再読み込みしてから、もう一度お試しください。
error-too-large-title = サイズが大きすぎます
error-too-large = 送信された内容が、このサーバーで受け付けられるサイズを超えています。
error-internal-title = 問題が発生しました
error-internal = システム側で問題が発生しました。入力された内容は保存されていません。もう一度お試しください。再び発生する場合は、この参照番号を管理者にお伝えください。
error-reference = 参照番号：
error-field = { $field }「{ $value }」：{ $rule }
error-line = { $line } 行目：{ $message }
form-errors-title = 次の項目を修正してください

## 入力チェックのルール
rule-required = 値を入力してください。
rule-too_long = { $max } 文字以内で入力してください。
rule-control_characters = 制御文字は使用できません。
rule-length_between = { $min }～{ $max } 文字で入力してください。
rule-fls_code_chars = 使用できるのは英字 A–Z、数字、「-」、「_」、「.」のみです。
rule-country_unknown = ISO 3166-1 の国コード（GB や BR などの 2 文字）ではありません。
rule-time_zone_unknown = 既知のタイムゾーンではありません（Europe/London などの名前を使用してください）。
rule-one_of = 次のいずれかである必要があります：{ $allowed }。
rule-integer = 整数で入力してください。
rule-integer_between = { $min }～{ $max } の整数で入力してください。
rule-date_format = { $format } の形式の日付で入力してください。
rule-date_invalid = 存在しない日付です。
rule-email = メールアドレスではありません。
rule-email_taken = 既に別のアカウントで使用されています。
rule-password_too_short = { $min } 文字以上で入力してください。
rule-password_common = よく使われるパスワードです。別のパスワードを選んでください。
rule-password_is_email = メールアドレスをパスワードにすることはできません。
rule-password_wrong = 現在のパスワードと一致しません。
rule-fls_unknown = 管理権限のある FLS ではありません。
rule-role_not_yours_to_give = 付与する権限のないロールです。
rule-file_not_utf8 = ファイルが UTF-8 テキストではありません（「CSV UTF-8」形式で保存してください）。
rule-file_not_csv = ファイルを CSV として読み込めませんでした。
rule-column_unknown = この形式の列ではありません。
rule-column_missing = 必須の列がファイルにありません。
rule-row_length = 行のセル数は { $value } ですが、ヘッダーのセル数は { $expected } です。
rule-duplicate_in_file = ファイル内に 2 回出現しています（最初は { $line } 行目）。

## 項目名
field-email = メールアドレス
field-password = パスワード
field-current_password = 現在のパスワード
field-new_password = 新しいパスワード
field-display_name = 氏名
field-code = FLS コード
field-name = 名称
field-hospital = 病院
field-city = 市区町村
field-country = 国
field-region = 地域
field-time_zone = タイムゾーン
field-service_model = サービスモデル
field-patient_groups = 対象患者群
field-catchment_population_50_plus = 診療圏の 50 歳以上人口
field-expected_non_spine_per_year = 年間予測非椎体骨折数
field-expected_spine_per_year = 年間予測椎体骨折数
field-start_date = 開始日
field-contact_name = 連絡先担当者
field-contact_email = 連絡先メールアドレス
field-role = ロール
field-fls = FLS
field-from = 開始日
field-to = 終了日
field-actor = ユーザー
field-action = 操作
field-file = ファイル
field-header = 列
field-row = 行
field-token-name = トークン名
field-code-totp = 6 桁のコード

## ログイン
sign-in-title = ログイン
sign-in-button = ログイン
sign-in-wrong = メールアドレスまたはパスワードが正しくありません。
sign-in-disabled = このアカウントは無効化されています。管理者にお問い合わせください。
sign-in-locked = { $minutes ->
   *[other] 失敗した試行が多すぎます。{ $minutes } 分後にもう一度お試しください。
}
totp-step-title = 2 段階目
totp-step-help = 認証アプリに表示されている 6 桁のコードを入力してください。
totp-step-button = 続行
totp-wrong = コードが正しくありません。デバイスの時刻を確認し、最新のコードをお試しください。
notice-signed-out = ログアウトしました。
notice-password-changed = パスワードを変更しました。新しいパスワードでログインしてください。
notice-totp-enabled = 2 段階認証が有効になっています。
notice-totp-disabled = 2 段階認証が無効になっています。
notice-totp-required = お使いのロールでは 2 段階認証が必須のため、無効にすることはできません。
notice-token-revoked = トークンを取り消しました。

## ホーム
home-title = ホーム
home-public-title = Liaison：骨折リエゾンサービスを測定し、比較する
home-public-intro = Liaison では、骨折リエゾンサービスが脆弱性骨折後の各患者のケアを記録し、誰に何が必要な時期かを確認し、患者データを一切共有することなく他施設と結果を比較できます。
home-signed-in-as = ログイン中のユーザー：
home-your-roles = あなたのロール
home-your-services = あなたのサービス
home-all-services = すべてのサービス

## アカウント
account-title = マイアカウント
account-password = パスワード
account-password-hint = 12 文字以上。互いに関連のない単語をいくつか組み合わせると、強力なパスワードになります。
account-password-button = パスワードを変更
account-totp = 2 段階認証
account-totp-on = 2 段階認証は有効です。
account-totp-off = 2 段階認証は無効です。
account-totp-enable = 2 段階認証を有効にする
account-totp-disable = 2 段階認証を無効にする
account-totp-required = お使いのロールでは 2 段階認証が必須です。
account-tokens = API トークン
account-tokens-link = API トークンを管理
totp-setup-title = 2 段階認証の設定
totp-setup-required = お使いのロールでは 2 段階認証が必須です。続行するには設定してください。
totp-setup-step1 = このキーを認証アプリに追加してください（またはスマートフォンでリンクを開いてください）：
totp-setup-link = 認証アプリで開く
totp-setup-step2 = アプリに表示された 6 桁のコードを入力してください。
totp-setup-button = 有効にする
tokens-title = API トークン
tokens-intro = トークンを使うと、スクリプトや病院のシステムがあなたの権限で API を利用できます。トークンは秘密にし、不要になったら取り消してください。
tokens-created-once = このトークンを今すぐコピーしてください。再表示はされません。
tokens-create = トークンを作成
tokens-created = 作成日時
tokens-last-used = 最終使用日時
tokens-status = 状態
tokens-actions = 操作
tokens-revoked = 取り消し済み
tokens-live = 有効
tokens-revoke = 取り消す

## サービス（FLS）
fls-list-title = サービス
fls-search = サービスを検索
fls-search-button = 検索
fls-none = 表示するサービスはありません。
fls-new = 新しいサービス
fls-edit = サービスを編集
fls-save = 保存
fls-code-hint = 2～32 文字：英字、数字、「-」、「_」、「.」。後から変更することはできません。
fls-country-hint = GB、BR、SA などの 2 文字の ISO コード。地域はこれによって決まります。
fls-time-zone-hint = 空欄の場合は首都のタイムゾーンになります。America/Sao_Paulo などの名前を指定することもできます。
fls-expected-hint = 不明な場合は空欄にしてください。
fls-users-link = このサービスのユーザー
fls-users-title = ユーザー
fls-import-title = CSV ファイルからサービスをインポート
fls-import-help = 列：code, name, country, expected_non_spine_per_year, expected_spine_per_year、および任意で hospital, city, time_zone, service_model, patient_groups, catchment_population_50_plus, start_date, contact_name, contact_email。誤りのある行が 1 行でもあると、何もインポートされません。
fls-import-button = インポート
fls-import-refused = 何もインポートされませんでした。以下の行を修正し、ファイルをもう一度アップロードしてください：
fls-import-done = インポート完了：新規 { $created } 件、変更 { $updated } 件、変更なし { $unchanged } 件。
model-identify = 患者を特定する
model-identify_investigate = 患者を特定し、検査・評価する
model-identify_investigate_initiate = 患者を特定し、検査・評価し、治療を開始する
group-hip = 大腿骨近位部骨折
group-other_inpatient = その他の入院患者の骨折
group-outpatient = 外来患者の骨折
group-vertebral = 椎体骨折

## 地域
region-africa = アフリカ
region-asia_pacific = アジア太平洋
region-europe = ヨーロッパ
region-latin_america = ラテンアメリカ
region-middle_east = 中東
region-north_america = 北米

## ロール
role-administrator = 管理者
role-programme_reviewer = プログラムレビュアー
role-national_lead = 国別リード
role-regional_lead = 地域リード
role-mentor = メンター
role-fls_lead = FLS リード
role-fls_clinician = FLS 臨床担当者
role-viewer = 閲覧者

## ユーザー
users-title = ユーザー
users-new = 新しいユーザー
users-create = ユーザーを作成
users-created-once = アカウントを作成しました：
users-password-hint = 空欄にすると自動生成されます。パスワードは一度だけ表示されます。
users-scope-hint = FLS のロールには FLS コード、国別リードには国、地域リードには地域が必要です。
users-email-hint = 既存のアカウントにはロールが付与されます。存在しない場合は新しいアカウントが作成され、パスワードが一度だけ表示されます。
users-add-title = ユーザーを追加
users-add-button = 追加
users-add-role = ロールを追加
users-remove-role = ロールを削除
users-roles = ロール
users-totp = 2 段階認証
users-status = 状態
users-active = 有効
users-disabled = 無効
users-disable = アカウントを無効にする
users-enable = アカウントを有効にする

## セキュリティ設定
security-title = セキュリティ設定
security-mfa-roles = 2 段階認証を必須とするロール
security-save = 保存
security-saved = 保存しました。

## 監査ログ
audit-title = 監査ログ
audit-search = 検索
audit-export = CSV をエクスポート
audit-none = 一致する記録はありません。
audit-when = 日時（UTC）
audit-from = 送信元アドレス
audit-outcome = 結果
audit-record = レコード
audit-change = 変更内容
audit-before = 変更前
audit-after = 変更後
audit-pages = ページ
audit-newer = 新しい記録
audit-older = 古い記録
outcome-ok = 完了
outcome-denied = 拒否
outcome-failed = 失敗
