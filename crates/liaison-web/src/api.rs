//! The JSON API under `/api/v1/`: bearer tokens carry the user's rights; errors are
//! `{ "error": { "code", "message", "details" } }` with stable codes.

use super::{AppState, Routes};
use axum::Json;
use axum::extract::{FromRequestParts, OptionalFromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use liaison_app::ErrorCode;
use liaison_app::auth;
use liaison_app::episodes::Saved;
use liaison_app::episodes::{DueState, EpisodeRow, Filter, Worklist};
use liaison_app::users::UserRow;
use liaison_app::{Actor, ServiceError};
use liaison_domain::access::Access;
use liaison_domain::dataset::{self as ds, EpisodeInput};
use liaison_domain::error::{FieldError, Invalid};
use serde_json::{Value, json};

pub fn routes(r: Routes) -> Routes {
    r.get("/api/v1/openapi.json", openapi)
        .get("/api/v1/me", me)
        .get("/api/v1/fls", fls_list)
        .get("/api/v1/fls/{code}", fls_get)
        .get("/api/v1/episodes", episodes_list)
        .post("/api/v1/episodes", episode_create)
        .get("/api/v1/episodes/{id}", episode_get)
        .put("/api/v1/episodes/{id}", episode_update)
        .delete("/api/v1/episodes/{id}", episode_delete)
}

/// An episode as the API shows it: the dataset's field names plus id and version.
fn episode_json(row: &EpisodeRow) -> Value {
    let mut v = serde_json::to_value(row.to_input()).unwrap_or_default();
    if let Some(o) = v.as_object_mut() {
        o.insert("id".into(), json!(row.id));
        o.insert("version".into(), json!(row.version));
        o.insert("updated_at".into(), json!(rfc3339(row.updated_at)));
    }
    v
}

/// An episode body: the dataset's fields as strings (numbers are accepted too), plus
/// `version` for updates and `confirm_duplicate` for creation.
fn episode_input(body: &Value) -> Result<(EpisodeInput, Option<i64>, bool), ApiError> {
    let Some(o) = body.as_object() else {
        return Err(ApiError::new(
            ErrorCode::BadRequest,
            "The body must be a JSON object.",
        ));
    };
    let mut input = EpisodeInput::default();
    let mut unknown = Vec::new();
    for (k, v) in o {
        let text = match v {
            Value::Null => String::new(),
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            _ => {
                unknown.push(k.clone());
                continue;
            }
        };
        if !matches!(
            k.as_str(),
            "id" | "version" | "updated_at" | "confirm_duplicate"
        ) && !input.set(k, text)
        {
            unknown.push(k.clone());
        }
    }
    if !unknown.is_empty() {
        let mut e = ApiError::new(ErrorCode::Invalid, "Unknown fields.");
        e.details = json!(
            unknown
                .iter()
                .map(|f| json!({ "field": f, "value": "", "rule": "column_unknown", "args": [] }))
                .collect::<Vec<_>>()
        );
        return Err(e);
    }
    Ok((
        input,
        o.get("version").and_then(Value::as_i64),
        o.get("confirm_duplicate")
            .and_then(Value::as_bool)
            .unwrap_or(false),
    ))
}

#[derive(serde::Deserialize, Default)]
struct EpisodeQuery {
    #[serde(default)]
    fls: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    worklist: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    page: i64,
    #[serde(default)]
    per_page: i64,
}

async fn episodes_list(
    State(app): State<AppState>,
    who: ApiUser,
    axum::extract::Query(q): axum::extract::Query<EpisodeQuery>,
) -> Result<Json<Value>, ApiError> {
    let mut inv = Invalid::default();
    let from = inv
        .take(ds::parse_date("from", &q.from, ds::DateOrder::Ymd))
        .flatten();
    let to = inv
        .take(ds::parse_date("to", &q.to, ds::DateOrder::Ymd))
        .flatten();
    let fls = if q.fls.is_empty() {
        None
    } else {
        match liaison_app::orgs::fls_by_code(&app, &who.access.read_patients, &q.fls).await? {
            Some(f) => Some(f),
            None => return Err(deny(&app, &who, "episodes", "/api/v1/episodes").await),
        }
    };
    let worklist = if q.worklist.is_empty() {
        None
    } else {
        match (Worklist::parse(&q.worklist), &fls) {
            (Some(w), Some(f)) => Some((
                w,
                DueState::All,
                liaison_app::episodes::today_in(app.now(), &f.time_zone),
            )),
            (None, _) => {
                inv.push(
                    FieldError::new("worklist", &q.worklist, "one_of")
                        .arg("allowed", Worklist::ALL.map(Worklist::code).join(", ")),
                );
                None
            }
            (Some(_), None) => {
                inv.push(FieldError::new("fls", "", "required"));
                None
            }
        }
    };
    if !inv.is_empty() {
        return Err(ServiceError::Invalid(inv).into());
    }
    let per_page = if q.per_page <= 0 {
        100
    } else {
        q.per_page.min(1000)
    };
    let page = q.page.max(1);
    let f = Filter {
        fls_id: fls.as_ref().map(|f| f.id),
        from,
        to,
        search: Some(q.q.clone()).filter(|s| !s.is_empty()),
        worklist,
        ..Default::default()
    };
    let (rows, total) = liaison_app::episodes::list(
        &app,
        &who.actor,
        &f,
        per_page,
        (page - 1) * per_page,
        "episode.list",
    )
    .await?;
    Ok(Json(
        json!({ "items": rows.iter().map(episode_json).collect::<Vec<_>>(), "page": page, "per_page": per_page, "total": total }),
    ))
}

async fn episode_get(
    State(app): State<AppState>,
    who: ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Value>, ApiError> {
    match liaison_app::episodes::read(&app, &who.actor, id).await {
        Ok(row) => Ok(Json(episode_json(&row))),
        Err(ServiceError::NotFound) => {
            Err(deny(&app, &who, "episode", &format!("/api/v1/episodes/{id}")).await)
        }
        Err(e) => Err(e.into()),
    }
}

fn saved(s: Saved, created: bool) -> Result<Response, ApiError> {
    match s {
        Saved::Done { row, warnings } => {
            let mut v = episode_json(&row);
            if let Some(o) = v.as_object_mut() {
                o.insert("warnings".into(), json!(warnings));
            }
            let status = if created {
                StatusCode::CREATED
            } else {
                StatusCode::OK
            };
            Ok((status, Json(v)).into_response())
        }
        Saved::Duplicates(d) => {
            let mut e = ApiError::new(
                ErrorCode::LikelyDuplicate,
                "Likely duplicates exist in this FLS; send again with \"confirm_duplicate\": true to keep this episode.",
            );
            e.details = json!(d.iter().map(|r| json!({ "id": r.id, "patient_ref": r.patient_ref, "fracture_date": r.fracture_date.to_string() })).collect::<Vec<_>>());
            Err(e)
        }
        Saved::Stale(current) => {
            let mut e = ApiError::new(
                ErrorCode::VersionConflict,
                "The episode was changed since the version you sent; nothing was saved.",
            );
            e.details = episode_json(&current);
            Err(e)
        }
    }
}

async fn episode_create(
    State(app): State<AppState>,
    who: ApiUser,
    ApiJson(body): ApiJson<Value>,
) -> Result<Response, ApiError> {
    let (input, _, confirm) = episode_input(&body)?;
    // An FLS the user may not write to is, to them, an FLS that does not exist.
    if liaison_app::orgs::fls_by_code(&app, &who.access.write_patients, input.fls_code.trim())
        .await?
        .is_none()
    {
        return Err(deny(&app, &who, "episodes write", "/api/v1/episodes").await);
    }
    saved(
        liaison_app::episodes::create(&app, &who.actor, &input, confirm).await?,
        true,
    )
}

async fn episode_update(
    State(app): State<AppState>,
    who: ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<Value>,
) -> Result<Response, ApiError> {
    let (input, version, _) = episode_input(&body)?;
    let Some(version) = version else {
        let mut e = ApiError::new(ErrorCode::Invalid, "The version you edited is required.");
        e.details = json!([{ "field": "version", "value": "", "rule": "required", "args": [] }]);
        return Err(e);
    };
    match liaison_app::episodes::update(&app, &who.actor, id, version, &input).await {
        Err(ServiceError::NotFound) => {
            Err(deny(&app, &who, "episode", &format!("/api/v1/episodes/{id}")).await)
        }
        r => saved(r?, false),
    }
}

async fn episode_delete(
    State(app): State<AppState>,
    who: ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, ApiError> {
    match liaison_app::episodes::delete(&app, &who.actor, id).await {
        Ok(_) => Ok(StatusCode::NO_CONTENT.into_response()),
        Err(ServiceError::NotFound) => {
            Err(deny(&app, &who, "episode", &format!("/api/v1/episodes/{id}")).await)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    pub details: Value,
}

impl ApiError {
    /// An answer with this code; its HTTP status is the code's (one table, `ErrorCode`).
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError {
            code,
            message: message.into(),
            details: Value::Null,
        }
    }

    pub fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
    pub fn not_found() -> Self {
        ApiError::new(ErrorCode::NotFound, "No such resource.")
    }
    /// Too many attempts from this address: 429 with `Retry-After`.
    pub fn rate_limited(r: crate::limits::RetryAfter) -> Self {
        let mut e = ApiError::new(
            ErrorCode::RateLimited,
            format!(
                "Too many rejected tokens from this address; try again in {} s.",
                r.0
            ),
        );
        e.details = json!({ "retry_after_seconds": r.0 });
        e
    }
}

/// An error page the pages' machinery left for an `/api/` path (a panic, a timeout, a path
/// that does not exist), in the API's JSON shape.
pub fn page_as_json(status: StatusCode, page: &crate::error::ErrorPage) -> Response {
    let (code, message) = match page.key {
        "error-timeout" => (ErrorCode::Timeout, "The server took too long to answer."),
        "error-not-found" => (ErrorCode::NotFound, "No such resource."),
        "error-too-large" => (ErrorCode::TooLarge, "The request body is too large."),
        "error-busy" => (ErrorCode::Busy, "The registry is busy; try again."),
        _ => (ErrorCode::Internal, "Something went wrong on the server."),
    };
    debug_assert_eq!(status.as_u16(), code.http_status(), "{}", page.key);
    let mut e = ApiError::new(code, message);
    if let Some(r) = &page.reference {
        e.details = json!({ "reference": r });
    }
    e.into_response()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let mut r = (
            status,
            Json(json!({ "error": { "code": self.code.code(), "message": self.message, "details": self.details } })),
        )
            .into_response();
        if let Some(secs) = self
            .details
            .get("retry_after_seconds")
            .and_then(Value::as_u64)
        {
            r.headers_mut()
                .insert(header::RETRY_AFTER, header::HeaderValue::from(secs));
        }
        if status == StatusCode::UNAUTHORIZED {
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
                code: ErrorCode::Invalid,
                message: "Some values break the dataset's rules.".into(),
                details: serde_json::to_value(&inv.0).unwrap_or_default(),
            },
            ServiceError::InvalidRows(rows) => ApiError {
                code: ErrorCode::Invalid,
                message: "Some rows break the dataset's rules.".into(),
                details: serde_json::to_value(&rows).unwrap_or_default(),
            },
            ServiceError::Conflict(code, msg) => ApiError::new(code, msg),
            ServiceError::Store(e) => {
                tracing::error!(error = %e, "api internal error");
                ApiError::new(ErrorCode::Internal, "Something went wrong on the server.")
            }
        }
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

async fn me(who: ApiUser) -> Json<Value> {
    Json(json!({
        "id": who.user.id,
        "email": who.user.email,
        "display_name": who.user.display_name,
        "roles": who.access.roles.iter().map(|r| r.code()).collect::<Vec<_>>(),
    }))
}

async fn fls_list(State(app): State<AppState>, who: ApiUser) -> Result<Json<Value>, ApiError> {
    let list = liaison_app::orgs::list_fls(&app, &who.access.view_aggregates).await?;
    Ok(Json(json!({ "items": list })))
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

/// A time as the API writes it (RFC 3339).
pub fn rfc3339(t: time::OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

async fn fls_get(
    State(app): State<AppState>,
    who: ApiUser,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<Value>, ApiError> {
    let f = visible_fls(&app, &who, &code, &format!("/api/v1/fls/{code}")).await?;
    Ok(Json(serde_json::to_value(f).unwrap_or_default()))
}

/// The OpenAPI 3 description of every operation above (a test checks it lists them all).
async fn openapi() -> Json<Value> {
    let err = json!({ "$ref": "#/components/responses/Error" });
    let ok = |schema: Value| json!({ "description": "OK", "content": { "application/json": { "schema": schema } } });
    let obj = json!({ "type": "object" });
    let episode = json!({ "$ref": "#/components/schemas/Episode" });
    let id_param =
        json!([{ "name": "id", "in": "path", "required": true, "schema": { "type": "integer" } }]);
    let op = |summary: &str, id: &str, responses: Value| json!({ "summary": summary, "operationId": id, "security": [{ "bearer": [] }], "responses": responses });
    let mut props = serde_json::Map::new();
    for c in liaison_domain::dataset::COLUMNS {
        props.insert(
            c.into(),
            json!({ "type": "string", "description": "dataset.md; blank = not recorded" }),
        );
    }
    props.insert("id".into(), json!({ "type": "integer", "readOnly": true }));
    props.insert("version".into(), json!({ "type": "integer", "description": "send back the version you edited; a stale one is refused with 409" }));
    props.insert(
        "confirm_duplicate".into(),
        json!({ "type": "boolean", "writeOnly": true }),
    );
    let q = |name: &str, desc: &str| json!({ "name": name, "in": "query", "required": false, "schema": { "type": "string" }, "description": desc });
    Json(json!({
        "openapi": "3.0.3",
        "info": { "title": "Liaison API", "version": "1", "description": "The same data and rules as the web UI. A bearer token carries its user's rights; anything the user may not see answers 404." },
        "paths": {
            "/api/v1/me": { "get": op("The user the token belongs to, with their roles", "getMe", json!({ "200": ok(obj.clone()), "401": err })) },
            "/api/v1/fls": { "get": op("FLSs the user may see", "listFls", json!({ "200": ok(obj.clone()), "401": err })) },
            "/api/v1/fls/{code}": { "get": {
                "summary": "One FLS's profile", "operationId": "getFls", "security": [{ "bearer": [] }],
                "parameters": [{ "name": "code", "in": "path", "required": true, "schema": { "type": "string" } }],
                "responses": { "200": ok(obj.clone()), "401": err, "404": err } } },
            "/api/v1/episodes": {
                "get": {
                    "summary": "Episodes the user may read, a page at a time", "operationId": "listEpisodes", "security": [{ "bearer": [] }],
                    "parameters": [q("fls", "FLS code"), q("from", "fracture date from, YYYY-MM-DD"), q("to", "fracture date to, YYYY-MM-DD"),
                        q("worklist", "awaiting-assessment, dxa-pending, treatment-not-started, followup-16, review-52 (needs fls)"),
                        q("q", "hospital number or name fragment"), q("page", "from 1"), q("per_page", "1 to 1000, default 100")],
                    "responses": { "200": ok(json!({ "type": "object", "properties": { "items": { "type": "array", "items": episode }, "page": { "type": "integer" }, "per_page": { "type": "integer" }, "total": { "type": "integer" } } })), "401": err, "404": err, "422": err } },
                "post": {
                    "summary": "Register an episode", "operationId": "createEpisode", "security": [{ "bearer": [] }],
                    "requestBody": { "required": true, "content": { "application/json": { "schema": episode } } },
                    "responses": { "201": ok(episode.clone()), "401": err, "409": err, "422": err } } },
            "/api/v1/episodes/{id}": {
                "get": { "summary": "One episode", "operationId": "getEpisode", "security": [{ "bearer": [] }], "parameters": id_param,
                    "responses": { "200": ok(episode.clone()), "401": err, "404": err } },
                "put": { "summary": "Change an episode (send the version you edited)", "operationId": "updateEpisode", "security": [{ "bearer": [] }], "parameters": id_param,
                    "requestBody": { "required": true, "content": { "application/json": { "schema": episode } } },
                    "responses": { "200": ok(episode.clone()), "401": err, "404": err, "409": err, "422": err } },
                "delete": { "summary": "Delete an episode", "operationId": "deleteEpisode", "security": [{ "bearer": [] }], "parameters": id_param,
                    "responses": { "204": { "description": "Deleted" }, "401": err, "404": err } } },
            "/api/v1/imports": { "post": {
                "summary": "Import episodes from a file (CSV, XLSX or a FHIR R4 Bundle, told apart by content): all rows or none", "operationId": "createImport", "security": [{ "bearer": [] }],
                "parameters": [q("dry_run", "true: answer the preview (counts, changes, invalid rows) and write nothing"),
                    q("date_order", "ymd (default), dmy or mdy, for dates that are not ISO"), q("blanks_clear", "true: a blank cell clears the stored value")],
                "requestBody": { "required": true, "content": {
                    "text/csv": { "schema": { "type": "string" } },
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": { "schema": { "type": "string", "format": "binary" } },
                    "application/fhir+json": { "schema": { "type": "object" } } } },
                "responses": { "200": ok(obj.clone()), "401": err, "404": err, "413": err, "422": err } } },
            "/api/v1/imports/{id}": { "get": { "summary": "One of your imports: status, progress (per mille) and result", "operationId": "getImport", "security": [{ "bearer": [] }], "parameters": id_param,
                "responses": { "200": ok(obj.clone()), "401": err, "404": err } } },
            "/api/v1/export": { "get": {
                "summary": "Export the episodes of a scope; the user must read the patients of every FLS of it", "operationId": "export", "security": [{ "bearer": [] }],
                "parameters": [q("scope", "fls:CODE, country:CC, region:NAME or global"), q("format", "csv, xlsx, research or fhir")],
                "responses": { "200": { "description": "The file", "content": { "text/csv": {}, "application/fhir+json": {},
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {} } }, "401": err, "404": err, "422": err } } },
            "/api/v1/kpis": { "get": {
                "summary": "KPIs of docs/kpi-definitions.md for a scope, with the token user's rights and the disclosure rules", "operationId": "getKpis", "security": [{ "bearer": [] }],
                "parameters": [q("scope", "fls:CODE, country:CC, region:NAME or global (required)"), q("from", "first fracture date, YYYY-MM-DD (required)"),
                    q("to", "last fracture date, YYYY-MM-DD (required)"), q("as_of", "the day the figures are for, YYYY-MM-DD (default today)"), q("format", "json (default) or csv")],
                "responses": { "200": { "description": "OK", "content": { "application/json": { "schema": obj.clone() }, "text/csv": { "schema": { "type": "string" } } } }, "401": err, "404": err, "422": err } } },
            "/api/v1/map": { "get": { "summary": "The Map of Best Practice (public): each FLS's latest approved, published self-assessment", "operationId": "getMap", "security": [],
                "responses": { "200": ok(obj.clone()) } } },
            "/api/v1/fls/{code}/assessments": { "get": {
                "summary": "An FLS's Best Practice Framework self-assessments, newest first, with answers, scores, approved levels and reviews", "operationId": "listAssessments", "security": [{ "bearer": [] }],
                "parameters": [{ "name": "code", "in": "path", "required": true, "schema": { "type": "string" } }],
                "responses": { "200": ok(obj.clone()), "401": err, "404": err } } },
            "/api/v1/fls/{code}/g2g": { "get": {
                "summary": "An FLS's Getting to Gold plan: step and milestones", "operationId": "getG2g", "security": [{ "bearer": [] }],
                "parameters": [{ "name": "code", "in": "path", "required": true, "schema": { "type": "string" } }],
                "responses": { "200": ok(obj.clone()), "401": err, "404": err } } },
            "/api/v1/openapi.json": { "get": { "summary": "This document", "operationId": "getOpenApi", "security": [],
                "responses": { "200": { "description": "OK" } } } }
        },
        "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
            "schemas": { "Episode": { "type": "object", "properties": props } },
            "responses": { "Error": { "description": "An error", "content": { "application/json": { "schema": {
                "type": "object", "required": ["error"], "properties": { "error": { "type": "object", "required": ["code", "message"],
                "properties": { "code": { "type": "string" }, "message": { "type": "string" }, "details": {} } } } } } } } }
        }
    }))
}

// --- Extractors whose refusals are API errors ------------------------------------------------
// axum's own extractors refuse in plain text; a client of the API must get the same JSON
// shape for a malformed body, a wrong content type or a path parameter of the wrong type as
// for every other error.

/// A JSON body; refused as `bad_request` (malformed, wrong shape) or `unsupported_media_type`.
#[derive(axum::extract::FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

/// Path parameters; a value of the wrong type (`/episodes/abc`) is refused as `bad_request`.
#[derive(axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);

/// Query parameters; refused as `bad_request`.
#[derive(axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct ApiQuery<T>(pub T);

impl From<axum::extract::rejection::JsonRejection> for ApiError {
    fn from(r: axum::extract::rejection::JsonRejection) -> Self {
        use axum::extract::rejection::JsonRejection as R;
        let code = match &r {
            R::MissingJsonContentType(_) => ErrorCode::UnsupportedMediaType,
            R::BytesRejection(_) if r.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                ErrorCode::TooLarge
            }
            _ => ErrorCode::BadRequest,
        };
        ApiError::new(code, r.body_text())
    }
}

impl From<axum::extract::rejection::PathRejection> for ApiError {
    fn from(r: axum::extract::rejection::PathRejection) -> Self {
        ApiError::new(ErrorCode::BadRequest, r.body_text())
    }
}

impl From<axum::extract::rejection::QueryRejection> for ApiError {
    fn from(r: axum::extract::rejection::QueryRejection) -> Self {
        ApiError::new(ErrorCode::BadRequest, r.body_text())
    }
}
