//! FLS pages: the list a user may see, one FLS's profile, and its users (for its lead).

use super::FormErrors;
use crate::AppState;
use crate::ctx::{Ctx, Signed, deny, html, see_other};
use crate::error::PageResult;
use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use liaison_app::ServiceError;
use liaison_app::orgs::{FlsRow, FlsSummary};
use liaison_app::users::{self as user_svc, Added, GrantInput};
use liaison_app::users::{GrantRow, UserRow};
use liaison_domain::access::FlsSet;
use liaison_domain::auth::Role;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "fls_list.html")]
struct ListPage {
    ctx: Ctx,
    fls: Vec<FlsSummary>,
    q: String,
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    q: String,
}

pub async fn list(
    State(app): State<AppState>,
    who: Signed,
    Query(q): Query<ListQuery>,
) -> PageResult {
    let needle = q.q.trim().to_lowercase();
    let fls: Vec<FlsSummary> = liaison_app::orgs::list_fls(&app, &who.s.access.view_aggregates)
        .await?
        .into_iter()
        .filter(|f| {
            needle.is_empty()
                || [&f.code, &f.name, &f.city, &f.country]
                    .iter()
                    .any(|s| s.to_lowercase().contains(&needle))
        })
        .collect();
    html(ListPage {
        ctx: who.ctx,
        fls,
        q: q.q,
    })
}

#[derive(Template)]
#[template(path = "fls_show.html")]
struct ShowPage {
    ctx: Ctx,
    f: FlsRow,
    region: String,
    groups: Vec<String>,
    can_manage_users: bool,
}

async fn visible(
    app: &AppState,
    who: &Signed,
    scope: &FlsSet,
    code: &str,
) -> Result<FlsRow, crate::error::AppError> {
    match liaison_app::orgs::fls_by_code(app, scope, code).await? {
        Some(f) => Ok(f),
        None => Err(deny(app, who, "fls").await),
    }
}

pub async fn show(
    State(app): State<AppState>,
    who: Signed,
    Path(code): Path<String>,
) -> PageResult {
    let f = visible(&app, &who, &who.s.access.view_aggregates, &code).await?;
    let region = liaison_app::orgs::country_region(&app, &f.country)
        .await?
        .map(|r| who.ctx.t(&format!("region-{}", r.code())))
        .unwrap_or_default();
    let flags = [
        f.covers_hip,
        f.covers_other_inpatient,
        f.covers_outpatient,
        f.covers_vertebral,
    ];
    let groups = liaison_domain::org::PatientGroups::CODES
        .iter()
        .zip(flags)
        .filter(|(_, on)| *on)
        .map(|(c, _)| who.ctx.t(&format!("group-{c}")))
        .collect();
    let can_manage_users = who.s.access.manage_fls_users.contains(f.id);
    html(ShowPage {
        ctx: who.ctx,
        f,
        region,
        groups,
        can_manage_users,
    })
}

#[derive(Template)]
#[template(path = "fls_users.html")]
struct UsersPage {
    ctx: Ctx,
    f: FlsRow,
    members: Vec<(UserRow, GrantRow)>,
    form: AddForm,
    errors: FormErrors,
    /// The notice after adding an address (`users::Added::Done`): one text whether or not
    /// it had an account.
    done: Option<String>,
    roles: Vec<&'static str>,
}

#[derive(Deserialize, Default, Clone)]
pub struct AddForm {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub role: String,
    /// The first password of a new account (never shown back).
    #[serde(default)]
    pub password: String,
}

async fn members(app: &AppState, f: &FlsRow) -> Result<Vec<(UserRow, GrantRow)>, ServiceError> {
    let mut out = Vec::new();
    for u in liaison_app::users::list_users(app, &FlsSet::Only([f.id].into())).await? {
        for g in liaison_app::users::grants_of(app, u.id).await? {
            if g.fls_id == Some(f.id) {
                out.push((u.clone(), g));
            }
        }
    }
    Ok(out)
}

