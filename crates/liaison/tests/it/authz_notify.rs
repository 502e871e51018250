//! Authorisation-matrix rows of e-mail notifications (see `authz.rs`).

#[allow(unused_imports)]
use crate::authz::{Want, Want::*, has, sees};
use liaison_domain::auth::Role;

pub fn expected(method: &str, path: &str, role: Option<Role>, _inside: bool) -> Option<Want> {
    use Role::*;
    let signed = |w: Want| if role.is_none() { SignIn } else { w };
    let admin = has(role, &[Administrator]);
    Some(match (method, path) {
        // Everyone's own settings.
        ("GET" | "POST", "/account/notifications") => signed(Ok),
        // The matrix's `{token}` is not a signed link: not found for anyone, signed in or not
        // (a real link works signed out: notify.rs).
        ("GET" | "POST", "/notifications/unsubscribe/{token}") => Hidden,
        ("GET", "/admin/outbox") => signed(if admin { Ok } else { Hidden }),
        // The matrix's id names no failed message, so even an administrator finds none to
        // retry (a real retry: notify.rs).
        ("POST", "/admin/outbox/{id}/retry") => signed(Hidden),
        _ => return None,
    })
}
