//! Authorisation-matrix rows of the Partnership's objectives (see `authz.rs`).

#[allow(unused_imports)]
use crate::authz::{Want, Want::*, has};
use liaison_domain::auth::Role;

pub fn expected(method: &str, path: &str, role: Option<Role>, _inside: bool) -> Option<Want> {
    use Role::*;
    let signed = |w: Want| if role.is_none() { SignIn } else { w };
    let admin = has(role, &[Administrator]);
    Some(match (method, path) {
        // Public, like the statistics: released aggregates only.
        ("GET", "/objectives" | "/api/v1/objectives") => Ok,
        // The baseline year, population figures and closing dates: administrators.
        ("GET", "/objectives/settings")
        | (
            "POST",
            "/objectives/settings/baseline"
            | "/objectives/settings/population"
            | "/objectives/settings/closing",
        ) => signed(if admin { Ok } else { Hidden }),
        _ => return None,
    })
}
