//! Authorisation-matrix rows of the calculator routes (see `authz.rs`).

#[allow(unused_imports)]
use crate::authz::{Want, Want::*, has, sees};
use liaison_domain::auth::Role;

pub fn expected(method: &str, path: &str, _role: Option<Role>, _inside: bool) -> Option<Want> {
    Some(match (method, path) {
        // Public: anyone, signed in or not. (`?from_fls=` is checked in `calculator.rs`.)
        ("GET", "/calculator" | "/calculator.csv") => Ok,
        _ => return None,
    })
}
