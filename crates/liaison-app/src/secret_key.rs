//! The deployment's secret key, which encrypts second-factor secrets at rest
//! (docs/security.md). A stored secret reads `v1:` + base64(nonce ‖ ciphertext ‖ tag):
//! XChaCha20-Poly1305, a random 24-byte nonce each time, the owner's id as associated data so a
//! value copied onto another user's row does not open. The version prefix lets a later key or
//! algorithm sit beside this one.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use std::path::{Path, PathBuf};

/// The prefix of a value sealed with [`SecretKey::seal`].
pub const V1: &str = "v1:";
const NONCE: usize = 24;

pub struct SecretKey(XChaCha20Poly1305);

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(..)")
    }
}

/// Why a stored secret could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum OpenError {
    #[error("it is encrypted, and no secret key is configured (--secret-key-file)")]
    NoKey,
    #[error(
        "it does not decrypt with the configured secret key: a different key, or a damaged value"
    )]
    WrongKey,
    #[error("it is not in a form Liaison knows")]
    Malformed,
}

impl SecretKey {
    pub fn from_bytes(bytes: [u8; 32]) -> SecretKey {
        SecretKey(XChaCha20Poly1305::new(&bytes.into()))
    }

    /// A new random key.
    pub fn generate() -> SecretKey {
        SecretKey::from_bytes(random())
    }

    /// 32 bytes written as base64 or as 64 hex digits (surrounding whitespace ignored).
    pub fn parse(text: &str) -> Option<SecretKey> {
        let t = text.trim();
        let bytes = if t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()) {
            (0..32)
                .map(|i| u8::from_str_radix(&t[2 * i..2 * i + 2], 16).ok())
                .collect::<Option<Vec<u8>>>()?
        } else {
            STANDARD
                .decode(t)
                .or_else(|_| STANDARD_NO_PAD.decode(t))
                .ok()?
        };
        Some(SecretKey::from_bytes(bytes.try_into().ok()?))
    }

    /// Encrypt `plain` for the record named by `context` (its owner).
    pub fn seal(&self, plain: &[u8], context: &str) -> String {
        let nonce: [u8; NONCE] = random();
        let payload = Payload {
            msg: plain,
            aad: context.as_bytes(),
        };
        // Encryption fails only on messages of gigabytes; a secret is 20 bytes.
        let ct = self
            .0
            .encrypt(&XNonce::from(nonce), payload)
            .unwrap_or_default();
        let mut out = nonce.to_vec();
        out.extend(ct);
        format!("{V1}{}", STANDARD.encode(out))
    }

    /// Decrypt a value [`SecretKey::seal`] made for the same `context`.
    pub fn open(&self, stored: &str, context: &str) -> Result<Vec<u8>, OpenError> {
        let raw = stored
            .strip_prefix(V1)
            .and_then(|b| STANDARD.decode(b).ok())
            .filter(|r| r.len() > NONCE)
            .ok_or(OpenError::Malformed)?;
        let (nonce, ct) = raw.split_at(NONCE);
        let nonce: [u8; NONCE] = nonce.try_into().map_err(|_| OpenError::Malformed)?;
        let payload = Payload {
            msg: ct,
            aad: context.as_bytes(),
        };
        self.0
            .decrypt(&XNonce::from(nonce), payload)
            .map_err(|_| OpenError::WrongKey)
    }
}

fn random<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut b);
    b
}

/// Where the key came from, for the start-up log.
#[derive(Debug, PartialEq, Eq)]
pub enum Source {
    /// `--secret-key-file`, or the `<database>.key` file beside a SQLite database.
    File(PathBuf),
    /// Created just now beside the SQLite database.
    Created(PathBuf),
    /// An in-memory SQLite database: a key as short-lived as its data.
    Ephemeral,
    /// PostgreSQL without `--secret-key-file`: no key (docs/security.md).
    None,
}

/// The key for the database at `url`: read from `file` when given; else, for a SQLite file,
/// from `<file>.key` beside it, created (mode 0600) on first start; for PostgreSQL, none: a
/// key generated on one server's disk would differ between instances and be lost with a
/// container, and every second factor with it.
pub fn load(url: &str, file: Option<&Path>) -> Result<(Option<SecretKey>, Source), String> {
    if let Some(path) = file {
        return Ok((Some(read(path)?), Source::File(path.into())));
    }
    let Some(db) = sqlite_path(url) else {
        return Ok((None, Source::None));
    };
    let Some(db) = db else {
        return Ok((Some(SecretKey::generate()), Source::Ephemeral));
    };
    let mut name = db.into_os_string();
    name.push(".key");
    let path = PathBuf::from(name);
    match create(&path) {
        Ok(key) => Ok((Some(key), Source::Created(path))),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            Ok((Some(read(&path)?), Source::File(path)))
        }
        Err(e) => Err(format!(
            "liaison: cannot create the secret key file {}: {e}",
            path.display()
        )),
    }
}

