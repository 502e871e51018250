//! The HTTP edge: request ids, panics and timeouts answered with the error page, gzip, and the
//! rate limits on sign-in and API tokens.

use crate::helpers::*;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use liaison_app::Actor;
use liaison_app::app::{Config, RateLimit};

async fn boom() -> &'static str {
    panic!("boom")
}

async fn slow() -> &'static str {
    tokio::time::sleep(std::time::Duration::from_secs(5)).await;
    "late"
}

/// The app's routes plus some that misbehave, as a handler bug would.
fn with_bad_routes(t: &mut TestApp) {
    let routes = liaison_web::routes()
        .get("/test/panic", boom)
        .get("/api/v1/test/panic", boom)
        .get("/test/slow", slow)
        .get("/api/v1/test/slow", slow);
    t.router = liaison_web::router_with(t.app.clone(), routes);
}

#[tokio::test]
async fn a_panicking_handler_answers_the_error_page_in_the_users_language() {
    let mut t = spawn().await;
    with_bad_routes(&mut t);
    let mut b = t.browser();
    b.headers.push(("accept-language".into(), "fr".into()));
    let r = b.get("/test/panic").await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(
        r.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert_eq!(
        r.texts("h1"),
        vec!["Une erreur s’est produite"],
        "{}",
        r.body
    );
    // In the site's look, with a reference to give the administrator.
    assert!(r.attr("link[rel=stylesheet]", "href").is_some());
    assert_eq!(r.texts("main code").len(), 1);
    assert!(
        !r.body.contains("boom"),
        "no panic message reaches the user"
    );
    // The server goes on answering.
    assert_eq!(b.get("/sign-in").await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_panic_under_the_api_answers_its_json_error() {
    let mut t = spawn().await;
    with_bad_routes(&mut t);
    let r = t.browser().get("/api/v1/test/panic").await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
    let j = r.json();
    assert_eq!(j["error"]["code"], "internal");
    assert!(j["error"]["message"].is_string());
    assert_eq!(
        j["error"]["details"]["reference"].as_str().unwrap().len(),
        8
    );
    // A path the API does not have answers the same shape.
    let r = t.browser().get("/api/v1/no-such-thing").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.json()["error"]["code"], "not_found");
}

#[tokio::test]
async fn a_request_over_the_time_limit_answers_503_with_the_page() {
    let mut t = spawn_with(Config {
        request_timeout: time::Duration::milliseconds(50),
        ..Config::default()
    })
    .await;
    with_bad_routes(&mut t);
    let r = t.browser().get("/test/slow").await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(r.texts("h1"), vec!["Taking too long"]);
    let r = t.browser().get("/api/v1/test/slow").await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(r.json()["error"]["code"], "timeout");
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let t = spawn().await;
    let mut b = t.browser();
    let a = b.get("/sign-in").await;
    let c = b.get("/no-such-page").await;
    let id = |r: &Resp| r.headers["x-request-id"].to_str().unwrap().to_string();
    assert_eq!(id(&a).len(), 36, "a UUID");
    assert_ne!(id(&a), id(&c), "one per request");
    // An id a proxy already gave the request is kept, so its logs and ours line up.
    b.headers.push(("x-request-id".into(), "proxy-42".into()));
    assert_eq!(id(&b.get("/sign-in").await), "proxy-42");
}

#[tokio::test]
async fn pages_are_gzipped_for_browsers_that_accept_it() {
    let t = spawn().await;
    let mut b = t.browser();
    let plain = b.get("/sign-in").await;
    assert!(!plain.headers.contains_key(header::CONTENT_ENCODING));
    let req = Request::builder()
        .uri("/sign-in")
        .header(header::ACCEPT_ENCODING, "gzip")
        .body(Body::empty())
        .unwrap();
    let res = tower::ServiceExt::oneshot(t.router.clone(), req)
        .await
        .unwrap();
    assert_eq!(res.headers()[header::CONTENT_ENCODING], "gzip");
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .unwrap();
    let mut html = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut html)
        .unwrap();
    assert!(html.contains("<form"), "{html}");
    assert!(bytes.len() < html.len());
}

#[tokio::test]
async fn the_eleventh_quick_sign_in_from_one_address_waits_others_do_not() {
    let t = spawn().await;
    t.user("admin@x.org", "administrator", "").await;
    let mut b = t.browser();
    b.headers.push(("accept-language".into(), "es".into()));
    // Ten wrong guesses at ten accounts (no account is locked by this)...
    for i in 0..10 {
        let r = b.sign_in(&format!("user{i}@x.org"), "guess").await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    // ...then even the right password waits.
    let r = b.sign_in("admin@x.org", PASSWORD).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = r.headers[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=6).contains(&wait), "{wait}");
    // The form again, with the address typed and the reason in the person's language.
    assert!(r.body.contains("value=\"admin@x.org\""), "{}", r.body);
    assert!(
        r.texts(".errors[role=alert]")
            .concat()
            .contains("Ha habido demasiados intentos"),
        "{}",
        r.body
    );
    assert!(!b.cookies.contains_key("liaison_session"));
    // The refused attempt never reached the password check (ten refusals in the audit trail:
    // the first in full, the other nine counted in one row once the minute is over).
    assert_eq!(t.count_audit("sign_in").await, 1);
    liaison_app::audit::flush_all(&t.app).await.unwrap();
    assert_eq!(t.count_audit("sign_in").await, 2);
    // Another address signs in as usual.
    let mut other = t.browser();
    assert_eq!(
        other.sign_in("admin@x.org", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    // After the wait the first address may try again.
    t.clock.advance(time::Duration::seconds(wait as i64));
    assert_eq!(
        b.sign_in("admin@x.org", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn bogus_bearer_tokens_get_429_after_the_limit_even_a_right_one() {
    let t = spawn_with(Config {
        api_auth_failure_limit: RateLimit {
            per_minute: 5,
            burst: 5,
        },
        ..Config::default()
    })
    .await;
    let id = t.user("admin@x.org", "administrator", "").await;
    let token = liaison_app::users::create_token(&t.app, &Actor::operator(), id, "t")
        .await
        .unwrap();
    let mut b = t.browser();
    assert_eq!(b.api_get("/api/v1/me", &token).await.status, StatusCode::OK);
    for i in 0..5 {
        let r = b.api_get("/api/v1/me", &format!("lsn_guess{i}")).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let r = b.api_get("/api/v1/me", "lsn_guess5").await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.json()["error"]["code"], "rate_limited");
    let wait = r.headers[header::RETRY_AFTER].to_str().unwrap().to_string();
    assert_eq!(
        r.json()["error"]["details"]["retry_after_seconds"].to_string(),
        wait
    );
    // While refused, a right guess is no use either.
    let r = b.api_get("/api/v1/me", &token).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    // Another address is not affected.
    assert_eq!(
        t.browser().api_get("/api/v1/me", &token).await.status,
        StatusCode::OK
    );
    t.clock
        .advance(time::Duration::seconds(wait.parse::<i64>().unwrap()));
    assert_eq!(b.api_get("/api/v1/me", &token).await.status, StatusCode::OK);
    // Valid tokens are not counted: a busy script is not slowed down.
    for _ in 0..20 {
        assert_eq!(b.api_get("/api/v1/me", &token).await.status, StatusCode::OK);
    }
}

#[tokio::test]
async fn cookies_keep_their_attributes() {
    let t = spawn_with(Config {
        secure_cookies: true,
        ..Config::default()
    })
    .await;
    t.user("admin@x.org", "administrator", "").await;
    let mut b = t.browser();
    let attrs = |c: &str| {
        let mut a: Vec<String> = c.split("; ").skip(1).map(str::to_string).collect();
        a.sort();
        a
    };
    let csrf = b.get("/sign-in").await.set_cookies();
    assert_eq!(
        attrs(&csrf[0]),
        ["HttpOnly", "Path=/", "SameSite=Lax", "Secure"]
    );
    let r = b.sign_in("admin@x.org", PASSWORD).await;
    let session = r
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with("liaison_session="))
        .unwrap();
    assert_eq!(
        attrs(&session),
        [
            "HttpOnly",
            "Max-Age=43200",
            "Path=/",
            "SameSite=Lax",
            "Secure"
        ]
    );
    let out = b.post("/sign-out", &[]).await.set_cookies();
    assert!(out[0].starts_with("liaison_session=;"), "{out:?}");
    assert!(attrs(&out[0]).contains(&"Max-Age=0".to_string()));
}

/// A malformed body, a wrong content type, a path parameter of the wrong type and a bad query
/// all answer in the API's JSON error shape with a code a client can match on (axum's own
/// extractors answered in plain text).
#[tokio::test]
async fn malformed_api_requests_answer_json_errors() {
    let t = spawn().await;
    t.fls("AA-ONE", "GB").await;
    let id = t.user("nurse@a.test", "fls_clinician", "AA-ONE").await;
    let token = liaison_app::users::create_token(&t.app, &Actor::operator(), id, "t")
        .await
        .unwrap();
    let mut b = t.browser();
    let send = |method: &str, path: &str, ctype: Option<&str>, body: &str| {
        let mut req = Request::builder()
            .method(method)
            .uri(path)
            .header(header::AUTHORIZATION, format!("Bearer {token}"));
        if let Some(c) = ctype {
            req = req.header(header::CONTENT_TYPE, c);
        }
        req.body(Body::from(body.to_string())).unwrap()
    };
    let cases = [
        (
            send(
                "POST",
                "/api/v1/episodes",
                Some("application/json"),
                "{\"fls_code\": ",
            ),
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            send("POST", "/api/v1/episodes", Some("text/plain"), "{}"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        ),
        (
            send("POST", "/api/v1/episodes", None, "{}"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        ),
        (
            send("GET", "/api/v1/episodes/abc", None, ""),
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            send("GET", "/api/v1/imports/abc", None, ""),
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
    ];
    for (req, status, code) in cases {
        let what = format!("{} {}", req.method(), req.uri());
        let r = b.send(req).await;
        assert_eq!(r.status, status, "{what}: {}", r.body);
        let v = r.json();
        assert_eq!(v["error"]["code"], code, "{what}: {}", r.body);
        assert!(
            v["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "{what}"
        );
    }
}
