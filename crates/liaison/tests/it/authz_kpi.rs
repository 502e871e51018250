//! Authorisation-matrix rows of the kpi routes (see `authz.rs`).

#[allow(unused_imports)]
use crate::authz::{Want, Want::*, has, sees};
use liaison_domain::auth::Role;

pub fn expected(method: &str, path: &str, role: Option<Role>, inside: bool) -> Option<Want> {
    use Role::*;
    let signed = |w: Want| if role.is_none() { SignIn } else { w };
    let admin = has(role, &[Administrator]);
    let patients = admin || (inside && has(role, &[FlsLead, FlsClinician]));
    let seen = role.is_some_and(|r| sees(r, inside));
    Some(match (method, path) {
        // Figures of an FLS, a country or a region: whoever may see its aggregates.
        (
            "GET",
            "/fls/{code}/kpis"
            | "/fls/{code}/kpis/{kpi}"
            | "/kpis/country/{cc}"
            | "/kpis/region/{region}",
        ) => signed(if seen { Ok } else { Hidden }),
        // Patient lists behind a figure: only those who read that FLS's patients.
        ("GET", "/fls/{code}/kpis/{kpi}/patients") => signed(if patients { Ok } else { Hidden }),
        ("GET", "/kpis" | "/kpis/global") => signed(Ok),
        // The annual report of a scope (issue 19): whoever sees a service of it, as its
        // scope page; every role sees some service of the world in the matrix's registry.
        ("GET", "/kpis/country/{cc}/report" | "/kpis/region/{region}/report") => {
            signed(if seen { Ok } else { Hidden })
        }
        ("GET", "/kpis/global/report") => signed(Ok),
        ("GET" | "POST", "/admin/kpi-definitions") => signed(if admin { Ok } else { Hidden }),
        // Without parameters: 422 for every token holder (figures are checked in kpi.rs).
        ("GET", "/api/v1/kpis") => {
            if role.is_none() {
                Unauthorised
            } else {
                Ok
            }
        }
        _ => return None,
    })
}
