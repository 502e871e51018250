//! Signing in and out, the second-factor step, and choosing the language.

use super::FormErrors;
use crate::AppState;
use crate::ctx::{Ctx, LANG_COOKIE, SESSION_COOKIE, html, see_other, set_cookie};
use crate::error::{AppError, PageResult};
use crate::limits::{Door, Limits, parse_ip};
use askama::Template;
use axum::Extension;
use axum::extract::{Form, Query, State};
use axum::response::IntoResponse;
use liaison_app::auth::{self, Proof, Refusal, SignIn};
use liaison_domain::auth::SecondFactor;
use liaison_domain::lang::Lang;
use serde::Deserialize;
use std::sync::Arc;

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    ctx: Ctx,
    email: String,
    next: String,
    errors: FormErrors,
    notice: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct NextQuery {
    #[serde(default)]
    next: String,
    notice: Option<String>,
}

/// Only a path of this site (`redirect::local_path`).
fn safe_next(next: &str) -> String {
    crate::redirect::local_path(next).to_string()
}

pub async fn form(ctx: Ctx, Query(q): Query<NextQuery>) -> PageResult {
    if ctx.signed_in() {
        return Ok(see_other(&safe_next(&q.next)));
    }
    let notice = super::notice(&ctx, q.notice.as_ref());
    html(SignInPage {
        ctx,
        email: String::new(),
        next: q.next,
        errors: FormErrors::default(),
        notice,
    })
}

#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

pub async fn submit(
    State(app): State<AppState>,
    ctx: Ctx,
    limits: Extension<Arc<Limits>>,
    Form(f): Form<SignInForm>,
) -> PageResult {
    // Refused for now: the form again with what was typed and the wait, so the person can
    // try again from where they were rather than from an error page.
    if let Err(wait) = limits.attempt(Door::SignIn, parse_ip(&ctx.ip)) {
        let msg = ctx.t("error-rate-limited");
        let page = SignInPage {
            email: f.email.trim().to_string(),
            next: f.next,
            errors: FormErrors::message("email", msg),
            notice: None,
            ctx,
        };
        let mut res = html(page)?;
        *res.status_mut() = axum::http::StatusCode::TOO_MANY_REQUESTS;
        res.headers_mut().insert(
            axum::http::header::RETRY_AFTER,
            axum::http::HeaderValue::from(wait.0),
        );
        return Ok(res);
    }
    let outcome = auth::sign_in(&app, &f.email, &f.password, &ctx.ip).await?;
    let msg = match outcome {
        SignIn::Session { token, mfa_state } => {
            let to = match mfa_state {
                SecondFactor::Pending => "/sign-in/totp".to_string(),
                SecondFactor::Enroll => "/account/totp".to_string(),
                SecondFactor::Done => safe_next(&f.next),
            };
            let mut res = see_other(&to);
            let max_age = app.config.absolute_timeout.whole_seconds();
            set_cookie(&mut res, ctx.cookie(SESSION_COOKIE, &token, Some(max_age)));
            return Ok(res);
        }
        // Unknown address, wrong password and locked account: one answer (`Refusal`).
        SignIn::Refused(Refusal::Wrong) => ctx.t("sign-in-wrong"),
        SignIn::Refused(Refusal::Disabled) => ctx.t("sign-in-disabled"),
    };
    let page = SignInPage {
        email: f.email.trim().to_string(),
        next: f.next,
        errors: FormErrors::message("email", msg),
        notice: None,
        ctx,
    };
    let mut res = html(page)?;
    *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    Ok(res)
}

#[derive(Template)]
#[template(path = "sign_in_totp.html")]
struct TotpPage {
    ctx: Ctx,
    errors: FormErrors,
}

pub async fn totp_form(ctx: Ctx) -> PageResult {
    match &ctx.session {
        Some(s) if s.mfa_state == SecondFactor::Pending => html(TotpPage {
            ctx,
            errors: FormErrors::default(),
        }),
        Some(_) => Ok(see_other("/")),
        None => Ok(see_other("/sign-in")),
    }
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

pub async fn totp_submit(
    State(app): State<AppState>,
    ctx: Ctx,
    limits: Extension<Arc<Limits>>,
    Form(f): Form<CodeForm>,
) -> PageResult {
    let Some(s) = ctx
        .session
        .clone()
        .filter(|s| s.mfa_state == SecondFactor::Pending)
    else {
        return Ok(see_other("/sign-in"));
    };
    limits.attempt(Door::Totp, parse_ip(&ctx.ip))?;
    match auth::complete_totp(&app, &s, &f.code, &ctx.ip).await? {
        Proof::Right => return Ok(see_other("/")),
        Proof::Locked => return Ok(signed_out(&ctx, "/sign-in?notice=locked-out")),
        Proof::Wrong => {}
    }
    let errors = FormErrors::message("code", ctx.t("totp-wrong"));
    let mut res = html(TotpPage { ctx, errors })?;
    *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    Ok(res)
}

pub async fn sign_out(State(app): State<AppState>, ctx: Ctx) -> PageResult {
    if let Some(s) = &ctx.session {
        let actor = liaison_app::Actor {
            user_id: Some(s.user.id),
            label: s.user.email.clone(),
            ip: ctx.ip.clone(),
            access: s.access.clone(),
        };
        auth::sign_out(&app, &actor, &s.token_hash).await?;
    }
    Ok(signed_out(&ctx, "/sign-in?notice=signed-out"))
}

/// Go to `to` with the session cookie forgotten (the session itself has ended).
pub fn signed_out(ctx: &Ctx, to: &str) -> axum::response::Response {
    let mut res = see_other(to);
    set_cookie(&mut res, ctx.cookie(SESSION_COOKIE, "", Some(0)));
    res
}

#[derive(Deserialize)]
pub struct LangForm {
    #[serde(default)]
    lang: String,
    #[serde(default)]
    next: String,
}

/// Remember the language: on the account when signed in, in a cookie in any case.
pub async fn language(
    State(app): State<AppState>,
    ctx: Ctx,
    Form(f): Form<LangForm>,
) -> PageResult {
    let Some(lang) = Lang::parse(&f.lang) else {
        return Err(AppError::Redirect(safe_next(&f.next)));
    };
    if let Some(s) = &ctx.session {
        liaison_app::users::set_language(&app, s.user.id, Some(lang.code())).await?;
    }
    let mut res = see_other(&safe_next(&f.next)).into_response();
    let one_year = 365 * 24 * 3600;
    set_cookie(
        &mut res,
        ctx.cookie(LANG_COOKIE, lang.code(), Some(one_year)),
    );
    Ok(res)
}
