//! Events (issue 17): organisers create webinars and workshops, bad input refused with field,
//! value and rule and nothing stored; visitors register for public events (a signed link lets
//! them cancel), users in one click; the waiting list moves up when a seat frees; the
//! deadline; attendance, the attendee list and the national counts; times shown in the
//! reader's zone across a daylight-saving change; the confirmation e-mail with its `.ics`, the
//! reminder, and RFC 8058 one-click unsubscribe.

use crate::helpers::*;
use crate::notify::{mail_config, plan_and_send};
use crate::notify_sink::Sink;
use liaison_app::Actor;
use liaison_app::events as svc;

/// The organiser's form for a Tokyo webinar, with a start and end on the wall clock there.
fn form<'a>(starts: &'a str, ends: &'a str, capacity: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("kind", "webinar"),
        ("mode", "online"),
        ("spoken_language", "ja"),
        ("time_zone", "Asia/Tokyo"),
        ("starts", starts),
        ("ends", ends),
        ("online_url", "https://meet.example.org/tokyo"),
        ("capacity", capacity),
        ("audience", "fls_staff"),
        ("public", "on"),
        ("title_en", "Fracture liaison in Japan"),
        ("title_ja", "日本の骨折リエゾンサービス"),
        ("description_en", "Hour one.\nHour two."),
    ]
}

async fn registry() -> TestApp {
    let t = spawn().await;
    t.fls("GB-A", "GB").await;
    t.fls("BR-A", "BR").await;
    t.user("admin@x.org", "administrator", "").await;
    t.user("reviewer@x.org", "programme_reviewer", "").await;
    t.user("lead.gb@x.org", "national_lead", "GB").await;
    t.user("nurse.gb@x.org", "fls_clinician", "GB-A").await;
    t.user("nurse.br@x.org", "fls_clinician", "BR-A").await;
    t
}

/// Create an event through the organiser's form; its id.
async fn create(b: &mut Browser, fields: &[(&str, &str)]) -> i64 {
    let r = b.post("/events", fields).await;
    assert_eq!(r.status, 303, "{}", r.body);
    r.location().rsplit('/').next().unwrap().parse().unwrap()
}

fn set_clock(t: &TestApp, at: time::OffsetDateTime) {
    t.clock.advance(at - t.app.now());
}

async fn count_events(t: &TestApp) -> usize {
    svc::list(&t.app, Some(&Actor::operator()))
        .await
        .unwrap()
        .len()
}

#[tokio::test]
async fn bad_events_are_refused_with_field_value_and_rule_and_nothing_stored() {
    let t = registry().await;
    let mut admin = t.signed_in("admin@x.org").await;
    let cases: [(&str, &str, &str); 5] = [
        ("ends", "2027-03-26T17:00", "must be after the start"),
        ("capacity", "0", "must be at least 1"),
        ("online_url", "", "is needed for an online event"),
        ("spoken_language", "tlh", "must be one of"),
        ("time_zone", "Asia/Atlantis", "not a known time zone"),
    ];
    for (field, value, rule) in cases {
        let mut f = form("2027-03-26T18:00", "2027-03-26T19:30", "40");
        f.retain(|(k, _)| *k != field);
        f.push((field, value));
        let r = admin.post("/events", &f).await;
        assert_eq!(r.status, 422, "{field}: {}", r.body);
        assert!(r.body.contains(rule), "{field}: {}", r.body);
        if !value.is_empty() {
            assert!(r.body.contains(value), "{field} value named: {}", r.body);
        }
    }
    let mut f = form("2027-03-26T18:00", "2027-03-26T19:30", "40");
    f.push(("deadline", "2027-03-27T09:00"));
    let r = admin.post("/events", &f).await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("must not be after the start"), "{}", r.body);
    // In the reader's language.
    admin.post("/language", &[("lang", "es")]).await;
    let r = admin
        .post(
            "/events",
            &form("2027-03-26T18:00", "2027-03-26T19:30", "0"),
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("debe ser al menos 1"), "{}", r.body);
    assert_eq!(count_events(&t).await, 0);
    assert_eq!(t.count_audit("event.create").await, 0);
    // A lead may not organise: not found, and the refusal audited.
    let mut lead = t.signed_in("lead.gb@x.org").await;
    let r = lead
        .post(
            "/events",
            &form("2027-03-26T18:00", "2027-03-26T19:30", "40"),
        )
        .await;
    assert_eq!(r.status, 404);
    assert_eq!(count_events(&t).await, 0);
}

