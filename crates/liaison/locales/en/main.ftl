# Liaison — English. Every key here must exist in every language (a test checks).

## Navigation and layout
nav-skip = Skip to main content
nav-label = Main
nav-home = Home
nav-fls = Services
nav-audit = Audit trail
nav-admin = Administration
nav-account = My account
nav-language = Language
nav-language-apply = Apply
nav-sign-out = Sign out
footer-text = Liaison — the Fracture Liaison Service registry. Patient data never leaves its service.
yes = Yes
no = No

## Errors
error-not-found-title = Not found
error-not-found = There is nothing here, or you do not have access to it.
error-csrf-title = Request refused
error-csrf = This form was sent from somewhere else or has expired. Go back, reload the page and try again.
error-too-large-title = Too large
error-too-large = What you sent is larger than this server accepts.
error-internal-title = Something went wrong
error-internal = Something went wrong on our side. Nothing you entered was saved. Please try again; if it happens again, give this reference to your administrator.
error-reference = Reference:
error-field = { $field } “{ $value }”: { $rule }
error-line = Line { $line }: { $message }
form-errors-title = Please correct the following

## Validation rules
rule-required = a value is required.
rule-too_long = must be at most { $max } characters.
rule-control_characters = must not contain control characters.
rule-length_between = must be { $min } to { $max } characters long.
rule-fls_code_chars = may only contain letters A–Z, digits, “-”, “_” and “.”.
rule-country_unknown = is not an ISO 3166-1 country code (two letters, such as GB or BR).
rule-time_zone_unknown = is not a known time zone (use a name such as Europe/London).
rule-one_of = must be one of: { $allowed }.
rule-integer = must be a whole number.
rule-integer_between = must be a whole number from { $min } to { $max }.
rule-date_format = must be a date written { $format }.
rule-date_invalid = is not a real calendar date.
rule-email = is not an e-mail address.
rule-email_taken = already belongs to another account.
rule-password_too_short = must be at least { $min } characters long.
rule-password_common = is one of the most common passwords; choose another.
rule-password_is_email = must not be your e-mail address.
rule-password_wrong = is not your current password.
rule-fls_unknown = is not an FLS you may manage.
rule-role_not_yours_to_give = is a role you may not give.
rule-file_not_utf8 = the file is not UTF-8 text (save it as “CSV UTF-8”).
rule-file_not_csv = the file could not be read as CSV.
rule-column_unknown = is not a column of this format.
rule-column_missing = is a required column that the file lacks.
rule-row_length = the row has { $value } cells but the header has { $expected }.
rule-duplicate_in_file = appears twice in the file (first on line { $line }).

## Field names
field-email = E-mail
field-password = Password
field-current_password = Current password
field-new_password = New password
field-display_name = Name
field-code = FLS code
field-name = Name
field-hospital = Hospital
field-city = City
field-country = Country
field-region = Region
field-time_zone = Time zone
field-service_model = Service model
field-patient_groups = Patient groups covered
field-catchment_population_50_plus = Catchment population aged 50+
field-expected_non_spine_per_year = Expected non-spine fractures per year
field-expected_spine_per_year = Expected spine fractures per year
field-start_date = Start date
field-contact_name = Contact
field-contact_email = Contact e-mail
field-role = Role
field-fls = FLS
field-from = From
field-to = To
field-actor = User
field-action = Action
field-file = File
field-header = Column
field-row = Row
field-token-name = Token name
field-code-totp = Six-digit code

## Sign-in
sign-in-title = Sign in
sign-in-button = Sign in
sign-in-wrong = The e-mail address or the password is wrong.
sign-in-disabled = This account has been disabled. Ask your administrator.
sign-in-locked = { $minutes ->
    [one] Too many failed attempts. Try again in { $minutes } minute.
   *[other] Too many failed attempts. Try again in { $minutes } minutes.
}
totp-step-title = Second step
totp-step-help = Enter the six-digit code from your authenticator app.
totp-step-button = Continue
totp-wrong = That code is not right. Check your device's clock and try the newest code.
notice-signed-out = You have signed out.
notice-password-changed = Your password has been changed. Sign in with the new one.
notice-totp-enabled = Two-step sign-in is on.
notice-totp-disabled = Two-step sign-in is off.
notice-totp-required = Your role requires two-step sign-in; it cannot be turned off.
notice-token-revoked = The token has been revoked.

