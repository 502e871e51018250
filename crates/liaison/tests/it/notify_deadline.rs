//! Facilities-round deadline reminders (issue 20 follow-up), read back from the SMTP sink: the
//! lead of a service whose return is not submitted hears 14 and 3 days before the deadline,
//! once each, in their language, with the audit's link; a service that submitted does not;
//! the settings page and the e-mail's own link turn the reminders off.

use crate::facilities::{full, open_round, submit};
use crate::helpers::*;
use crate::notify::{mail_config, only, plan_and_send};
use crate::notify_sink::Sink;
use axum::http::StatusCode;
use time::macros::datetime;

/// Three services in Britain (07:00-09:59 London is the reminders' default window): Glasgow's
/// lead reads English, Edinburgh's French, London's has submitted. A nurse is no lead.
async fn registry(sink: &Sink) -> TestApp {
    let t = spawn_with(mail_config(sink)).await;
    for code in ["GB-GLA", "GB-EDI", "GB-LON"] {
        t.fls(code, "GB").await;
    }
    t.user("lead.gla@x.org", "fls_lead", "GB-GLA").await;
    t.user("lead.edi@x.org", "fls_lead", "GB-EDI").await;
    t.user("lead.lon@x.org", "fls_lead", "GB-LON").await;
    t.user("nurse.gla@x.org", "fls_clinician", "GB-GLA").await;
    let mut edi = t.signed_in("lead.edi@x.org").await;
    edi.post("/language", &[("lang", "fr")]).await;
    // 2026-11-26 09:00 UTC: 14 days to go.
    open_round(&t, "2026", "2026-12-10").await;
    submit(&t, "GB-LON", "2026", &full()).await;
    t
}

fn to(sink: &Sink, who: &str) -> usize {
    sink.messages()
        .iter()
        .filter(|m| m.to.contains(who))
        .count()
}

#[tokio::test]
async fn leads_without_a_submitted_return_hear_14_and_3_days_before_once_each() {
    let sink = Sink::start().await;
    let t = registry(&sink).await;

    let (written, sent) = plan_and_send(&t).await;
    assert_eq!((written, sent.sent), (2, 2), "{:#?}", sink.messages());
    let gla = only(&sink, "lead.gla@x.org");
    assert!(gla.subject.contains("GB-GLA"), "{}", gla.subject);
    assert!(
        gla.subject.contains("facilities audit 2026"),
        "{}",
        gla.subject
    );
    assert!(gla.text.contains("days left: 14"), "{}", gla.text);
    assert!(
        gla.text
            .contains("https://liaison.test/fls/GB-GLA/facilities")
    );
    assert!(
        gla.html
            .contains("href=\"https://liaison.test/fls/GB-GLA/facilities\"")
    );
    assert!(gla.text.contains("because you lead GB-GLA service"));
    assert!(gla.text.contains("/notifications/unsubscribe/"));
    let edi = only(&sink, "lead.edi@x.org");
    assert!(
        edi.subject.contains("audit organisationnel 2026"),
        "{}",
        edi.subject
    );
    assert!(edi.text.contains("jours restants"), "{}", edi.text);
    assert!(edi.html.contains("lang=\"fr\""));
    // Submitted, or no lead: nothing.
    assert_eq!(to(&sink, "lead.lon@x.org"), 0);
    assert_eq!(to(&sink, "nurse.gla@x.org"), 0);
    assert_eq!(t.count_audit("notify.queued").await, 2);

    // Again, and each following morning until 4 days before: the 14-day reminder is written once.
    assert_eq!(plan_and_send(&t).await.0, 0);
    for _ in 0..10 {
        t.clock.advance(time::Duration::days(1));
        assert_eq!(plan_and_send(&t).await.0, 0, "at {}", t.app.now());
    }
    t.clock.advance(time::Duration::days(1));
    assert_eq!(t.app.now(), datetime!(2026-12-07 09:00 UTC));
    assert_eq!(plan_and_send(&t).await.0, 2);
    assert_eq!(to(&sink, "lead.gla@x.org"), 2);
    assert_eq!(to(&sink, "lead.edi@x.org"), 2);
    let last = sink
        .messages()
        .into_iter()
        .rfind(|m| m.to.contains("lead.gla@x.org"))
        .unwrap();
    assert!(last.text.contains("days left: 3"), "{}", last.text);
    // Nothing more, the deadline day included, nor after it.
    for _ in 0..4 {
        t.clock.advance(time::Duration::days(1));
        assert_eq!(plan_and_send(&t).await.0, 0, "at {}", t.app.now());
    }
    assert_eq!(sink.messages().len(), 4);
}

#[tokio::test]
async fn the_reminders_stop_from_the_settings_page_and_from_the_email_link() {
    let sink = Sink::start().await;
    let t = registry(&sink).await;
    // On by default; Edinburgh's lead turns them off on the settings page.
    let mut edi = t.signed_in("lead.edi@x.org").await;
    let page = edi.get("/account/notifications").await;
    assert_eq!(
        page.attr("#f-facilities_deadline", "checked").as_deref(),
        Some("")
    );
    let r = edi
        .post(
            "/account/notifications",
            &[("hour", "7"), ("time_zone", "Europe/London")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = edi.get("/account/notifications").await;
    assert_eq!(page.attr("#f-facilities_deadline", "checked"), None);
    assert_eq!(plan_and_send(&t).await.0, 1);
    assert_eq!(to(&sink, "lead.edi@x.org"), 0);

    // Glasgow's lead follows the e-mail's link, signed out, and presses the button.
    let gla = only(&sink, "lead.gla@x.org");
    let link = gla
        .text
        .split_whitespace()
        .find(|w| w.contains("/notifications/unsubscribe/"))
        .unwrap()
        .to_string();
    let path = link.strip_prefix("https://liaison.test").unwrap();
    let mut anon = t.browser();
    let page = anon.get(path).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body
            .contains("Stop facilities audit deadline reminders?")
    );
    assert_eq!(anon.post(path, &[]).await.status, 200);
    assert_eq!(t.count_audit("notify.unsubscribe").await, 1);
    let mut me = t.signed_in("lead.gla@x.org").await;
    let page = me.get("/account/notifications").await;
    assert_eq!(page.attr("#f-facilities_deadline", "checked"), None);

    // Three days before: no one left to remind.
    t.clock.advance(time::Duration::days(11));
    assert_eq!(plan_and_send(&t).await.0, 0);
    assert_eq!(sink.messages().len(), 1);
}