/// A Tokyo webinar before and one after London's change to summer time (28 March 2027), as a
/// visitor, a reader in São Paulo and one in London see them.
#[tokio::test]
async fn tokyo_events_in_sao_paulo_and_london_across_a_dst_change() {
    let t = registry().await;
    let mut admin = t.signed_in("admin@x.org").await;
    let before = create(
        &mut admin,
        &form("2027-03-26T18:00", "2027-03-26T19:30", "40"),
    )
    .await;
    let after = create(
        &mut admin,
        &form("2027-04-02T18:00", "2027-04-02T19:30", "40"),
    )
    .await;
    let when = |r: &Resp| r.texts("#event-when").join(" ");

    // A visitor sees the event's own zone, named.
    let mut anon = t.browser();
    let r = anon.get(&format!("/events/{before}")).await;
    assert_eq!(r.status, 200);
    assert!(
        when(&r).contains("18:00–19:30 (Asia/Tokyo, UTC+09:00)"),
        "{}",
        when(&r)
    );

    let zone = |b: &'static str| [("hour", "8"), ("time_zone", b)];
    let mut sp = t.signed_in("nurse.br@x.org").await;
    assert_eq!(
        sp.post("/account/notifications", &zone("America/Sao_Paulo"))
            .await
            .status,
        303
    );
    let mut ldn = t.signed_in("nurse.gb@x.org").await;
    assert_eq!(
        ldn.post("/account/notifications", &zone("Europe/London"))
            .await
            .status,
        303
    );
    for (id, sp_want, ldn_want) in [
        (
            before,
            "06:00–07:30 (America/Sao_Paulo, UTC-03:00)",
            "09:00–10:30 (Europe/London, UTC+00:00)",
        ),
        (
            after,
            "06:00–07:30 (America/Sao_Paulo, UTC-03:00)",
            "10:00–11:30 (Europe/London, UTC+01:00)",
        ),
    ] {
        let r = sp.get(&format!("/events/{id}")).await;
        assert!(when(&r).contains(sp_want), "{}", when(&r));
        // The event's own time beside it.
        assert!(r.texts("#event-when-own").join(" ").contains("Asia/Tokyo"));
        let r = ldn.get(&format!("/events/{id}")).await;
        assert!(when(&r).contains(ldn_want), "{}", when(&r));
    }
    // The dates are the readers' too: 26 March in both.
    let r = sp.get(&format!("/events/{before}")).await;
    assert!(when(&r).contains("26"), "{}", when(&r));
}

