//! The API's caller: the user behind a bearer token, with their rights; and the one way an
//! answer refuses what the caller may not see (404, audited).

use super::ApiError;
use crate::AppState;
use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::header;
use axum::http::request::Parts;
use liaison_app::auth;
use liaison_app::users::UserRow;
use liaison_app::{Actor, ErrorCode};
use liaison_domain::access::Access;

/// The user behind `Authorization: Bearer <token>`.
pub struct ApiUser {
    pub user: UserRow,
    pub access: Access,
    pub actor: Actor,
}

fn bearer(parts: &Parts) -> Option<&str> {
    parts
        .headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

fn ip(parts: &Parts) -> String {
    parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_default()
}

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, ApiError> {
        let unauth = || {
            ApiError::new(
                ErrorCode::Unauthenticated,
                "A valid bearer token is required.",
            )
        };
        let Some(token) = bearer(parts) else {
            return Err(unauth());
        };
        let limits = parts
            .extensions
            .get::<std::sync::Arc<crate::limits::Limits>>()
            .cloned();
        let addr = crate::limits::parse_ip(&ip(parts));
        if let Some(l) = &limits {
            l.api_refused(addr).map_err(ApiError::rate_limited)?;
        }
        match auth::bearer(app, token).await? {
            Some((user, access)) => {
                let actor = Actor {
                    user_id: Some(user.id),
                    label: user.email.clone(),
                    ip: ip(parts),
                    access: access.clone(),
                };
                Ok(ApiUser {
                    user,
                    access,
                    actor,
                })
            }
            None => {
                let e = liaison_app::audit::Entry {
                    actor: "unknown".into(),
                    ip: ip(parts),
                    action: "api_token_rejected".into(),
                    outcome: liaison_app::audit::DENIED,
                    detail: parts.uri.path().to_string(),
                    ..Default::default()
                };
                // Counted per client address and minute, so bogus tokens cannot flood the trail.
                liaison_app::audit::failed_authentication(app, e).await?;
                if let Some(l) = &limits {
                    l.api_rejected(addr).map_err(ApiError::rate_limited)?;
                }
                Err(unauth())
            }
        }
    }
}

impl OptionalFromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;
    async fn from_request_parts(
        parts: &mut Parts,
        app: &AppState,
    ) -> Result<Option<Self>, ApiError> {
        if bearer(parts).is_none() {
            return Ok(None);
        }
        <ApiUser as FromRequestParts<AppState>>::from_request_parts(parts, app)
            .await
            .map(Some)
    }
}

pub async fn deny(app: &AppState, who: &ApiUser, what: &str, path: &str) -> ApiError {
    match liaison_app::audit::deny(app, &who.actor, format!("{what} {path}")).await {
        Ok(()) => ApiError::not_found(),
        Err(err) => err.into(),
    }
}

/// The FLS if the token's user sees its aggregates; otherwise 404, with the refusal audited
/// as asked at `path`.
pub async fn visible_fls(
    app: &AppState,
    who: &ApiUser,
    code: &str,
    path: &str,
) -> Result<liaison_app::orgs::FlsRow, ApiError> {
    match liaison_app::orgs::fls_by_code(app, &who.access.view_aggregates, code).await? {
        Some(f) => Ok(f),
        None => Err(deny(app, who, "fls", path).await),
    }
}
