//! Authorisation-matrix rows of the outlier report and the public statistics (see `authz.rs`).

#[allow(unused_imports)]
use crate::authz::{Want, Want::*, has, sees};
use liaison_domain::auth::Role;

pub fn expected(method: &str, path: &str, role: Option<Role>, inside: bool) -> Option<Want> {
    use Role::*;
    let signed = |w: Want| if role.is_none() { SignIn } else { w };
    let lead_here = has(role, &[FlsLead]) && inside;
    Some(match (method, path) {
        // Public, like the map: released aggregates and the services that publish.
        ("GET", "/statistics") => Ok,
        // Every role of the matrix sees some service, and the report lists only those (a user
        // who sees none, or a scope they see nothing of, answers 404: tests in outliers.rs).
        ("GET", "/kpis/outliers") => signed(Ok),
        ("GET", "/api/v1/kpis/outliers") => {
            if role.is_none() {
                Unauthorised
            } else {
                Ok
            }
        }
        // The choice to publish: the FLS's leads and administrators.
        ("POST", "/fls/{code}/publish-statistics") => {
            signed(if has(role, &[Administrator]) || lead_here {
                Ok
            } else {
                Hidden
            })
        }
        _ => return None,
    })
}
