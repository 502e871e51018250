//! Authorisation-matrix rows of coalitions (see `authz.rs`). The matrix's actor holds no
//! coalition grant: a granted editor is tested in `policy.rs`.

#[allow(unused_imports)]
use crate::authz::{Want, Want::*, has};
use crate::helpers::TestApp;
use liaison_app::Actor;
use liaison_domain::auth::Role;

/// The coalition the matrix's `{coalition}` routes name.
pub async fn coalition(t: &TestApp) -> i64 {
    let input = liaison_domain::coalitions::CoalitionInput {
        name: "Matrix coalition".into(),
        scope: "international".into(),
        ..Default::default()
    };
    liaison_app::coalitions::create(&t.app, &Actor::operator(), &input)
        .await
        .expect("coalition")
}

pub fn expected(method: &str, path: &str, role: Option<Role>, _inside: bool) -> Option<Want> {
    use Role::*;
    let signed = |w: Want| if role.is_none() { SignIn } else { w };
    let programme = has(role, &[Administrator, ProgrammeReviewer]);
    Some(match (method, path) {
        // Public: members and activities (contacts only when signed in).
        ("GET", "/coalitions" | "/coalitions/{coalition}") => Ok,
        // Administrators and programme reviewers edit every coalition.
        (
            "POST",
            "/coalitions"
            | "/coalitions/{coalition}"
            | "/coalitions/{coalition}/members"
            | "/coalitions/{coalition}/contacts"
            | "/coalitions/{coalition}/activities",
        ) => signed(if programme { Ok } else { Hidden }),
        // Administrators manage who may edit one coalition.
        ("POST", "/coalitions/{coalition}/editors") => signed(if has(role, &[Administrator]) {
            Ok
        } else {
            Hidden
        }),
        _ => return None,
    })
}
