//! Signing in and out, lockout, idle expiry, cookies, CSRF and the second factor.

use crate::helpers::*;
use axum::http::StatusCode;
use liaison_app::app::Config;

#[tokio::test]
async fn sign_in_then_home_then_sign_out() {
    let t = spawn().await;
    t.fls("GB-GLA", "GB").await;
    t.user("nurse@x.org", "fls_clinician", "GB-GLA").await;
    let mut b = t.browser();
    let r = b.get("/").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.texts("a.button").iter().any(|s| s == "Sign in"));
    let r = b.sign_in("Nurse@X.org", PASSWORD).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let cookie = r
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with("liaison_session="))
        .unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(!cookie.contains("Secure"), "not over TLS here: {cookie}");
    let home = b.get("/").await;
    assert!(home.body.contains("nurse@x.org"));
    assert!(
        home.texts("main .card h3")
            .contains(&"GB-GLA service".to_string())
    );
    let out = b.post("/sign-out", &[]).await;
    assert_eq!(out.location(), "/sign-in?notice=signed-out");
    let again = b.get("/fls").await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert!(again.location().starts_with("/sign-in?next=%2Ffls"));
    assert_eq!(t.count_audit("sign_in").await, 1);
    assert_eq!(t.count_audit("sign_out").await, 1);
}

#[tokio::test]
async fn secure_cookies_when_served_over_tls() {
    let t = spawn_with(Config {
        secure_cookies: true,
        ..Config::default()
    })
    .await;
    t.user("admin@x.org", "administrator", "").await;
    let mut b = t.browser();
    let r = b.sign_in("admin@x.org", PASSWORD).await;
    let cookie = r
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with("liaison_session="))
        .unwrap();
    assert!(cookie.contains("; Secure"), "{cookie}");
}

#[tokio::test]
async fn wrong_password_gives_one_message_and_repeated_failures_lock_the_account() {
    let t = spawn().await;
    t.user("admin@x.org", "administrator", "").await;
    let mut b = t.browser();
    let r = b.sign_in("admin@x.org", "not the password").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.texts(".errors li"),
        vec!["The e-mail address or the password is wrong."]
    );
    // An unknown address gets exactly the same answer.
    let r = b.sign_in("nobody@x.org", "not the password").await;
    assert_eq!(
        r.texts(".errors li"),
        vec!["The e-mail address or the password is wrong."]
    );
    for _ in 0..4 {
        b.sign_in("admin@x.org", "not the password").await;
    }
    // Now locked: even the right password is refused, with the same answer as a wrong one
    // (tests/it/security.rs).
    let r = b.sign_in("admin@x.org", PASSWORD).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.texts(".errors li"),
        vec!["The e-mail address or the password is wrong."]
    );
    t.clock.advance(time::Duration::minutes(16));
    let r = b.sign_in("admin@x.org", PASSWORD).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(t.count_audit("sign_in").await >= 8);
}

#[tokio::test]
async fn idle_sessions_expire() {
    let t = spawn().await;
    t.user("admin@x.org", "administrator", "").await;
    let mut b = t.signed_in("admin@x.org").await;
    t.clock.advance(time::Duration::minutes(20));
    assert_eq!(b.get("/fls").await.status, StatusCode::OK);
    // Activity keeps the session alive; 31 idle minutes end it.
    t.clock.advance(time::Duration::minutes(29));
    assert_eq!(b.get("/fls").await.status, StatusCode::OK);
    t.clock.advance(time::Duration::minutes(31));
    let r = b.get("/fls").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(r.location().starts_with("/sign-in"));
}

