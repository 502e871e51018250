//! The user's own account: password, second factor, API tokens.

use super::FormErrors;
use super::sign_in::signed_out;
use crate::AppState;
use crate::ctx::{Ctx, Signed, html, see_other};
use crate::error::PageResult;
use crate::limits::{Door, Limits, parse_ip};
use crate::qr::Qr;
use askama::Template;
use axum::Extension;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use liaison_app::auth::Proof;
use liaison_app::users::TokenRow;
use liaison_app::{ServiceError, auth, users};
use liaison_domain::auth::SecondFactor;
use liaison_domain::error::FieldError;
use serde::Deserialize;
use std::sync::Arc;

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    ctx: Ctx,
    totp_enabled: bool,
    totp_required: bool,
    errors: FormErrors,
    notice: Option<String>,
    /// Why turning the second factor off was refused.
    totp_error: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct NoticeQuery {
    notice: Option<String>,
}

async fn totp_required(app: &AppState, who: &Signed) -> Result<bool, ServiceError> {
    let req = auth::mfa_required_roles(app).await?;
    Ok(who.s.access.roles.iter().any(|r| req.contains(r)))
}

pub async fn show(
    State(app): State<AppState>,
    who: Signed,
    Query(q): Query<NoticeQuery>,
) -> PageResult {
    let notice = super::notice(&who.ctx, q.notice.as_ref());
    html(AccountPage {
        totp_enabled: who.s.user.totp_enabled,
        totp_required: totp_required(&app, &who).await?,
        errors: FormErrors::default(),
        notice,
        totp_error: None,
        ctx: who.ctx,
    })
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
}

