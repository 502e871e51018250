//! Authorisation-matrix rows of the programme routes (see `authz.rs`).

#[allow(unused_imports)]
use crate::authz::{Want, Want::*, has, sees};
use liaison_domain::auth::Role;

pub fn expected(method: &str, path: &str, role: Option<Role>, inside: bool) -> Option<Want> {
    use Role::*;
    let signed = |w: Want| if role.is_none() { SignIn } else { w };
    let admin = has(role, &[Administrator]);
    let reviewer = has(role, &[Administrator, ProgrammeReviewer]);
    let lead_here = has(role, &[FlsLead]) && inside;
    let sees_fls = role.is_some_and(|r| sees(r, inside));
    let ok_if = |b: bool| if b { Ok } else { Hidden };
    Some(match (method, path) {
        // Public: the map and its list. No FLS of the fixture is approved, so no public
        // profile exists: everyone gets "not found", signed in or not.
        ("GET", "/map" | "/api/v1/map") => Ok,
        ("GET", "/map/fls/{code}") => Hidden,
        // The assessment and the plan: whoever sees the FLS's aggregates reads them.
        ("GET", "/fls/{code}/bpf" | "/fls/{code}/g2g") => signed(ok_if(sees_fls)),
        ("GET", "/api/v1/fls/{code}/assessments" | "/api/v1/fls/{code}/g2g") => {
            if role.is_none() {
                Unauthorised
            } else {
                ok_if(sees_fls)
            }
        }
        // The FLS's lead (and administrators) edit and submit the assessment.
        ("POST", "/fls/{code}/bpf") => signed(ok_if(admin || lead_here)),
        // The programme reviews.
        ("POST", "/fls/{code}/bpf/review") => signed(ok_if(reviewer)),
        ("GET", "/bpf/review") => signed(ok_if(reviewer)),
        // Plans: the lead and the programme.
        ("POST", "/fls/{code}/g2g") => signed(ok_if(reviewer || lead_here)),
        // The overview lists only the FLSs the user sees.
        ("GET", "/g2g") => signed(Ok),
        ("GET" | "POST", "/admin/bpf") => signed(ok_if(admin)),
        // A country's plan ({country} is GB inside, BR outside): the programme, the
        // country's national and regional leads and whoever sees one of its FLSs read it;
        // the programme and national leads keep it.
        ("GET", "/g2g/country/{country}") => signed(ok_if(reviewer || (role.is_some() && inside))),
        ("POST", "/g2g/country/{country}") => {
            signed(ok_if(reviewer || (has(role, &[NationalLead]) && inside)))
        }
        _ => return None,
    })
}
