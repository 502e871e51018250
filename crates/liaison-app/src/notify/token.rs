//! Unsubscribe links that work without signing in: what to stop, signed with HMAC-SHA-256
//! under a random key the deployment keeps in its settings (made on first use). A link whose
//! signature does not check names nothing. Base64url, so it sits in a path unescaped.

use crate::Result;
use crate::app::App;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use liaison_store::settings;
use sha2::Sha256;

const KEY_SETTING: &str = "notify_signing_key";

/// What an unsubscribe link stops.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stop {
    /// (user, FLS): that FLS's worklist digest.
    Digest(i64, i64),
    /// (user): KPI alerts.
    KpiAlerts(i64),
    /// (user): facilities-round deadline reminders.
    FacilitiesDeadline(i64),
}

impl Stop {
    fn payload(&self) -> String {
        match self {
            Stop::Digest(u, f) => format!("d.{u}.{f}"),
            Stop::KpiAlerts(u) => format!("k.{u}"),
            Stop::FacilitiesDeadline(u) => format!("f.{u}"),
        }
    }

    fn parse(p: &str) -> Option<Stop> {
        let parts: Vec<&str> = p.split('.').collect();
        match parts.as_slice() {
            ["d", u, f] => Some(Stop::Digest(u.parse().ok()?, f.parse().ok()?)),
            ["k", u] => Some(Stop::KpiAlerts(u.parse().ok()?)),
            ["f", u] => Some(Stop::FacilitiesDeadline(u.parse().ok()?)),
            _ => None,
        }
    }
}

/// The deployment's signing key, made and kept the first time it is needed.
pub async fn signing_key(app: &App) -> Result<Vec<u8>> {
    if let Some(k) = settings::get(&app.db, KEY_SETTING).await?
        && let Ok(bytes) = URL_SAFE_NO_PAD.decode(k)
    {
        return Ok(bytes);
    }
    let fresh: [u8; 32] = rand::random();
    let mut tx = app.db.begin().await?;
    // Two makers at once: the first one's key stays.
    settings::insert_absent(&mut tx, KEY_SETTING, &URL_SAFE_NO_PAD.encode(fresh)).await?;
    tx.commit().await?;
    let stored = settings::get(&app.db, KEY_SETTING)
        .await?
        .unwrap_or_default();
    Ok(URL_SAFE_NO_PAD.decode(stored).unwrap_or_default())
}

fn mac(key: &[u8], payload: &str) -> Hmac<Sha256> {
    // HMAC takes a key of any length.
    let mut m = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC accepts any key length");
    m.update(payload.as_bytes());
    m
}

pub fn sign(key: &[u8], stop: &Stop) -> String {
    let payload = stop.payload();
    let tag = mac(key, &payload).finalize().into_bytes();
    format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(payload),
        URL_SAFE_NO_PAD.encode(tag)
    )
}

/// What a link stops, when its signature checks (in constant time).
pub fn verify(key: &[u8], link: &str) -> Option<Stop> {
    let (p, t) = link.split_once('.')?;
    let payload = String::from_utf8(URL_SAFE_NO_PAD.decode(p).ok()?).ok()?;
    let tag = URL_SAFE_NO_PAD.decode(t).ok()?;
    mac(key, &payload).verify_slice(&tag).ok()?;
    Stop::parse(&payload)
}

/// The link that cancels one event registration without signing in (a visitor has no
/// account). Its payload is no [`Stop`], so it unsubscribes from nothing.
pub fn sign_registration(key: &[u8], registration: i64) -> String {
    let payload = format!("r.{registration}");
    let tag = mac(key, &payload).finalize().into_bytes();
    format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(payload),
        URL_SAFE_NO_PAD.encode(tag)
    )
}

pub fn verify_registration(key: &[u8], link: &str) -> Option<i64> {
    let (p, t) = link.split_once('.')?;
    let payload = String::from_utf8(URL_SAFE_NO_PAD.decode(p).ok()?).ok()?;
    let tag = URL_SAFE_NO_PAD.decode(t).ok()?;
    mac(key, &payload).verify_slice(&tag).ok()?;
    payload.strip_prefix("r.")?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signed_link_reads_back_and_a_changed_one_does_not() {
        let key = [7u8; 32];
        let s = sign(&key, &Stop::Digest(3, 9));
        assert_eq!(verify(&key, &s), Some(Stop::Digest(3, 9)));
        let other = sign(&key, &Stop::Digest(4, 9));
        let forged = format!(
            "{}.{}",
            other.split_once('.').unwrap().0,
            s.split_once('.').unwrap().1
        );
        assert_eq!(verify(&key, &forged), None);
        assert_eq!(verify(&[8u8; 32], &s), None);
        assert_eq!(verify(&key, "garbage"), None);
    }
}
