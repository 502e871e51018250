# Liaison — español. Cada clave debe existir en todos los idiomas (una prueba lo comprueba).

## Navegación y diseño
nav-skip = Ir al contenido principal
nav-label = Principal
nav-home = Inicio
nav-fls = Servicios
nav-audit = Registro de auditoría
nav-admin = Administración
nav-account = Mi cuenta
nav-language = Idioma
nav-language-apply = Aplicar
nav-sign-out = Cerrar sesión
footer-text = Liaison — el registro de los servicios de coordinación de fracturas (FLS). Los datos de los pacientes nunca salen de su servicio.
yes = Sí
no = No

## Errores
error-not-found-title = No encontrado
error-not-found = Aquí no hay nada, o usted no tiene acceso.
error-csrf-title = Solicitud rechazada
error-csrf = Este formulario se envió desde otro sitio o ha caducado. Vuelva atrás, recargue la página e inténtelo de nuevo.
error-too-large-title = Demasiado grande
error-too-large = Lo que ha enviado supera el tamaño que acepta este servidor.
error-internal-title = Se ha producido un error
error-internal = Se ha producido un error por nuestra parte. No se ha guardado nada de lo que introdujo. Inténtelo de nuevo; si vuelve a ocurrir, facilite esta referencia a su administrador.
error-reference = Referencia:
error-field = { $field } «{ $value }»: { $rule }
error-line = Línea { $line }: { $message }
form-errors-title = Corrija lo siguiente

## Reglas de validación
rule-required = es obligatorio indicar un valor.
rule-too_long = debe tener como máximo { $max } caracteres.
rule-control_characters = no debe contener caracteres de control.
rule-length_between = debe tener entre { $min } y { $max } caracteres.
rule-fls_code_chars = solo puede contener letras A–Z, dígitos, «-», «_» y «.».
rule-country_unknown = no es un código de país ISO 3166-1 (dos letras, como GB o BR).
rule-time_zone_unknown = no es una zona horaria conocida (use un nombre como Europe/London).
rule-one_of = debe ser uno de los siguientes: { $allowed }.
rule-integer = debe ser un número entero.
rule-integer_between = debe ser un número entero entre { $min } y { $max }.
rule-date_format = debe ser una fecha con el formato { $format }.
rule-date_invalid = no es una fecha real del calendario.
rule-email = no es una dirección de correo electrónico.
rule-email_taken = ya pertenece a otra cuenta.
rule-password_too_short = debe tener al menos { $min } caracteres.
rule-password_common = es una de las contraseñas más comunes; elija otra.
rule-password_is_email = no debe ser su dirección de correo electrónico.
rule-password_wrong = no es su contraseña actual.
rule-fls_unknown = no es un FLS que usted pueda gestionar.
rule-role_not_yours_to_give = es un rol que usted no puede asignar.
rule-file_not_utf8 = el archivo no es texto UTF-8 (guárdelo como «CSV UTF-8»).
rule-file_not_csv = no se ha podido leer el archivo como CSV.
rule-column_unknown = no es una columna de este formato.
rule-column_missing = es una columna obligatoria que falta en el archivo.
rule-row_length = la fila tiene { $value } celdas, pero el encabezado tiene { $expected }.
rule-duplicate_in_file = aparece dos veces en el archivo (la primera, en la línea { $line }).

## Nombres de campos
field-email = Correo electrónico
field-password = Contraseña
field-current_password = Contraseña actual
field-new_password = Nueva contraseña
field-display_name = Nombre
field-code = Código del FLS
field-name = Nombre
field-hospital = Hospital
field-city = Ciudad
field-country = País
field-region = Región
field-time_zone = Zona horaria
field-service_model = Modelo de servicio
field-patient_groups = Grupos de pacientes atendidos
field-catchment_population_50_plus = Población de referencia de 50 años o más
field-expected_non_spine_per_year = Fracturas no vertebrales previstas al año
field-expected_spine_per_year = Fracturas vertebrales previstas al año
field-start_date = Fecha de inicio
field-contact_name = Persona de contacto
field-contact_email = Correo electrónico de contacto
field-role = Rol
field-fls = FLS
field-from = Desde
field-to = Hasta
field-actor = Usuario
field-action = Acción
field-file = Archivo
field-header = Columna
field-row = Fila
field-token-name = Nombre del token
field-code-totp = Código de seis dígitos

## Inicio de sesión
sign-in-title = Iniciar sesión
sign-in-button = Iniciar sesión
sign-in-wrong = La dirección de correo electrónico o la contraseña no son correctas.
sign-in-disabled = Esta cuenta está desactivada. Consulte a su administrador.
sign-in-locked = { $minutes ->
    [one] Demasiados intentos fallidos. Vuelva a intentarlo dentro de { $minutes } minuto.
   *[other] Demasiados intentos fallidos. Vuelva a intentarlo dentro de { $minutes } minutos.
}
totp-step-title = Segundo paso
totp-step-help = Introduzca el código de seis dígitos de su aplicación de autenticación.
totp-step-button = Continuar
totp-wrong = El código no es correcto. Compruebe la hora de su dispositivo y pruebe con el código más reciente.
notice-signed-out = Ha cerrado la sesión.
notice-password-changed = Se ha cambiado su contraseña. Inicie sesión con la nueva.
notice-totp-enabled = La verificación en dos pasos está activada.
notice-totp-disabled = La verificación en dos pasos está desactivada.
notice-totp-required = Su rol exige la verificación en dos pasos; no se puede desactivar.
notice-token-revoked = Se ha revocado el token.

