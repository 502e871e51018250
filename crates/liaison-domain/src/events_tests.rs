use super::*;
use time::macros::datetime;

fn input() -> EventInput {
    EventInput {
        kind: "webinar".into(),
        mode: "online".into(),
        spoken_language: "ja".into(),
        time_zone: "Asia/Tokyo".into(),
        starts: "2026-03-27T18:00".into(),
        ends: "2026-03-27T19:30".into(),
        deadline: String::new(),
        online_url: "https://meet.example.org/fls".into(),
        capacity: "50".into(),
        audience: "fls_staff".into(),
        public: true,
        texts: vec![TextInput {
            lang: "ja".into(),
            title: "骨折リエゾンサービス入門".into(),
            description: "一行目\n二行目".into(),
        }],
        ..Default::default()
    }
}

fn rules(r: Result<Event, Invalid>) -> Vec<(String, &'static str)> {
    r.expect_err("refused")
        .0
        .into_iter()
        .map(|e| (e.field, e.rule))
        .collect()
}

#[test]
fn a_webinar_in_tokyo_is_stored_as_utc_instants() {
    let e = Event::parse(&input()).unwrap();
    assert_eq!(e.starts_at, datetime!(2026-03-27 09:00 UTC));
    assert_eq!(e.ends_at, datetime!(2026-03-27 10:30 UTC));
    // Without a deadline, registration closes when the event starts.
    assert_eq!(e.deadline, e.starts_at);
    assert_eq!(e.texts[0].lang, "ja");
    assert_eq!(e.texts[0].description, "一行目\n二行目");
}

#[test]
fn bad_events_are_refused_with_field_and_rule() {
    let mut i = input();
    i.ends = "2026-03-27T17:00".into();
    assert_eq!(
        rules(Event::parse(&i)),
        [("ends".into(), "event_ends_before_start")]
    );

    let mut i = input();
    i.capacity = "0".into();
    assert_eq!(
        rules(Event::parse(&i)),
        [("capacity".into(), "event_capacity")]
    );
    i.capacity = "-3".into();
    assert_eq!(
        rules(Event::parse(&i)),
        [("capacity".into(), "event_capacity")]
    );

    let mut i = input();
    i.online_url = String::new();
    assert_eq!(
        rules(Event::parse(&i)),
        [("online_url".into(), "event_online_needs_link")]
    );
    i.online_url = "ftp://x.org".into();
    assert_eq!(rules(Event::parse(&i)), [("online_url".into(), "url")]);

    let mut i = input();
    i.spoken_language = "klingon".into();
    assert_eq!(
        rules(Event::parse(&i)),
        [("spoken_language".into(), "one_of")]
    );

    let mut i = input();
    i.time_zone = "Mars/Olympus".into();
    assert_eq!(
        rules(Event::parse(&i)),
        [("time_zone".into(), "time_zone_unknown")]
    );

    let mut i = input();
    i.deadline = "2026-03-27T18:01".into();
    assert_eq!(
        rules(Event::parse(&i)),
        [("deadline".into(), "event_deadline_after_start")]
    );

    let mut i = input();
    i.texts.clear();
    assert_eq!(
        rules(Event::parse(&i)),
        [("title_en".into(), "event_needs_title")]
    );

    let mut i = input();
    i.mode = "venue".into();
    assert_eq!(
        rules(Event::parse(&i)),
        [("venue".into(), "required"), ("city".into(), "required")]
    );
}

#[test]
fn every_failure_is_named_at_once() {
    let mut i = input();
    i.capacity = "0".into();
    i.spoken_language = "xx".into();
    i.online_url = String::new();
    assert_eq!(rules(Event::parse(&i)).len(), 3);
}

