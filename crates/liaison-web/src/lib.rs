//! HTTP: the server-rendered UI (`pages`), the JSON API (`api`), and what they share: the
//! per-request context (language, session, CSRF), errors, security headers and metrics.

pub mod api;
pub mod charts;
pub mod ctx;
pub mod error;
pub mod i18n;
pub mod metrics;
pub mod pages;
pub mod qr;

use axum::Router;
use axum::handler::Handler;
use axum::routing::MethodRouter;
use liaison_app::app::App;
use std::collections::BTreeMap;
use std::sync::Arc;

pub type AppState = Arc<App>;

/// The route table. Every route is registered here, so the authorisation-matrix test can list
/// them all and fail when one is added without its row.
#[derive(Default)]
pub struct Routes {
    map: BTreeMap<&'static str, MethodRouter<AppState>>,
    list: Vec<(&'static str, &'static str)>,
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
    let routes = routes();
    let mut r: Router<AppState> = Router::new();
    for (path, m) in routes.map {
        r = r.route(path, m);
    }
    r.fallback(error::not_found)
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            ctx::context,
        ))
        .layer(axum::middleware::from_fn(metrics::track))
        .layer(axum::middleware::from_fn(ctx::security_headers))
        .layer(axum::extract::DefaultBodyLimit::max(
            app.config.max_upload_bytes,
        ))
        .with_state(app)
}
