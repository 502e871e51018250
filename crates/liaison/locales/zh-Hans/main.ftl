# Liaison — 简体中文。此处的每个键都必须存在于所有语言中（有测试检查）。

## 导航与布局
nav-skip = 跳到主要内容
nav-label = 主导航
nav-home = 首页
nav-fls = 服务
nav-audit = 审计日志
nav-admin = 管理
nav-account = 我的账户
nav-language = 语言
nav-language-apply = 应用
nav-sign-out = 退出登录
footer-text = Liaison — 骨折联络服务（FLS）登记系统。患者数据始终不会离开其所属服务。
yes = 是
no = 否

## 错误
error-not-found-title = 未找到
error-not-found = 此处没有内容，或者您无权访问。
error-csrf-title = 请求被拒绝
error-csrf = 此表单来自其他来源或已过期。请返回上一页，刷新页面后重试。
error-too-large-title = 内容过大
error-too-large = 您提交的内容超出了此服务器允许的大小。
error-internal-title = 出错了
error-internal = 我们这边出现了问题。您输入的内容均未保存。请重试；如果问题再次出现，请将此参考编号提供给您的管理员。
error-reference = 参考编号：
error-field = { $field }“{ $value }”：{ $rule }
error-line = 第 { $line } 行：{ $message }
form-errors-title = 请更正以下问题

## 验证规则
rule-required = 必须填写。
rule-too_long = 最多只能有 { $max } 个字符。
rule-control_characters = 不得包含控制字符。
rule-length_between = 长度必须为 { $min } 到 { $max } 个字符。
rule-fls_code_chars = 只能包含字母 A–Z、数字、“-”、“_”和“.”。
rule-country_unknown = 不是 ISO 3166-1 国家代码（两个字母，例如 GB 或 BR）。
rule-time_zone_unknown = 不是已知的时区（请使用 Europe/London 这样的名称）。
rule-one_of = 必须是以下值之一：{ $allowed }。
rule-integer = 必须是整数。
rule-integer_between = 必须是 { $min } 到 { $max } 之间的整数。
rule-date_format = 必须是格式为 { $format } 的日期。
rule-date_invalid = 不是有效的日历日期。
rule-email = 不是电子邮件地址。
rule-email_taken = 已被其他账户使用。
rule-password_too_short = 长度不得少于 { $min } 个字符。
rule-password_common = 属于最常见的密码之一，请另选一个。
rule-password_is_email = 不能是您的电子邮件地址。
rule-password_wrong = 不是您当前的密码。
rule-fls_unknown = 不是您有权管理的 FLS。
rule-role_not_yours_to_give = 是您无权授予的角色。
rule-file_not_utf8 = 该文件不是 UTF-8 文本（请另存为“CSV UTF-8”）。
rule-file_not_csv = 无法将该文件作为 CSV 读取。
rule-column_unknown = 不是此格式中的列。
rule-column_missing = 是文件中缺少的必需列。
rule-row_length = 该行有 { $value } 个单元格，但表头有 { $expected } 个。
rule-duplicate_in_file = 在文件中出现了两次（首次出现在第 { $line } 行）。

## 字段名称
field-email = 电子邮件
field-password = 密码
field-current_password = 当前密码
field-new_password = 新密码
field-display_name = 姓名
field-code = FLS 代码
field-name = 名称
field-hospital = 医院
field-city = 城市
field-country = 国家
field-region = 地区
field-time_zone = 时区
field-service_model = 服务模式
field-patient_groups = 覆盖的患者群体
field-catchment_population_50_plus = 服务区域内 50 岁及以上人口
field-expected_non_spine_per_year = 预计每年非椎体骨折数
field-expected_spine_per_year = 预计每年椎体骨折数
field-start_date = 开始日期
field-contact_name = 联系人
field-contact_email = 联系人电子邮件
field-role = 角色
field-fls = FLS
field-from = 起始日期
field-to = 截止日期
field-actor = 用户
field-action = 操作
field-file = 文件
field-header = 列
field-row = 行
field-token-name = 令牌名称
field-code-totp = 六位数验证码

## 登录
sign-in-title = 登录
sign-in-button = 登录
sign-in-wrong = 电子邮件地址或密码错误。
sign-in-disabled = 此账户已被停用。请联系您的管理员。
sign-in-locked = { $minutes ->
   *[other] 失败尝试次数过多。请在 { $minutes } 分钟后重试。
}
totp-step-title = 第二步
totp-step-help = 请输入身份验证器应用中显示的六位数验证码。
totp-step-button = 继续
totp-wrong = 验证码不正确。请检查设备的时钟，并尝试最新的验证码。
notice-signed-out = 您已退出登录。
notice-password-changed = 您的密码已更改。请使用新密码登录。
notice-totp-enabled = 两步验证已开启。
notice-totp-disabled = 两步验证已关闭。
notice-totp-required = 您的角色要求使用两步验证，无法关闭。
notice-token-revoked = 令牌已撤销。