#[tokio::test]
async fn visitors_register_with_consent_get_an_ics_and_cancel_by_their_link() {
    let t = registry().await;
    let mut admin = t.signed_in("admin@x.org").await;
    let id = create(
        &mut admin,
        &form("2027-03-26T18:00", "2027-03-26T19:30", "40"),
    )
    .await;
    let mut anon = t.browser();
    let path = format!("/events/{id}/register");
    // No consent: refused, nothing stored.
    let r = anon
        .post(&path, &[("name", "Ana Ruiz"), ("email", "ana@example.org")])
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("must be given to register"), "{}", r.body);
    assert_eq!(svc::seats(&t.app, id).await.unwrap(), (0, 0));

    let fields = [
        ("name", "Ana Ruiz"),
        ("email", "ana@example.org"),
        ("consent", "on"),
    ];
    let r = anon.post(&path, &fields).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let confirmation = r.location();
    assert!(confirmation.starts_with("/events/registration/"));
    let page = anon.get(&confirmation).await;
    assert_eq!(page.status, 200);
    assert!(page.texts("#confirmation-status")[0].contains("Confirmed"));
    let ics = anon.get(&format!("{confirmation}/calendar.ics")).await;
    assert_eq!(ics.status, 200);
    assert!(
        ics.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    assert!(ics.body.contains("DTSTART:20270326T090000Z\r\n"));
    assert!(ics.body.contains("SUMMARY:Fracture liaison in Japan"));
    // Twice: refused.
    let r = anon.post(&path, &fields).await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("is registered for this event already"));
    assert_eq!(svc::seats(&t.app, id).await.unwrap(), (1, 0));
    // A changed link cancels nothing; the real one does, signed out.
    let forged = format!("{confirmation}x/cancel");
    assert_eq!(anon.post(&forged, &[]).await.status, 404);
    let r = anon.post(&format!("{confirmation}/cancel"), &[]).await;
    assert_eq!(r.status, 303);
    assert!(anon.get(&confirmation).await.texts("#confirmation-status")[0].contains("Cancelled"));
    assert_eq!(svc::seats(&t.app, id).await.unwrap(), (0, 0));
    assert_eq!(t.count_audit("event.register").await, 1);
    assert_eq!(t.count_audit("event.cancel").await, 1);
}

#[tokio::test]
async fn a_full_event_has_a_waiting_list_that_moves_up_when_a_seat_frees() {
    let t = registry().await;
    let mut admin = t.signed_in("admin@x.org").await;
    let id = create(
        &mut admin,
        &form("2027-03-26T18:00", "2027-03-26T19:30", "1"),
    )
    .await;
    let mut gb = t.signed_in("nurse.gb@x.org").await;
    let r = gb.post(&format!("/events/{id}/register"), &[]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let mut br = t.signed_in("nurse.br@x.org").await;
    br.post(&format!("/events/{id}/register"), &[]).await;
    let page = br.get(&format!("/events/{id}")).await;
    assert!(page.texts(".my-registration")[0].contains("waiting list"));
    assert_eq!(svc::seats(&t.app, id).await.unwrap(), (1, 1));
    // The first cancels: the second is confirmed in the same transaction.
    assert_eq!(
        gb.post(&format!("/events/{id}/cancel"), &[]).await.status,
        303
    );
    assert_eq!(svc::seats(&t.app, id).await.unwrap(), (1, 0));
    let page = br.get(&format!("/events/{id}")).await;
    assert!(page.texts(".my-registration")[0].contains("Confirmed"));
    assert_eq!(t.count_audit("event.promote").await, 1);
}

#[tokio::test]
async fn cancellations_at_once_promote_each_waiting_person_once() {
    let t = registry().await;
    let mut admin = t.signed_in("admin@x.org").await;
    let id = create(
        &mut admin,
        &form("2027-03-26T18:00", "2027-03-26T19:30", "3"),
    )
    .await;
    let mut tokens = Vec::new();
    for i in 0..6 {
        let v = liaison_domain::events::VisitorInput {
            name: format!("Person {i}"),
            email: format!("p{i}@example.org"),
            consent: "on".into(),
        };
        let r = svc::register(&t.app, svc::Registrant::Visitor(&v), id, "en", "test")
            .await
            .unwrap();
        tokens.push(r.cancel_token);
    }
    assert_eq!(svc::seats(&t.app, id).await.unwrap(), (3, 3));
    // The three confirmed cancel at once.
    let mut set = tokio::task::JoinSet::new();
    for tok in tokens.iter().take(3) {
        let (app, tok) = (t.app.clone(), tok.clone());
        set.spawn(async move { svc::cancel_by_token(&app, &tok, "test").await.map(|_| ()) });
    }
    while let Some(r) = set.join_next().await {
        r.unwrap().unwrap();
    }
    assert_eq!(svc::seats(&t.app, id).await.unwrap(), (3, 0));
    assert_eq!(t.count_audit("event.promote").await, 3);
}

#[tokio::test]
async fn registration_after_the_deadline_is_refused() {
    let t = registry().await;
    let mut admin = t.signed_in("admin@x.org").await;
    let mut f = form("2027-03-26T18:00", "2027-03-26T19:30", "40");
    f.push(("deadline", "2027-03-20T12:00"));
    let id = create(&mut admin, &f).await;
    set_clock(&t, time::macros::datetime!(2027-03-21 00:00 UTC));
    let mut gb = t.signed_in("nurse.gb@x.org").await;
    let r = gb.post(&format!("/events/{id}/register"), &[]).await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("registration is closed"), "{}", r.body);
    assert_eq!(svc::seats(&t.app, id).await.unwrap(), (0, 0));
}

