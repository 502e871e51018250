//! Two-step sign-in: the enrolment page's QR code, and the secret kept encrypted at rest.

use crate::helpers::*;
use axum::http::StatusCode;

/// The dark modules of the page's QR code, read from its SVG path (`M x y h w v1 h-w z` runs).
fn qr_modules(page: &Resp) -> (usize, Vec<Vec<bool>>) {
    let view_box = page.attr("svg#totp-qr", "viewBox").expect("QR viewBox");
    let size: usize = view_box.rsplit(' ').next().unwrap().parse().unwrap();
    let d = page.attr("svg#totp-qr path", "d").expect("QR path");
    let mut grid = vec![vec![false; size]; size];
    for run in d.split('M').filter(|r| !r.is_empty()) {
        let n: Vec<usize> = run
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().unwrap())
            .collect();
        grid[n[1]][n[0]..n[0] + n[2]].fill(true);
    }
    (size, grid)
}

/// What a phone's camera would read: the QR code drawn 4 pixels a module, then decoded.
fn scan(page: &Resp) -> String {
    let (size, grid) = qr_modules(page);
    let px = 4;
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(size * px, size * px, |x, y| {
        if grid[y / px][x / px] { 0 } else { 255 }
    });
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code found");
    grids[0].decode().expect("the QR code decodes").1
}

fn code_at(secret_b32: &str, t: &TestApp) -> String {
    use liaison_domain::clock::Clock;
    let bytes = liaison_domain::totp::base32_decode(secret_b32).unwrap();
    liaison_domain::totp::code_at(&bytes, t.clock.now().unix_timestamp())
}

#[tokio::test]
async fn the_enrolment_page_shows_a_qr_code_that_scans_to_the_key_shown_beside_it() {
    let t = spawn().await;
    t.user("admin@x.org", "administrator", "").await;
    let mut b = t.signed_in("admin@x.org").await;
    let page = b.get("/account/totp").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.attr("svg#totp-qr", "role").as_deref(), Some("img"));
    let label = page.attr("svg#totp-qr", "aria-labelledby").unwrap();
    assert_eq!(
        page.texts(&format!("svg#totp-qr title#{label}")),
        ["QR code of your two-step sign-in key, for an authenticator app"]
    );
    // Inline styles are refused by the page's Content-Security-Policy: none are used.
    assert!(page.html().select(&sel("[style]")).next().is_none());
    // Dark on a white square: the background is drawn, not left to the page's theme.
    assert_eq!(
        page.attr("svg#totp-qr rect", "fill").as_deref(),
        Some("#fff")
    );

    let secret = page.texts("#totp-secret")[0].clone();
    let uri = scan(&page);
    assert_eq!(page.attr("a#totp-uri", "href").as_deref(), Some(&*uri));
    assert!(
        uri.starts_with("otpauth://totp/Liaison:admin%40x.org?"),
        "{uri}"
    );
    let scanned = uri
        .split(['?', '&'])
        .find_map(|p| p.strip_prefix("secret="))
        .unwrap();
    assert_eq!(scanned, secret);
    // A code from the scanned key turns two-step sign-in on.
    let r = b
        .post("/account/totp", &[("code", &code_at(scanned, &t))])
        .await;
    assert_eq!(r.location(), "/account?notice=totp-enabled");
}

fn sel(s: &str) -> scraper::Selector {
    scraper::Selector::parse(s).unwrap()
}

