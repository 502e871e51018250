//! The API's one error shape, `{ "error": { "code", "message", "details" } }`, and the
//! extractors whose refusals take it (axum's own refuse in plain text).

use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use liaison_app::{ErrorCode, ServiceError};
use serde::Serialize;
use serde_json::{Value, json};
use utoipa::ToSchema;

#[derive(Debug)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    pub details: Value,
}

/// The body of every error answer (the schema the OpenAPI document gives it).
#[derive(Serialize, ToSchema)]
#[schema(as = Error)]
pub struct ErrorBody {
    pub error: ErrorInner,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorInner {
    /// One of the stable codes listed in the document's description of each status.
    #[schema(value_type = String)]
    pub code: &'static str,
    /// For people; may change between versions.
    pub message: String,
    /// For `invalid`: the fields, each `{ field, value, rule, args }`; for a conflict, what
    /// is stored now; otherwise null or an object named in the message.
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

    pub fn with_details(mut self, details: Value) -> Self {
        self.details = details;
        self
    }

    pub fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    pub fn not_found() -> Self {
        ApiError::new(ErrorCode::NotFound, "No such resource.")
    }

    /// Too many attempts from this address: 429 with `Retry-After`.
    pub fn rate_limited(r: crate::limits::RetryAfter) -> Self {
        ApiError::new(
            ErrorCode::RateLimited,
            format!(
                "Too many rejected tokens from this address; try again in {} s.",
                r.0
            ),
        )
        .with_details(json!({ "retry_after_seconds": r.0 }))
    }

    /// One field breaks one rule: 422 with the field in `details`, as validation answers.
    pub fn invalid_field(field: &str, value: &str, rule: &'static str, message: &str) -> Self {
        ApiError::new(ErrorCode::Invalid, message).with_details(json!([
            { "field": field, "value": value, "rule": rule, "args": [] }
        ]))
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
        "error-invalid" => (ErrorCode::Invalid, "Some values break their rules."),
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
        let retry = self
            .details
            .get("retry_after_seconds")
            .and_then(Value::as_u64);
        let body = ErrorBody {
            error: ErrorInner {
                code: self.code.code(),
                message: self.message,
                details: self.details,
            },
        };
        let mut r = (status, Json(body)).into_response();
        if let Some(secs) = retry {
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
            ServiceError::Invalid(inv) => {
                ApiError::new(ErrorCode::Invalid, "Some values break the dataset's rules.")
                    .with_details(serde_json::to_value(&inv.0).unwrap_or_default())
            }
            ServiceError::InvalidRows(rows) => {
                ApiError::new(ErrorCode::Invalid, "Some rows break the dataset's rules.")
                    .with_details(serde_json::to_value(&rows).unwrap_or_default())
            }
            ServiceError::Conflict(code, msg) => ApiError::new(code, msg),
            ServiceError::Refused(code, inv) => ApiError::new(code, code.description())
                .with_details(serde_json::to_value(&inv.0).unwrap_or_default()),
            ServiceError::Store(e) => {
                tracing::error!(error = %e, "api internal error");
                ApiError::new(ErrorCode::Internal, "Something went wrong on the server.")
            }
        }
    }
}

// --- Extractors whose refusals are API errors ------------------------------------------------
// A client of the API must get the same JSON shape for a malformed body, a wrong content type
// or a path parameter of the wrong type as for every other error.

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