## Inicio
home-title = Inicio
home-public-title = Liaison: servicios de coordinación de fracturas, medidos y comparados
home-public-intro = En Liaison, los servicios de coordinación de fracturas registran la atención de cada paciente tras una fractura por fragilidad, ven qué tiene pendiente cada uno y comparan sus resultados con los de otros servicios sin compartir datos de ningún paciente.
home-signed-in-as = Sesión iniciada como
home-your-roles = Sus roles
home-your-services = Sus servicios
home-all-services = Todos los servicios

## Cuenta
account-title = Mi cuenta
account-password = Contraseña
account-password-hint = Al menos 12 caracteres. Unas cuantas palabras sin relación entre sí forman una contraseña segura.
account-password-button = Cambiar la contraseña
account-totp = Verificación en dos pasos
account-totp-on = La verificación en dos pasos está activada.
account-totp-off = La verificación en dos pasos está desactivada.
account-totp-enable = Activar la verificación en dos pasos
account-totp-disable = Desactivar la verificación en dos pasos
account-totp-required = Su rol exige la verificación en dos pasos.
account-tokens = Tokens de API
account-tokens-link = Gestionar los tokens de API
totp-setup-title = Configurar la verificación en dos pasos
totp-setup-required = Su rol exige la verificación en dos pasos. Configúrela para continuar.
totp-setup-step1 = Añada esta clave a una aplicación de autenticación (o abra el enlace en su teléfono):
totp-setup-link = Abrir en la aplicación de autenticación
totp-setup-step2 = Introduzca el código de seis dígitos que muestra la aplicación.
totp-setup-button = Activar
tokens-title = Tokens de API
tokens-intro = Un token permite que un script o un sistema hospitalario use la API con sus permisos. Manténgalo en secreto y revóquelo cuando ya no lo necesite.
tokens-created-once = Copie este token ahora: no se volverá a mostrar.
tokens-create = Crear token
tokens-created = Creado
tokens-last-used = Último uso
tokens-status = Estado
tokens-actions = Acciones
tokens-revoked = Revocado
tokens-live = Activo
tokens-revoke = Revocar

## Servicios (FLS)
fls-list-title = Servicios
fls-search = Buscar servicios
fls-search-button = Buscar
fls-none = No hay servicios que mostrar.
fls-new = Nuevo servicio
fls-edit = Editar servicio
fls-save = Guardar
fls-code-hint = De 2 a 32 caracteres: letras, dígitos, «-», «_», «.». No se puede cambiar más adelante.
fls-country-hint = Código ISO de dos letras, como GB, BR o SA. Determina la región.
fls-time-zone-hint = Déjelo vacío para usar la zona horaria de la capital, o indique un nombre como America/Sao_Paulo.
fls-expected-hint = Déjelo vacío si no se conoce.
fls-users-link = Usuarios de este servicio
fls-users-title = Usuarios
fls-import-title = Importar servicios desde un archivo CSV
fls-import-help = Columnas: code, name, country, expected_non_spine_per_year, expected_spine_per_year y, de forma opcional, hospital, city, time_zone, service_model, patient_groups, catchment_population_50_plus, start_date, contact_name, contact_email. Si alguna fila es incorrecta, no se importa nada.
fls-import-button = Importar
fls-import-refused = No se ha importado nada. Corrija estas filas y vuelva a cargar el archivo:
fls-import-done = Importación completada: { $created } nuevos, { $updated } modificados, { $unchanged } sin cambios.
model-identify = Identifica a los pacientes
model-identify_investigate = Identifica y estudia
model-identify_investigate_initiate = Identifica, estudia e inicia el tratamiento
group-hip = Fracturas de cadera
group-other_inpatient = Otras fracturas en pacientes hospitalizados
group-outpatient = Fracturas en pacientes ambulatorios
group-vertebral = Fracturas vertebrales

## Regiones
region-africa = África
region-asia_pacific = Asia-Pacífico
region-europe = Europa
region-latin_america = América Latina
region-middle_east = Oriente Medio
region-north_america = América del Norte

## Roles
role-administrator = Administrador
role-programme_reviewer = Revisor del programa
role-national_lead = Responsable nacional
role-regional_lead = Responsable regional
role-mentor = Mentor
role-fls_lead = Responsable del FLS
role-fls_clinician = Profesional clínico del FLS
role-viewer = Lector

## Usuarios
users-title = Usuarios
users-new = Nuevo usuario
users-create = Crear usuario
users-created-once = Cuenta creada para
users-password-hint = Déjelo vacío para generar una; se muestra una sola vez.
users-scope-hint = Los roles de FLS requieren un código de FLS; un responsable nacional, un país; un responsable regional, una región.
users-email-hint = Si la cuenta ya existe, recibe el rol; si no, se crea una nueva con una contraseña que se muestra una sola vez.
users-add-title = Añadir un usuario
users-add-button = Añadir
users-add-role = Añadir rol
users-remove-role = Quitar rol
users-roles = Roles
users-totp = Verificación en dos pasos
users-status = Estado
users-active = Activa
users-disabled = Desactivada
users-disable = Desactivar la cuenta
users-enable = Activar la cuenta

## Configuración de seguridad
security-title = Configuración de seguridad
security-mfa-roles = Roles que deben usar la verificación en dos pasos
security-save = Guardar
security-saved = Guardado.

## Registro de auditoría
audit-title = Registro de auditoría
audit-search = Buscar
audit-export = Exportar CSV
audit-none = Ninguna entrada coincide.
audit-when = Fecha y hora (UTC)
audit-from = Dirección de origen
audit-outcome = Resultado
audit-record = Registro
audit-change = Cambio
audit-before = Antes
audit-after = Después
audit-pages = Páginas
audit-newer = Más recientes
audit-older = Más antiguas
outcome-ok = Realizado
outcome-denied = Denegado
outcome-failed = Fallido