pub async fn change_password(
    State(app): State<AppState>,
    who: Signed,
    limits: Extension<Arc<Limits>>,
    Form(f): Form<PasswordForm>,
) -> PageResult {
    limits.attempt(Door::Reauth, parse_ip(&who.ctx.ip))?;
    match users::change_password(
        &app,
        &who.actor,
        &who.s.user,
        &f.current_password,
        &f.new_password,
    )
    .await
    {
        Ok(Proof::Locked) => Ok(signed_out(&who.ctx, "/sign-in?notice=locked-out")),
        Ok(_) => Ok(see_other("/sign-in?notice=password-changed")),
        Err(ServiceError::Invalid(inv)) => {
            let mut res = html(AccountPage {
                totp_enabled: who.s.user.totp_enabled,
                totp_required: totp_required(&app, &who).await?,
                errors: FormErrors::from_invalid(&who.ctx.tr, &inv),
                notice: None,
                totp_error: None,
                ctx: who.ctx,
            })?;
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "totp_setup.html")]
struct TotpSetup {
    ctx: Ctx,
    secret: String,
    uri: Option<String>,
    qr: Option<Qr>,
    required: bool,
    errors: FormErrors,
}

impl TotpSetup {
    /// The page for `secret` (base32): the QR code of its `otpauth://` URI, the link, and the
    /// key itself for typing in by hand.
    fn new(ctx: Ctx, email: &str, secret: String, required: bool, errors: FormErrors) -> Self {
        let bytes = liaison_domain::totp::base32_decode(&secret).unwrap_or_default();
        let uri = liaison_domain::totp::uri("Liaison", email, &bytes);
        TotpSetup {
            qr: uri.as_deref().and_then(Qr::new),
            uri,
            secret,
            required,
            errors,
            ctx,
        }
    }
}

/// Two-step sign-in cannot be set up: the deployment has no secret key to encrypt it with.
#[derive(Template)]
#[template(path = "totp_unavailable.html")]
struct TotpUnavailable {
    ctx: Ctx,
}

pub async fn totp_form(State(app): State<AppState>, who: Signed) -> PageResult {
    if who.s.user.totp_enabled {
        return Ok(see_other("/account"));
    }
    // A fresh secret each visit until confirmed; only the confirmed one is ever used.
    let secret = match users::begin_totp(&app, &who.s.user).await {
        Ok(s) => s,
        Err(ServiceError::Conflict(liaison_app::ErrorCode::NoSecretKey, _)) => {
            let mut res = html(TotpUnavailable { ctx: who.ctx })?;
            *res.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
            return Ok(res);
        }
        Err(e) => return Err(e.into()),
    };
    let required = who.s.mfa_state == SecondFactor::Enroll;
    html(TotpSetup::new(
        who.ctx,
        &who.s.user.email,
        secret,
        required,
        FormErrors::default(),
    ))
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

pub async fn totp_confirm(
    State(app): State<AppState>,
    who: Signed,
    Form(f): Form<CodeForm>,
) -> PageResult {
    let user = liaison_app::users::user_by_id(&app, who.user_id())
        .await?
        .ok_or(ServiceError::NotFound)?;
    if users::confirm_totp(&app, &who.actor, &user, &f.code).await? {
        liaison_app::auth::second_factor_done(&app, &who.s.token_hash).await?;
        return Ok(see_other("/account?notice=totp-enabled"));
    }
    let secret = users::totp_secret(&app, &user)
        .map(|b| liaison_domain::totp::base32(&b))
        .map_err(|e| ServiceError::Conflict(liaison_app::ErrorCode::Internal, e.to_string()))?;
    let required = who.s.mfa_state == SecondFactor::Enroll;
    let errors = FormErrors::message("code", who.ctx.t("totp-wrong"));
    let mut res = html(TotpSetup::new(
        who.ctx,
        &user.email,
        secret,
        required,
        errors,
    ))?;
    *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    Ok(res)
}

#[derive(Deserialize)]
pub struct DisableForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    code: String,
}

/// Turn the second factor off: it takes the current password or a code (a session left open
/// is not enough), counted like sign-in failures.
pub async fn totp_disable(
    State(app): State<AppState>,
    who: Signed,
    limits: Extension<Arc<Limits>>,
    Form(f): Form<DisableForm>,
) -> PageResult {
    if totp_required(&app, &who).await? {
        return Ok(see_other("/account?notice=totp-required"));
    }
    limits.attempt(Door::Reauth, parse_ip(&who.ctx.ip))?;
    let proof =
        users::disable_totp(&app, &who.actor, &who.s.user, &f.current_password, &f.code).await?;
    match proof {
        Proof::Right => Ok(see_other("/account?notice=totp-disabled")),
        Proof::Locked => Ok(signed_out(&who.ctx, "/sign-in?notice=locked-out")),
        Proof::Wrong => {
            let e = FieldError::new("current_password", "***", "password_wrong");
            let mut res = html(AccountPage {
                totp_enabled: who.s.user.totp_enabled,
                totp_required: false,
                errors: FormErrors::default(),
                notice: None,
                totp_error: Some(who.ctx.tr.field_error(&e)),
                ctx: who.ctx,
            })?;
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
    }
}

#[derive(Template)]
#[template(path = "tokens.html")]
struct TokensPage {
    ctx: Ctx,
    tokens: Vec<TokenRow>,
    new_token: Option<String>,
    errors: FormErrors,
    notice: Option<String>,
}

pub async fn tokens(
    State(app): State<AppState>,
    who: Signed,
    Query(q): Query<NoticeQuery>,
) -> PageResult {
    let list = liaison_app::users::tokens_of(&app, who.user_id()).await?;
    let notice = super::notice(&who.ctx, q.notice.as_ref());
    html(TokensPage {
        ctx: who.ctx,
        tokens: list,
        new_token: None,
        errors: FormErrors::default(),
        notice,
    })
}

#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    name: String,
}

pub async fn token_create(
    State(app): State<AppState>,
    who: Signed,
    Form(f): Form<TokenForm>,
) -> PageResult {
    let (new_token, errors) =
        match users::create_token(&app, &who.actor, who.user_id(), &f.name).await {
            Ok(t) => (Some(t), FormErrors::default()),
            Err(ServiceError::Invalid(inv)) => (None, FormErrors::from_invalid(&who.ctx.tr, &inv)),
            Err(e) => return Err(e.into()),
        };
    let list = liaison_app::users::tokens_of(&app, who.user_id()).await?;
    let failed = !errors.is_empty();
    let mut res = html(TokensPage {
        ctx: who.ctx,
        tokens: list,
        new_token,
        errors,
        notice: None,
    })?;
    if failed {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
}

pub async fn token_revoke(
    State(app): State<AppState>,
    who: Signed,
    Path(id): Path<i64>,
) -> PageResult {
    users::revoke_token(&app, &who.actor, who.user_id(), id).await?;
    Ok(see_other("/account/tokens?notice=token-revoked"))
}
