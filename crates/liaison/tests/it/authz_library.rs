//! Authorisation-matrix rows of the resource library (see `authz.rs`). `{resource}` is a
//! published mentors-only resource from inside and a draft from outside, each with a file.

#[allow(unused_imports)]
use crate::authz::{Want, Want::*, has};
use crate::helpers::TestApp;
use liaison_app::Actor;
use liaison_app::library as svc;
use liaison_domain::auth::Role;

/// (resource, file) inside and outside.
pub async fn resources(t: &TestApp) -> [(i64, i64); 2] {
    let op = Actor::operator();
    let pdf = liaison_fixtures::demo_library::tiny_pdf("Matrix");
    let mut out = [(0, 0); 2];
    for (i, (visibility, publish)) in [("mentors", true), ("public", false)]
        .into_iter()
        .enumerate()
    {
        let meta = liaison_domain::library::ResourceInput {
            category: "bpf".into(),
            visibility: visibility.into(),
            ..Default::default()
        };
        let v = liaison_domain::library::VersionInput {
            language: "en".into(),
            title: "Matrix resource".into(),
            ..Default::default()
        };
        let id = svc::create(&t.app, &op, &meta, &v).await.expect("resource");
        let file = svc::add_file(&t.app, &op, id, "en", "m.pdf", &pdf)
            .await
            .expect("file");
        if publish {
            svc::publish(&t.app, &op, id).await.expect("publish");
        }
        out[i] = (id, file);
    }
    out
}

pub fn expected(method: &str, path: &str, role: Option<Role>, inside: bool) -> Option<Want> {
    use Role::*;
    let signed = |w: Want| if role.is_none() { SignIn } else { w };
    let editor = has(role, &[Administrator, ProgrammeEditor]);
    // Inside: mentors and the programme read it; outside: a draft, editors only.
    let reads = if inside {
        has(
            role,
            &[Administrator, ProgrammeReviewer, ProgrammeEditor, Mentor],
        )
    } else {
        editor
    };
    Some(match (method, path) {
        // Public: the list shows each reader what they may see.
        ("GET", "/resources" | "/api/v1/resources") => Ok,
        (
            "GET",
            "/resources/{resource}"
            | "/resources/{resource}/files/{file}"
            | "/api/v1/resources/{resource}",
        ) => {
            if reads {
                Ok
            } else {
                Hidden
            }
        }
        // Administrators and programme editors write.
        (
            "POST",
            "/resources"
            | "/resources/categories"
            | "/resources/{resource}"
            | "/resources/{resource}/versions"
            | "/resources/{resource}/publish"
            | "/resources/{resource}/files",
        ) => signed(if editor { Ok } else { Hidden }),
        _ => return None,
    })
}
