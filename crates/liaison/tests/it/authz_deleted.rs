//! Authorisation-matrix rows of deleted episodes and their restore (see `authz.rs`). The
//! fixture's `{id}` of a restore route is an episode deleted at the start.

#[allow(unused_imports)]
use crate::authz::{Want, Want::*, has, sees};
use liaison_domain::auth::Role;

pub fn expected(method: &str, path: &str, role: Option<Role>, inside: bool) -> Option<Want> {
    use Role::*;
    let signed = |w: Want| if role.is_none() { SignIn } else { w };
    let api = |w: Want| if role.is_none() { Unauthorised } else { w };
    let ok_if = |b: bool| if b { Ok } else { Hidden };
    // restore_patients: administrators everywhere, FLS leads at their FLS. Clinicians, who may
    // delete, may not restore.
    let restorer = has(role, &[Administrator]) || (has(role, &[FlsLead]) && inside);
    Some(match (method, path) {
        ("GET", "/fls/{code}/episodes/deleted") | ("POST", "/fls/{code}/episodes/{id}/restore") => {
            signed(ok_if(restorer))
        }
        ("POST", "/api/v1/episodes/{id}/restore") => api(ok_if(restorer)),
        _ => return None,
    })
}
