//! Time-based one-time passwords (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits), the second
//! factor every authenticator app understands.

use hmac::{Hmac, Mac};
use subtle::ConstantTimeEq;

const STEP: i64 = 30;
const DIGITS: u32 = 6;

/// The code for the 30-second step containing `unix_time`.
pub fn code_at(secret: &[u8], unix_time: i64) -> String {
    hotp(secret, (unix_time.max(0) / STEP) as u64)
}

fn hotp(secret: &[u8], counter: u64) -> String {
    let Ok(mut mac) = Hmac::<sha1::Sha1>::new_from_slice(secret) else {
        return String::new();
    };
    mac.update(&counter.to_be_bytes());
    let h = mac.finalize().into_bytes();
    let off = usize::from(h[19] & 0x0f);
    let bin = (u32::from(h[off] & 0x7f) << 24)
        | (u32::from(h[off + 1]) << 16)
        | (u32::from(h[off + 2]) << 8)
        | u32::from(h[off + 3]);
    format!(
        "{:0width$}",
        bin % 10u32.pow(DIGITS),
        width = DIGITS as usize
    )
}

/// Accept the current step and one on either side (clock drift), never the same step twice:
/// returns the step used so the caller can store it and refuse a replay.
pub fn verify(
    secret: &[u8],
    code: &str,
    unix_time: i64,
    last_used_step: Option<i64>,
) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != DIGITS as usize {
        return None;
    }
    let now = unix_time / STEP;
    (now - 1..=now + 1)
        .filter(|s| last_used_step.is_none_or(|l| *s > l))
        .find(|s| {
            let want = hotp(secret, (*s).max(0) as u64);
            bool::from(want.as_bytes().ct_eq(code.as_bytes()))
        })
}

const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// RFC 4648 base32 without padding, as authenticator apps expect the secret.
pub fn base32(bytes: &[u8]) -> String {
    let mut out = String::new();
    let (mut buf, mut bits) = (0u32, 0u32);
    for b in bytes {
        buf = (buf << 8) | u32::from(*b);
        bits += 8;
        while bits >= 5 {
            out.push(char::from(ALPHABET[((buf >> (bits - 5)) & 31) as usize]));
            bits -= 5;
        }
    }
    if bits > 0 {
        out.push(char::from(ALPHABET[((buf << (5 - bits)) & 31) as usize]));
    }
    out
}

pub fn base32_decode(s: &str) -> Option<Vec<u8>> {
    let (mut buf, mut bits, mut out) = (0u32, 0u32, Vec::new());
    for c in s.chars().filter(|c| !c.is_whitespace() && *c != '=') {
        let v = ALPHABET
            .iter()
            .position(|a| char::from(*a) == c.to_ascii_uppercase())? as u32;
        buf = (buf << 5) | v;
        bits += 5;
        if bits >= 8 {
            out.push(((buf >> (bits - 8)) & 0xff) as u8);
            bits -= 8;
        }
    }
    Some(out)
}

/// The `otpauth://` URI an authenticator app imports.
pub fn uri(issuer: &str, account: &str, secret: &[u8]) -> String {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'@' => {
                    char::from(b).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    format!(
        "otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits=6&period=30",
        enc(issuer),
        enc(account),
        base32(secret),
        enc(issuer)
    )
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
        assert_eq!(code_at(s, 1234567890), "005924");
        assert_eq!(code_at(s, 2000000000), "279037");
    }

    #[test]
    fn verify_allows_drift_and_refuses_replay() {
        let s = b"12345678901234567890";
        let t = 1111111109;
        let step = verify(s, "081804", t + 30, None).unwrap();
        assert_eq!(verify(s, "081804", t + 30, Some(step)), None);
        assert_eq!(verify(s, "081804", t + 95, None), None);
        assert_eq!(verify(s, "12345", t, None), None);
    }

    #[test]
    fn base32_round_trip() {
        assert_eq!(base32(b"foobar"), "MZXW6YTBOI");
        assert_eq!(base32_decode("MZXW6YTBOI").unwrap(), b"foobar");
    }
}
