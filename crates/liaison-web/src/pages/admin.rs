//! Administration: FLS profiles (one by one or from CSV), users and roles, security settings.

use super::FormErrors;
use crate::AppState;
use crate::ctx::{Ctx, Signed, deny, html, see_other, unprocessable};
use crate::error::{AppError, PageResult};
use askama::Template;
use axum::extract::{Form, Multipart, Path, Query, State};
use liaison_app::orgs::FlsRow;
use liaison_app::orgs::{self as org_svc, ImportCounts};
use liaison_app::users::{self as user_svc, GrantInput};
use liaison_app::users::{GrantRow, UserRow};
use liaison_app::{LineError, ServiceError};
use liaison_domain::auth::Role;
use liaison_domain::org::{FlsInput, Region, ServiceModel};
use serde::Deserialize;

async fn admin_only(app: &AppState, who: &Signed) -> Result<(), AppError> {
    if who.s.access.is_admin() {
        Ok(())
    } else {
        Err(deny(app, who, "admin").await)
    }
}

#[derive(Template)]
#[template(path = "fls_form.html")]
struct FlsForm {
    ctx: Ctx,
    f: FlsInput,
    editing: bool,
    /// The FLS's figures are named on the public statistics page.
    publish_statistics: bool,
    /// The closing date (editing only): an FLS that stopped is counted until then.
    closed_on: String,
    errors: FormErrors,
    models: Vec<&'static str>,
    groups: Vec<&'static str>,
    import_errors: Vec<String>,
    import_counts: Option<ImportCounts>,
}

impl FlsForm {
    fn new(ctx: Ctx, f: FlsInput, editing: bool) -> Self {
        FlsForm {
            ctx,
            f,
            editing,
            publish_statistics: false,
            closed_on: String::new(),
            errors: FormErrors::default(),
            models: ServiceModel::ALL.map(ServiceModel::code).to_vec(),
            groups: liaison_domain::org::PatientGroups::CODES.to_vec(),
            import_errors: vec![],
            import_counts: None,
        }
    }
    pub fn has_group(&self, g: &str) -> bool {
        self.f.patient_groups.split([',', ';', ' ']).any(|x| x == g)
    }
}

/// The stored profile as the form shows it.
pub fn input_of(r: &FlsRow) -> FlsInput {
    let flags = [
        r.covers_hip,
        r.covers_other_inpatient,
        r.covers_outpatient,
        r.covers_vertebral,
    ];
    let groups: Vec<&str> = liaison_domain::org::PatientGroups::CODES
        .iter()
        .zip(flags)
        .filter(|(_, on)| *on)
        .map(|(c, _)| *c)
        .collect();
    FlsInput {
        code: r.code.clone(),
        name: r.name.clone(),
        hospital: r.hospital.clone(),
        city: r.city.clone(),
        country: r.country.clone(),
        time_zone: r.time_zone.clone(),
        service_model: r.service_model.clone(),
        patient_groups: groups.join(";"),
        catchment_population_50_plus: r
            .catchment_population_50_plus
            .map(|v| v.to_string())
            .unwrap_or_default(),
        expected_non_spine_per_year: r
            .expected_non_spine_per_year
            .map(|v| v.to_string())
            .unwrap_or_default(),
        expected_spine_per_year: r
            .expected_spine_per_year
            .map(|v| v.to_string())
            .unwrap_or_default(),
        start_date: r.start_date.map(|d| d.to_string()).unwrap_or_default(),
        contact_name: r.contact_name.clone(),
        contact_email: r.contact_email.clone().unwrap_or_default(),
    }
}

pub async fn fls_new(State(app): State<AppState>, who: Signed) -> PageResult {
    admin_only(&app, &who).await?;
    html(FlsForm::new(who.ctx, FlsInput::default(), false))
}

