# 数据交换：导入、导出、后台任务（issue 4）。
rule-column_twice = 在表头中出现了两次。
rule-file_utf16 = 该文件为 UTF-16 文本；请另存为“CSV UTF-8”。
rule-file_empty = 文件为空。
rule-file_not_xlsx = 无法将该文件读取为 XLSX 工作簿。
rule-file_zip_bomb = 该工作簿解压后的数据量远超电子表格应有的规模，因此未打开。
rule-file_quote_unclosed = 此行开启的引号从未闭合，之后的所有行都会丢失；请闭合或删除该引号。
rule-file_quote_swallows_row = 此行开启的引号一直延续到第 { $row } 行，而该行本身就是一行数据；请在单元格结束处闭合引号。
rule-file_binary = 该文件不是电子表格，而是{ $kind ->
    [executable] 程序
    [pdf] PDF 文档
    [image] 图片
    [archive] 压缩包
    [old_office] 旧格式的 Office 文件（.xls 或 .doc）
    [zip] 不含工作簿的 zip 压缩包
   *[other] 二进制数据
 }；请将数据另存为 CSV UTF-8 或 XLSX。
rule-file_too_large = 文件超过 { $max } MB 的上限。
io-nav = 导入与导出
io-import-title = 导入病例
io-import-intro = 采用导入格式的 CSV 或 XLSX 文件：每行一个病例，列为数据集字段，须包含 fls_code、patient_ref 和 fracture_date。在您查看文件将带来的更改之前，不会写入任何数据。
io-file = 文件
io-date-order = 非 ISO 格式（YYYY-MM-DD）日期的书写顺序
io-date-order-ymd = 年、月、日（2024-03-31）
io-date-order-dmy = 日、月、年（31/03/2024）
io-date-order-mdy = 月、日、年（03/31/2024）
io-blanks-clear = 空白单元格清除已存储的值（否则空白单元格保留已存储的值）
io-upload = 检查文件
io-your-imports = 您的导入
io-col-when = 上传时间
io-col-file = 文件
io-col-status = 状态
io-status-analysing = 检查中
io-status-preview = 等待您确认
io-status-refused = 已拒绝
io-status-importing = 导入中
io-status-done = 已导入
io-status-failed = 失败；未作任何更改
io-status-cancelled = 已取消
io-status-expired = 已过期
io-working = 正在处理。您可以离开此页面稍后再回来：结果会保留在您的导入列表中。
io-preview-title = 文件将带来的更改
io-count-rows = 行数
io-count-new = 新病例
io-count-changed = 有更改的病例
io-count-unchanged = 无更改的病例
io-count-invalid = 无效行
io-changes = 有更改的病例
io-col-line = 行
io-col-episode = 病例
io-col-fields = 更改的字段
io-col-problem = 问题
io-invalid = 无效行
io-confirm = 导入
io-confirm-valid = 导入有效行并下载无效行
io-cancel = 取消
io-fix-hint = 请修正文件后重新上传，或仅导入有效行：无效行将以相同格式的文件返回，并附有错误列。
io-errors-download = 下载无效行
io-done = 导入已完成。
io-nothing-written = 未作任何更改。
io-refused = 文件被拒绝：
io-more = 另有 { $n } 条未显示。
io-export-title = 导出病例
io-export-intro = 以导入格式导出的文件可原样再次导入。科研提取文件不含病历号、姓名、联系方式和备注，仅保留出生年份，并为每个 FLS 使用每次提取重新生成的化名。
io-export-scope = 范围
io-export-format = 格式
io-format-csv = CSV（导入格式）
io-format-xlsx = XLSX（导入格式）
io-format-research = 科研提取（去标识化 CSV）
io-export-download = 下载
io-export-none = 导出内容为患者级数据：仅供可查阅该范围内所有 FLS 患者数据的用户使用。
io-scope-global = 所有 FLS
io-import-fls = 您可以向以下 FLS 导入病例：
io-col-column = 列
io-col-value = 值
io-format-fhir = FHIR R4 Bundle（JSON，不含联系方式和备注）
io-scope-hint = fls:代码、country:国家代码、region:名称 或 global
