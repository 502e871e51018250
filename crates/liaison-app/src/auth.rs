//! Signing in, sessions, second factor and API tokens.

use super::{Actor, Result};
use crate::app::App;
use liaison_domain::access::{Access, Grant};
use liaison_domain::auth::{Role, SecondFactor};
use liaison_domain::totp;
use liaison_store::users::{GrantRow, UserRow};
use liaison_store::{audit, orgs, sessions, settings, tokens, users};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// 32 random bytes as hex: session cookies and API tokens.
pub fn random_token() -> String {
    let mut b = [0u8; 32];
    rand::rng().fill_bytes(&mut b);
    hex(&b)
}

pub fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// What is stored of a secret token: its SHA-256.
pub fn hash_token(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Hash a password with argon2id off the async threads (it is slow on purpose).
pub async fn hash_password(pw: String) -> String {
    tokio::task::spawn_blocking(move || password_auth::generate_hash(pw))
        .await
        .unwrap_or_default()
}

async fn verify_password(pw: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || password_auth::verify_password(pw, &hash).is_ok())
        .await
        .unwrap_or(false)
}

/// Roles whose holders must use a second factor (administrator setting).
pub async fn mfa_required_roles(app: &App) -> Result<Vec<Role>> {
    let v = settings::get(&app.db, settings::MFA_REQUIRED_ROLES)
        .await?
        .unwrap_or_default();
    Ok(v.split(',')
        .filter_map(|r| Role::parse("role", r).ok())
        .collect())
}

pub async fn access_of(app: &App, user_id: i64) -> Result<(Vec<GrantRow>, Access)> {
    let grants = users::grants_of(&app.db, user_id).await?;
    let g: Vec<Grant> = grants.iter().filter_map(GrantRow::to_grant).collect();
    let (countries, regions) = Access::places_needed(&g);
    let places = orgs::places_in(&app.db, &countries, &regions).await?;
    Ok((grants, Access::build(user_id, &g, &places)))
}

#[derive(Debug)]
pub enum SignIn {
    /// Signed in: the cookie token and the second-factor state (`ok`, `pending`, `enroll`).
    Session {
        token: String,
        mfa_state: SecondFactor,
    },
    Refused(Refusal),
}

/// Why a sign-in was refused. `Wrong` covers an unknown address, a wrong password and a
/// locked account alike, so the answer never says whether an account exists; the audit row
/// keeps the real reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    Wrong,
    /// The right password of a disabled account (only its holder learns this).
    Disabled,
}

// A real argon2id hash, so an unknown e-mail costs the same time as a known one.
static DUMMY_HASH: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| password_auth::generate_hash("no such user, no such password"));

/// An audit row of a user proving who they are (sign-in, second factor, re-authentication).
fn identity_entry(user_id: Option<i64>, email: &str, ip: &str, action: &str) -> audit::Entry {
    audit::Entry {
        actor_user_id: user_id,
        actor: email.to_string(),
        ip: ip.to_string(),
        action: action.to_string(),
        outcome: audit::OK,
        ..Default::default()
    }
    .entity("user", user_id.map(|i| i.to_string()).unwrap_or_default())
}

