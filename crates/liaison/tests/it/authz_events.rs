//! Authorisation-matrix rows of events (see `authz.rs`). `{event}` is a public event inside and
//! a signed-in users' event outside; the matrix's `{token}` is no signed link (a real one:
//! `events.rs`).

#[allow(unused_imports)]
use crate::authz::{Want, Want::*, has};
use crate::helpers::TestApp;
use liaison_app::Actor;
use liaison_domain::auth::Role;
use liaison_domain::events::{EventInput, TextInput};

/// An upcoming webinar, public or for signed-in users only; returns its id.
pub async fn event(t: &TestApp, public: bool) -> i64 {
    let input = EventInput {
        kind: "webinar".into(),
        mode: "online".into(),
        spoken_language: "en".into(),
        time_zone: "Europe/London".into(),
        starts: "2031-05-06T14:00".into(),
        ends: "2031-05-06T15:00".into(),
        online_url: "https://meet.example.org/matrix".into(),
        capacity: "30".into(),
        audience: "everyone".into(),
        public,
        texts: vec![TextInput {
            lang: "en".into(),
            title: "Matrix webinar".into(),
            description: String::new(),
        }],
        ..Default::default()
    };
    liaison_app::events::create(&t.app, &Actor::operator(), &input)
        .await
        .expect("event")
}

pub fn expected(method: &str, path: &str, role: Option<Role>, inside: bool) -> Option<Want> {
    use Role::*;
    let signed = |w: Want| if role.is_none() { SignIn } else { w };
    let organiser = has(role, &[Administrator, ProgrammeReviewer]);
    Some(match (method, path) {
        ("GET", "/events") => Ok,
        // A public event is anyone's to read, register for (the empty form: 422) and add to a
        // calendar; another is for signed-in users only, and hidden from visitors.
        ("GET", "/events/{event}" | "/events/{event}/calendar.ics")
        | ("POST", "/events/{event}/register") => {
            if inside || role.is_some() {
                Ok
            } else {
                Hidden
            }
        }
        // One's own registration; none to cancel answers with the event's page.
        ("POST", "/events/{event}/cancel") => signed(Ok),
        // Organising: administrators and programme reviewers.
        ("POST", "/events" | "/events/{event}" | "/events/{event}/attendance")
        | ("GET", "/events/{event}/attendees.csv" | "/events/{event}/attendees.xlsx") => {
            signed(if organiser { Ok } else { Hidden })
        }
        // People trained, counts only: the programme, and national leads for their countries.
        ("GET", "/events/report") => signed(if organiser || has(role, &[NationalLead]) {
            Ok
        } else {
            Hidden
        }),
        (
            "GET" | "POST",
            "/events/registration/{token}"
            | "/events/registration/{token}/cancel"
            | "/events/registration/{token}/calendar.ics",
        ) => Hidden,
        _ => return None,
    })
}
