//! The JSON API under `/api/v1/`: bearer tokens carry the user's rights; errors are
//! `{ "error": { "code", "message", "details" } }` with stable codes.

use super::{AppState, Routes};
use crate::services::auth;
use crate::services::{Actor, ServiceError};
use axum::Json;
use axum::extract::{FromRequestParts, OptionalFromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use liaison_domain::access::Access;
use liaison_store::users::UserRow;
use liaison_store::{audit, orgs};
use serde_json::{Value, json};

pub fn routes(r: Routes) -> Routes {
    r.get("/api/v1/openapi.json", openapi)
        .get("/api/v1/me", me)
        .get("/api/v1/fls", fls_list)
        .get("/api/v1/fls/{code}", fls_get)
}

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub details: Value,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            details: Value::Null,
        }
    }
    pub fn not_found() -> Self {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", "No such resource.")
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut r = (
            self.status,
            Json(json!({ "error": { "code": self.code, "message": self.message, "details": self.details } })),
        )
            .into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            r.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer"),
            );
        }
        r
    }
}

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::NotFound => ApiError::not_found(),
            ServiceError::Invalid(inv) => ApiError {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                code: "invalid",
                message: "Some values break the dataset's rules.".into(),
                details: serde_json::to_value(&inv.0).unwrap_or_default(),
            },
            ServiceError::InvalidRows(rows) => ApiError {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                code: "invalid",
                message: "Some rows break the dataset's rules.".into(),
                details: serde_json::to_value(&rows).unwrap_or_default(),
            },
            ServiceError::Conflict(code, msg) => ApiError::new(StatusCode::CONFLICT, code, msg),
            ServiceError::Store(e) => {
                tracing::error!(error = %e, "api internal error");
                ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "Something went wrong on the server.",
                )
            }
        }
    }
}

impl From<liaison_store::StoreError> for ApiError {
    fn from(e: liaison_store::StoreError) -> Self {
        ServiceError::from(e).into()
    }
}

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
                StatusCode::UNAUTHORIZED,
                "unauthenticated",
                "A valid bearer token is required.",
            )
        };
        let Some(token) = bearer(parts) else {
            return Err(unauth());
        };
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
                let e = audit::Entry {
                    actor: "unknown".into(),
                    ip: ip(parts),
                    action: "api_token_rejected".into(),
                    outcome: audit::DENIED,
                    detail: parts.uri.path().to_string(),
                    ..Default::default()
                };
                audit::record_now(&app.db, app.now(), &e).await?;
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

async fn deny(app: &AppState, who: &ApiUser, what: &str, path: &str) -> ApiError {
    let mut e = who.actor.audit("authorisation_denied");
    e.outcome = audit::DENIED;
    e.detail = format!("{what} {path}");
    match audit::record_now(&app.db, app.now(), &e).await {
        Ok(()) => ApiError::not_found(),
        Err(err) => err.into(),
    }
}

async fn me(who: ApiUser) -> Json<Value> {
    Json(json!({
        "id": who.user.id,
        "email": who.user.email,
        "display_name": who.user.display_name,
        "roles": who.access.roles.iter().map(|r| r.code()).collect::<Vec<_>>(),
    }))
}

async fn fls_list(State(app): State<AppState>, who: ApiUser) -> Result<Json<Value>, ApiError> {
    let list = orgs::list_fls(&app.db, &who.access.view_aggregates).await?;
    Ok(Json(json!({ "items": list })))
}

async fn fls_get(
    State(app): State<AppState>,
    who: ApiUser,
    Path(code): Path<String>,
) -> Result<Json<Value>, ApiError> {
    match orgs::fls_by_code(&app.db, &who.access.view_aggregates, &code).await? {
        Some(f) => Ok(Json(serde_json::to_value(f).unwrap_or_default())),
        None => Err(deny(&app, &who, "fls", &format!("/api/v1/fls/{code}")).await),
    }
}

/// The OpenAPI 3 description of every operation above (a test checks it lists them all).
async fn openapi() -> Json<Value> {
    let err = json!({ "$ref": "#/components/responses/Error" });
    let op = |summary: &str, id: &str| {
        json!({ "summary": summary, "operationId": id, "security": [{ "bearer": [] }],
                "responses": { "200": { "description": "OK", "content": { "application/json": { "schema": { "type": "object" } } } },
                               "401": err, "404": err } })
    };
    Json(json!({
        "openapi": "3.0.3",
        "info": { "title": "Liaison API", "version": "1" },
        "paths": {
            "/api/v1/me": { "get": op("The user the token belongs to, with their roles", "getMe") },
            "/api/v1/fls": { "get": op("FLSs the user may see", "listFls") },
            "/api/v1/fls/{code}": { "get": {
                "summary": "One FLS's profile", "operationId": "getFls", "security": [{ "bearer": [] }],
                "parameters": [{ "name": "code", "in": "path", "required": true, "schema": { "type": "string" } }],
                "responses": { "200": { "description": "OK", "content": { "application/json": { "schema": { "type": "object" } } } }, "401": err, "404": err } } },
            "/api/v1/openapi.json": { "get": { "summary": "This document", "operationId": "getOpenApi", "security": [],
                "responses": { "200": { "description": "OK" } } } }
        },
        "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
            "responses": { "Error": { "description": "An error", "content": { "application/json": { "schema": {
                "type": "object", "required": ["error"], "properties": { "error": { "type": "object", "required": ["code", "message"],
                "properties": { "code": { "type": "string" }, "message": { "type": "string" }, "details": {} } } } } } } } }
        }
    }))
}
