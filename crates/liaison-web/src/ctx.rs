//! The per-request context: language, session and rights, CSRF token. Built once by the
//! `context` middleware; handlers take it as `Ctx` (anyone) or `Signed` (signed-in users).

use super::AppState;
use super::error::{AppError, ErrorPage};
use crate::i18n::Tr;
use askama::Template;
use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use liaison_app::Actor;
use liaison_app::auth::{self, LiveSession, hash_token, random_token};
use liaison_domain::auth::SecondFactor;
use liaison_domain::lang::Lang;
use std::net::SocketAddr;
use std::sync::Arc;
use subtle::ConstantTimeEq;

pub const SESSION_COOKIE: &str = "liaison_session";
pub const CSRF_COOKIE: &str = "liaison_csrf";
pub const LANG_COOKIE: &str = "liaison_lang";
pub const CSRF_FIELD: &str = "_csrf";

#[derive(Clone)]
pub struct Ctx {
    pub tr: Tr,
    pub session: Option<Arc<LiveSession>>,
    /// Token every form of this page carries.
    pub csrf: String,
    pub ip: String,
    pub path: String,
    /// Path and query, to come back to the same page (language switch, sign-in).
    pub here: String,
    pub secure: bool,
}

impl Ctx {
    pub fn t(&self, key: &str) -> String {
        self.tr.t(key)
    }
    /// The translation of `<prefix>-<value>`, e.g. a role or region code.
    pub fn tk(&self, prefix: &str, value: &str) -> String {
        self.tr.t(&format!("{prefix}-{value}"))
    }
    /// A country's name in the reader's language (the code itself when it is not a country).
    pub fn country(&self, code: &str) -> String {
        liaison_domain::org::country_name(code, self.tr.lang)
            .unwrap_or(code)
            .to_string()
    }
    pub fn lang_code(&self) -> &'static str {
        self.tr.lang.code()
    }
    pub fn dir(&self) -> &'static str {
        self.tr.lang.dir()
    }
    pub fn languages(&self) -> Vec<(&'static str, &'static str, bool)> {
        Lang::ALL
            .iter()
            .map(|l| (l.code(), l.native_name(), *l == self.tr.lang))
            .collect()
    }
    pub fn signed_in(&self) -> bool {
        self.session
            .as_ref()
            .is_some_and(|s| s.mfa_state == SecondFactor::Done)
    }
    pub fn email(&self) -> String {
        self.session
            .as_ref()
            .map(|s| s.user.email.clone())
            .unwrap_or_default()
    }
    pub fn is_admin(&self) -> bool {
        self.signed_in() && self.session.as_ref().is_some_and(|s| s.access.is_admin())
    }
    pub fn can_audit(&self) -> bool {
        self.signed_in()
            && self
                .session
                .as_ref()
                .is_some_and(|s| !s.access.view_audit.is_empty())
    }
    /// `aria-current` for the navigation link to `prefix`.
    pub fn current(&self, prefix: &str) -> &'static str {
        let on = if prefix == "/" {
            self.path == "/"
        } else {
            self.path.starts_with(prefix)
        };
        if on { "page" } else { "false" }
    }
    /// A cookie as every cookie of the site is set: whole site, out of scripts' reach, not
    /// sent on other sites' requests, Secure with `--secure-cookies`; `max_age` in seconds,
    /// none for a cookie that ends with the browser session.
    pub fn cookie(&self, name: &str, value: &str, max_age: Option<i64>) -> Cookie<'static> {
        let mut c = Cookie::build((name.to_string(), value.to_string()))
            .path("/")
            .http_only(true)
            .same_site(SameSite::Lax)
            .secure(self.secure);
        if let Some(a) = max_age {
            c = c.max_age(time::Duration::seconds(a));
        }
        c.build()
    }
}

pub fn csrf_for(base: &str) -> String {
    hash_token(&format!("csrf:{base}"))[..40].to_string()
}

/// Equal, in a time that does not depend on where the two differ (`subtle`).
fn constant_eq(a: &str, b: &str) -> bool {
    a.as_bytes().ct_eq(b.as_bytes()).into()
}

