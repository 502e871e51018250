# An administrator helps a user back in (issue 12).
users-sign-in-help = 登录协助
users-reset-explain = 忘记密码的用户可在此获得一个新生成的密码，仅向您显示一次；请通过电话或当面告知本人。丢失身份验证器应用的用户将被移除两步验证，并在下次登录时重新设置。两种情况下，其已打开的会话都会结束。
users-reset-password = 生成新密码
users-reset-totp = 移除两步验证
users-reset-once = 新密码，用户：
users-reset-pass-on = 密码仅此一次显示。请让用户登录后在“我的账户”中修改。
users-totp-reset-done = 已移除两步验证。如其角色要求，用户将在下次登录时重新设置。
