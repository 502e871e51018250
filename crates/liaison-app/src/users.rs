//! Users, their roles and their API tokens.

use super::{Actor, Result, ServiceError};
use crate::app::App;
use crate::auth::{Proof, hash_password, hash_token, random_token, reauthenticate};
use crate::secret_key::{self, OpenError};
use liaison_domain::access::Grant;
use liaison_domain::auth::{Email, NewPassword, Role, ScopeKind};
use liaison_domain::error::{FieldError, Invalid};
use liaison_domain::org::{CountryCode, Region};
pub use liaison_store::tokens::TokenRow;
use liaison_store::users;
pub use liaison_store::users::{GrantRow, UserRow};
use liaison_store::{audit, orgs, sessions, tokens};

/// A role as typed: the role and, depending on it, an FLS code, a country or a region.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct GrantInput {
    pub role: String,
    pub fls: String,
    pub country: String,
    pub region: String,
}

/// Resolve a typed grant against the FLSs the actor may manage users of.
pub async fn parse_grant(app: &App, actor: &Actor, g: &GrantInput) -> Result<Grant> {
    let role = Role::parse("role", &g.role)?;
    let mut grant = Grant {
        role,
        fls_id: None,
        country: None,
        region: None,
    };
    match role.scope_kind() {
        ScopeKind::Global => {}
        ScopeKind::Countries => {
            grant.country = Some(
                CountryCode::parse("country", &g.country)?
                    .as_str()
                    .to_string(),
            );
        }
        ScopeKind::Regions => {
            grant.region = Some(Region::parse(&g.region).ok_or_else(|| {
                FieldError::new("region", &g.region, "one_of")
                    .arg("allowed", Region::ALL.map(Region::code).join(", "))
            })?);
        }
        ScopeKind::Fls => {
            if g.fls.trim().is_empty() {
                return Err(FieldError::new("fls", &g.fls, "required").into());
            }
            let f = orgs::fls_by_code(&app.db, &actor.access.manage_fls_users, g.fls.trim())
                .await?
                .ok_or_else(|| FieldError::new("fls", &g.fls, "fls_unknown"))?;
            grant.fls_id = Some(f.id);
        }
    }
    if !may_grant(actor, &grant) {
        return Err(FieldError::new("role", &g.role, "role_not_yours_to_give").into());
    }
    Ok(grant)
}

/// Administrators give any role; an FLS lead gives FLS lead, clinician and viewer at their FLS.
pub fn may_grant(actor: &Actor, g: &Grant) -> bool {
    if actor.access.is_admin() {
        return true;
    }
    matches!(g.role, Role::FlsLead | Role::FlsClinician | Role::Viewer)
        && g.fls_id
            .is_some_and(|id| actor.access.manage_fls_users.contains(id))
}

fn generate_password() -> String {
    // 20 characters from a 56-symbol alphabet without look-alikes: about 116 bits.
    const A: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut out = String::new();
    let mut b = [0u8; 20];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut b);
    for (i, x) in b.iter().enumerate() {
        if i > 0 && i % 5 == 0 {
            out.push('-');
        }
        out.push(char::from(A[usize::from(*x) % A.len()]));
    }
    out
}

pub struct NewUser {
    pub user: UserRow,
    /// Set when the password was generated: shown once.
    pub generated_password: Option<String>,
}

/// A new user checked and their password hashed, ready to be written.
pub(crate) struct Prepared {
    email: Email,
    name: String,
    hash: String,
    generated: Option<String>,
}

/// Create a user with their first role(s). Without a password one is generated.
pub async fn create_user(
    app: &App,
    actor: &Actor,
    email: &str,
    display_name: &str,
    password: Option<&str>,
    grants: &[Grant],
) -> Result<NewUser> {
    let p = prepare_user(actor, email, display_name, password, grants).await?;
    let mut tx = app.db.begin().await?;
    let user = create_user_in(&mut tx, app, actor, p, grants).await?;
    tx.commit().await?;
    Ok(user)
}