pub async fn context(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let (mut parts, body) = req.into_parts();
    let jar = CookieJar::from_headers(&parts.headers);
    let cookie = |name: &str| jar.get(name).map(|c| c.value().to_string());
    let ip = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_default();
    let path = parts.uri.path().to_string();
    let here = parts
        .uri
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| path.clone());
    // Machine endpoints: no session, no CSRF cookie.
    let is_api = path.starts_with("/api/") || path == "/health";
    let secure = app.config.secure_cookies;

    let session_token = cookie(SESSION_COOKIE);
    let session = match &session_token {
        Some(t) if !is_api => match auth::load_session(&app, t).await {
            Ok(s) => s.map(Arc::new),
            Err(e) => return AppError::Internal(e.to_string()).into_response(),
        },
        _ => None,
    };
    let lang = session
        .as_ref()
        .and_then(|s| s.user.language.as_deref())
        .and_then(Lang::parse)
        .or_else(|| cookie(LANG_COOKIE).as_deref().and_then(Lang::parse))
        .or_else(|| {
            parts
                .headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::negotiate)
        })
        .unwrap_or(Lang::En);

    // The CSRF token is bound to the session cookie, or before sign-in to a cookie of its own.
    let mut new_anon: Option<String> = None;
    let csrf = match (&session, &session_token) {
        (Some(_), Some(t)) => csrf_for(t),
        _ => match cookie(CSRF_COOKIE) {
            Some(c) if c.len() == 64 => csrf_for(&c),
            _ => {
                let c = random_token();
                let tok = csrf_for(&c);
                new_anon = Some(c);
                tok
            }
        },
    };
    let ctx = Ctx {
        tr: Tr::new(lang),
        session,
        csrf: csrf.clone(),
        ip,
        path,
        here,
        secure,
    };

    let mut body = Body::new(body);
    // Every request that may change something passes here, whatever its content type; the
    // API is excluded because it authenticates by bearer token, never by cookie.
    let changes_state = !matches!(
        parts.method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    );
    // RFC 8058 one-click unsubscribe: a mail provider POSTs without cookies; the link's
    // HMAC signature is the proof, and it only ever stops e-mail.
    let one_click = ctx.path.starts_with("/notifications/unsubscribe/");
    if changes_state
        && !is_api
        && !one_click
        && let Err(e) = check_csrf(
            &mut parts,
            &mut body,
            &csrf,
            new_anon.is_some(),
            app.config.max_upload_bytes,
        )
        .await
    {
        return render_error(&ctx, e.into_response());
    }
    parts.extensions.insert(ctx.clone());
    let stale_session = session_token.is_some() && ctx.session.is_none() && !is_api;
    let mut res = next.run(Request::from_parts(parts, body)).await;
    if stale_session {
        // An ended or unknown session: forget the cookie so the browser starts afresh.
        set_cookie(&mut res, ctx.cookie(SESSION_COOKIE, "", Some(0)));
    }
    if let Some(c) = new_anon.filter(|_| !is_api) {
        set_cookie(&mut res, ctx.cookie(CSRF_COOKIE, &c, None));
    }
    if let Some(page) = res.extensions().get::<ErrorPage>() {
        if path_is_api(&ctx.path) {
            res = super::api::page_as_json(res.status(), page);
        } else if !is_api {
            res = render_error(&ctx, res);
        }
    }
    res
}

fn path_is_api(path: &str) -> bool {
    path.starts_with("/api/")
}

/// Add a `Set-Cookie` header.
pub fn set_cookie(res: &mut Response, cookie: Cookie<'static>) {
    if let Ok(v) = HeaderValue::from_str(&cookie.to_string()) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
}

