# An administrator helps a user back in (issue 12).
users-sign-in-help = サインインの支援
users-reset-explain = パスワードを忘れたユーザーには、ここで新しいパスワードを生成します。表示は一度だけなので、電話または対面で本人に伝えてください。認証アプリを失ったユーザーは 2 段階認証を解除し、次回のサインイン時に設定し直します。いずれの場合も、開いているセッションは終了します。
users-reset-password = 新しいパスワードを生成
users-reset-totp = 2 段階認証を解除
users-reset-once = 新しいパスワード：
users-reset-pass-on = 表示されるのは今回だけです。サインイン後に「マイアカウント」で変更するようユーザーに伝えてください。
users-totp-reset-done = 2 段階認証を解除しました。ロールで必須の場合、ユーザーは次回のサインイン時に設定し直します。