## Home
home-title = Home
home-public-title = Liaison: fracture liaison services, measured and compared
home-public-intro = Liaison is where fracture liaison services record each patient's care after a fragility fracture, see who is due for what, and compare their results with their peers without sharing any patient's data.
home-signed-in-as = Signed in as
home-your-roles = Your roles
home-your-services = Your services
home-all-services = All services

## Account
account-title = My account
account-password = Password
account-password-hint = At least 12 characters. A few unrelated words make a strong password.
account-password-button = Change password
account-totp = Two-step sign-in
account-totp-on = Two-step sign-in is on.
account-totp-off = Two-step sign-in is off.
account-totp-enable = Turn on two-step sign-in
account-totp-disable = Turn off two-step sign-in
account-totp-required = Your role requires two-step sign-in.
account-tokens = API tokens
account-tokens-link = Manage API tokens
totp-setup-title = Set up two-step sign-in
totp-setup-required = Your role requires two-step sign-in. Set it up to continue.
totp-setup-step1 = Add this key to an authenticator app (or open the link on your phone):
totp-setup-link = Open in authenticator app
totp-setup-step2 = Enter the six-digit code the app shows.
totp-setup-button = Turn on
tokens-title = API tokens
tokens-intro = A token lets a script or a hospital system use the API with your rights. Keep it secret; revoke it when it is no longer needed.
tokens-created-once = Copy this token now: it will not be shown again.
tokens-create = Create token
tokens-created = Created
tokens-last-used = Last used
tokens-status = Status
tokens-actions = Actions
tokens-revoked = Revoked
tokens-live = Active
tokens-revoke = Revoke

## Services (FLSs)
fls-list-title = Services
fls-search = Search services
fls-search-button = Search
fls-none = No services to show.
fls-new = New service
fls-edit = Edit service
fls-save = Save
fls-code-hint = 2 to 32 characters: letters, digits, “-”, “_”, “.”. It cannot be changed later.
fls-country-hint = Two-letter ISO code, such as GB, BR or SA. It decides the region.
fls-time-zone-hint = Leave empty for the capital's time zone, or give a name such as America/Sao_Paulo.
fls-expected-hint = Leave empty if unknown.
fls-users-link = Users of this service
fls-users-title = Users
fls-import-title = Import services from a CSV file
fls-import-help = Columns: code, name, country, expected_non_spine_per_year, expected_spine_per_year, and optionally hospital, city, time_zone, service_model, patient_groups, catchment_population_50_plus, start_date, contact_name, contact_email. If any row is wrong, nothing is imported.
fls-import-button = Import
fls-import-refused = Nothing was imported. Correct these rows and upload the file again:
fls-import-done = Imported: { $created } new, { $updated } changed, { $unchanged } unchanged.
model-identify = Identifies patients
model-identify_investigate = Identifies and investigates
model-identify_investigate_initiate = Identifies, investigates and initiates treatment
group-hip = Hip fractures
group-other_inpatient = Other inpatient fractures
group-outpatient = Outpatient fractures
group-vertebral = Vertebral fractures

## Regions
region-africa = Africa
region-asia_pacific = Asia-Pacific
region-europe = Europe
region-latin_america = Latin America
region-middle_east = Middle East
region-north_america = North America

## Roles
role-administrator = Administrator
role-programme_reviewer = Programme reviewer
role-national_lead = National lead
role-regional_lead = Regional lead
role-mentor = Mentor
role-fls_lead = FLS lead
role-fls_clinician = FLS clinician
role-viewer = Viewer

## Users
users-title = Users
users-new = New user
users-create = Create user
users-created-once = Account created for
users-password-hint = Leave empty to generate one; it is shown once.
users-scope-hint = FLS roles need an FLS code, a national lead a country, a regional lead a region.
users-email-hint = An existing account gets the role; a new one is created with a password shown once.
users-add-title = Add a user
users-add-button = Add
users-add-role = Add role
users-remove-role = Remove role
users-roles = Roles
users-totp = Two-step sign-in
users-status = Status
users-active = Active
users-disabled = Disabled
users-disable = Disable account
users-enable = Enable account

## Security settings
security-title = Security settings
security-mfa-roles = Roles that must use two-step sign-in
security-save = Save
security-saved = Saved.

## Audit trail
audit-title = Audit trail
audit-search = Search
audit-export = Export CSV
audit-none = No entries match.
audit-when = When (UTC)
audit-from = From address
audit-outcome = Outcome
audit-record = Record
audit-change = Change
audit-before = Before
audit-after = After
audit-pages = Pages
audit-newer = Newer
audit-older = Older
outcome-ok = Done
outcome-denied = Refused
outcome-failed = Failed