## 首页
home-title = 首页
home-public-title = Liaison：骨折联络服务的衡量与比较
home-public-intro = 在 Liaison 中，骨折联络服务可以记录每位患者脆性骨折后的诊疗情况，查看哪些患者需要进行哪些随访，并在不共享任何患者数据的情况下与同行比较结果。
home-signed-in-as = 当前登录账户：
home-your-roles = 您的角色
home-your-services = 您的服务
home-all-services = 所有服务

## 账户
account-title = 我的账户
account-password = 密码
account-password-hint = 至少 12 个字符。几个互不相关的词语即可组成强密码。
account-password-button = 更改密码
account-totp = 两步验证
account-totp-on = 两步验证已开启。
account-totp-off = 两步验证已关闭。
account-totp-enable = 开启两步验证
account-totp-disable = 关闭两步验证
account-totp-required = 您的角色要求使用两步验证。
account-tokens = API 令牌
account-tokens-link = 管理 API 令牌
totp-setup-title = 设置两步验证
totp-setup-required = 您的角色要求使用两步验证。请先完成设置再继续。
totp-setup-step1 = 将此密钥添加到身份验证器应用（或在手机上打开此链接）：
totp-setup-link = 在身份验证器应用中打开
totp-setup-step2 = 输入应用中显示的六位数验证码。
totp-setup-button = 开启
tokens-title = API 令牌
tokens-intro = 令牌可让脚本或医院系统以您的权限使用 API。请妥善保密；不再需要时请将其撤销。
tokens-created-once = 请立即复制此令牌：它将不会再次显示。
tokens-create = 创建令牌
tokens-created = 创建时间
tokens-last-used = 上次使用
tokens-status = 状态
tokens-actions = 操作
tokens-revoked = 已撤销
tokens-live = 有效
tokens-revoke = 撤销

## 服务（FLS）
fls-list-title = 服务
fls-search = 搜索服务
fls-search-button = 搜索
fls-none = 没有可显示的服务。
fls-new = 新建服务
fls-edit = 编辑服务
fls-save = 保存
fls-code-hint = 2 到 32 个字符：字母、数字、“-”、“_”、“.”。创建后无法更改。
fls-country-hint = 两个字母的 ISO 代码，例如 GB、BR 或 SA。地区由其决定。
fls-time-zone-hint = 留空则使用首都所在时区，或填写 America/Sao_Paulo 这样的名称。
fls-expected-hint = 如不清楚，请留空。
fls-users-link = 此服务的用户
fls-users-title = 用户
fls-import-title = 从 CSV 文件导入服务
fls-import-help = 列：code, name, country, expected_non_spine_per_year, expected_spine_per_year，以及可选的 hospital, city, time_zone, service_model, patient_groups, catchment_population_50_plus, start_date, contact_name, contact_email。只要有任何一行有误，就不会导入任何内容。
fls-import-button = 导入
fls-import-refused = 未导入任何内容。请更正以下各行，然后重新上传文件：
fls-import-done = 已导入：新增 { $created } 个，更改 { $updated } 个，未更改 { $unchanged } 个。
model-identify = 识别患者
model-identify_investigate = 识别并检查评估
model-identify_investigate_initiate = 识别、检查评估并启动治疗
group-hip = 髋部骨折
group-other_inpatient = 其他住院患者骨折
group-outpatient = 门诊患者骨折
group-vertebral = 椎体骨折

## 地区
region-africa = 非洲
region-asia_pacific = 亚太地区
region-europe = 欧洲
region-latin_america = 拉丁美洲
region-middle_east = 中东
region-north_america = 北美洲

## 角色
role-administrator = 管理员
role-programme_reviewer = 项目评审员
role-national_lead = 国家负责人
role-regional_lead = 地区负责人
role-mentor = 导师
role-fls_lead = FLS 负责人
role-fls_clinician = FLS 临床人员
role-viewer = 查看者

## 用户
users-title = 用户
users-new = 新建用户
users-create = 创建用户
users-created-once = 已为以下用户创建账户：
users-password-hint = 留空将自动生成密码；密码仅显示一次。
users-scope-hint = FLS 角色需要 FLS 代码，国家负责人需要国家，地区负责人需要地区。
users-email-hint = 已有账户将获得该角色；否则将创建新账户，其密码仅显示一次。
users-add-title = 添加用户
users-add-button = 添加
users-add-role = 添加角色
users-remove-role = 移除角色
users-roles = 角色
users-totp = 两步验证
users-status = 状态
users-active = 已启用
users-disabled = 已停用
users-disable = 停用账户
users-enable = 启用账户

## 安全设置
security-title = 安全设置
security-mfa-roles = 必须使用两步验证的角色
security-save = 保存
security-saved = 已保存。

## 审计日志
audit-title = 审计日志
audit-search = 搜索
audit-export = 导出 CSV
audit-none = 没有匹配的记录。
audit-when = 时间（UTC）
audit-from = 来源地址
audit-outcome = 结果
audit-record = 记录
audit-change = 更改
audit-before = 更改前
audit-after = 更改后
audit-pages = 分页
audit-newer = 较新
audit-older = 较早
outcome-ok = 成功
outcome-denied = 已拒绝
outcome-failed = 失败