/// Check a new user's fields and rights and hash the password (slow, so before any
/// transaction opens).
pub(crate) async fn prepare_user(
    actor: &Actor,
    email: &str,
    display_name: &str,
    password: Option<&str>,
    grants: &[Grant],
) -> Result<Prepared> {
    let mut inv = Invalid::default();
    let email = inv.take(Email::parse("email", email));
    let name = inv.take(liaison_domain::org::text(
        "display_name",
        display_name,
        false,
        200,
    ));
    let (pw, generated) = match password.filter(|p| !p.is_empty()) {
        Some(p) => (
            inv.take(NewPassword::parse("password", p, email.as_ref()))
                .map(|p| p.expose().to_string()),
            None,
        ),
        None => {
            let g = generate_password();
            (Some(g.clone()), Some(g))
        }
    };
    if grants.is_empty() {
        inv.push(FieldError::new("role", "", "required"));
    }
    let (Some(email), Some(name), Some(pw)) = (email, name, pw) else {
        return Err(inv.into());
    };
    if !inv.is_empty() {
        return Err(inv.into());
    }
    if let Some(g) = grants.iter().find(|g| !may_grant(actor, g)) {
        return Err(FieldError::new("role", g.role.code(), "role_not_yours_to_give").into());
    }
    let hash = hash_password(pw).await;
    Ok(Prepared {
        email,
        name,
        hash,
        generated,
    })
}

/// Write a prepared user, their grants and the audit row in the caller's transaction; an
/// address already in use is a field error (the caller's transaction then writes nothing).
pub(crate) async fn create_user_in(
    tx: &mut liaison_store::Tx,
    app: &App,
    actor: &Actor,
    p: Prepared,
    grants: &[Grant],
) -> Result<NewUser> {
    let user = match users::create_user(tx, p.email.as_str(), &p.name, &p.hash, app.now()).await {
        Err(liaison_store::StoreError::Conflict(_)) => {
            return Err(FieldError::new("email", p.email.as_str(), "email_taken").into());
        }
        r => r?,
    };
    for g in grants {
        users::add_grant(tx, user.id, g).await?;
    }
    let e = actor.audit("user.create").entity("user", user.id).fls(grants.iter().find_map(|g| g.fls_id)).change(None, Some(
        serde_json::json!({ "email": user.email, "display_name": user.display_name, "grants": grants }),
    ));
    audit::record(tx, app.now(), &e).await?;
    Ok(NewUser {
        user,
        generated_password: p.generated,
    })
}

/// A user the actor may manage: administrators any, FLS leads those holding a role at their FLS.
pub async fn managed_user(app: &App, actor: &Actor, user_id: i64) -> Result<UserRow> {
    let visible = users::list_users(&app.db, &actor.access.manage_fls_users).await?;
    visible
        .into_iter()
        .find(|u| u.id == user_id)
        .ok_or(ServiceError::NotFound)
}

/// Give a user a role: only a user the actor manages (`managed_user`), so an FLS lead cannot
/// reach accounts outside their FLSs by id.
pub async fn add_grant(app: &App, actor: &Actor, user_id: i64, g: &Grant) -> Result<bool> {
    if !may_grant(actor, g) {
        return Err(ServiceError::NotFound);
    }
    let user = managed_user(app, actor, user_id).await?;
    let mut tx = app.db.begin().await?;
    let added = users::add_grant(&mut tx, user.id, g).await?;
    if added {
        let e = actor
            .audit("user.grant_add")
            .entity("user", user.id)
            .fls(g.fls_id)
            .change(None, Some(serde_json::to_value(g).unwrap_or_default()));
        audit::record(&mut tx, app.now(), &e).await?;
    }
    tx.commit().await?;
    Ok(added)
}