pub async fn sign_in(app: &App, email: &str, password: &str, ip: &str) -> Result<SignIn> {
    let now = app.now();
    let email_norm = email.trim().to_lowercase();
    let user = users::user_by_email(&app.db, &email_norm).await?;
    let entry = identity_entry(user.as_ref().map(|u| u.id), &email_norm, ip, "sign_in");
    let refused = entry.clone().denied();
    let Some(user) = user else {
        verify_password(password.to_string(), DUMMY_HASH.clone()).await;
        // Any number of made-up addresses: counted per client address and minute.
        crate::audit::failed_authentication(app, refused.detail("unknown e-mail")).await?;
        return Ok(SignIn::Refused(Refusal::Wrong));
    };
    if user.locked_until.is_some_and(|u| u > now) {
        // Hash anyway: a locked account answers in the same time as any other.
        verify_password(password.to_string(), DUMMY_HASH.clone()).await;
        // Attempts on a locked account are unbounded too: counted like unknown e-mails.
        crate::audit::failed_authentication(app, refused.detail("account locked")).await?;
        return Ok(SignIn::Refused(Refusal::Wrong));
    }
    if !verify_password(password.to_string(), user.password_hash.clone()).await {
        let locked = count_failure(app, user.id).await?;
        let detail = if locked {
            "wrong password; account locked"
        } else {
            "wrong password"
        };
        crate::audit::record(app, &refused.detail(detail)).await?;
        return Ok(SignIn::Refused(Refusal::Wrong));
    }
    if user.disabled {
        crate::audit::record(app, &refused.detail("account disabled")).await?;
        return Ok(SignIn::Refused(Refusal::Disabled));
    }
    // With a second factor the failures keep counting until the code is right too, so
    // signing in again does not buy more guesses at the code.
    if !user.totp_enabled {
        users::record_good_sign_in(&app.db, user.id).await?;
    }
    let mfa_state = mfa_state_at_sign_in(app, &user).await?;
    let token = random_token();
    sessions::create(&app.db, &hash_token(&token), user.id, mfa_state, now, ip).await?;
    let ok = entry.detail(format!("second factor: {mfa_state}"));
    crate::audit::record(app, &ok).await?;
    Ok(SignIn::Session { token, mfa_state })
}

/// Count a failed proof of identity (a password or a code) against the account; at
/// `lockout_after` in a row it is locked for `lockout_for`. True when now locked.
async fn count_failure(app: &App, user_id: i64) -> Result<bool> {
    let locked = users::record_failed_sign_in(
        &app.db,
        user_id,
        app.config.lockout_after,
        app.now() + app.config.lockout_for,
    )
    .await?;
    Ok(locked.is_some())
}

/// The outcome of a second factor or of re-authentication on the account page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Proof {
    Right,
    Wrong,
    /// Too many failures: the account is locked and every session of it has ended.
    Locked,
}

/// A user signed in already proves it is them again (changing the password, turning the
/// second factor off) with the current password or, with a second factor, a code. Counted
/// like sign-in failures: a locked account ends its sessions. Audited as `action` when wrong.
pub async fn reauthenticate(
    app: &App,
    user: &UserRow,
    ip: &str,
    action: &str,
    password: &str,
    code: &str,
) -> Result<Proof> {
    let now = app.now();
    let entry = identity_entry(Some(user.id), &user.email, ip, action).denied();
    if user.locked_until.is_some_and(|u| u > now) {
        sessions::delete_for_user(&app.db, user.id).await?;
        crate::audit::record(app, &entry.detail("account locked")).await?;
        return Ok(Proof::Locked);
    }
    let by_password = !password.is_empty()
        && verify_password(password.to_string(), user.password_hash.clone()).await;
    let by_code = !by_password && user.totp_enabled && !code.trim().is_empty() && {
        let secret = crate::users::totp_secret_or_log(app, user);
        match totp::verify(&secret, code, now.unix_timestamp(), user.totp_last_step) {
            Some(step) => {
                users::set_totp_last_step(&app.db, user.id, step).await?;
                true
            }
            None => false,
        }
    };
    if by_password || by_code {
        users::record_good_sign_in(&app.db, user.id).await?;
        return Ok(Proof::Right);
    }
    let locked = count_failure(app, user.id).await?;
    let detail = if locked {
        "wrong password or code; account locked"
    } else {
        "wrong password or code"
    };
    if locked {
        sessions::delete_for_user(&app.db, user.id).await?;
    }
    crate::audit::record(app, &entry.detail(detail)).await?;
    Ok(if locked { Proof::Locked } else { Proof::Wrong })
}

async fn mfa_state_at_sign_in(app: &App, user: &UserRow) -> Result<SecondFactor> {
    if user.totp_enabled {
        return Ok(SecondFactor::Pending);
    }
    let required = mfa_required_roles(app).await?;
    let (grants, _) = access_of(app, user.id).await?;
    let needs = grants
        .iter()
        .filter_map(GrantRow::to_grant)
        .any(|g| required.contains(&g.role));
    Ok(if needs {
        SecondFactor::Enroll
    } else {
        SecondFactor::Done
    })
}