pub async fn fls_edit(
    State(app): State<AppState>,
    who: Signed,
    Path(code): Path<String>,
) -> PageResult {
    admin_only(&app, &who).await?;
    let f = liaison_app::orgs::fls_by_code(&app, &who.s.access.view_aggregates, &code)
        .await?
        .ok_or(AppError::NotFound)?;
    let closed_on = liaison_app::objectives::fls_dates(&app, &who.actor)
        .await?
        .into_iter()
        .find(|s| s.id == f.id)
        .and_then(|s| s.closed_on)
        .map(|d| d.to_string())
        .unwrap_or_default();
    let mut page = FlsForm::new(who.ctx, input_of(&f), true);
    page.publish_statistics = f.publish_statistics;
    page.closed_on = closed_on;
    html(page)
}

/// Form posts repeat `patient_groups` once per ticked box; gather them into one list.
#[derive(Deserialize)]
pub struct FlsFormBody {
    #[serde(flatten)]
    f: FlsInput,
    #[serde(default)]
    editing: String,
    /// The tick box: present when ticked.
    #[serde(default)]
    publish_statistics: String,
    /// Only on the edit form; absent leaves the closing date as it is.
    closed_on: Option<String>,
}

pub async fn fls_save(
    State(app): State<AppState>,
    who: Signed,
    body: axum::body::Bytes,
) -> PageResult {
    admin_only(&app, &who).await?;
    let pairs: Vec<(String, String)> = super::form_pairs(&body);
    let groups: Vec<String> = pairs
        .iter()
        .filter(|(k, _)| k == "patient_groups")
        .map(|(_, v)| v.clone())
        .collect();
    let filtered: Vec<(String, String)> = pairs
        .into_iter()
        .filter(|(k, _)| k != "patient_groups" && k != "_csrf")
        .collect();
    let mut form: FlsFormBody = serde_json::from_value(serde_json::Value::Object(
        filtered
            .into_iter()
            .map(|(k, v)| (k, serde_json::Value::String(v)))
            .collect(),
    ))
    .map_err(|e| AppError::Internal(e.to_string()))?;
    form.f.patient_groups = groups.join(";");
    let editing = form.editing == "1";
    let publish = !form.publish_statistics.is_empty();
    let closed = form.closed_on.as_deref().filter(|_| editing);
    match org_svc::save_fls_admin(&app, &who.actor, &form.f, publish, closed).await {
        Ok(saved) => Ok(see_other(&format!("/fls/{}", saved.code))),
        Err(ServiceError::Invalid(inv)) => {
            let mut page = FlsForm::new(who.ctx.clone(), form.f, editing);
            page.publish_statistics = publish;
            page.closed_on = form.closed_on.unwrap_or_default();
            page.errors = FormErrors::from_invalid(&who.ctx.tr, &inv);
            Ok(unprocessable(html(page)?))
        }
        Err(e) => Err(e.into()),
    }
}

/// Import FLS profiles from a CSV file: all rows or none.
pub async fn fls_import(State(app): State<AppState>, who: Signed, mut mp: Multipart) -> PageResult {
    admin_only(&app, &who).await?;
    let mut file: Option<Vec<u8>> = None;
    // The `_csrf` part was checked by the context middleware; only the file matters here,
    // but a text part that is not UTF-8 is refused as in every form.
    while let Ok(Some(field)) = mp.next_field().await {
        if field.name() != Some("file") {
            super::multipart_text(field).await?;
        } else {
            file = Some(
                field
                    .bytes()
                    .await
                    .map_err(|_| AppError::TooLarge)?
                    .to_vec(),
            );
        }
    }
    let mut page = FlsForm::new(who.ctx.clone(), FlsInput::default(), false);
    let bytes = file.unwrap_or_default();
    match org_svc::import_fls(&app, &who.actor, &bytes).await {
        Ok(c) => {
            page.import_counts = Some(c);
            html(page)
        }
        Err(ServiceError::InvalidRows(rows)) => {
            page.import_errors = rows
                .iter()
                .map(|r: &LineError| line_message(&who.ctx, r))
                .collect();
            Ok(unprocessable(html(page)?))
        }
        Err(e) => Err(e.into()),
    }
}

pub fn line_message(ctx: &Ctx, r: &LineError) -> String {
    ctx.tr.ta(
        "error-line",
        &[
            ("line", r.line.to_string()),
            ("message", ctx.tr.field_error(&r.error)),
        ],
    )
}

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    ctx: Ctx,
    users: Vec<UserRow>,
}