pub async fn remove_grant(app: &App, actor: &Actor, user_id: i64, grant_id: i64) -> Result<()> {
    let grants = users::grants_of(&app.db, user_id).await?;
    let g = grants
        .iter()
        .find(|g| g.id == grant_id)
        .ok_or(ServiceError::NotFound)?;
    let grant = g.to_grant().ok_or(ServiceError::NotFound)?;
    if !may_grant(actor, &grant) {
        return Err(ServiceError::NotFound);
    }
    let mut tx = app.db.begin().await?;
    let before = users::remove_grant(&mut tx, user_id, grant_id).await?;
    let e = actor
        .audit("user.grant_remove")
        .entity("user", user_id)
        .fls(grant.fls_id)
        .change(
            before.map(|b| serde_json::to_value(b).unwrap_or_default()),
            None,
        );
    audit::record(&mut tx, app.now(), &e).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn set_disabled(app: &App, actor: &Actor, user_id: i64, disabled: bool) -> Result<()> {
    if !actor.access.is_admin() || actor.user_id == Some(user_id) {
        return Err(ServiceError::NotFound);
    }
    let mut tx = app.db.begin().await?;
    users::set_disabled(&mut tx, user_id, disabled).await?;
    let e = actor
        .audit(if disabled {
            "user.disable"
        } else {
            "user.enable"
        })
        .entity("user", user_id);
    audit::record(&mut tx, app.now(), &e).await?;
    tx.commit().await?;
    sessions::delete_for_user(&app.db, user_id).await?;
    Ok(())
}

/// An administrator gives someone who lost their password a new, generated one (issue 12),
/// shown once to the administrator to pass on by a channel they trust. Every session of the
/// user ends and a lock from wrong guesses is lifted. Not for one's own account: that needs the
/// current password (`change_password`).
pub async fn reset_password(app: &App, actor: &Actor, user_id: i64) -> Result<String> {
    if !actor.access.is_admin() || actor.user_id == Some(user_id) {
        return Err(ServiceError::NotFound);
    }
    let user = managed_user(app, actor, user_id).await?;
    let pw = generate_password();
    let hash = hash_password(pw.clone()).await;
    let mut tx = app.db.begin().await?;
    users::set_password(&mut tx, user.id, &hash, app.now()).await?;
    let e = actor.audit("user.password_reset").entity("user", user.id);
    audit::record(&mut tx, app.now(), &e).await?;
    tx.commit().await?;
    sessions::delete_for_user(&app.db, user.id).await?;
    Ok(pw)
}

/// An administrator removes the authenticator of someone who lost it (issue 12): two-step
/// sign-in is off until they enrol again, which their next sign-in asks for when their role
/// requires it. Their sessions end, so a stolen phone's session does not outlive the reset.
pub async fn reset_totp(app: &App, actor: &Actor, user_id: i64) -> Result<()> {
    if !actor.access.is_admin() || actor.user_id == Some(user_id) {
        return Err(ServiceError::NotFound);
    }
    let user = managed_user(app, actor, user_id).await?;
    let mut tx = app.db.begin().await?;
    users::set_totp(&mut tx, user.id, None, false).await?;
    let e = actor.audit("user.totp_reset").entity("user", user.id);
    audit::record(&mut tx, app.now(), &e).await?;
    tx.commit().await?;
    sessions::delete_for_user(&app.db, user.id).await?;
    Ok(())
}

/// Change one's own password: the current one must be given, and wrong ones count like failed
/// sign-ins (`auth::reauthenticate`); other sessions end. `Proof::Locked`: too many wrong,
/// nothing changed and every session ended. A wrong current password is an `Invalid` on
/// `current_password`, reported with any fault of the new one.
pub async fn change_password(
    app: &App,
    actor: &Actor,
    user: &UserRow,
    current: &str,
    new: &str,
) -> Result<Proof> {
    let proof = reauthenticate(app, user, &actor.ip, "user.password_change", current, "").await?;
    if proof == Proof::Locked {
        return Ok(Proof::Locked);
    }
    let email = Email::parse("email", &user.email).ok();
    let mut inv = Invalid::default();
    if proof == Proof::Wrong {
        inv.push(FieldError::new("current_password", "***", "password_wrong"));
    }
    let new = inv.take(NewPassword::parse("new_password", new, email.as_ref()));
    let Some(new) = new.filter(|_| inv.is_empty()) else {
        return Err(inv.into());
    };
    let hash = hash_password(new.expose().to_string()).await;
    let mut tx = app.db.begin().await?;
    users::set_password(&mut tx, user.id, &hash, app.now()).await?;
    let e = actor.audit("user.password_change").entity("user", user.id);
    audit::record(&mut tx, app.now(), &e).await?;
    tx.commit().await?;
    sessions::delete_for_user(&app.db, user.id).await?;
    Ok(Proof::Right)
}

/// Create an API token for a user; the token is returned once and stored as a hash.
pub async fn create_token(app: &App, actor: &Actor, user_id: i64, name: &str) -> Result<String> {
    let name = liaison_domain::org::text("name", name, true, 100)?;
    let token = format!("lsn_{}", random_token());
    let mut tx = app.db.begin().await?;
    let id = tokens::create(&mut tx, user_id, &name, &hash_token(&token), app.now()).await?;
    let e = actor.audit("token.create").entity("api_token", id).change(
        None,
        Some(serde_json::json!({ "user_id": user_id, "name": name })),
    );
    audit::record(&mut tx, app.now(), &e).await?;
    tx.commit().await?;
    Ok(token)
}

pub async fn revoke_token(app: &App, actor: &Actor, user_id: i64, token_id: i64) -> Result<()> {
    let mut tx = app.db.begin().await?;
    if !tokens::revoke(&mut tx, user_id, token_id, app.now()).await? {
        return Err(ServiceError::NotFound);
    }
    let e = actor.audit("token.revoke").entity("api_token", token_id);
    audit::record(&mut tx, app.now(), &e).await?;
    tx.commit().await?;
    Ok(())
}

/// What a user's sealed TOTP secret is bound to: it opens for this user only.
fn totp_context(user_id: i64) -> String {
    format!("liaison:totp:user:{user_id}")
}

/// A user's TOTP secret in the clear, from its stored form: sealed (`v1:`) with the
/// deployment's key, or base32 as stored before encryption at rest (sealed at start-up).
pub fn totp_secret(app: &App, user: &UserRow) -> std::result::Result<Vec<u8>, OpenError> {
    let stored = user.totp_secret.as_deref().unwrap_or_default();
    if !stored.starts_with(secret_key::V1) {
        return liaison_domain::totp::base32_decode(stored).ok_or(OpenError::Malformed);
    }
    let key = app.config.secret_key.as_ref().ok_or(OpenError::NoKey)?;
    key.open(stored, &totp_context(user.id))
}

/// [`totp_secret`] for a check of a code: a secret that cannot be read fails closed (no code
/// matches) and says why in the log.
pub(crate) fn totp_secret_or_log(app: &App, user: &UserRow) -> Vec<u8> {
    totp_secret(app, user).unwrap_or_else(|e| {
        tracing::error!(
            user_id = user.id,
            error = %e,
            "the user's two-step secret cannot be read, so no code is accepted; \
             check --secret-key-file (docs/security.md)"
        );
        Vec::new()
    })
}

/// Encrypt TOTP secrets stored in the clear by earlier versions (run at start-up). Without a
/// key they stay as they are and keep working, and the log says so.
pub async fn seal_plaintext_totp_secrets(app: &App) -> Result<usize> {
    let plain = users::plaintext_totp_secrets(&app.db).await?;
    if plain.is_empty() {
        return Ok(0);
    }
    let Some(key) = &app.config.secret_key else {
        tracing::warn!(
            users = plain.len(),
            "two-step secrets are stored unencrypted: configure --secret-key-file (docs/security.md)"
        );
        return Ok(0);
    };
    let mut tx = app.db.begin().await?;
    let mut n = 0;
    for (id, stored) in &plain {
        let Some(bytes) = liaison_domain::totp::base32_decode(stored) else {
            continue;
        };
        let sealed = key.seal(&bytes, &totp_context(*id));
        n += usize::from(users::replace_totp_secret(&mut tx, *id, stored, &sealed).await?);
    }
    tx.commit().await?;
    tracing::info!(users = n, "two-step secrets encrypted with the secret key");
    Ok(n)
}

/// Start second-factor enrolment: store a new secret, not yet enabled, encrypted; returns it
/// in base32 for the user's app.
pub async fn begin_totp(app: &App, user: &UserRow) -> Result<String> {
    let Some(key) = &app.config.secret_key else {
        return Err(ServiceError::Conflict(
            crate::ErrorCode::NoSecretKey,
            "two-step sign-in needs a secret key (--secret-key-file)".into(),
        ));
    };
    let mut b = [0u8; 20];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut b);
    let sealed = key.seal(&b, &totp_context(user.id));
    let mut tx = app.db.begin().await?;
    users::set_totp(&mut tx, user.id, Some(&sealed), false).await?;
    tx.commit().await?;
    Ok(liaison_domain::totp::base32(&b))
}

