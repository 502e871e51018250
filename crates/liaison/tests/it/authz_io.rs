//! Authorisation-matrix rows of the io routes (see `authz.rs`).

#[allow(unused_imports)]
use crate::authz::{Want, Want::*, has, sees};
use liaison_domain::auth::Role;

pub fn expected(method: &str, path: &str, role: Option<Role>, inside: bool) -> Option<Want> {
    use Role::*;
    let signed = |w: Want| if role.is_none() { SignIn } else { w };
    let api = |w: Want| if role.is_none() { Unauthorised } else { w };
    let ok_if = |b: bool| if b { Ok } else { Hidden };
    let admin = has(role, &[Administrator]);
    // import_patients: administrators everywhere, FLS leads in their FLS; never anyone who may
    // not write the FLS's patients. The upload page has no FLS: rows name theirs.
    let importer = has(role, &[Administrator, FlsLead]);
    // read_patients of the FLS: administrators, and its lead and clinicians.
    let patients = admin || (has(role, &[FlsLead, FlsClinician]) && inside);
    Some(match (method, path) {
        ("GET" | "POST", "/import") => signed(ok_if(importer)),
        // {id} is not an import of the fixture's user: imports are their uploader's alone.
        ("GET", "/import/{id}" | "/import/{id}/errors")
        | ("POST", "/import/{id}/confirm" | "/import/{id}/cancel") => signed(Hidden),
        ("GET", "/fls/{code}/export") => signed(ok_if(patients)),
        ("GET", "/export") => signed(ok_if(admin)),
        // The matrix posts a JSON body that is not a FHIR Bundle: refused (422) for importers.
        ("POST", "/api/v1/imports") => api(ok_if(importer)),
        ("GET", "/api/v1/imports/{id}") => api(Hidden),
        // Without scope and format: 422 for anyone signed in.
        ("GET", "/api/v1/export") => api(Ok),
        _ => return None,
    })
}
