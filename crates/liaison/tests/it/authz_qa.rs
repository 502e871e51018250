//! Authorisation-matrix rows of issue 16's patient information (and, to come, the Q&A and the
//! FAQ; see `authz.rs`).

#[allow(unused_imports)]
use crate::authz::{Want, Want::*, has};
use liaison_domain::auth::Role;

pub fn expected(method: &str, path: &str, _role: Option<Role>, _inside: bool) -> Option<Want> {
    Some(match (method, path) {
        // Public: written for patients and families, no data behind them.
        ("GET", "/patients" | "/patients/{slug}") => Ok,
        _ => return None,
    })
}