/// Confirm enrolment with a code from the app; true when it matched.
pub async fn confirm_totp(app: &App, actor: &Actor, user: &UserRow, code: &str) -> Result<bool> {
    let secret = totp_secret_or_log(app, user);
    let Some(step) = liaison_domain::totp::verify(&secret, code, app.now().unix_timestamp(), None)
    else {
        return Ok(false);
    };
    let mut tx = app.db.begin().await?;
    users::set_totp(&mut tx, user.id, user.totp_secret.as_deref(), true).await?;
    let e = actor.audit("user.totp_enable").entity("user", user.id);
    audit::record(&mut tx, app.now(), &e).await?;
    tx.commit().await?;
    users::set_totp_last_step(&app.db, user.id, step).await?;
    Ok(true)
}

/// Turn one's own second factor off: it takes the current password or a code, counted like
/// sign-in failures (`auth::reauthenticate`), so a session left open is not enough.
pub async fn disable_totp(
    app: &App,
    actor: &Actor,
    user: &UserRow,
    password: &str,
    code: &str,
) -> Result<Proof> {
    let proof = reauthenticate(app, user, &actor.ip, "user.totp_disable", password, code).await?;
    if proof != Proof::Right {
        return Ok(proof);
    }
    let mut tx = app.db.begin().await?;
    users::set_totp(&mut tx, user.id, None, false).await?;
    let e = actor.audit("user.totp_disable").entity("user", user.id);
    audit::record(&mut tx, app.now(), &e).await?;
    tx.commit().await?;
    Ok(Proof::Right)
}