/// The log lines written while `f` runs (this test's thread only).
async fn logged<F: std::future::Future>(f: F) -> (F::Output, String) {
    #[derive(Clone, Default)]
    struct Buf(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);
    impl std::io::Write for Buf {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let buf = Buf::default();
    let w = buf.clone();
    let sub = tracing_subscriber::fmt()
        .with_ansi(false)
        .with_writer(move || w.clone())
        .finish();
    let out = {
        let _g = tracing::subscriber::set_default(sub);
        f.await
    };
    let text = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
    (out, text)
}

async fn stored_secret(t: &TestApp, email: &str) -> Option<String> {
    liaison_store::users::user_by_email(&t.app.db, email)
        .await
        .unwrap()
        .unwrap()
        .totp_secret
}

/// Enrol `email` (signed in as `b`) through the page; the key the page showed.
pub async fn enrol(t: &TestApp, b: &mut Browser) -> String {
    let secret = b.get("/account/totp").await.texts("#totp-secret")[0].clone();
    let r = b
        .post("/account/totp", &[("code", &code_at(&secret, t))])
        .await;
    assert_eq!(r.location(), "/account?notice=totp-enabled");
    secret
}

/// Sign in with password and code, 90 s later (a fresh step); where the code form sends us.
pub async fn sign_in_with_code(t: &TestApp, email: &str, secret: &str) -> Resp {
    t.clock.advance(time::Duration::seconds(90));
    let mut b = t.browser();
    assert_eq!(b.sign_in(email, PASSWORD).await.location(), "/sign-in/totp");
    b.post("/sign-in/totp", &[("code", &code_at(secret, t))])
        .await
}

#[tokio::test]
async fn the_secret_is_stored_encrypted_and_a_wrong_key_fails_closed() {
    let t = spawn().await;
    t.user("admin@x.org", "administrator", "").await;
    let mut b = t.signed_in("admin@x.org").await;
    let secret = enrol(&t, &mut b).await;
    let stored = stored_secret(&t, "admin@x.org").await.unwrap();
    assert!(stored.starts_with("v1:"), "{stored}");
    assert!(!stored.contains(&secret), "{stored}");
    assert_eq!(
        sign_in_with_code(&t, "admin@x.org", &secret)
            .await
            .location(),
        "/"
    );

    // The same database started with another key: the code is refused, and the log says why.
    let other = t.restarted_with(liaison_app::app::Config {
        secret_key: Some(std::sync::Arc::new(
            liaison_app::secret_key::SecretKey::generate(),
        )),
        ..Default::default()
    });
    let (r, log) = logged(sign_in_with_code(&other, "admin@x.org", &secret)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        log.contains("two-step secret cannot be read") && log.contains("secret key"),
        "{log}"
    );
    // The right key still opens it: nothing was lost or rewritten.
    assert_eq!(stored_secret(&t, "admin@x.org").await.unwrap(), stored);
    assert_eq!(
        sign_in_with_code(&t, "admin@x.org", &secret)
            .await
            .location(),
        "/"
    );
}

#[tokio::test]
async fn secrets_stored_in_the_clear_keep_working_and_get_encrypted() {
    let t = spawn().await;
    let id = t.user("admin@x.org", "administrator", "").await;
    // As an earlier version stored it: base32 in the clear.
    let secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    let mut tx = t.app.db.begin().await.unwrap();
    liaison_store::users::set_totp(&mut tx, id, Some(secret), true)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        sign_in_with_code(&t, "admin@x.org", secret)
            .await
            .location(),
        "/"
    );
    // What `App::open` does at start-up.
    let n = liaison_app::users::seal_plaintext_totp_secrets(&t.app)
        .await
        .unwrap();
    assert_eq!(n, 1);
    let stored = stored_secret(&t, "admin@x.org").await.unwrap();
    assert!(
        stored.starts_with("v1:") && !stored.contains(secret),
        "{stored}"
    );
    assert_eq!(
        sign_in_with_code(&t, "admin@x.org", secret)
            .await
            .location(),
        "/"
    );
}

#[tokio::test]
async fn without_a_secret_key_two_step_sign_in_cannot_be_set_up() {
    let t = spawn().await;
    t.user("admin@x.org", "administrator", "").await;
    // A PostgreSQL deployment started without --secret-key-file.
    let t = t.restarted_with(liaison_app::app::Config::default());
    let mut b = t.signed_in("admin@x.org").await;
    let page = b.get("/account/totp").await;
    assert_eq!(page.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        page.texts("#totp-unavailable"),
        [
            "Two-step sign-in cannot be set up yet: the registry has no key to keep it secret. Ask the registry’s operator to configure one."
        ]
    );
    assert!(page.html().select(&sel("#totp-secret")).next().is_none());
    assert_eq!(stored_secret(&t, "admin@x.org").await, None);
}
