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