/// What adding a person to an FLS's users did, as its page may say it.
#[derive(Debug)]
pub enum Added {
    /// They already held a role at an FLS whose users the actor manages: the role is theirs
    /// now.
    RoleGiven,
    /// Anyone else: an account was created with the password given, or (an account outside
    /// the actor's FLSs) nothing was changed and an administrator is asked, in the audit
    /// trail. One answer for both, so no one learns which addresses have accounts.
    Done,
}

/// Give `email` a role at an FLS (the FLS users page). A person already in the actor's FLSs
/// gets the role; a new address gets an account with `password`; an account the actor does
/// not manage is neither changed nor revealed (docs/security.md, "User management").
pub async fn add_person(
    app: &App,
    actor: &Actor,
    email: &str,
    display_name: &str,
    password: &str,
    grant: &Grant,
) -> Result<Added> {
    if !may_grant(actor, grant) {
        return Err(ServiceError::NotFound);
    }
    let norm = email.trim().to_lowercase();
    let visible = users::list_users(&app.db, &actor.access.manage_fls_users).await?;
    if let Some(u) = visible.iter().find(|u| u.email == norm) {
        add_grant(app, actor, u.id, grant).await?;
        return Ok(Added::RoleGiven);
    }
    // Everything the form can refuse is checked before looking the address up, so a refusal
    // says nothing about it either.
    let mut inv = Invalid::default();
    let parsed = inv.take(Email::parse("email", email));
    inv.take(liaison_domain::org::text(
        "display_name",
        display_name,
        false,
        200,
    ));
    if password.is_empty() {
        inv.push(FieldError::new("password", "", "required"));
    } else {
        inv.take(NewPassword::parse("password", password, parsed.as_ref()));
    }
    if !inv.is_empty() {
        return Err(inv.into());
    }
    match users::user_by_email(&app.db, &norm).await? {
        None => {
            create_user(
                app,
                actor,
                email,
                display_name,
                Some(password),
                std::slice::from_ref(grant),
            )
            .await?;
        }
        Some(other) => {
            // Hash as creating the account would, so the time taken does not tell either.
            hash_password(password.to_string()).await;
            // Record the request for an administrator; change nothing.
            let e = actor
                .audit("user.role_request")
                .entity("user", other.id)
                .fls(grant.fls_id)
                .detail("the address has an account outside the requester's FLSs")
                .change(None, Some(serde_json::to_value(grant).unwrap_or_default()));
            crate::audit::record(app, &e).await?;
        }
    }
    Ok(Added::Done)
}