/// A live session, its user and rights. Ends sessions that are idle or too old.
pub struct LiveSession {
    pub token_hash: String,
    pub mfa_state: SecondFactor,
    pub user: UserRow,
    pub grants: Vec<GrantRow>,
    pub access: Access,
}

pub async fn load_session(app: &App, token: &str) -> Result<Option<LiveSession>> {
    let now = app.now();
    let h = hash_token(token);
    let Some(s) = sessions::get(&app.db, &h).await? else {
        return Ok(None);
    };
    if s.last_seen_at + app.config.idle_timeout < now
        || s.created_at + app.config.absolute_timeout < now
    {
        sessions::delete(&app.db, &h).await?;
        return Ok(None);
    }
    let Some(user) = users::user_by_id(&app.db, s.user_id).await? else {
        return Ok(None);
    };
    if user.disabled {
        sessions::delete(&app.db, &h).await?;
        return Ok(None);
    }
    // Write the last-seen time at most once a minute: reads stay reads.
    if now - s.last_seen_at >= time::Duration::minutes(1) {
        // Not worth waiting for a long write (an import on SQLite): the next request tries again.
        match sessions::touch(app.audit.impatient(), &h, now).await {
            Err(liaison_store::StoreError::Busy) => {}
            r => r?,
        }
    }
    let (grants, access) = access_of(app, user.id).await?;
    Ok(Some(LiveSession {
        token_hash: h,
        mfa_state: s.mfa_state,
        user,
        grants,
        access,
    }))
}

pub async fn sign_out(app: &App, actor: &Actor, token_hash: &str) -> Result<()> {
    sessions::delete(&app.db, token_hash).await?;
    crate::audit::record(app, &actor.audit("sign_out")).await?;
    Ok(())
}

/// Check the second factor of a session waiting for it. Wrong codes count against the account
/// as wrong passwords do: at the limit it is locked and its sessions end (`Proof::Locked`).
pub async fn complete_totp(app: &App, s: &LiveSession, code: &str, ip: &str) -> Result<Proof> {
    let now = app.now();
    let user = &s.user;
    let entry = identity_entry(Some(user.id), &user.email, ip, "sign_in_second_factor");
    if user.locked_until.is_some_and(|u| u > now) {
        sessions::delete_for_user(&app.db, user.id).await?;
        crate::audit::record(app, &entry.denied().detail("account locked")).await?;
        return Ok(Proof::Locked);
    }
    let secret = crate::users::totp_secret_or_log(app, user);
    match totp::verify(&secret, code, now.unix_timestamp(), user.totp_last_step) {
        Some(step) => {
            users::set_totp_last_step(&app.db, user.id, step).await?;
            users::record_good_sign_in(&app.db, user.id).await?;
            sessions::set_mfa_state(&app.db, &s.token_hash, SecondFactor::Done).await?;
            crate::audit::record(app, &entry).await?;
            Ok(Proof::Right)
        }
        None => {
            let locked = count_failure(app, user.id).await?;
            if locked {
                sessions::delete_for_user(&app.db, user.id).await?;
            }
            let detail = if locked {
                "wrong code; account locked"
            } else {
                "wrong code"
            };
            crate::audit::record(app, &entry.denied().detail(detail)).await?;
            Ok(if locked { Proof::Locked } else { Proof::Wrong })
        }
    }
}

/// The user and rights behind an API bearer token.
pub async fn bearer(app: &App, token: &str) -> Result<Option<(UserRow, Access)>> {
    let Some(t) = tokens::find_live(&app.db, &hash_token(token)).await? else {
        return Ok(None);
    };
    let Some(user) = users::user_by_id(&app.db, t.user_id).await? else {
        return Ok(None);
    };
    if user.disabled {
        return Ok(None);
    }
    let now = app.now();
    if t.last_used_at
        .is_none_or(|l| now - l >= time::Duration::minutes(1))
    {
        tokens::touch(&app.db, t.id, now).await?;
    }
    let (_, access) = access_of(app, user.id).await?;
    Ok(Some((user, access)))
}

/// The session has passed its second factor (after enrolment on the account page).
pub async fn second_factor_done(app: &App, session_token_hash: &str) -> Result<()> {
    Ok(sessions::set_mfa_state(&app.db, session_token_hash, SecondFactor::Done).await?)
}