/// `Some(Some(path))` for a SQLite file, `Some(None)` for an in-memory SQLite database, `None`
/// for any other engine.
fn sqlite_path(url: &str) -> Option<Option<PathBuf>> {
    let rest = url.strip_prefix("sqlite:")?;
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let path = path.strip_prefix("//").unwrap_or(path);
    if path.is_empty() || path == ":memory:" || query.contains("mode=memory") {
        return Some(None);
    }
    Some(Some(PathBuf::from(path)))
}

fn create(path: &Path) -> std::io::Result<SecretKey> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    let mut f = opts.open(path)?;
    let bytes: [u8; 32] = random();
    writeln!(f, "{}", STANDARD.encode(bytes))?;
    f.sync_all()?;
    Ok(SecretKey::from_bytes(bytes))
}

fn read(path: &Path) -> Result<SecretKey, String> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        format!(
            "liaison: cannot read the secret key file {}: {e}",
            path.display()
        )
    })?;
    #[cfg(unix)]
    if let Ok(m) = std::fs::metadata(path) {
        use std::os::unix::fs::PermissionsExt;
        if m.permissions().mode() & 0o077 != 0 {
            tracing::warn!(
                file = %path.display(),
                "the secret key file can be read by other users: chmod 600 it"
            );
        }
    }
    SecretKey::parse(&text).ok_or_else(|| {
        format!(
            "liaison: the secret key file {} must hold 32 random bytes, as base64 or 64 hex digits",
            path.display()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_open_only_with_their_key_and_context() {
        let k = SecretKey::generate();
        let s = k.seal(b"12345678901234567890", "user:1");
        assert!(s.starts_with("v1:"), "{s}");
        assert!(!s.contains("12345678901234567890"));
        assert_ne!(s, k.seal(b"12345678901234567890", "user:1"), "fresh nonce");
        assert_eq!(k.open(&s, "user:1").unwrap(), b"12345678901234567890");
        assert_eq!(k.open(&s, "user:2"), Err(OpenError::WrongKey));
        let other = SecretKey::generate();
        assert_eq!(other.open(&s, "user:1"), Err(OpenError::WrongKey));
        assert_eq!(k.open("v1:!!", "user:1"), Err(OpenError::Malformed));
        assert_eq!(k.open("GEZDGNBV", "user:1"), Err(OpenError::Malformed));
    }

    #[test]
    fn keys_are_read_as_base64_or_hex_of_32_bytes() {
        let hex = "00".repeat(32);
        let b64 = STANDARD.encode([0u8; 32]);
        let a = SecretKey::parse(&hex).unwrap();
        let b = SecretKey::parse(&format!("{b64}\n")).unwrap();
        assert_eq!(b.open(&a.seal(b"x", "c"), "c").unwrap(), b"x");
        assert!(SecretKey::parse(&STANDARD.encode([0u8; 16])).is_none());
        assert!(SecretKey::parse("not a key").is_none());
    }

    #[test]
    fn a_sqlite_database_gets_a_private_key_file_beside_it_once() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("r.db").display());
        let (k1, src) = load(&url, None).unwrap();
        let path = dir.path().join("r.db.key");
        assert_eq!(src, Source::Created(path.clone()));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let (k2, src) = load(&url, None).unwrap();
        assert_eq!(src, Source::File(path.clone()));
        let sealed = k1.unwrap().seal(b"secret", "c");
        assert_eq!(k2.unwrap().open(&sealed, "c").unwrap(), b"secret");
        // A file given explicitly wins; a bad one stops the start with a clear message.
        std::fs::write(dir.path().join("bad.key"), "short").unwrap();
        let err = load(&url, Some(&dir.path().join("bad.key"))).unwrap_err();
        assert!(err.contains("must hold 32 random bytes"), "{err}");
    }

    #[test]
    fn postgres_without_a_key_file_has_no_key_and_memory_a_fleeting_one() {
        let (k, src) = load("postgres://localhost/x", None).unwrap();
        assert!(k.is_none() && src == Source::None);
        let (k, src) = load("sqlite::memory:", None).unwrap();
        assert!(k.is_some() && src == Source::Ephemeral);
    }
}