/// The FLSs whose users the actor manages (for pickers).
pub fn manages_any(actor: &Actor) -> bool {
    !actor.access.manage_fls_users.is_empty()
}

// --- Reads for the pages and the API ------------------------------------------------------

/// The users holding a grant on an FLS of `scope`.
pub async fn list_users(app: &App, scope: &liaison_domain::access::FlsSet) -> Result<Vec<UserRow>> {
    Ok(users::list_users(&app.db, scope).await?)
}

pub async fn grants_of(app: &App, user_id: i64) -> Result<Vec<GrantRow>> {
    Ok(users::grants_of(&app.db, user_id).await?)
}

pub async fn user_by_email(app: &App, email: &str) -> Result<Option<UserRow>> {
    Ok(users::user_by_email(&app.db, email).await?)
}

pub async fn user_by_id(app: &App, id: i64) -> Result<Option<UserRow>> {
    Ok(users::user_by_id(&app.db, id).await?)
}

/// A user's own API tokens, newest first.
pub async fn tokens_of(app: &App, user_id: i64) -> Result<Vec<TokenRow>> {
    Ok(tokens::list_for_user(&app.db, user_id).await?)
}

/// Remember the language a user chose (None: follow the browser).
pub async fn set_language(app: &App, user_id: i64, lang: Option<&str>) -> Result<()> {
    Ok(users::set_language(&app.db, user_id, lang).await?)
}

/// Require two-step sign-in of these roles (an administrator's setting), audited.
pub async fn set_mfa_required_roles(app: &App, actor: &Actor, roles: &[Role]) -> Result<()> {
    use liaison_store::settings;
    if !actor.access.is_admin() {
        return Err(ServiceError::NotFound);
    }
    let value = roles.iter().map(|r| r.code()).collect::<Vec<_>>().join(",");
    let mut tx = app.db.begin().await?;
    let before = settings::set(&mut tx, settings::MFA_REQUIRED_ROLES, &value).await?;
    let e = actor
        .audit("settings.mfa_required_roles")
        .entity("settings", settings::MFA_REQUIRED_ROLES)
        .change(
            before.map(serde_json::Value::String),
            Some(serde_json::Value::String(value)),
        );
    audit::record(&mut tx, app.now(), &e).await?;
    tx.commit().await?;
    Ok(())
}