const FLS_ROLES: [&str; 3] = ["fls_lead", "fls_clinician", "viewer"];

async fn users_page(
    app: &AppState,
    who: Signed,
    f: FlsRow,
    form: AddForm,
    errors: FormErrors,
    done: Option<String>,
) -> PageResult {
    let failed = !errors.is_empty();
    let members = members(app, &f).await?;
    let mut res = html(UsersPage {
        ctx: who.ctx,
        f,
        members,
        form,
        errors,
        done,
        roles: FLS_ROLES.to_vec(),
    })?;
    if failed {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
}

pub async fn users(
    State(app): State<AppState>,
    who: Signed,
    Path(code): Path<String>,
) -> PageResult {
    let f = visible(&app, &who, &who.s.access.manage_fls_users, &code).await?;
    users_page(
        &app,
        who,
        f,
        AddForm {
            role: "fls_clinician".into(),
            ..Default::default()
        },
        FormErrors::default(),
        None,
    )
    .await
}

/// Give someone a role at this FLS (`users::add_person`): a member of the lead's FLSs gets it,
/// a new address gets an account with the password typed, and an account elsewhere is neither
/// changed nor revealed.
pub async fn user_add(
    State(app): State<AppState>,
    who: Signed,
    Path(code): Path<String>,
    Form(form): Form<AddForm>,
) -> PageResult {
    let f = visible(&app, &who, &who.s.access.manage_fls_users, &code).await?;
    let gi = GrantInput {
        role: form.role.clone(),
        fls: f.code.clone(),
        ..Default::default()
    };
    let grant = match user_svc::parse_grant(&app, &who.actor, &gi).await {
        Ok(g) if matches!(g.role, Role::FlsLead | Role::FlsClinician | Role::Viewer) => g,
        Ok(_) => {
            let e = liaison_domain::error::FieldError::new("role", &form.role, "one_of")
                .arg("allowed", FLS_ROLES.join(", "));
            return users_page(
                &app,
                who.clone_ctx(),
                f,
                form,
                FormErrors::one(&who.ctx.tr, &e),
                None,
            )
            .await;
        }
        Err(ServiceError::Invalid(inv)) => {
            let errors = FormErrors::from_invalid(&who.ctx.tr, &inv);
            return users_page(&app, who, f, form, errors, None).await;
        }
        Err(e) => return Err(e.into()),
    };
    match user_svc::add_person(
        &app,
        &who.actor,
        &form.email,
        &form.display_name,
        &form.password,
        &grant,
    )
    .await
    {
        Ok(Added::RoleGiven) => Ok(see_other(&format!("/fls/{}/users", f.code))),
        Ok(Added::Done) => {
            let email = form.email.trim().to_lowercase();
            let done = Some(who.ctx.tr.ta("fls-users-done", &[("email", email)]));
            users_page(
                &app,
                who,
                f,
                AddForm {
                    role: "fls_clinician".into(),
                    ..Default::default()
                },
                FormErrors::default(),
                done,
            )
            .await
        }
        Err(ServiceError::Invalid(inv)) => {
            let errors = FormErrors::from_invalid(&who.ctx.tr, &inv);
            // The password typed is never sent back.
            let form = AddForm {
                password: String::new(),
                ..form
            };
            users_page(&app, who, f, form, errors, None).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn user_remove(
    State(app): State<AppState>,
    who: Signed,
    Path((code, grant)): Path<(String, i64)>,
) -> PageResult {
    let f = visible(&app, &who, &who.s.access.manage_fls_users, &code).await?;
    let Some((u, _)) = members(&app, &f)
        .await?
        .into_iter()
        .find(|(_, g)| g.id == grant)
    else {
        return Err(deny(&app, &who, "grant").await);
    };
    user_svc::remove_grant(&app, &who.actor, u.id, grant).await?;
    Ok(see_other(&format!("/fls/{}/users", f.code)))
}
