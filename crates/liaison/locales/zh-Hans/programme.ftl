## 项目：最佳实践框架、最佳实践地图、迈向金级
rule-framework_invalid = 不是可用的框架：{ $detail }
rule-bpf_unknown_question = 不是本框架中的问题。
rule-bpf_unknown_option = 不是该问题的可选答案。
rule-bpf_override_reason = 与登记数据提示的结果不同，请说明原因。
rule-url = 必须是以 https:// 或 http:// 开头的网址。