/// The one CSRF check of the pages (see `context`): the request must come from this site and
/// carry the token of this browser in its `_csrf` field. An url-encoded body is read whole
/// (and every field must decode as UTF-8: `pages::form_fields`); a multipart body must start
/// with its `_csrf` part, as our upload forms do, so an upload is checked before a byte of the
/// file is read. Any other content type, or none, is refused.
async fn check_csrf(
    parts: &mut Parts,
    body: &mut Body,
    expected: &str,
    no_cookie_yet: bool,
    limit: usize,
) -> Result<(), AppError> {
    // Browsers say where a request comes from; refuse other sites outright.
    if let Some(site) = parts
        .headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        && !matches!(site, "same-origin" | "none")
    {
        return Err(AppError::Csrf);
    }
    if no_cookie_yet {
        return Err(AppError::Csrf);
    }
    let ctype = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let token = if ctype.starts_with("multipart/form-data") {
        let boundary = boundary(parts).ok_or(AppError::Csrf)?;
        let (token, whole) = multipart_first_part(std::mem::take(body), &boundary).await?;
        *body = whole;
        token
    } else if ctype.starts_with("application/x-www-form-urlencoded") {
        let bytes: Bytes = axum::body::to_bytes(std::mem::take(body), limit)
            .await
            .map_err(|_| AppError::TooLarge)?;
        let fields = super::pages::form_fields(&bytes).map_err(AppError::BadForm)?;
        *body = Body::from(bytes);
        fields
            .into_iter()
            .find(|(k, _)| k == CSRF_FIELD)
            .map(|(_, v)| v)
    } else {
        None
    };
    match token {
        Some(t) if constant_eq(&t, expected) => Ok(()),
        _ => Err(AppError::Csrf),
    }
}

/// The `boundary` parameter of a multipart content type, unquoted.
fn boundary(parts: &Parts) -> Option<String> {
    let ctype = parts.headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    ctype.split(';').skip(1).find_map(|p| {
        let (k, v) = p.trim().split_once('=')?;
        let v = v.trim().trim_matches('"');
        (k.trim().eq_ignore_ascii_case("boundary") && !v.is_empty()).then(|| v.to_string())
    })
}

/// How much of a multipart body is read to find its first part.
const FIRST_PART_MAX: usize = 16 * 1024;

/// The value of a multipart body's first part when it is the `_csrf` field, and the body
/// whole again (what was read, then the rest as it streams in).
async fn multipart_first_part(
    body: Body,
    boundary: &str,
) -> Result<(Option<String>, Body), AppError> {
    use futures_util::StreamExt;
    let mut stream = body.into_data_stream();
    let mut head: Vec<u8> = Vec::new();
    let token = loop {
        if let Some(t) = first_part(&head, boundary) {
            break t;
        }
        if head.len() > FIRST_PART_MAX {
            break None;
        }
        match stream.next().await {
            Some(Ok(chunk)) => head.extend_from_slice(&chunk),
            Some(Err(_)) => return Err(AppError::TooLarge),
            None => break None,
        }
    };
    let read = futures_util::stream::once(async move { Ok::<Bytes, axum::Error>(head.into()) });
    Ok((token, Body::from_stream(read.chain(stream))))
}

/// Some(value of the first part when it is named `_csrf`, else None) once `head` holds the
/// whole first part; None while more is needed.
fn first_part(head: &[u8], boundary: &str) -> Option<Option<String>> {
    let open = format!("--{boundary}\r\n");
    let start = find(head, open.as_bytes())? + open.len();
    let headers_end = start + find(&head[start..], b"\r\n\r\n")?;
    let value_start = headers_end + 4;
    let close = format!("\r\n--{boundary}");
    let value_end = value_start + find(&head[value_start..], close.as_bytes())?;
    let headers = String::from_utf8_lossy(&head[start..headers_end]).to_ascii_lowercase();
    let is_csrf = headers.lines().any(|l| {
        l.starts_with("content-disposition:")
            && l.split(';')
                .any(|p| p.trim() == format!("name=\"{CSRF_FIELD}\""))
    });
    let value = std::str::from_utf8(&head[value_start..value_end]).ok();
    Some(value.filter(|_| is_csrf).map(str::to_string))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorTemplate<'a> {
    ctx: &'a Ctx,
    title: String,
    message: String,
    reference: Option<String>,
}

