//! Test harness: an app on a fresh database with a clock the test moves, and a small browser
//! (cookie jar, CSRF token, form posts) that talks to the router in-process.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use liaison_app::Actor;
use liaison_app::app::{App, Config};
use liaison_app::users::{self, GrantInput};
use liaison_domain::clock::ManualClock;
use liaison_domain::org::FlsInput;
use liaison_store::Db;
use std::collections::BTreeMap;
use std::sync::Arc;
use tower::ServiceExt;

pub const PASSWORD: &str = "correct horse battery staple";

pub fn start_time() -> time::OffsetDateTime {
    time::macros::datetime!(2026-11-26 09:00 UTC)
}

/// A database URL of the engine under test, for a brand-new database.
pub async fn fresh_db_url() -> (String, Option<tempfile::TempDir>) {
    match std::env::var("LIAISON_TEST_DATABASE_URL") {
        Ok(url) if url.starts_with("postgres") => {
            let name = format!("liaison_test_{:016x}", rand::random::<u64>());
            let admin = Db::connect(&url)
                .await
                .expect("connect to the PostgreSQL test server");
            if let Db::Postgres(p) = &admin {
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .execute(p)
                    .await
                    .expect("create test database");
            }
            admin.close().await;
            let base = url.rsplit_once('/').map(|(b, _)| b).unwrap_or(&url);
            (format!("{base}/{name}"), None)
        }
        _ => {
            let dir = tempfile::tempdir().expect("temp dir");
            let url = format!("sqlite://{}", dir.path().join("t.db").display());
            (url, Some(dir))
        }
    }
}

pub struct TestApp {
    pub app: Arc<App>,
    pub clock: Arc<ManualClock>,
    pub router: Router,
    _dir: Option<tempfile::TempDir>,
}

pub async fn spawn() -> TestApp {
    spawn_with(Config::default()).await
}

pub async fn spawn_with(config: Config) -> TestApp {
    spawn_on(config, Db::BUSY_TIMEOUT).await
}

/// A test app whose writes give up after `busy_timeout` when another holds the database.
/// Without a secret key in `config`, a fresh one (as a SQLite deployment gets on first start).
pub async fn spawn_on(mut config: Config, busy_timeout: std::time::Duration) -> TestApp {
    if config.secret_key.is_none() {
        config.secret_key = Some(Arc::new(liaison_app::secret_key::SecretKey::generate()));
    }
    let (url, dir) = fresh_db_url().await;
    let db = Db::connect_with(&url, busy_timeout).await.expect("connect");
    db.migrate().await.expect("migrate");
    let clock = Arc::new(ManualClock::new(start_time()));
    let app = Arc::new(App::new(db, clock.clone(), config));
    let router = liaison_web::router(app.clone());
    TestApp {
        app,
        clock,
        router,
        _dir: dir,
    }
}

impl TestApp {
    /// The same database and clock served with another configuration, as after a restart.
    pub fn restarted_with(&self, config: Config) -> TestApp {
        let app = Arc::new(App::new(self.app.db.clone(), self.clock.clone(), config));
        TestApp {
            router: liaison_web::router(app.clone()),
            app,
            clock: self.clock.clone(),
            _dir: None,
        }
    }

    pub fn browser(&self) -> Browser {
        Browser {
            router: self.router.clone(),
            cookies: BTreeMap::new(),
            headers: vec![],
            peer: next_peer(),
        }
    }

    pub async fn fls(&self, code: &str, country: &str) -> i64 {
        let input = FlsInput {
            code: code.into(),
            name: format!("{code} service"),
            country: country.into(),
            expected_non_spine_per_year: "500".into(),
            expected_spine_per_year: "50".into(),
            ..Default::default()
        };
        liaison_app::orgs::save_fls(&self.app, &Actor::operator(), &input)
            .await
            .expect("save fls")
            .id
    }

    /// Create a user holding one role; scope is an FLS code, a country or a region as the role needs.
    pub async fn user(&self, email: &str, role: &str, scope: &str) -> i64 {
        let gi = match role {
            "national_lead" => GrantInput {
                role: role.into(),
                country: scope.into(),
                ..Default::default()
            },
            "regional_lead" => GrantInput {
                role: role.into(),
                region: scope.into(),
                ..Default::default()
            },
            _ => GrantInput {
                role: role.into(),
                fls: scope.into(),
                ..Default::default()
            },
        };
        let op = Actor::operator();
        let g = users::parse_grant(&self.app, &op, &gi)
            .await
            .expect("grant");
        users::create_user(&self.app, &op, email, "", Some(PASSWORD), &[g])
            .await
            .expect("user")
            .user
            .id
    }

    /// A browser signed in as `email`.
    pub async fn signed_in(&self, email: &str) -> Browser {
        let mut b = self.browser();
        let r = b.sign_in(email, PASSWORD).await;
        assert_eq!(
            r.status,
            StatusCode::SEE_OTHER,
            "sign-in of {email} failed: {}",
            r.body
        );
        b
    }

    pub async fn count_audit(&self, action: &str) -> i64 {
        let rows = liaison_store::audit::search(
            &self.app.db,
            &liaison_domain::access::FlsSet::All,
            &liaison_store::audit::Filter {
                action: Some(action.into()),
                ..Default::default()
            },
            100_000,
            0,
        )
        .await
        .expect("audit");
        rows.len() as i64
    }
}

