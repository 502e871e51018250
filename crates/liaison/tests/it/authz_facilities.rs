//! Authorisation-matrix rows of the facilities audit (see `authz.rs`).

#[allow(unused_imports)]
use crate::authz::{Want, Want::*, has, sees};
use liaison_domain::auth::Role;

pub fn expected(method: &str, path: &str, role: Option<Role>, inside: bool) -> Option<Want> {
    use Role::*;
    let signed = |w: Want| if role.is_none() { SignIn } else { w };
    let api = |w: Want| if role.is_none() { Unauthorised } else { w };
    let admin = has(role, &[Administrator]);
    let lead_here = has(role, &[FlsLead]) && inside;
    let sees_fls = role.is_some_and(|r| sees(r, inside));
    let ok_if = |b: bool| if b { Ok } else { Hidden };
    Some(match (method, path) {
        // Whoever sees the FLS reads its return; its leads and administrators write it (the
        // matrix's empty form names no round: 422).
        ("GET", "/fls/{code}/facilities") => signed(ok_if(sees_fls)),
        ("POST", "/fls/{code}/facilities") => signed(ok_if(admin || lead_here)),
        ("GET", "/api/v1/fls/{code}/facilities") => api(ok_if(sees_fls)),
        ("POST", "/api/v1/fls/{code}/facilities") => api(ok_if(admin || lead_here)),
        // Rounds are opened by administrators.
        ("GET" | "POST", "/admin/facilities") => signed(ok_if(admin)),
        ("POST", "/api/v1/facilities/rounds") => api(ok_if(admin)),
        // The rounds and the released aggregates: anyone signed in (services named only
        // where the reader sees them: facilities.rs).
        ("GET", "/api/v1/facilities/rounds" | "/api/v1/facilities/kpis") => api(Ok),
        _ => return None,
    })
}
