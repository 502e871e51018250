//! Errors of the web UI. A handler returns `AppError`; the context middleware turns the marker
//! it leaves into a page in the user's language. No stack trace or SQL ever reaches a user.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use liaison_app::ServiceError;

#[derive(Debug)]
pub enum AppError {
    NotFound,
    /// Not signed in: go to the sign-in page, then come back.
    SignIn(String),
    Redirect(String),
    Csrf,
    /// A form field (named) that does not decode as UTF-8: refused, nothing saved.
    BadForm(String),
    TooLarge,
    /// Another write held the database too long (a large import on SQLite): nothing was
    /// saved; try again.
    Busy,
    /// Too many attempts from this address (sign-in): try again in this many seconds.
    RateLimited(u64),
    /// A KPI period too short to be shown outside the FLS (disclosure rule 8): 422, the
    /// page naming the field, its value and the rule.
    PeriodTooShort(liaison_domain::error::Invalid),
    /// A query parameter breaks its rule (`by=colour`): 422, the page naming each field, its
    /// value and the rule (the allowed values).
    Invalid(liaison_domain::error::Invalid),
    Internal(String),
}

/// Left in the response's extensions for the context middleware to render.
#[derive(Clone, Debug)]
pub struct ErrorPage {
    pub key: &'static str,
    pub reference: Option<String>,
    /// The form field the message names, if any.
    pub field: Option<String>,
    /// Fields and the rules they break, each said after the message.
    pub fields: Vec<liaison_domain::error::FieldError>,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let page = |status: StatusCode, key: &'static str, reference: Option<String>| {
            let mut r = (status, key).into_response();
            r.extensions_mut().insert(ErrorPage {
                key,
                reference,
                field: None,
                fields: Vec::new(),
            });
            r
        };
        match self {
            AppError::NotFound => page(StatusCode::NOT_FOUND, "error-not-found", None),
            AppError::SignIn(next) => {
                let loc = format!("/sign-in?next={}", urlencoding::encode(&next));
                (StatusCode::SEE_OTHER, [(header::LOCATION, loc)]).into_response()
            }
            AppError::Redirect(to) => {
                (StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response()
            }
            AppError::Csrf => page(StatusCode::FORBIDDEN, "error-csrf", None),
            AppError::BadForm(field) => {
                let mut r = page(StatusCode::BAD_REQUEST, "error-form-encoding", None);
                if let Some(p) = r.extensions_mut().get_mut::<ErrorPage>() {
                    p.field = Some(field);
                }
                r
            }
            AppError::TooLarge => page(StatusCode::PAYLOAD_TOO_LARGE, "error-too-large", None),
            AppError::PeriodTooShort(inv) => {
                let mut r = page(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "error-period_too_short",
                    None,
                );
                if let Some(p) = r.extensions_mut().get_mut::<ErrorPage>() {
                    p.fields = inv.0;
                }
                r
            }
            AppError::Invalid(inv) => {
                let mut r = page(StatusCode::UNPROCESSABLE_ENTITY, "error-invalid", None);
                if let Some(p) = r.extensions_mut().get_mut::<ErrorPage>() {
                    p.fields = inv.0;
                }
                r
            }
            AppError::Busy => {
                let mut r = page(StatusCode::SERVICE_UNAVAILABLE, "error-busy", None);
                r.headers_mut()
                    .insert(header::RETRY_AFTER, header::HeaderValue::from_static("30"));
                r
            }
            AppError::RateLimited(secs) => {
                let mut r = page(StatusCode::TOO_MANY_REQUESTS, "error-rate-limited", None);
                r.headers_mut()
                    .insert(header::RETRY_AFTER, header::HeaderValue::from(secs));
                r
            }
            AppError::Internal(msg) => {
                let reference = liaison_app::auth::random_token()[..8].to_string();
                tracing::error!(reference, error = %msg, "internal error");
                page(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "error-internal",
                    Some(reference),
                )
            }
        }
    }
}

impl From<crate::limits::RetryAfter> for AppError {
    fn from(r: crate::limits::RetryAfter) -> Self {
        AppError::RateLimited(r.0)
    }
}

/// A handler panicked: the internal-error page (with a reference in the log) instead of a
/// dropped connection. `CatchPanicLayer` calls this.
pub fn panicked(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".into());
    AppError::Internal(format!("panic: {what}")).into_response()
}

/// The request took longer than `Config::request_timeout`: `TimeoutLayer` answers an empty
/// 503; give it the page that says so (the API answers it as JSON, see `ctx::context`).
pub async fn timed_out(mut res: Response) -> Response {
    if res.status() == StatusCode::SERVICE_UNAVAILABLE
        && res.extensions().get::<ErrorPage>().is_none()
        && !res.headers().contains_key(header::CONTENT_TYPE)
    {
        tracing::warn!("request timed out");
        res.extensions_mut().insert(ErrorPage {
            key: "error-timeout",
            reference: None,
            field: None,
            fields: Vec::new(),
        });
    }
    res
}

impl From<ServiceError> for AppError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::NotFound => AppError::NotFound,
            ServiceError::Refused(liaison_app::ErrorCode::PeriodTooShort, inv) => {
                AppError::PeriodTooShort(inv)
            }
            ServiceError::Invalid(inv) => AppError::Invalid(inv),
            e if e.is_busy() => AppError::Busy,
            e => AppError::Internal(e.to_string()),
        }
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        AppError::Internal(format!("template: {e}"))
    }
}

pub async fn not_found() -> AppError {
    AppError::NotFound
}

pub type PageResult = Result<Response, AppError>;
