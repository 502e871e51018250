//! Authorisation-matrix rows of coalitions and the policy tracker (see `authz.rs`). The matrix's actor holds no
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

pub fn expected(method: &str, path: &str, role: Option<Role>, inside: bool) -> Option<Want> {
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
        // The policy tracker: published status for anyone; the programme and the country's
        // national leads edit (the matrix's national lead holds GB, "inside").
        ("GET", "/policy" | "/policy/{country}") => Ok,
        (
            "POST",
            "/policy/{country}/status"
            | "/policy/{country}/stakeholders"
            | "/policy/{country}/roundtables"
            | "/policy/{country}/actions",
        ) => signed(if programme || (has(role, &[NationalLead]) && inside) {
            Ok
        } else {
            Hidden
        }),
        // Public API: published policy status, coalitions without their contacts.
        (
            "GET",
            "/api/v1/policy"
            | "/api/v1/policy/{country}"
            | "/api/v1/coalitions"
            | "/api/v1/coalitions/{coalition}",
        ) => Ok,
        // Contacts: any signed-in user, as on the page.
        ("GET", "/api/v1/coalitions/{coalition}/contacts") => {
            if role.is_none() {
                Unauthorised
            } else {
                Ok
            }
        }
        _ => return None,
    })
}