#[derive(Debug)]
pub struct Resp {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Resp {
    pub fn html(&self) -> scraper::Html {
        scraper::Html::parse_document(&self.body)
    }
    pub fn location(&self) -> String {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    }
    /// The text of every element matching `sel`, whitespace collapsed.
    pub fn texts(&self, sel: &str) -> Vec<String> {
        let s = scraper::Selector::parse(sel).expect("selector");
        self.html()
            .select(&s)
            .map(|e| {
                e.text()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }
    pub fn attr(&self, sel: &str, attr: &str) -> Option<String> {
        let s = scraper::Selector::parse(sel).expect("selector");
        self.html()
            .select(&s)
            .next()
            .and_then(|e| e.value().attr(attr))
            .map(str::to_string)
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|_| panic!("not JSON: {}", self.body))
    }
    pub fn set_cookies(&self) -> Vec<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .map(str::to_string)
            .collect()
    }
}

/// A client address of its own for every browser (10.0.0.1, 10.0.0.2...), as the server would
/// see from a connection.
fn next_peer() -> std::net::SocketAddr {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let ip = std::net::Ipv4Addr::from(0x0a00_0000 | (n & 0x00ff_ffff));
    std::net::SocketAddr::from((ip, 40000))
}

/// A minimal browser: keeps cookies, adds the CSRF token to forms, sends same-origin headers.
pub struct Browser {
    router: Router,
    pub cookies: BTreeMap<String, String>,
    pub headers: Vec<(String, String)>,
    /// The address the server sees this browser's requests come from.
    pub peer: std::net::SocketAddr,
}

impl Browser {
    pub async fn send(&mut self, mut req: Request<Body>) -> Resp {
        req.extensions_mut()
            .insert(axum::extract::ConnectInfo(self.peer));
        let res = self.router.clone().oneshot(req).await.expect("router");
        let status = res.status();
        let headers = res.headers().clone();
        for c in headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
        {
            let first = c.split(';').next().unwrap_or("");
            if let Some((k, v)) = first.split_once('=') {
                if v.is_empty() || c.contains("Max-Age=0") {
                    self.cookies.remove(k);
                } else {
                    self.cookies.insert(k.to_string(), v.to_string());
                }
            }
        }
        let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .expect("body");
        Resp {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    fn builder(&self, method: &str, path: &str) -> axum::http::request::Builder {
        let mut b = Request::builder().method(method).uri(path);
        if !self.cookies.is_empty() {
            let c = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ");
            b = b.header(header::COOKIE, c);
        }
        for (k, v) in &self.headers {
            b = b.header(k.as_str(), v.as_str());
        }
        b
    }

    pub async fn get(&mut self, path: &str) -> Resp {
        let req = self
            .builder("GET", path)
            .body(Body::empty())
            .expect("request");
        self.send(req).await
    }

    /// The CSRF token the server expects from this browser now.
    pub fn csrf(&self) -> String {
        let base = self
            .cookies
            .get("liaison_session")
            .or_else(|| self.cookies.get("liaison_csrf"))
            .cloned()
            .unwrap_or_default();
        liaison_web::ctx::csrf_for(&base)
    }

    /// POST a form with the CSRF token added.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Resp {
        if !self.cookies.contains_key("liaison_session")
            && !self.cookies.contains_key("liaison_csrf")
        {
            self.get("/sign-in").await;
        }
        let token = self.csrf();
        let mut all: Vec<(&str, &str)> = vec![("_csrf", token.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(path, &all).await
    }

    /// POST exactly these fields (no token added).
    pub async fn post_raw(&mut self, path: &str, fields: &[(&str, &str)]) -> Resp {
        let body = fields
            .iter()
            .map(|(k, v)| format!("{}={}", urlencoding::encode(k), urlencoding::encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let req = self
            .builder("POST", path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header("sec-fetch-site", "same-origin")
            .body(Body::from(body))
            .expect("request");
        self.send(req).await
    }

    pub async fn sign_in(&mut self, email: &str, password: &str) -> Resp {
        self.post("/sign-in", &[("email", email), ("password", password)])
            .await
    }

    /// A GET with a bearer token and no cookies.
    pub async fn api_get(&mut self, path: &str, token: &str) -> Resp {
        let req = Request::builder()
            .method("GET")
            .uri(path)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
            .expect("request");
        self.send(req).await
    }
}

/// A database at `url` holding FLS AA-ONE, for tests of the command line (which opens the
/// database itself, so the caller seeds it and closes the app).
pub async fn cli_app(url: &str) -> App {
    let db = Db::connect(url).await.unwrap();
    db.migrate().await.unwrap();
    let app = App::new(
        db,
        Arc::new(ManualClock::new(start_time())),
        Config::default(),
    );
    let input = FlsInput {
        code: "AA-ONE".into(),
        name: "A".into(),
        country: "GB".into(),
        expected_non_spine_per_year: "500".into(),
        expected_spine_per_year: "50".into(),
        ..Default::default()
    };
    liaison_app::orgs::save_fls(&app, &Actor::operator(), &input)
        .await
        .unwrap();
    app
}
