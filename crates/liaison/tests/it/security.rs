//! The findings of issue 13 on authentication and request forgery, one test (or two) each:
//! CSRF on every content type, second-factor and re-authentication guesses, redirects after
//! sign-in, guessable passwords, sign-in answers, HSTS, FLS leads' user management, form
//! encoding, and file permissions. docs/security.md names these tests.

use crate::helpers::*;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use liaison_app::app::Config;

fn cookies(b: &Browser) -> String {
    b.cookies
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// POST `body` as `content_type` with the browser's cookies, from this site.
async fn post_body(b: &mut Browser, path: &str, content_type: Option<&str>, body: Vec<u8>) -> Resp {
    let mut req = Request::builder()
        .method("POST")
        .uri(path)
        .header(header::COOKIE, cookies(b))
        .header("sec-fetch-site", "same-origin");
    if let Some(ct) = content_type {
        req = req.header(header::CONTENT_TYPE, ct);
    }
    b.send(req.body(Body::from(body)).unwrap()).await
}

/// A multipart body of these text parts, in order.
fn multipart(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut body = String::new();
    for (k, v) in parts {
        body.push_str(&format!(
            "--XyZ\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
        ));
    }
    body.push_str("--XyZ--\r\n");
    body.into_bytes()
}

const MULTIPART: Option<&str> = Some("multipart/form-data; boundary=XyZ");

async fn is_disabled(t: &TestApp, email: &str) -> bool {
    liaison_store::users::user_by_email(&t.app.db, email)
        .await
        .unwrap()
        .unwrap()
        .disabled
}

#[tokio::test]
async fn csrf_is_checked_on_every_state_changing_request_whatever_its_content_type() {
    let t = spawn().await;
    t.fls("GB-GLA", "GB").await;
    t.user("admin@x.org", "administrator", "").await;
    let nurse = t.user("nurse@x.org", "fls_clinician", "GB-GLA").await;
    let episode = crate::authz::episode(&t, "GB-GLA").await;
    let mut b = t.signed_in("admin@x.org").await;
    let disable = format!("/admin/users/{nurse}/disable");
    let delete = format!("/fls/GB-GLA/episodes/{episode}/delete");

    // Fields in a multipart body without the token: refused, nothing changed.
    for (path, fields) in [
        (disable.as_str(), vec![("x", "1")]),
        (delete.as_str(), vec![("x", "1")]),
        ("/admin/security", vec![("mfa_role", "fls_lead")]),
        (
            "/fls/GB-GLA/episodes",
            vec![("patient_ref", "P9"), ("fracture_date", "2026-01-10")],
        ),
    ] {
        let r = post_body(&mut b, path, MULTIPART, multipart(&fields)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}: {}", r.body);
    }
    // A wrong token, or the right one after another part, is refused too.
    let wrong = multipart(&[("_csrf", "0000")]);
    let r = post_body(&mut b, &disable, MULTIPART, wrong).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let token = b.csrf();
    let late = multipart(&[("x", "1"), ("_csrf", &token)]);
    let r = post_body(&mut b, &disable, MULTIPART, late).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Any other content type, or none, without a valid token: refused.
    for ct in [Some("text/plain"), Some("application/json"), None] {
        let r = post_body(&mut b, &disable, ct, b"_csrf=x".to_vec()).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{ct:?}");
    }
    assert!(!is_disabled(&t, "nurse@x.org").await);
    assert_eq!(
        liaison_app::auth::mfa_required_roles(&t.app).await.unwrap(),
        vec![]
    );
    let still = b.get(&format!("/fls/GB-GLA/episodes/{episode}")).await;
    assert_eq!(still.status, StatusCode::OK);
    // Other methods need it as much as POST does.
    let req = Request::builder()
        .method("DELETE")
        .uri(&delete)
        .header(header::COOKIE, cookies(&b))
        .body(Body::empty())
        .unwrap();
    assert_eq!(b.send(req).await.status, StatusCode::FORBIDDEN);

    // With the token as the first part, a multipart form goes through.
    let ok = multipart(&[("_csrf", &token), ("x", "1")]);
    let r = post_body(&mut b, &disable, MULTIPART, ok).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(is_disabled(&t, "nurse@x.org").await);
}

fn code_for(secret: &str, t: &TestApp) -> String {
    let bytes = liaison_domain::totp::base32_decode(secret).unwrap();
    liaison_domain::totp::code_at(&bytes, t.clock_now().unix_timestamp())
}

/// Turn two-step sign-in on for `email` through the account page; its key.
async fn enrolled(t: &TestApp, email: &str) -> String {
    let mut b = t.signed_in(email).await;
    let secret = b.get("/account/totp").await.texts("#totp-secret")[0].clone();
    let r = b
        .post("/account/totp", &[("code", &code_for(&secret, t))])
        .await;
    assert_eq!(r.location(), "/account?notice=totp-enabled");
    t.clock.advance(time::Duration::seconds(90));
    secret
}

/// A wrong code for `secret` now (the right one, shifted by one).
fn wrong_code(secret: &str, t: &TestApp) -> String {
    let right: u32 = code_for(secret, t).parse().unwrap();
    format!("{:06}", (right + 1) % 1_000_000)
}

async fn audit_details(t: &TestApp, action: &str) -> Vec<String> {
    liaison_store::audit::search(
        &t.app.db,
        &liaison_domain::access::FlsSet::All,
        &liaison_store::audit::Filter {
            action: Some(action.into()),
            ..Default::default()
        },
        1000,
        0,
    )
    .await
    .unwrap()
    .into_iter()
    .map(|r| format!("{} {}", r.outcome, r.detail))
    .collect()
}

#[tokio::test]
async fn wrong_second_factor_codes_lock_the_account_across_sessions_and_addresses() {
    let t = spawn().await;
    t.user("admin@x.org", "administrator", "").await;
    let secret = enrolled(&t, "admin@x.org").await;
    // Five wrong codes (the lockout limit), from two browsers at two addresses: signing in
    // again with the password does not buy more guesses.
    let mut first = t.browser();
    assert_eq!(
        first.sign_in("admin@x.org", PASSWORD).await.location(),
        "/sign-in/totp"
    );
    for _ in 0..3 {
        let r = first
            .post("/sign-in/totp", &[("code", &wrong_code(&secret, &t))])
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let mut second = t.browser();
    second.sign_in("admin@x.org", PASSWORD).await;
    second
        .post("/sign-in/totp", &[("code", &wrong_code(&secret, &t))])
        .await;
    let r = second
        .post("/sign-in/totp", &[("code", &wrong_code(&secret, &t))])
        .await;
    assert_eq!(r.location(), "/sign-in?notice=locked-out");
    // Locked: the right code is no use now, the pending sessions are gone, and the password
    // gets the answer of a wrong one.
    let r = first
        .post("/sign-in/totp", &[("code", &code_for(&secret, &t))])
        .await;
    assert_ne!(r.location(), "/");
    assert_eq!(first.get("/fls").await.location(), "/sign-in?next=%2Ffls");
    let mut third = t.browser();
    let r = third.sign_in("admin@x.org", PASSWORD).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let details = audit_details(&t, "sign_in_second_factor").await;
    assert!(
        details.contains(&"denied wrong code; account locked".to_string()),
        "{details:?}"
    );
    // After the lockout, password and right code sign in.
    t.clock.advance(time::Duration::minutes(16));
    let mut later = t.browser();
    assert_eq!(
        later.sign_in("admin@x.org", PASSWORD).await.location(),
        "/sign-in/totp"
    );
    let r = later
        .post("/sign-in/totp", &[("code", &code_for(&secret, &t))])
        .await;
    assert_eq!(r.location(), "/");
}

#[tokio::test]
async fn second_factor_codes_from_one_address_are_rate_limited() {
    let t = spawn().await;
    for i in 0..3 {
        t.user(&format!("u{i}@x.org"), "administrator", "").await;
    }
    let mut b = t.browser();
    let mut limited = false;
    // Fewer than five wrong codes an account, so only the address's allowance can refuse.
    'users: for i in 0..3 {
        let email = format!("u{i}@x.org");
        let mut s = t.signed_in(&email).await;
        let secret = s.get("/account/totp").await.texts("#totp-secret")[0].clone();
        s.post("/account/totp", &[("code", &code_for(&secret, &t))])
            .await;
        b.cookies.clear();
        b.sign_in(&email, PASSWORD).await;
        for _ in 0..4 {
            let r = b
                .post("/sign-in/totp", &[("code", &wrong_code(&secret, &t))])
                .await;
            if r.status == StatusCode::TOO_MANY_REQUESTS {
                limited = true;
                break 'users;
            }
        }
    }
    assert!(
        limited,
        "12 codes from one address in a minute were all tried"
    );
}

#[tokio::test]
async fn wrong_current_passwords_are_counted_like_sign_in_failures() {
    let t = spawn().await;
    t.user("admin@x.org", "administrator", "").await;
    let mut b = t.signed_in("admin@x.org").await;
    for _ in 0..4 {
        let r = b
            .post(
                "/account/password",
                &[
                    ("current_password", "not the password"),
                    ("new_password", "lilac ferry orbit cellar"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    // The fifth locks the account and ends the session; the right password is no use now.
    let r = b
        .post(
            "/account/password",
            &[
                ("current_password", "not the password"),
                ("new_password", "lilac ferry orbit cellar"),
            ],
        )
        .await;
    assert_eq!(r.location(), "/sign-in?notice=locked-out");
    assert_eq!(
        b.get("/account").await.location(),
        "/sign-in?next=%2Faccount"
    );
    assert_eq!(
        t.browser().sign_in("admin@x.org", PASSWORD).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let details = audit_details(&t, "user.password_change").await;
    assert_eq!(details.len(), 5, "{details:?}");
    assert!(details.contains(&"denied wrong password or code; account locked".to_string()));
}

#[tokio::test]
async fn turning_two_step_sign_in_off_needs_the_password_or_a_code() {
    let t = spawn().await;
    t.user("admin@x.org", "administrator", "").await;
    let secret = enrolled(&t, "admin@x.org").await;
    let mut b = t.browser();
    b.sign_in("admin@x.org", PASSWORD).await;
    b.post("/sign-in/totp", &[("code", &code_for(&secret, &t))])
        .await;
    let enabled = |t: &TestApp| {
        let db = t.app.db.clone();
        async move {
            liaison_store::users::user_by_email(&db, "admin@x.org")
                .await
                .unwrap()
                .unwrap()
                .totp_enabled
        }
    };
    let r = b.post("/account/totp/disable", &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.texts("#e-totp-disable")[0].starts_with("Current password"));
    let r = b
        .post(
            "/account/totp/disable",
            &[("current_password", "not the password")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(enabled(&t).await);
    t.clock.advance(time::Duration::seconds(90));
    let r = b
        .post("/account/totp/disable", &[("code", &code_for(&secret, &t))])
        .await;
    assert_eq!(r.location(), "/account?notice=totp-disabled");
    assert!(!enabled(&t).await);
    assert_eq!(audit_details(&t, "user.totp_disable").await.len(), 3);
}

#[tokio::test]
async fn after_sign_in_only_paths_of_this_site_are_followed() {
    let t = spawn().await;
    t.user("admin@x.org", "administrator", "").await;
    for (next, to) in [
        ("/\t/evil.example/", "/"),
        ("/%09/evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example/", "/"),
        ("https://evil.example/", "/"),
        ("/fls?q=a%20b", "/fls?q=a%20b"),
    ] {
        let mut b = t.browser();
        let r = b
            .post(
                "/sign-in",
                &[
                    ("email", "admin@x.org"),
                    ("password", PASSWORD),
                    ("next", next),
                ],
            )
            .await;
        assert_eq!(r.location(), to, "{next:?}");
        // Signed in already, the sign-in page sends on at once: the same rule.
        let q = urlencoding::encode(next);
        assert_eq!(
            b.get(&format!("/sign-in?next={q}")).await.location(),
            to,
            "{next:?}"
        );
    }
}

#[tokio::test]
async fn common_twelve_character_passwords_are_refused_naming_the_rule() {
    let t = spawn().await;
    t.user("admin@x.org", "administrator", "").await;
    let mut b = t.signed_in("admin@x.org").await;
    for (pw, says) in [
        ("password1234", "too easy to guess"),
        ("111111111111", "repeated"),
        ("qwertyuiop12", "neighbouring keys"),
        ("abcdefghijkl", "sequence"),
    ] {
        let r = b
            .post(
                "/account/password",
                &[("current_password", PASSWORD), ("new_password", pw)],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{pw}");
        let msgs = r.texts(".errors li");
        assert!(
            msgs.len() == 1 && msgs[0].starts_with("New password “***”") && msgs[0].contains(says),
            "{pw}: {msgs:?}"
        );
    }
    b.post("/language", &[("lang", "fr"), ("next", "/account")])
        .await;
    let r = b
        .post(
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "111111111111"),
            ],
        )
        .await;
    assert!(
        r.texts(".errors li")[0].contains("répété"),
        "{:?}",
        r.texts(".errors li")
    );
}

#[tokio::test]
async fn sign_in_answers_the_same_for_an_unknown_address_a_wrong_password_and_a_lock() {
    let t = spawn().await;
    t.user("admin@x.org", "administrator", "").await;
    let mut b = t.browser();
    let answer = |r: &Resp| (r.status, r.texts(".errors li"), r.texts("main p"));
    let unknown = answer(&b.sign_in("nobody@x.org", "not the password").await);
    let wrong = answer(&b.sign_in("admin@x.org", "not the password").await);
    for _ in 0..4 {
        b.sign_in("admin@x.org", "not the password").await;
    }
    let locked = answer(&b.sign_in("admin@x.org", PASSWORD).await);
    assert_eq!(unknown.0, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(unknown, wrong);
    assert_eq!(wrong, locked);
    // The audit trail keeps the real reasons.
    let details = audit_details(&t, "sign_in").await;
    for reason in [
        "denied unknown e-mail",
        "denied wrong password",
        "denied wrong password; account locked",
        "denied account locked",
    ] {
        assert!(
            details.contains(&reason.to_string()),
            "{reason}: {details:?}"
        );
    }
}

#[tokio::test]
async fn hsts_is_sent_on_every_answer_with_secure_cookies_only() {
    let hsts = |r: &Resp| {
        r.headers
            .get(header::STRICT_TRANSPORT_SECURITY)
            .map(|v| v.to_str().unwrap().to_string())
    };
    let secure = spawn_with(Config {
        secure_cookies: true,
        ..Config::default()
    })
    .await;
    let mut b = secure.browser();
    for path in ["/sign-in", "/health", "/no-such-page", "/api/v1/fls"] {
        assert_eq!(
            hsts(&b.get(path).await).as_deref(),
            Some("max-age=31536000; includeSubDomains"),
            "{path}"
        );
    }
    let r = b.post_raw("/sign-in", &[("email", "x")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(hsts(&r).is_some());
    let plain = spawn().await;
    let mut b = plain.browser();
    assert_eq!(hsts(&b.get("/sign-in").await), None);
}

#[tokio::test]
async fn an_fls_lead_neither_learns_nor_touches_accounts_outside_their_fls() {
    let t = spawn().await;
    let aa = t.fls("AA-ONE", "GB").await;
    t.fls("BB-TWO", "GB").await;
    t.user("lead@x.org", "fls_lead", "AA-ONE").await;
    t.user("member@x.org", "viewer", "AA-ONE").await;
    let outsider = t.user("outsider@x.org", "fls_clinician", "BB-TWO").await;
    let mut lead = t.signed_in("lead@x.org").await;
    let add = |email: &'static str| {
        [
            ("email", email),
            ("display_name", ""),
            ("role", "viewer"),
            ("password", "lilac ferry orbit cellar"),
        ]
    };
    let new = lead.post("/fls/AA-ONE/users", &add("fresh@x.org")).await;
    let other = lead.post("/fls/AA-ONE/users", &add("outsider@x.org")).await;
    // One answer, the address aside.
    assert_eq!(new.status, StatusCode::OK);
    assert_eq!(new.status, other.status);
    assert_eq!(
        new.texts("#added")[0].replace("fresh@x.org", "@"),
        other.texts("#added")[0].replace("outsider@x.org", "@")
    );
    assert_eq!(new.texts(".errors li"), other.texts(".errors li"));
    // The outsider's roles and password are untouched; the request waits for an administrator.
    let grants = liaison_store::users::grants_of(&t.app.db, outsider)
        .await
        .unwrap();
    assert_eq!(grants.len(), 1);
    assert_eq!(grants[0].fls_code.as_deref(), Some("BB-TWO"));
    assert_eq!(
        t.browser()
            .sign_in("outsider@x.org", "lilac ferry orbit cellar")
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(audit_details(&t, "user.role_request").await.len(), 1);
    assert!(
        !lead
            .get("/fls/AA-ONE/users")
            .await
            .body
            .contains("outsider@x.org")
    );
    // The new address has an account with the lead's password.
    let mut fresh = t.browser();
    assert_eq!(
        fresh
            .sign_in("fresh@x.org", "lilac ferry orbit cellar")
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    // Someone already in the lead's FLS simply gets the role.
    let r = lead
        .post(
            "/fls/AA-ONE/users",
            &[("email", "member@x.org"), ("role", "fls_clinician")],
        )
        .await;
    assert_eq!(r.location(), "/fls/AA-ONE/users");
    // A user outside the lead's FLSs cannot be reached by id either.
    let g = liaison_domain::access::Grant {
        role: liaison_domain::auth::Role::Viewer,
        fls_id: Some(aa),
        country: None,
        region: None,
    };
    let lead_actor = liaison_app::Actor {
        user_id: None,
        label: "lead".into(),
        ip: String::new(),
        access: liaison_app::auth::access_of(
            &t.app,
            liaison_store::users::user_by_email(&t.app.db, "lead@x.org")
                .await
                .unwrap()
                .unwrap()
                .id,
        )
        .await
        .unwrap()
        .1,
    };
    assert!(
        liaison_app::users::add_grant(&t.app, &lead_actor, outsider, &g)
            .await
            .is_err()
    );
}

#[tokio::test]
async fn a_form_field_that_is_not_utf8_is_refused_naming_it() {
    let t = spawn().await;
    let admin = t.user("admin@x.org", "administrator", "").await;
    let mut b = t.signed_in("admin@x.org").await;
    let token = b.csrf();
    for body in [
        format!("_csrf={token}&name=%FF%FEx").into_bytes(),
        [format!("_csrf={token}&name=").as_bytes(), &[0xC3, 0x28]].concat(),
    ] {
        let r = post_body(
            &mut b,
            "/account/tokens",
            Some("application/x-www-form-urlencoded"),
            body,
        )
        .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert!(r.body.contains("“name”"), "{}", r.body);
    }
    assert!(
        liaison_app::users::tokens_of(&t.app, admin)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn a_multipart_text_field_that_is_not_utf8_is_refused_naming_it() {
    let t = spawn().await;
    t.fls("AA-ONE", "GB").await;
    let uid = t.user("lead@x.org", "fls_lead", "AA-ONE").await;
    let mut b = t.signed_in("lead@x.org").await;
    let csrf = b.csrf();
    let file = "fls_code,patient_ref,fracture_date,sex,birth_date,fracture_site,setting\n\
                AA-ONE,P1,2024-01-05,F,1950-04-02,wrist,outpatient\n";
    let mut body = multipart(&[("_csrf", &csrf)]);
    body.truncate(body.len() - "--XyZ--\r\n".len());
    body.extend_from_slice(b"--XyZ\r\nContent-Disposition: form-data; name=\"date_order\"\r\n\r\n");
    body.extend_from_slice(&[0xFF, 0xFE, b'd']);
    body.extend_from_slice(
        format!("\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.csv\"\r\n\r\n{file}\r\n--XyZ--\r\n")
            .as_bytes(),
    );
    let r = post_body(&mut b, "/import", MULTIPART, body).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("“date_order”"), "{}", r.body);
    // Nothing was staged: no import under a default the user did not choose.
    assert!(
        liaison_app::import::list_mine(&t.app, uid, 10)
            .await
            .unwrap()
            .is_empty()
    );
}

#[cfg(unix)]
#[tokio::test]
async fn the_sqlite_database_and_backups_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let dir = tempfile::tempdir().unwrap();
    let (url, _keep) = match std::env::var("LIAISON_TEST_DATABASE_URL") {
        Ok(u) if u.starts_with("postgres") => fresh_db_url().await,
        _ => (
            format!("sqlite://{}", dir.path().join("reg.db").display()),
            None,
        ),
    };
    let backup = dir.path().join("backup.json");
    // A file that is there already, readable by all, is tightened too.
    std::fs::write(&backup, "old").unwrap();
    std::fs::set_permissions(&backup, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_liaison"))
        .arg("--database")
        .arg(&url)
        .arg("backup")
        .arg(&backup)
        .env("LIAISON_LOG", "error")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(mode(&backup), 0o600);
    if url.starts_with("sqlite") {
        for name in ["reg.db", "reg.db-wal", "reg.db-shm"] {
            let p = dir.path().join(name);
            if name == "reg.db" || p.exists() {
                assert_eq!(mode(&p), 0o600, "{name}");
            }
        }
    }
}