#[tokio::test]
async fn forms_without_the_csrf_token_or_from_another_site_are_refused() {
    let t = spawn().await;
    t.user("admin@x.org", "administrator", "").await;
    let mut b = t.signed_in("admin@x.org").await;
    let r = b.post_raw("/account/tokens", &[("name", "x")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("Request refused"));
    let r = b
        .post_raw("/account/tokens", &[("_csrf", "0000"), ("name", "x")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    b.headers
        .push(("sec-fetch-site".into(), "cross-site".into()));
    let r = b.post("/account/tokens", &[("name", "x")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    b.headers.clear();
    let r = b.post("/account/tokens", &[("name", "x")]).await;
    assert_eq!(r.status, StatusCode::OK);
    // Sign-in itself needs the token.
    let mut anon = t.browser();
    let r = anon
        .post_raw(
            "/sign-in",
            &[("email", "admin@x.org"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn password_rules_are_explained_in_the_users_language() {
    let t = spawn().await;
    t.user("admin@x.org", "administrator", "").await;
    let mut b = t.signed_in("admin@x.org").await;
    let r = b
        .post(
            "/account/password",
            &[("current_password", PASSWORD), ("new_password", "short")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.texts(".errors li"),
        vec!["New password “***”: must be at least 12 characters long."]
    );
    let r = b
        .post(
            "/account/password",
            &[
                ("current_password", "wrong wrong wrong"),
                ("new_password", "1qaz2wsx3edc"),
            ],
        )
        .await;
    let msgs = r.texts(".errors li");
    assert_eq!(msgs.len(), 2, "{msgs:?}");
    assert!(
        msgs[0].starts_with("Current password") && msgs[1].contains("most common passwords"),
        "{msgs:?}"
    );
    b.post("/language", &[("lang", "es"), ("next", "/account")])
        .await;
    let r = b
        .post(
            "/account/password",
            &[("current_password", PASSWORD), ("new_password", "short")],
        )
        .await;
    let es = r.texts(".errors li");
    assert_eq!(es.len(), 1);
    assert_ne!(
        es[0],
        "New password “***”: must be at least 12 characters long."
    );
    assert!(es[0].contains("12"), "{es:?}");
    // A good change ends the session; the new password works.
    let r = b
        .post(
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "a much better passphrase"),
            ],
        )
        .await;
    assert_eq!(r.location(), "/sign-in?notice=password-changed");
    assert_eq!(b.get("/account").await.status, StatusCode::SEE_OTHER);
    assert_eq!(
        b.sign_in("admin@x.org", "a much better passphrase")
            .await
            .status,
        StatusCode::SEE_OTHER
    );
}

fn code_for(secret: &str, t: &TestApp) -> String {
    let bytes = liaison_domain::totp::base32_decode(secret).unwrap();
    liaison_domain::totp::code_at(&bytes, t.clock_now().unix_timestamp())
}

impl TestApp {
    pub fn clock_now(&self) -> time::OffsetDateTime {
        use liaison_domain::clock::Clock;
        self.clock.now()
    }
}

#[tokio::test]
async fn second_factor_enrolment_sign_in_and_replay() {
    let t = spawn().await;
    t.user("admin@x.org", "administrator", "").await;
    let mut b = t.signed_in("admin@x.org").await;
    let setup = b.get("/account/totp").await;
    let secret = setup.texts("#totp-secret")[0].clone();
    let r = b.post("/account/totp", &[("code", "000000")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = b
        .post("/account/totp", &[("code", &code_for(&secret, &t))])
        .await;
    assert_eq!(r.location(), "/account?notice=totp-enabled");
    b.post("/sign-out", &[]).await;

    t.clock.advance(time::Duration::seconds(90));
    let r = b.sign_in("admin@x.org", PASSWORD).await;
    assert_eq!(r.location(), "/sign-in/totp");
    // Until the code is given, nothing else opens.
    assert_eq!(b.get("/fls").await.location(), "/sign-in/totp");
    let r = b.post("/sign-in/totp", &[("code", "123456")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let code = code_for(&secret, &t);
    let r = b.post("/sign-in/totp", &[("code", &code)]).await;
    assert_eq!(r.location(), "/");
    assert_eq!(b.get("/fls").await.status, StatusCode::OK);
    // The same code cannot be used twice.
    let mut other = t.browser();
    other.sign_in("admin@x.org", PASSWORD).await;
    let r = other.post("/sign-in/totp", &[("code", &code)]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn an_administrator_can_make_the_second_factor_mandatory_for_a_role() {
    let t = spawn().await;
    t.fls("GB-GLA", "GB").await;
    t.user("admin@x.org", "administrator", "").await;
    t.user("lead@x.org", "fls_lead", "GB-GLA").await;
    let mut admin = t.signed_in("admin@x.org").await;
    let r = admin
        .post("/admin/security", &[("mfa_role", "fls_lead")])
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let mut lead = t.browser();
    let r = lead.sign_in("lead@x.org", PASSWORD).await;
    assert_eq!(r.location(), "/account/totp");
    assert_eq!(lead.get("/fls").await.location(), "/account/totp");
    let setup = lead.get("/account/totp").await;
    assert_eq!(setup.status, StatusCode::OK);
    let secret = setup.texts("#totp-secret")[0].clone();
    let r = lead
        .post("/account/totp", &[("code", &code_for(&secret, &t))])
        .await;
    assert_eq!(r.location(), "/account?notice=totp-enabled");
    assert_eq!(lead.get("/fls").await.status, StatusCode::OK);
    // It cannot be turned off while the role requires it.
    let r = lead.post("/account/totp/disable", &[]).await;
    assert_eq!(r.location(), "/account?notice=totp-required");
    assert_eq!(t.count_audit("settings.mfa_required_roles").await, 1);
}

#[tokio::test]
async fn language_comes_from_choice_then_browser_then_english() {
    let t = spawn().await;
    t.user("admin@x.org", "administrator", "").await;
    let mut b = t.browser();
    assert_eq!(
        b.get("/sign-in").await.attr("html", "lang").as_deref(),
        Some("en")
    );
    b.headers
        .push(("accept-language".into(), "de-DE,fr;q=0.8,en;q=0.5".into()));
    assert_eq!(
        b.get("/sign-in").await.attr("html", "lang").as_deref(),
        Some("fr")
    );
    let r = b
        .post("/language", &[("lang", "ar"), ("next", "/sign-in")])
        .await;
    assert_eq!(r.location(), "/sign-in");
    let page = b.get("/sign-in").await;
    assert_eq!(page.attr("html", "lang").as_deref(), Some("ar"));
    assert_eq!(page.attr("html", "dir").as_deref(), Some("rtl"));
    // A signed-in user's choice is kept on the account, across browsers.
    b.sign_in("admin@x.org", PASSWORD).await;
    b.post("/language", &[("lang", "ja"), ("next", "/")]).await;
    let mut fresh = t.signed_in("admin@x.org").await;
    let home = fresh.get("/").await;
    assert_eq!(home.attr("html", "lang").as_deref(), Some("ja"));
    assert_eq!(home.attr("html", "dir").as_deref(), Some("ltr"));
    // The page a user was on comes back whole, query and all.
    let page = b.get("/fls?q=gla").await;
    assert_eq!(
        page.attr("form.lang input[name=next]", "value").as_deref(),
        Some("/fls?q=gla")
    );
    // Never redirect off-site.
    let r = b
        .post(
            "/language",
            &[("lang", "en"), ("next", "https://evil.example/")],
        )
        .await;
    assert_eq!(r.location(), "/");
}
