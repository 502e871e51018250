//! The audit trail's hash chain (docs/security.md, "The audit trail"): each row stores
//! SHA-256(previous row's hash, the row's content), so changing, removing or reordering any row
//! changes every hash after it. Pure: the store supplies the rows in order and keeps the head.

use sha2::{Digest, Sha256};

/// The content of one audit row that the chain covers: every column but its id and hashes.
#[derive(Debug, Clone, Copy)]
pub struct Content<'a> {
    /// Microseconds since the Unix epoch: what both engines keep of a timestamp.
    pub at_micros: i64,
    pub actor_user_id: Option<i64>,
    pub actor: &'a str,
    pub ip: &'a str,
    pub action: &'a str,
    pub outcome: &'a str,
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub fls_id: Option<i64>,
    pub before_json: Option<&'a str>,
    pub after_json: Option<&'a str>,
    pub detail: &'a str,
}

/// The hash before the first row of a trail, in hex.
pub fn genesis() -> String {
    hex(&Sha256::digest(b"liaison audit chain v1"))
}

/// The hash of a row after `prev`, in hex. Each field is tagged and length-prefixed, so no two
/// different rows share an encoding (`"ab" + "c"` is not `"a" + "bc"`, NULL is not `""`).
pub fn link(prev: &str, c: &Content<'_>) -> String {
    let mut h = Sha256::new();
    h.update(b"liaison audit row v1\0");
    h.update(prev.as_bytes());
    h.update(c.at_micros.to_be_bytes());
    let mut opt_int = |v: Option<i64>| match v {
        None => h.update([0u8]),
        Some(v) => {
            h.update([1u8]);
            h.update(v.to_be_bytes());
        }
    };
    opt_int(c.actor_user_id);
    opt_int(c.fls_id);
    let texts = [
        Some(c.actor),
        Some(c.ip),
        Some(c.action),
        Some(c.outcome),
        Some(c.entity),
        Some(c.entity_id),
        c.before_json,
        c.after_json,
        Some(c.detail),
    ];
    for t in texts {
        match t {
            None => h.update([0u8]),
            Some(t) => {
                h.update([1u8]);
                h.update((t.len() as u64).to_be_bytes());
                h.update(t.as_bytes());
            }
        }
    }
    hex(&h.finalize())
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// A stored row as the check sees it.
#[derive(Debug, Clone)]
pub struct Stored<'a> {
    pub id: i64,
    pub content: Content<'a>,
    /// None for rows written before the chain existed (their hash is recomputed, not stored).
    pub prev_hash: Option<&'a str>,
    pub hash: Option<&'a str>,
}

