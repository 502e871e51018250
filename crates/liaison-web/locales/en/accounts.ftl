# An administrator helps a user back in (issue 12).
users-sign-in-help = Sign-in help
users-reset-explain = A user who lost their password gets a new one generated here, shown to you once; give it to them by phone or in person. A user who lost their authenticator app has two-step sign-in removed and sets it up again at their next sign-in. Either way their open sessions end.
users-reset-password = Generate a new password
users-reset-totp = Remove two-step sign-in
users-reset-once = New password for
users-reset-pass-on = It is shown only now. Ask the user to change it under My account after signing in.
users-totp-reset-done = Two-step sign-in was removed. The user sets it up again at their next sign-in if their role requires it.
