//! Authorisation-matrix rows of the calculator routes (see `authz.rs`).

#[allow(unused_imports)]
use crate::authz::{Want, Want::*, has, sees};
use liaison_domain::auth::Role;

pub fn expected(_method: &str, _path: &str, _role: Option<Role>, _inside: bool) -> Option<Want> {
    None
}
