use super::*;
use time::macros::{date, datetime};

fn mentor(id: i64, langs: &[&str], countries: &[&str], topics: &[&str]) -> MentorFacts {
    MentorFacts {
        user_id: id,
        languages: langs.iter().map(|s| s.to_string()).collect(),
        countries: countries.iter().map(|s| s.to_string()).collect(),
        topics: topics.iter().map(|s| s.to_string()).collect(),
        capacity: 3,
        paired: 0,
        certified_on: Some(date!(2025 - 01 - 01)),
        expires_on: Some(date!(2028 - 01 - 01)),
        active: true,
    }
}

const TODAY: Date = date!(2026 - 12 - 02);

#[test]
fn ranking_puts_language_before_country_before_topic_before_capacity() {
    let need = Need {
        language: "es",
        country: "BR",
        topic: "getting_funded",
    };
    let mut roomy = mentor(5, &["en"], &["BR"], &["getting_funded"]);
    roomy.capacity = 10;
    let ms = vec![
        roomy,
        mentor(4, &["es"], &["ES"], &["getting_funded"]),
        mentor(3, &["es"], &["BR"], &["data"]),
        mentor(2, &["es"], &["BR"], &["getting_funded"]),
        {
            let mut m = mentor(1, &["es"], &["BR"], &["getting_funded"]);
            m.paired = 2;
            m
        },
    ];
    let order: Vec<i64> = rank(&need, &ms, TODAY).iter().map(|s| s.user_id).collect();
    assert_eq!(order, vec![2, 1, 3, 4, 5]);
}

#[test]
fn ranking_leaves_out_full_uncertified_expired_and_inactive_mentors() {
    let need = Need {
        language: "en",
        country: "GB",
        topic: "data",
    };
    let mut full = mentor(1, &["en"], &["GB"], &["data"]);
    full.paired = 3;
    let mut uncertified = mentor(2, &["en"], &["GB"], &["data"]);
    uncertified.certified_on = None;
    let mut expired = mentor(3, &["en"], &["GB"], &["data"]);
    expired.expires_on = Some(date!(2026 - 12 - 01));
    let mut inactive = mentor(4, &["en"], &["GB"], &["data"]);
    inactive.active = false;
    let ok = mentor(5, &["fr"], &["FR"], &["bpf1"]);
    let ms = [full.clone(), uncertified, expired.clone(), inactive, ok];
    let order: Vec<i64> = rank(&need, &ms, TODAY).iter().map(|s| s.user_id).collect();
    assert_eq!(order, vec![5]);
    assert_eq!(full.refusal(TODAY), Some("mentor_at_capacity"));
    assert_eq!(expired.refusal(TODAY), Some("mentor_not_certified"));
    // Expiring today still counts.
    expired.expires_on = Some(TODAY);
    assert_eq!(expired.refusal(TODAY), None);
}

#[test]
fn profile_names_each_bad_field() {
    let e = Mentor::parse(&MentorInput {
        languages: "en, xx".into(),
        countries: "GB".into(),
        topics: "bpf14".into(),
        level: "national".into(),
        capacity: "0".into(),
        certified_on: "2026-05-01".into(),
        expires_on: "2026-04-01".into(),
        ..Default::default()
    })
    .unwrap_err();
    let rules: Vec<(&str, &str)> = e.0.iter().map(|f| (f.field.as_str(), f.rule)).collect();
    assert_eq!(
        rules,
        vec![
            ("languages", "language_unknown"),
            ("topics", "one_of"),
            ("capacity", "integer_between"),
            ("expires_on", "not_before"),
        ]
    );
    let ok = Mentor::parse(&MentorInput {
        languages: "en,es".into(),
        countries: "gb, br".into(),
        topics: "bpf13, funding".into(),
        level: "international".into(),
        capacity: "2".into(),
        active: "on".into(),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(ok.countries, vec!["GB", "BR"]);
    assert!(ok.active && ok.certified_on.is_none());
}

#[test]
fn request_refuses_an_unknown_language() {
    let e = Request::parse(&RequestInput {
        language: "klingon".into(),
        needs: "Funding".into(),
        g2g_step: "getting_funded".into(),
        preferred_mentor: String::new(),
    })
    .unwrap_err();
    assert_eq!(e.0[0].field, "language");
    assert_eq!(e.0[0].rule, "language_unknown");
}

fn session(date: &str, time: &str, zone: &str) -> Result<Session, Invalid> {
    Session::parse(&SessionInput {
        date: date.into(),
        time: time.into(),
        time_zone: zone.into(),
        mode: "online".into(),
        notes: String::new(),
    })
}

/// Tokyo keeps +09:00 all year; London and São Paulo do not agree with it the same way on
/// both sides of London's change to summer time (29 March 2026; Brazil has had no daylight
/// saving since 2019, so its offset stays -03:00).
#[test]
fn a_tokyo_session_read_in_sao_paulo_and_london_across_a_daylight_saving_change() {
    let before = session("2026-03-27", "18:00", "Asia/Tokyo").unwrap();
    let after = session("2026-04-03", "18:00", "Asia/Tokyo").unwrap();
    assert_eq!(before.starts_at, datetime!(2026-03-27 09:00 UTC));
    assert_eq!(after.starts_at, datetime!(2026-04-03 09:00 UTC));
    let l = local(before.starts_at, "Europe/London");
    assert_eq!((l.date, l.hour, l.minute), (date!(2026 - 03 - 27), 9, 0));
    assert_eq!(l.offset, "+00:00");
    let l = local(after.starts_at, "Europe/London");
    assert_eq!((l.date, l.hour, l.minute), (date!(2026 - 04 - 03), 10, 0));
    assert_eq!(l.offset, "+01:00");
    let s = local(before.starts_at, "America/Sao_Paulo");
    assert_eq!(
        (s.date, s.hour, s.offset.as_str()),
        (date!(2026 - 03 - 27), 6, "-03:00")
    );
    let s = local(after.starts_at, "America/Sao_Paulo");
    assert_eq!((s.date, s.hour), (date!(2026 - 04 - 03), 6));
    // An early Tokyo morning is the previous day in São Paulo.
    let early = session("2026-10-26", "07:30", "Asia/Tokyo").unwrap();
    let s = local(early.starts_at, "America/Sao_Paulo");
    assert_eq!((s.date, s.hour, s.minute), (date!(2026 - 10 - 25), 19, 30));
    // London leaves summer time on 25 October 2026.
    let l = local(early.starts_at, "Europe/London");
    assert_eq!(
        (l.date, l.hour, l.offset.as_str()),
        (date!(2026 - 10 - 25), 22, "+00:00")
    );
}

#[test]
fn session_refuses_unknown_zone_and_bad_time() {
    let e = session("2026-03-27", "25:00", "Mars/Olympus").unwrap_err();
    let rules: Vec<(&str, &str)> = e.0.iter().map(|f| (f.field.as_str(), f.rule)).collect();
    assert_eq!(
        rules,
        vec![("time", "time_format"), ("time_zone", "time_zone_unknown")]
    );
    // A time skipped by London's change moves forward by the gap.
    let s = session("2026-03-29", "01:30", "Europe/London").unwrap();
    assert_eq!(s.starts_at, datetime!(2026-03-29 01:30 UTC));
}
