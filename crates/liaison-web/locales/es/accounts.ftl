# An administrator helps a user back in (issue 12).
users-sign-in-help = Ayuda para iniciar sesión
users-reset-explain = Si un usuario perdió su contraseña, aquí se genera una nueva que verá usted una sola vez; comuníquesela por teléfono o en persona. Si perdió su aplicación de autenticación, se le quita la verificación en dos pasos y la configura de nuevo en su próximo inicio de sesión. En ambos casos terminan sus sesiones abiertas.
users-reset-password = Generar una contraseña nueva
users-reset-totp = Quitar la verificación en dos pasos
users-reset-once = Contraseña nueva para
users-reset-pass-on = Solo se muestra ahora. Pida al usuario que la cambie en Mi cuenta después de iniciar sesión.
users-totp-reset-done = Se quitó la verificación en dos pasos. El usuario la configura de nuevo en su próximo inicio de sesión si su función la exige.
