//! Authorisation-matrix rows of the Partnership's objectives and of joining the network (see
//! `authz.rs`).

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
        // Joining the network: anyone applies; the programme and national leads work the
        // pipeline; administrators accept (an FLS and a user are created).
        ("GET" | "POST", "/join") => Ok,
        ("GET", "/network") | ("POST", "/network/status") => signed(
            if has(role, &[Administrator, ProgrammeReviewer, NationalLead]) {
                Ok
            } else {
                Hidden
            },
        ),
        ("POST", "/network/accept") => signed(if admin { Ok } else { Hidden }),
        _ => return None,
    })
}
