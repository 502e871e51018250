//! Time-based one-time passwords (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits), the second
//! factor every authenticator app understands. The codes and their constant-time comparison
//! are `totp-rs`'s; the time is always passed in (no clock reads here).

use totp_rs::{Algorithm, Builder, Secret, Totp};

const STEP: u64 = 30;
const DIGITS: u8 = 6;
/// Steps accepted on either side of the current one (clock drift between phone and server).
const SKEW: u16 = 1;

fn builder(secret: &[u8]) -> Builder {
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(DIGITS)
        .with_step_duration(STEP)
        .with_secret(secret.to_vec())
}

/// The generator for `secret` checking one step at a time (`verify` walks the window), or
/// `None` when the secret is not a usable one (shorter than RFC 4226's 128 bits): such a
/// secret never verifies.
fn totp(secret: &[u8]) -> Option<Totp> {
    builder(secret).with_skew(0).build().ok()
}

/// The code for the 30-second step containing `unix_time`.
pub fn code_at(secret: &[u8], unix_time: i64) -> String {
    totp(secret)
        .map(|t| t.generate(unix_time.max(0).unsigned_abs()).to_string())
        .unwrap_or_default()
}

/// Accept the current step and one on either side (clock drift), never the same step twice:
/// returns the step used so the caller can store it and refuse a replay.
pub fn verify(
    secret: &[u8],
    code: &str,
    unix_time: i64,
    last_used_step: Option<i64>,
) -> Option<i64> {
    let t = totp(secret)?;
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let now = unix_time.max(0).unsigned_abs();
    // Each step of the window on its own, so that a step already used is skipped rather than
    // hiding a later one the same code also matches.
    let first = (now / STEP).saturating_sub(u64::from(SKEW));
    (first..=now / STEP + u64::from(SKEW))
        .filter_map(|s| i64::try_from(s).ok())
        .filter(|s| last_used_step.is_none_or(|l| *s > l))
        // `check` compares in constant time; with a skew of 0 it tries this one step only.
        .find(|s| t.check(&code, s.unsigned_abs() * STEP).is_some())
}

/// RFC 4648 base32 without padding, as authenticator apps expect the secret.
pub fn base32(bytes: &[u8]) -> String {
    Secret::from(bytes.to_vec()).to_base32()
}

pub fn base32_decode(s: &str) -> Option<Vec<u8>> {
    let s: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '=')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    Secret::try_from_base32(s)
        .ok()
        .map(|s| s.as_bytes().to_vec())
}

/// The `otpauth://` URI an authenticator app imports (as text or as a QR code); `None` when the
/// account name cannot be put in one (it holds a colon).
pub fn uri(issuer: &str, account: &str, secret: &[u8]) -> Option<String> {
    builder(secret)
        .with_skew(SKEW)
        .with_issuer(Some(issuer))
        .with_account_name(account)
        .build()
        .ok()?
        .to_url()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 6238 appendix B, SHA1 secret "12345678901234567890" (8-digit codes; we use the last 6).
    #[test]
    fn rfc6238_vectors() {
        let s = b"12345678901234567890";
        assert_eq!(code_at(s, 59), "287082");
        assert_eq!(code_at(s, 1111111109), "081804");
        assert_eq!(code_at(s, 1111111111), "050471");
        assert_eq!(code_at(s, 1234567890), "005924");
        assert_eq!(code_at(s, 2000000000), "279037");
        assert_eq!(code_at(s, 20000000000), "353130");
    }

    #[test]
    fn verify_allows_drift_and_refuses_replay() {
        let s = b"12345678901234567890";
        let t = 1111111109;
        let step = verify(s, "081804", t + 30, None).unwrap();
        assert_eq!(step, t / 30);
        assert_eq!(verify(s, "081804", t - 30, None), Some(t / 30));
        assert_eq!(verify(s, "081804", t + 30, Some(step)), None);
        assert_eq!(verify(s, "081804", t + 95, None), None);
        assert_eq!(verify(s, "081804", t - 65, None), None);
        assert_eq!(verify(s, "08 18 04", t, None), Some(t / 30));
        assert_eq!(verify(s, "12345", t, None), None);
        assert_eq!(verify(s, "+81804", t, None), None);
    }

    #[test]
    fn a_short_secret_never_verifies() {
        let s = b"0123456789";
        assert_eq!(code_at(s, 59), "");
        assert_eq!(verify(s, "", 59, None), None);
    }

    #[test]
    fn base32_round_trip() {
        assert_eq!(base32(b"foobar"), "MZXW6YTBOI");
        assert_eq!(base32_decode("mzxw 6ytb oi").unwrap(), b"foobar");
        assert_eq!(base32_decode("MZXW6YTB0I"), None);
    }

    #[test]
    fn uri_names_issuer_account_and_secret() {
        let u = uri("Liaison", "a.b@x.org", b"12345678901234567890").unwrap();
        assert!(u.starts_with("otpauth://totp/Liaison:a.b%40x.org?"), "{u}");
        assert!(u.contains("secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"), "{u}");
        assert!(u.contains("issuer=Liaison"), "{u}");
        assert_eq!(uri("Liaison", "a:b@x.org", b"12345678901234567890"), None);
    }
}