fn render_error(ctx: &Ctx, res: Response) -> Response {
    let status = res.status();
    let Some(page) = res.extensions().get::<ErrorPage>().cloned() else {
        return res;
    };
    let t = ErrorTemplate {
        ctx,
        title: ctx.t(&format!("{}-title", page.key)),
        message: match &page.field {
            Some(f) => ctx.tr.ta(page.key, &[("field", f.clone())]),
            None => std::iter::once(ctx.t(page.key))
                .chain(page.fields.iter().map(|e| ctx.tr.field_error(e)))
                .collect::<Vec<_>>()
                .join(" "),
        },
        reference: page.reference,
    };
    let mut page = match t.render() {
        Ok(html) => (
            status,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            html,
        )
            .into_response(),
        Err(_) => (status, "error").into_response(),
    };
    // When to come back (busy, rate limited) stays on the page's answer.
    if let Some(v) = res.headers().get(header::RETRY_AFTER) {
        page.headers_mut().insert(header::RETRY_AFTER, v.clone());
    }
    page
}

pub async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    let set = |h: &mut HeaderMap, k: &'static str, v: &'static str| {
        h.entry(k).or_insert(HeaderValue::from_static(v));
    };
    set(h, "x-content-type-options", "nosniff");
    set(h, "x-frame-options", "DENY");
    set(h, "referrer-policy", "same-origin");
    set(
        h,
        "content-security-policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    set(h, "cache-control", "no-store");
    res
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, AppError> {
        parts
            .extensions
            .get::<Ctx>()
            .cloned()
            .ok_or_else(|| AppError::Internal("context middleware missing".into()))
    }
}

/// A signed-in user who has passed any second factor.
pub struct Signed {
    pub ctx: Ctx,
    pub s: Arc<LiveSession>,
    pub actor: Actor,
}

impl Signed {
    pub fn user_id(&self) -> i64 {
        self.s.user.id
    }

    pub fn clone_ctx(&self) -> Signed {
        Signed {
            ctx: self.ctx.clone(),
            s: self.s.clone(),
            actor: self.actor.clone(),
        }
    }

    /// The signed-in user of a context that has passed any second factor.
    pub fn from_ctx(ctx: &Ctx) -> Option<Signed> {
        let s = ctx
            .session
            .clone()
            .filter(|s| s.mfa_state == SecondFactor::Done)?;
        let actor = Actor {
            user_id: Some(s.user.id),
            label: s.user.email.clone(),
            ip: ctx.ip.clone(),
            access: s.access.clone(),
        };
        Some(Signed {
            ctx: ctx.clone(),
            s,
            actor,
        })
    }
}

impl FromRequestParts<AppState> for Signed {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, AppError> {
        let ctx = Ctx::from_request_parts(parts, st).await?;
        let Some(s) = ctx.session.clone() else {
            let next = parts
                .uri
                .path_and_query()
                .map(|p| p.as_str())
                .unwrap_or("/");
            return Err(AppError::SignIn(next.to_string()));
        };
        match s.mfa_state {
            SecondFactor::Done => {}
            SecondFactor::Pending => return Err(AppError::Redirect("/sign-in/totp".into())),
            // Enrolment is the only thing to do until the second factor is set up.
            _ if ctx.path.starts_with("/account/totp") => {}
            _ => return Err(AppError::Redirect("/account/totp".into())),
        }
        let actor = Actor {
            user_id: Some(s.user.id),
            label: s.user.email.clone(),
            ip: ctx.ip.clone(),
            access: s.access.clone(),
        };
        Ok(Signed { ctx, s, actor })
    }
}

/// Record a refused authorisation and answer as if the thing did not exist.
pub async fn deny(app: &AppState, who: &Signed, what: &str) -> AppError {
    match liaison_app::audit::deny(app, &who.actor, format!("{} {}", what, who.ctx.path)).await {
        Ok(()) => AppError::NotFound,
        Err(err) => AppError::Internal(err.to_string()),
    }
}

/// 200 with a rendered template.
pub fn html(t: impl Template) -> Result<Response, AppError> {
    let s = t.render()?;
    Ok(([(header::CONTENT_TYPE, "text/html; charset=utf-8")], s).into_response())
}

/// The same response, answered 422: a form came back with errors.
pub fn unprocessable(mut r: Response) -> Response {
    *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    r
}

pub fn see_other(to: &str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, to.to_string())]).into_response()
}