#[tokio::test]
async fn events_for_signed_in_users_are_hidden_from_visitors() {
    let t = registry().await;
    let mut admin = t.signed_in("admin@x.org").await;
    let mut f = form("2027-03-26T18:00", "2027-03-26T19:30", "40");
    f.retain(|(k, _)| *k != "public");
    let id = create(&mut admin, &f).await;
    let mut anon = t.browser();
    assert!(anon.get("/events").await.texts(".event").is_empty());
    assert_eq!(anon.get(&format!("/events/{id}")).await.status, 404);
    let mut gb = t.signed_in("nurse.gb@x.org").await;
    assert_eq!(gb.get("/events").await.texts(".event").len(), 1);
}

#[tokio::test]
async fn organisers_mark_attendance_and_leads_see_people_trained_in_their_countries() {
    let t = registry().await;
    let mut admin = t.signed_in("admin@x.org").await;
    let id = create(
        &mut admin,
        &form("2027-03-26T18:00", "2027-03-26T19:30", "40"),
    )
    .await;
    for who in ["nurse.gb@x.org", "nurse.br@x.org"] {
        let mut b = t.signed_in(who).await;
        b.post(&format!("/events/{id}/register"), &[]).await;
    }
    let rows = svc::attendees(&t.app, &Actor::operator(), id)
        .await
        .unwrap();
    for r in &rows {
        let rid = r.id.to_string();
        let f = [("registration", rid.as_str()), ("attended", "yes")];
        assert_eq!(
            admin
                .post(&format!("/events/{id}/attendance"), &f)
                .await
                .status,
            303
        );
    }
    assert_eq!(t.count_audit("event.attendance").await, 2);
    let csv = admin.get(&format!("/events/{id}/attendees.csv")).await;
    assert_eq!(csv.status, 200);
    assert!(csv.body.contains("nurse.gb@x.org") && csv.body.contains("nurse.br@x.org"));
    let xlsx = admin.get(&format!("/events/{id}/attendees.xlsx")).await;
    assert_eq!(xlsx.status, 200);
    assert_eq!(t.count_audit("event.export").await, 2);
    // The GB lead: one person trained in the United Kingdom, nothing of Brazil, no names.
    let mut lead = t.signed_in("lead.gb@x.org").await;
    let r = lead.get("/events/report").await;
    assert_eq!(r.status, 200);
    let rows = r.texts(".trained");
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(rows[0].contains("Fracture liaison in Japan") && rows[0].contains('1'));
    assert!(!r.body.contains("nurse.gb@x.org"));
    // A nurse may not read the list or the counts.
    let mut gb = t.signed_in("nurse.gb@x.org").await;
    assert_eq!(
        gb.get(&format!("/events/{id}/attendees.csv")).await.status,
        404
    );
    assert_eq!(gb.get("/events/report").await.status, 404);
}