/// An event created in Tokyo (no daylight saving) on 27 March 2026, 18:00, and a week later:
/// London moves to summer time on 29 March, São Paulo has had none since 2019.
#[test]
fn tokyo_event_shown_in_sao_paulo_and_london_across_a_dst_change() {
    let before = Event::parse(&input()).unwrap();
    let mut later = input();
    later.starts = "2026-04-03T18:00".into();
    later.ends = "2026-04-03T19:30".into();
    let after = Event::parse(&later).unwrap();

    let tokyo = wall_time(before.starts_at, "Asia/Tokyo");
    assert_eq!(
        (tokyo.clock(), tokyo.offset()),
        ("18:00".into(), "+09:00".into())
    );

    let london = wall_time(before.starts_at, "Europe/London");
    assert_eq!(london.date.to_string(), "2026-03-27");
    assert_eq!(
        (london.clock(), london.offset()),
        ("09:00".into(), "+00:00".into())
    );
    let london = wall_time(after.starts_at, "Europe/London");
    assert_eq!(
        (london.clock(), london.offset()),
        ("10:00".into(), "+01:00".into())
    );

    let sp = wall_time(before.starts_at, "America/Sao_Paulo");
    assert_eq!(sp.date.to_string(), "2026-03-27");
    assert_eq!((sp.clock(), sp.offset()), ("06:00".into(), "-03:00".into()));
    let sp = wall_time(after.starts_at, "America/Sao_Paulo");
    assert_eq!((sp.clock(), sp.offset()), ("06:00".into(), "-03:00".into()));
    assert_eq!(sp.zone, "America/Sao_Paulo");
}

#[test]
fn a_london_wall_time_in_the_skipped_hour_moves_forward() {
    // 01:30 on 29 March 2026 does not exist in London; calendars read it as 02:30 BST.
    let at = local_instant("starts", "2026-03-29T01:30", "Europe/London").unwrap();
    assert_eq!(at, datetime!(2026-03-29 01:30 UTC));
    assert_eq!(wall_time(at, "Europe/London").clock(), "02:30");
}

#[test]
fn visitors_need_name_email_and_consent() {
    let ok = Visitor::parse(&VisitorInput {
        name: "Ana".into(),
        email: "ana@example.org".into(),
        consent: "on".into(),
    })
    .unwrap();
    assert_eq!(ok.email.as_str(), "ana@example.org");
    let e = Visitor::parse(&VisitorInput {
        name: String::new(),
        email: "nope".into(),
        consent: String::new(),
    })
    .unwrap_err();
    let fields: Vec<&str> = e.0.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["name", "email", "consent"]);
}

#[test]
fn ics_is_rfc_5545() {
    let long = "Fracture liaison, step by step; a workshop for coordinators and nurses in Spanish";
    let s = ics(&Calendar {
        uid: "event-7@liaison",
        stamp: datetime!(2026-03-01 12:00 UTC),
        starts_at: datetime!(2026-03-27 09:00 UTC),
        ends_at: datetime!(2026-03-27 10:30 UTC),
        title: long,
        description: "Line one\nLine two, with a comma",
        location: "https://meet.example.org/fls",
        url: Some("https://liaison.example.org/events/7"),
    });
    assert!(s.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assert!(s.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
    assert!(s.contains("\r\nDTSTART:20260327T090000Z\r\n"));
    assert!(s.contains("\r\nDTEND:20260327T103000Z\r\n"));
    assert!(s.contains("\r\nDTSTAMP:20260301T120000Z\r\n"));
    assert!(s.contains("DESCRIPTION:Line one\\nLine two\\, with a comma\r\n"));
    // Every physical line is at most 75 octets; unfolded, the summary is whole and escaped.
    assert!(s.split("\r\n").all(|l| l.len() <= 75));
    let unfolded = s.replace("\r\n ", "");
    assert!(unfolded.contains(&format!(
        "SUMMARY:{}",
        long.replace(',', "\\,").replace(';', "\\;")
    )));
    // Folding never splits a character.
    let ja = ics(&Calendar {
        title: &"骨折".repeat(40),
        ..Calendar {
            uid: "u",
            stamp: datetime!(2026-03-01 12:00 UTC),
            starts_at: datetime!(2026-03-27 09:00 UTC),
            ends_at: datetime!(2026-03-27 10:30 UTC),
            title: "",
            description: "",
            location: "",
            url: None,
        }
    });
    assert!(ja.split("\r\n").all(|l| l.len() <= 75));
    assert!(ja.replace("\r\n ", "").contains(&"骨折".repeat(40)));
}
