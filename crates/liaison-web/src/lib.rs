//! HTTP: the server-rendered UI (`pages`), the JSON API (`api`), and what they share: the
//! per-request context (language, session, CSRF), errors, security headers and metrics.

pub mod api;
pub mod charts;
pub mod ctx;
pub mod error;
pub mod i18n;
pub mod limits;
pub mod mail;
pub mod markdown;
pub mod metrics;
pub mod pages;
pub mod patients;
pub mod qr;
pub mod redirect;
pub mod report;
pub mod server;

use axum::Router;
use axum::body::Body;
use axum::handler::Handler;
use axum::http::{HeaderName, HeaderValue, Request, StatusCode, header};
use axum::routing::MethodRouter;
use liaison_app::app::App;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutLayer};
use tower_http::trace::{DefaultOnResponse, TraceLayer};

pub type AppState = Arc<App>;

/// The route table. Every route is registered here, so the authorisation-matrix test can list
/// them all and fail when one is added without its row.
#[derive(Default)]
pub struct Routes {
    map: BTreeMap<&'static str, MethodRouter<AppState>>,
    list: Vec<(&'static str, &'static str)>,
    /// Paths that take a file upload: their time limit is between two chunks of the file,
    /// not on the whole request.
    uploads: BTreeSet<&'static str>,
}

impl Routes {
    pub fn get<H, T>(mut self, path: &'static str, h: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let m = self.map.remove(path).unwrap_or_default().get(h);
        self.map.insert(path, m);
        self.list.push(("GET", path));
        self
    }

    pub fn post<H, T>(mut self, path: &'static str, h: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let m = self.map.remove(path).unwrap_or_default().post(h);
        self.map.insert(path, m);
        self.list.push(("POST", path));
        self
    }

    /// A POST that takes a file upload (multipart), see `uploads`.
    pub fn post_upload<H, T>(mut self, path: &'static str, h: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.uploads.insert(path);
        self.post(path, h)
    }

    pub fn put<H, T>(mut self, path: &'static str, h: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let m = self.map.remove(path).unwrap_or_default().put(h);
        self.map.insert(path, m);
        self.list.push(("PUT", path));
        self
    }

    pub fn delete<H, T>(mut self, path: &'static str, h: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let m = self.map.remove(path).unwrap_or_default().delete(h);
        self.map.insert(path, m);
        self.list.push(("DELETE", path));
        self
    }

    pub fn patch<H, T>(mut self, path: &'static str, h: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let m = self.map.remove(path).unwrap_or_default().patch(h);
        self.map.insert(path, m);
        self.list.push(("PATCH", path));
        self
    }

    pub fn list(&self) -> &[(&'static str, &'static str)] {
        &self.list
    }
}

pub fn routes() -> Routes {
    pages::routes(api::routes(Routes::default()))
}

/// Every (method, path) the server answers.
pub fn route_list() -> Vec<(&'static str, &'static str)> {
    routes().list().to_vec()
}

pub fn router(app: Arc<App>) -> Router {
    router_with(app, routes())
}

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The server on these routes (`routes()`; tests add their own).
pub fn router_with(app: Arc<App>, routes: Routes) -> Router {
    let timeout = app.config.request_timeout.unsigned_abs();
    let mut r: Router<AppState> = Router::new();
    for (path, m) in routes.map {
        // Inside the context middleware, so a panic or a timeout gets the error page in the
        // user's language (or the API's JSON error).
        let m: MethodRouter<AppState> = m.layer(CatchPanicLayer::custom(error::panicked));
        let m: MethodRouter<AppState> = if routes.uploads.contains(path) {
            m.layer(RequestBodyTimeoutLayer::new(timeout))
        } else {
            m.layer(TimeoutLayer::with_status_code(
                StatusCode::SERVICE_UNAVAILABLE,
                timeout,
            ))
            .layer(axum::middleware::map_response(error::timed_out))
        };
        r = r.route(path, m);
    }
    // Files that are compressed already are not compressed again.
    let compress = DefaultPredicate::new()
        .and(NotForContentType::const_new(
            "application/vnd.openxmlformats",
        ))
        .and(NotForContentType::const_new("application/zip"));
    r.fallback(error::not_found)
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            ctx::context,
        ))
        .layer(axum::middleware::from_fn(metrics::track))
        .layer(axum::middleware::from_fn(ctx::security_headers))
        .layer(axum::Extension(Arc::new(limits::Limits::new(&app))))
        .layer(axum::extract::DefaultBodyLimit::max(
            app.config.max_upload_bytes,
        ))
        .layer(CompressionLayer::new().compress_when(compress))
        // A panic outside the handlers (in a middleware): a bare 500, still not a dropped
        // connection.
        .layer(CatchPanicLayer::new())
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        // Outermost, so every answer carries it, a bare 500 of a panic included.
        .layer(tower::util::option_layer(hsts(&app)))
        .with_state(app)
}

/// Served over TLS (`--secure-cookies`): browsers are told to use HTTPS only for a year, so a
/// later plain-HTTP link cannot be intercepted. Never over plain HTTP, where it would be
/// ignored at best and pin a wrong choice at worst.
fn hsts(app: &App) -> Option<SetResponseHeaderLayer<HeaderValue>> {
    app.config.secure_cookies.then(|| {
        SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        )
    })
}

/// Every log line of a request carries its id (the `x-request-id` the client or a proxy
/// sent, else a new UUID), method and path. Not the query: a search may hold a name.
fn request_span(req: &Request<Body>) -> tracing::Span {
    let id = req
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    tracing::info_span!(
        "request",
        id = %id,
        method = %req.method(),
        path = %req.uri().path()
    )
}