pub async fn users(State(app): State<AppState>, who: Signed) -> PageResult {
    admin_only(&app, &who).await?;
    let users = liaison_app::users::list_users(&app, &who.s.access.manage_fls_users).await?;
    html(UsersPage {
        ctx: who.ctx,
        users,
    })
}

#[derive(Template)]
#[template(path = "user_new.html")]
struct UserNew {
    ctx: Ctx,
    form: NewUserForm,
    errors: FormErrors,
    roles: Vec<&'static str>,
    regions: Vec<&'static str>,
}

#[derive(Deserialize, Default, Clone)]
pub struct NewUserForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    fls: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    region: String,
}

fn user_new_page(ctx: Ctx, form: NewUserForm, errors: FormErrors) -> UserNew {
    UserNew {
        ctx,
        form,
        errors,
        roles: Role::ALL.map(Role::code).to_vec(),
        regions: Region::ALL.map(Region::code).to_vec(),
    }
}

pub async fn user_new(State(app): State<AppState>, who: Signed) -> PageResult {
    admin_only(&app, &who).await?;
    html(user_new_page(
        who.ctx,
        NewUserForm {
            role: "fls_clinician".into(),
            ..Default::default()
        },
        FormErrors::default(),
    ))
}

pub async fn user_create(
    State(app): State<AppState>,
    who: Signed,
    Form(form): Form<NewUserForm>,
) -> PageResult {
    admin_only(&app, &who).await?;
    let gi = GrantInput {
        role: form.role.clone(),
        fls: form.fls.clone(),
        country: form.country.clone(),
        region: form.region.clone(),
    };
    let grant = match user_svc::parse_grant(&app, &who.actor, &gi).await {
        Ok(g) => g,
        Err(ServiceError::Invalid(inv)) => {
            let e = FormErrors::from_invalid(&who.ctx.tr, &inv);
            return Ok(unprocessable(html(user_new_page(who.ctx, form, e))?));
        }
        Err(e) => return Err(e.into()),
    };
    match user_svc::create_user(
        &app,
        &who.actor,
        &form.email,
        &form.display_name,
        Some(&form.password),
        &[grant],
    )
    .await
    {
        Ok(n) => {
            let pw = n.generated_password.unwrap_or_default();
            html(UserShow::load(&app, who.ctx, n.user, Some(pw), FormErrors::default()).await?)
        }
        Err(ServiceError::Invalid(inv)) => {
            let e = FormErrors::from_invalid(&who.ctx.tr, &inv);
            Ok(unprocessable(html(user_new_page(who.ctx, form, e))?))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "user_show.html")]
struct UserShow {
    ctx: Ctx,
    u: UserRow,
    grants: Vec<GrantRow>,
    generated: Option<String>,
    /// Set right after an administrator reset the password: shown once.
    reset_password: Option<String>,
    /// The page after a reset of the user's authenticator says so.
    totp_reset: bool,
    errors: FormErrors,
    roles: Vec<&'static str>,
    regions: Vec<&'static str>,
}

impl UserShow {
    async fn load(
        app: &AppState,
        ctx: Ctx,
        u: UserRow,
        generated: Option<String>,
        errors: FormErrors,
    ) -> Result<Self, AppError> {
        let grants = liaison_app::users::grants_of(app, u.id).await?;
        Ok(UserShow {
            ctx,
            u,
            grants,
            generated,
            reset_password: None,
            totp_reset: false,
            errors,
            roles: Role::ALL.map(Role::code).to_vec(),
            regions: Region::ALL.map(Region::code).to_vec(),
        })
    }
}

async fn managed(app: &AppState, who: &Signed, id: i64) -> Result<UserRow, AppError> {
    admin_only(app, who).await?;
    match user_svc::managed_user(app, &who.actor, id).await {
        Ok(u) => Ok(u),
        Err(ServiceError::NotFound) => Err(deny(app, who, "user").await),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
pub struct ShowQuery {
    #[serde(default)]
    totp_reset: Option<String>,
}

pub async fn user_show(
    State(app): State<AppState>,
    who: Signed,
    Path(id): Path<i64>,
    Query(q): Query<ShowQuery>,
) -> PageResult {
    let u = managed(&app, &who, id).await?;
    let mut page = UserShow::load(&app, who.ctx, u, None, FormErrors::default()).await?;
    page.totp_reset = q.totp_reset.is_some();
    html(page)
}

pub async fn grant_add(
    State(app): State<AppState>,
    who: Signed,
    Path(id): Path<i64>,
    Form(gi): Form<GrantInput>,
) -> PageResult {
    let u = managed(&app, &who, id).await?;
    match user_svc::parse_grant(&app, &who.actor, &gi).await {
        Ok(g) => {
            user_svc::add_grant(&app, &who.actor, u.id, &g).await?;
            Ok(see_other(&format!("/admin/users/{}", u.id)))
        }
        Err(ServiceError::Invalid(inv)) => {
            let e = FormErrors::from_invalid(&who.ctx.tr, &inv);
            Ok(unprocessable(html(
                UserShow::load(&app, who.ctx, u, None, e).await?,
            )?))
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn grant_remove(
    State(app): State<AppState>,
    who: Signed,
    Path((id, grant)): Path<(i64, i64)>,
) -> PageResult {
    let u = managed(&app, &who, id).await?;
    user_svc::remove_grant(&app, &who.actor, u.id, grant).await?;
    Ok(see_other(&format!("/admin/users/{}", u.id)))
}

pub async fn user_disable(
    State(app): State<AppState>,
    who: Signed,
    Path(id): Path<i64>,
) -> PageResult {
    let u = managed(&app, &who, id).await?;
    user_svc::set_disabled(&app, &who.actor, u.id, true).await?;
    Ok(see_other(&format!("/admin/users/{}", u.id)))
}

pub async fn user_enable(
    State(app): State<AppState>,
    who: Signed,
    Path(id): Path<i64>,
) -> PageResult {
    let u = managed(&app, &who, id).await?;
    user_svc::set_disabled(&app, &who.actor, u.id, false).await?;
    Ok(see_other(&format!("/admin/users/{}", u.id)))
}

/// A new generated password, shown once on the user's page (issue 12).
pub async fn user_password_reset(
    State(app): State<AppState>,
    who: Signed,
    Path(id): Path<i64>,
) -> PageResult {
    let u = managed(&app, &who, id).await?;
    let pw = user_svc::reset_password(&app, &who.actor, u.id).await?;
    let mut page = UserShow::load(&app, who.ctx, u, None, FormErrors::default()).await?;
    page.reset_password = Some(pw);
    html(page)
}

pub async fn user_totp_reset(
    State(app): State<AppState>,
    who: Signed,
    Path(id): Path<i64>,
) -> PageResult {
    let u = managed(&app, &who, id).await?;
    user_svc::reset_totp(&app, &who.actor, u.id).await?;
    Ok(see_other(&format!("/admin/users/{}?totp_reset=1", u.id)))
}

#[derive(Template)]
#[template(path = "security.html")]
struct SecurityPage {
    ctx: Ctx,
    roles: Vec<(&'static str, bool)>,
    saved: bool,
}

async fn security_page(app: &AppState, ctx: Ctx, saved: bool) -> PageResult {
    let req = liaison_app::auth::mfa_required_roles(app).await?;
    let roles = Role::ALL
        .iter()
        .map(|r| (r.code(), req.contains(r)))
        .collect();
    html(SecurityPage { ctx, roles, saved })
}

pub async fn security(State(app): State<AppState>, who: Signed) -> PageResult {
    admin_only(&app, &who).await?;
    security_page(&app, who.ctx, false).await
}

pub async fn security_save(
    State(app): State<AppState>,
    who: Signed,
    body: axum::body::Bytes,
) -> PageResult {
    admin_only(&app, &who).await?;
    let chosen: Vec<Role> = super::form_pairs(&body)
        .into_iter()
        .filter(|(k, _)| k == "mfa_role")
        .filter_map(|(_, v)| Role::parse("role", &v).ok())
        .collect();
    liaison_app::users::set_mfa_required_roles(&app, &who.actor, &chosen).await?;
    security_page(&app, who.ctx, true).await
}