#[tokio::test]
async fn the_confirmation_carries_the_ics_and_a_reminder_comes_the_day_before() {
    let sink = Sink::start().await;
    let t = spawn_with(mail_config(&sink)).await;
    t.fls("GB-A", "GB").await;
    t.user("admin@x.org", "administrator", "").await;
    let mut admin = t.signed_in("admin@x.org").await;
    let id = create(
        &mut admin,
        &form("2026-12-10T18:00", "2026-12-10T19:30", "40"),
    )
    .await;
    let mut anon = t.browser();
    anon.post("/language", &[("lang", "ja")]).await;
    let fields = [
        ("name", "Aiko"),
        ("email", "aiko@example.org"),
        ("consent", "on"),
    ];
    assert_eq!(
        anon.post(&format!("/events/{id}/register"), &fields)
            .await
            .status,
        303
    );
    plan_and_send(&t).await;
    let m = crate::notify::only(&sink, "aiko@example.org");
    assert!(m.subject.contains("申込み確定"), "{}", m.subject);
    assert!(
        m.subject.contains("日本の骨折リエゾンサービス"),
        "{}",
        m.subject
    );
    // The visitor's zone is the event's: 18:00 in Tokyo, named.
    assert!(
        m.text.contains("18:00–19:30（Asia/Tokyo, UTC+09:00）"),
        "{}",
        m.text
    );
    assert_eq!(m.attachments.len(), 1, "{m:#?}");
    let (ctype, name, ics) = &m.attachments[0];
    assert!(ctype.starts_with("text/calendar"), "{ctype}");
    assert_eq!(name, &format!("event-{id}.ics"));
    assert!(ics.contains("DTSTART:20261210T090000Z\r\n"), "{ics}");
    // A transactional message: no list to leave.
    assert!(m.header("List-Unsubscribe").is_none());

    // The day before: one reminder, once.
    set_clock(&t, time::macros::datetime!(2026-12-09 10:00 UTC));
    plan_and_send(&t).await;
    plan_and_send(&t).await;
    let reminders: Vec<_> = sink
        .messages()
        .into_iter()
        .filter(|m| m.subject.contains("明日"))
        .collect();
    assert_eq!(reminders.len(), 1);
    assert!(reminders[0].text.contains("2026"), "{}", reminders[0].text);
}

#[tokio::test]
async fn notification_mail_offers_one_click_unsubscribe_that_needs_no_csrf_token() {
    let sink = Sink::start().await;
    let t = spawn_with(mail_config(&sink)).await;
    t.fls("GB-GLA", "GB").await;
    t.user("nurse@x.org", "fls_clinician", "GB-GLA").await;
    let mut b = t.signed_in("nurse@x.org").await;
    b.post(
        "/account/notifications",
        &[
            ("digest-GB-GLA", "daily"),
            ("hour", "9"),
            ("time_zone", "Europe/London"),
        ],
    )
    .await;
    plan_and_send(&t).await;
    let m = crate::notify::only(&sink, "nurse@x.org");
    assert_eq!(
        m.header("List-Unsubscribe-Post"),
        Some("List-Unsubscribe=One-Click")
    );
    let link = m.header("List-Unsubscribe").unwrap();
    let url = link.trim_start_matches('<').trim_end_matches('>');
    let path = url.strip_prefix("https://liaison.test").unwrap();
    assert!(path.starts_with("/notifications/unsubscribe/"));
    // What a mail provider sends: no cookie, no CSRF token, the RFC 8058 body.
    let mut provider = t.browser();
    let r = provider
        .post_raw(path, &[("List-Unsubscribe", "One-Click")])
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(t.count_audit("notify.unsubscribe").await, 1);
    // A forged link still changes nothing, token or not.
    let r = provider
        .post_raw(
            "/notifications/unsubscribe/AAAA.BBBB",
            &[("List-Unsubscribe", "One-Click")],
        )
        .await;
    assert_eq!(r.status, 404);
    // Other forms still need their token.
    let r = provider.post_raw("/events", &[]).await;
    assert_ne!(r.status, 303);
}