/// Why a trail does not check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Broken {
    /// The row's hash is not that of its content after the row before it: the row was edited,
    /// or a row before it removed or inserted.
    Row { id: i64, reason: &'static str },
    /// Every row checks but the chain's head does not match the last row: rows were removed
    /// from the end, or the head was changed.
    Head { reason: &'static str },
}

/// The check of a whole trail, fed its rows in id order.
#[derive(Debug, Clone)]
pub struct Verifier {
    hash: String,
    rows: i64,
    /// A chained row was seen: a row without a hash after it was inserted around the chain.
    chained: bool,
}

impl Default for Verifier {
    fn default() -> Self {
        Verifier {
            hash: genesis(),
            rows: 0,
            chained: false,
        }
    }
}

impl Verifier {
    pub fn push(&mut self, r: &Stored<'_>) -> Result<(), Broken> {
        let next = link(&self.hash, &r.content);
        match (r.prev_hash, r.hash) {
            (None, None) if !self.chained => {}
            (None, None) => {
                return Err(Broken::Row {
                    id: r.id,
                    reason: "row without a hash after the chain began",
                });
            }
            (Some(p), Some(h)) => {
                self.chained = true;
                if p != self.hash {
                    return Err(Broken::Row {
                        id: r.id,
                        reason: "previous hash does not match the row before",
                    });
                }
                if h != next {
                    return Err(Broken::Row {
                        id: r.id,
                        reason: "hash does not match the row's content",
                    });
                }
            }
            _ => {
                return Err(Broken::Row {
                    id: r.id,
                    reason: "half a hash",
                });
            }
        }
        self.hash = next;
        self.rows += 1;
        Ok(())
    }

    /// Rows checked so far and the hash after the last.
    pub fn head(&self) -> (i64, &str) {
        (self.rows, &self.hash)
    }

    /// The end of the trail: the head the store keeps must be where the rows led.
    pub fn finish(&self, head_rows: i64, head_hash: &str) -> Result<(), Broken> {
        if head_rows != self.rows {
            return Err(Broken::Head {
                reason: "the chain's head counts another number of rows",
            });
        }
        if head_hash != self.hash {
            return Err(Broken::Head {
                reason: "the chain's head is not the last row's hash",
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(detail: &str) -> Content<'_> {
        Content {
            at_micros: 1_790_000_000_000_000,
            actor_user_id: Some(3),
            actor: "a@b.test",
            ip: "10.0.0.1",
            action: "episode.read",
            outcome: "ok",
            entity: "episode",
            entity_id: "7",
            fls_id: Some(1),
            before_json: None,
            after_json: Some("{}"),
            detail,
        }
    }

    fn chain(details: &[&'static str]) -> Vec<(String, String)> {
        let mut prev = genesis();
        details
            .iter()
            .map(|d| {
                let h = link(&prev, &row(d));
                let out = (prev.clone(), h.clone());
                prev = h;
                out
            })
            .collect()
    }

    fn verify(details: &[&'static str], hashes: &[(String, String)]) -> Result<(), Broken> {
        let mut v = Verifier::default();
        for (i, (d, (p, h))) in details.iter().zip(hashes).enumerate() {
            v.push(&Stored {
                id: i as i64 + 1,
                content: row(d),
                prev_hash: Some(p),
                hash: Some(h),
            })?;
        }
        let (n, h) = v.head();
        let h = h.to_string();
        v.finish(n, &h)
    }

    #[test]
    fn fields_are_unambiguous_and_every_field_counts() {
        let base = link(&genesis(), &row("x"));
        assert_eq!(base.len(), 64);
        let mut c = row("x");
        c.before_json = Some("");
        assert_ne!(link(&genesis(), &c), base, "NULL is not empty");
        let mut c = row("x");
        c.actor = "a@b.test1";
        c.ip = "0.0.0.1";
        assert_ne!(link(&genesis(), &c), base, "no shifting between fields");
        let mut c = row("x");
        c.at_micros += 1;
        assert_ne!(link(&genesis(), &c), base);
        assert_ne!(link("00", &row("x")), base, "the previous hash counts");
    }

    #[test]
    fn an_edited_removed_or_reordered_row_is_found() {
        let d = ["a", "b", "c"];
        let h = chain(&d);
        assert_eq!(verify(&d, &h), Ok(()));
        assert_eq!(
            verify(&["a", "B", "c"], &h),
            Err(Broken::Row {
                id: 2,
                reason: "hash does not match the row's content"
            })
        );
        let removed = [h[0].clone(), h[2].clone()];
        assert!(matches!(
            verify(&["a", "c"], &removed),
            Err(Broken::Row { id: 2, .. })
        ));
        let mut v = Verifier::default();
        for (i, (p, hh)) in h.iter().enumerate().take(2) {
            v.push(&Stored {
                id: i as i64,
                content: row(d[i]),
                prev_hash: Some(p),
                hash: Some(hh),
            })
            .unwrap();
        }
        assert!(
            matches!(v.finish(3, &h[2].1), Err(Broken::Head { .. })),
            "a row removed from the end"
        );
    }

    #[test]
    fn rows_from_before_the_chain_are_covered_and_none_may_follow_it() {
        let mut v = Verifier::default();
        v.push(&Stored {
            id: 1,
            content: row("old"),
            prev_hash: None,
            hash: None,
        })
        .unwrap();
        let (_, g) = v.head();
        let g = g.to_string();
        let h = link(&g, &row("new"));
        v.push(&Stored {
            id: 2,
            content: row("new"),
            prev_hash: Some(&g),
            hash: Some(&h),
        })
        .unwrap();
        assert!(matches!(
            v.push(&Stored {
                id: 3,
                content: row("sneaked in"),
                prev_hash: None,
                hash: None,
            }),
            Err(Broken::Row { id: 3, .. })
        ));
    }
}
