//! E-mail notifications (issue 20), delivered through a real SMTP conversation with a sink the
//! test starts (`notify_sink.rs`) and read back as they arrived: digests whose counts are the
//! worklists', no patient identifier in any message, the reader's language and time zone;
//! a server that refuses, stalls or drops the line; a restart between writing and sending.

use crate::helpers::*;
use crate::notify_sink::{Mail, Mode, Sink};
use axum::http::StatusCode;
use liaison_app::app::Config;
use liaison_app::notify::{self, Delivered};
use liaison_store::outbox;
use std::sync::Arc;
use time::macros::datetime;

pub fn mail_config(sink: &Sink) -> Config {
    Config {
        mail: Some(Arc::new(
            notify::Mail::new(
                &sink.url(),
                "liaison@registry.test",
                "https://liaison.test/",
                std::time::Duration::from_secs(1),
            )
            .unwrap(),
        )),
        composer: Some(Arc::new(liaison_web::mail::WebComposer)),
        ..Config::default()
    }
}

/// A registry with one FLS, a nurse there, and `n` episodes awaiting assessment.
async fn small(sink: &Sink) -> TestApp {
    let t = spawn_with(mail_config(sink)).await;
    t.fls("GB-GLA", "GB").await;
    t.user("nurse@x.org", "fls_clinician", "GB-GLA").await;
    t
}

/// Ask for a digest as the user would, on the settings page.
async fn choose(b: &mut Browser, fls: &str, cadence: &str, hour: &str, zone: &str) -> Resp {
    let key = format!("digest-{fls}");
    b.post(
        "/account/notifications",
        &[(key.as_str(), cadence), ("hour", hour), ("time_zone", zone)],
    )
    .await
}

pub async fn plan_and_send(t: &TestApp) -> (usize, Delivered) {
    let written = notify::plan_due(&t.app).await.unwrap();
    (written, notify::deliver_due(&t.app).await.unwrap())
}

pub fn only(sink: &Sink, to: &str) -> Mail {
    let mut v: Vec<Mail> = sink
        .messages()
        .into_iter()
        .filter(|m| m.to.contains(to))
        .collect();
    assert_eq!(v.len(), 1, "messages to {to}: {v:#?}");
    v.pop().unwrap()
}

/// Rows of a worklist as its CSV export lists them (header left out).
async fn csv_rows(b: &mut Browser, fls: &str, list: &str, state: &str) -> i64 {
    let r = b
        .get(&format!(
            "/fls/{fls}/worklists/{list}?state={state}&format=csv"
        ))
        .await;
    assert_eq!(r.status, 200);
    csv::Reader::from_reader(r.body.as_bytes())
        .records()
        .count() as i64
}

/// Whole words, so a short name is not found inside a longer word.
fn has_words(hay: &str, needle: &str) -> bool {
    let words = |s: &str| {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
    };
    let (h, n) = (words(hay), words(needle));
    !n.is_empty() && h.windows(n.len()).any(|w| w == n.as_slice())
}

#[tokio::test]
async fn digests_count_the_worklists_and_name_no_patient() {
    let sink = Sink::start().await;
    let t = spawn_with(mail_config(&sink)).await;
    liaison_fixtures::demo::seed(&t.app).await.unwrap();
    let pw = liaison_fixtures::demo::PASSWORD;
    // 09:00 in London, 12:00 in Riyadh (2026-11-26, a Thursday).
    let mut gla = t.browser();
    gla.sign_in("nurse.gla@demo.liaison.test", pw).await;
    let r = choose(&mut gla, "GB-GLA", "daily", "9", "Europe/London").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let mut ruh = t.browser();
    ruh.sign_in("nurse.ruh@demo.liaison.test", pw).await;
    ruh.post("/language", &[("lang", "ar")]).await;
    let r = choose(&mut ruh, "SA-RUH", "daily", "12", "Asia/Riyadh").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    let (written, sent) = plan_and_send(&t).await;
    assert_eq!((written, sent.sent), (2, 2));
    assert_eq!(t.count_audit("mail.sent").await, 2);

    // The Glasgow digest's counts are the worklists' own.
    let m = only(&sink, "nurse.gla@demo.liaison.test");
    let html = scraper::Html::parse_document(&m.html);
    let row = scraper::Selector::parse("tbody tr").unwrap();
    let cell = scraper::Selector::parse("td").unwrap();
    let link = scraper::Selector::parse("a").unwrap();
    let mut lists = 0;
    let mut any = 0;
    for tr in html.select(&row) {
        let href = tr
            .select(&link)
            .next()
            .unwrap()
            .value()
            .attr("href")
            .unwrap();
        let list = href.rsplit('/').next().unwrap();
        assert!(
            href.starts_with("https://liaison.test/fls/GB-GLA/worklists/"),
            "{href}"
        );
        let n: Vec<i64> = tr
            .select(&cell)
            .skip(1)
            .map(|c| c.text().collect::<String>().trim().parse().unwrap())
            .collect();
        assert_eq!(
            n[0],
            csv_rows(&mut gla, "GB-GLA", list, "due").await,
            "{list} due"
        );
        assert_eq!(
            n[1],
            csv_rows(&mut gla, "GB-GLA", list, "overdue").await,
            "{list} overdue"
        );
        lists += 1;
        any += n[0] + n[1];
    }
    assert_eq!(lists, 6);
    assert!(
        any > 0,
        "the demo's worklists are empty: the comparison proves nothing"
    );
    assert!(m.text.contains("Patients due and overdue"), "{}", m.text);
    assert!(m.subject.contains("today's worklists"), "{}", m.subject);

    // The Riyadh nurse reads hers in Arabic, right to left.
    let a = only(&sink, "nurse.ruh@demo.liaison.test");
    assert!(a.subject.contains("قوائم العمل اليوم"), "{}", a.subject);
    assert!(a.html.contains("dir=\"rtl\""));
    assert!(a.text.contains("Asia/Riyadh"));

    // KPI alerts too, an hour later.
    for (b, fls, hour, zone) in [
        (&mut gla, "GB-GLA", "9", "Europe/London"),
        (&mut ruh, "SA-RUH", "12", "Asia/Riyadh"),
    ] {
        let key = format!("digest-{fls}");
        let r = b
            .post(
                "/account/notifications",
                &[
                    (key.as_str(), "daily"),
                    ("hour", hour),
                    ("time_zone", zone),
                    ("kpi_alerts", "on"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
    }
    t.clock.advance(time::Duration::hours(1));
    let (written, sent) = plan_and_send(&t).await;
    assert!(written > 0 && sent.sent == written, "{written} {sent:?}");

    // No message names a patient, gives a hospital number or a date of birth.
    let rows: Vec<(String, String, String, String)> = match &t.app.db {
        liaison_store::Db::Sqlite(p) => sqlx::query_as(
            "SELECT patient_ref, family_name, given_names, CAST(birth_date AS TEXT) FROM episodes",
        )
        .fetch_all(p)
        .await
        .unwrap(),
        liaison_store::Db::Postgres(p) => sqlx::query_as(
            "SELECT patient_ref, family_name, given_names, CAST(birth_date AS TEXT) FROM episodes",
        )
        .fetch_all(p)
        .await
        .unwrap(),
    };
    assert!(rows.len() > 100);
    for m in sink.messages() {
        let all = m.all();
        for (pref, family, given, birth) in &rows {
            assert!(!all.contains(pref.as_str()), "patient_ref {pref} in {all}");
            assert!(!has_words(&all, family), "family name {family} in {all}");
            assert!(!has_words(&all, given), "given names {given} in {all}");
            let (y, mo, d) = (&birth[0..4], &birth[5..7], &birth[8..10]);
            for form in [
                birth.clone(),
                format!("{d}/{mo}/{y}"),
                format!("{mo}/{d}/{y}"),
                format!("{y}/{mo}/{d}"),
                format!("{d}.{mo}.{y}"),
            ] {
                assert!(!all.contains(&form), "birth date {form} in {all}");
            }
        }
    }
}

#[tokio::test]
async fn a_digest_goes_out_at_the_users_hour_in_their_zone_and_language() {
    let sink = Sink::start().await;
    let t = small(&sink).await;
    let id = liaison_store::users::user_by_email(&t.app.db, "nurse@x.org")
        .await
        .unwrap()
        .unwrap()
        .id;
    liaison_app::users::set_language(&t.app, id, Some("ja"))
        .await
        .unwrap();
    let mut b = t.signed_in("nurse@x.org").await;
    let r = choose(&mut b, "GB-GLA", "daily", "8", "Asia/Tokyo").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // 07:30 in Tokyo: not yet.
    t.clock.advance(time::Duration::minutes(13 * 60 + 30));
    assert_eq!(plan_and_send(&t).await.0, 0);
    // 08:30 in Tokyo, already the 27th there.
    t.clock.advance(time::Duration::hours(1));
    assert_eq!(t.app.now(), datetime!(2026-11-26 23:30 UTC));
    let (written, d) = plan_and_send(&t).await;
    assert_eq!((written, d.sent), (1, 1));
    // Once a day: the planner running again writes nothing.
    t.clock.advance(time::Duration::minutes(40));
    assert_eq!(plan_and_send(&t).await.0, 0);
    let m = only(&sink, "nurse@x.org");
    assert!(m.subject.contains("今日のワークリスト"), "{}", m.subject);
    assert!(
        m.text.contains("2026/11/27") || m.text.contains("2026年11月27日"),
        "{}",
        m.text
    );
    assert!(m.text.contains("Asia/Tokyo"));
    assert!(m.text.contains("GB-GLA"), "the footer says why: {}", m.text);
}

/// The fault, then the server back: the message stayed in the outbox with its error, waits
/// its back-off, and is then sent exactly once.
async fn survives(mode: Mode) {
    let sink = Sink::start().await;
    let t = small(&sink).await;
    let mut b = t.signed_in("nurse@x.org").await;
    choose(&mut b, "GB-GLA", "daily", "9", "Europe/London").await;
    sink.set(mode);
    let (written, d) = plan_and_send(&t).await;
    assert_eq!(written, 1);
    assert_eq!(
        d,
        Delivered {
            sent: 0,
            deferred: 1,
            failed: 0
        },
        "{mode:?}"
    );
    assert!(sink.raw().is_empty(), "{mode:?}: a message arrived");
    let rows = outbox::list(&t.app.db, None, 10).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].status, "pending");
    assert!(rows[0].last_error.as_deref().is_some_and(|e| !e.is_empty()));
    sink.set(Mode::Accept);
    // Not before its time comes.
    assert_eq!(notify::deliver_due(&t.app).await.unwrap().sent, 0);
    t.clock.advance(time::Duration::minutes(2));
    assert_eq!(notify::deliver_due(&t.app).await.unwrap().sent, 1);
    t.clock.advance(time::Duration::hours(1));
    assert_eq!(plan_and_send(&t).await, (0, Delivered::default()));
    assert_eq!(sink.raw().len(), 1, "{mode:?}: sent more than once");
    assert_eq!(
        outbox::list(&t.app.db, Some("sent"), 10)
            .await
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn a_refusing_server_delays_the_message_and_it_is_sent_once() {
    survives(Mode::Refuse).await;
}

#[tokio::test]
async fn a_server_that_does_not_answer_delays_the_message_and_it_is_sent_once() {
    survives(Mode::Stall).await;
}

#[tokio::test]
async fn a_line_dropped_mid_message_delays_the_message_and_it_is_sent_once() {
    survives(Mode::DropMidData).await;
}

#[tokio::test]
async fn a_message_written_before_a_restart_is_sent_after_it_once() {
    let sink = Sink::start().await;
    let t = small(&sink).await;
    let mut b = t.signed_in("nurse@x.org").await;
    choose(&mut b, "GB-GLA", "daily", "9", "Europe/London").await;
    // Written, then the server stops before its worker sends.
    assert_eq!(notify::plan_due(&t.app).await.unwrap(), 1);
    let after = t.restarted_with(mail_config(&sink));
    assert_eq!(
        notify::plan_due(&after.app).await.unwrap(),
        0,
        "written twice"
    );
    assert_eq!(notify::deliver_due(&after.app).await.unwrap().sent, 1);
    assert_eq!(notify::deliver_due(&after.app).await.unwrap().sent, 0);
    assert_eq!(sink.raw().len(), 1);
}

#[tokio::test]
async fn a_message_claimed_by_a_worker_that_stopped_mid_send_is_sent_once_later() {
    let sink = Sink::start().await;
    let t = small(&sink).await;
    let mut b = t.signed_in("nurse@x.org").await;
    choose(&mut b, "GB-GLA", "daily", "9", "Europe/London").await;
    notify::plan_due(&t.app).await.unwrap();
    // A worker claims the message and the process dies before it is marked.
    let now = t.app.now();
    let claimed = outbox::claim_due(&t.app.db, now, now - time::Duration::minutes(10), 10)
        .await
        .unwrap();
    assert_eq!(claimed.len(), 1);
    let after = t.restarted_with(mail_config(&sink));
    // Another worker leaves it alone while the claim may still be live...
    assert_eq!(notify::deliver_due(&after.app).await.unwrap().sent, 0);
    // ...and takes it over once the claim has lapsed.
    t.clock.advance(time::Duration::minutes(11));
    assert_eq!(notify::deliver_due(&after.app).await.unwrap().sent, 1);
    assert_eq!(notify::deliver_due(&after.app).await.unwrap().sent, 0);
    let got = sink.messages();
    assert_eq!(got.len(), 1);
    assert!(
        got[0].message_id.starts_with("<outbox-"),
        "{}",
        got[0].message_id
    );
}

#[tokio::test]
async fn the_serving_process_plans_and_sends_by_itself() {
    let sink = Sink::start().await;
    let mut config = mail_config(&sink);
    config.notify_every = std::time::Duration::from_millis(100);
    let t = spawn_with(config).await;
    t.fls("GB-GLA", "GB").await;
    t.user("nurse@x.org", "fls_clinician", "GB-GLA").await;
    let mut b = t.signed_in("nurse@x.org").await;
    choose(&mut b, "GB-GLA", "daily", "9", "Europe/London").await;
    let _running = liaison_app::housekeeping::start(t.app.clone());
    for _ in 0..100 {
        if !sink.raw().is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(sink.raw().len(), 1);
}

#[tokio::test]
async fn a_message_failing_every_attempt_is_shown_to_administrators_who_retry_it() {
    let sink = Sink::start().await;
    let t = small(&sink).await;
    t.user("admin@x.org", "administrator", "").await;
    let mut b = t.signed_in("nurse@x.org").await;
    choose(&mut b, "GB-GLA", "daily", "9", "Europe/London").await;
    sink.set(Mode::Refuse);
    notify::plan_due(&t.app).await.unwrap();
    let mut failed = 0;
    for _ in 0..notify::deliver::MAX_ATTEMPTS {
        failed += notify::deliver_due(&t.app).await.unwrap().failed;
        t.clock.advance(time::Duration::hours(7));
    }
    assert_eq!(failed, 1);
    assert_eq!(t.count_audit("mail.failed").await, 1);
    // The nurse may not see the outbox.
    let mut b = t.signed_in("nurse@x.org").await;
    assert_eq!(b.get("/admin/outbox").await.status, 404);
    let mut admin = t.signed_in("admin@x.org").await;
    let page = admin.get("/admin/outbox?status=failed").await;
    assert_eq!(page.status, 200);
    let row = page.texts("#outbox tbody tr").join(" ");
    assert!(
        row.contains("nurse@x.org") && row.contains("Failed") && row.contains("554"),
        "{row}"
    );
    let id = outbox::list(&t.app.db, Some("failed"), 1).await.unwrap()[0].id;
    sink.set(Mode::Accept);
    let r = admin.post(&format!("/admin/outbox/{id}/retry"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(notify::deliver_due(&t.app).await.unwrap().sent, 1);
    assert_eq!(sink.raw().len(), 1);
    assert_eq!(t.count_audit("mail.retry").await, 1);
    let page = admin.get("/admin/outbox?status=sent").await;
    assert!(page.texts("#outbox tbody tr").join(" ").contains("Sent"));
}

#[tokio::test]
async fn bad_settings_are_refused_with_field_value_and_rule() {
    let sink = Sink::start().await;
    let t = small(&sink).await;
    let mut b = t.signed_in("nurse@x.org").await;
    let r = choose(&mut b, "GB-GLA", "daily", "24", "Mars/Olympus_Mons").await;
    assert_eq!(r.status, 422);
    let errors = r.texts(".errors li").join(" | ");
    assert!(
        errors.contains("24") && errors.contains("0 to 23"),
        "{errors}"
    );
    assert!(
        errors.contains("Mars/Olympus_Mons") && errors.contains("time zone"),
        "{errors}"
    );
    let r = choose(&mut b, "GB-GLA", "hourly", "7", "Europe/London").await;
    assert_eq!(r.status, 422);
    assert!(r.texts(".errors li").join(" ").contains("hourly"));
    // Another service's digest is not the nurse's to ask for.
    t.fls("GB-EDI", "GB").await;
    let r = choose(&mut b, "GB-EDI", "daily", "7", "Europe/London").await;
    assert_eq!(r.status, 422);
    assert!(
        notify::settings(&t.app, &actor_of(&t, "nurse@x.org").await)
            .await
            .unwrap()
            .prefs
            .is_none()
    );
}

async fn actor_of(t: &TestApp, email: &str) -> liaison_app::Actor {
    let u = liaison_store::users::user_by_email(&t.app.db, email)
        .await
        .unwrap()
        .unwrap();
    let (_, access) = liaison_app::auth::access_of(&t.app, u.id).await.unwrap();
    liaison_app::Actor {
        user_id: Some(u.id),
        label: email.into(),
        ip: "test".into(),
        access,
    }
}

#[tokio::test]
async fn the_unsubscribe_link_works_signed_out_and_a_tampered_one_changes_nothing() {
    let sink = Sink::start().await;
    let t = small(&sink).await;
    let mut b = t.signed_in("nurse@x.org").await;
    b.post(
        "/account/notifications",
        &[
            ("digest-GB-GLA", "daily"),
            ("hour", "9"),
            ("time_zone", "Europe/London"),
            ("kpi_alerts", "on"),
        ],
    )
    .await;
    plan_and_send(&t).await;
    let m = only(&sink, "nurse@x.org");
    let link = m
        .text
        .split_whitespace()
        .find(|w| w.contains("/notifications/unsubscribe/"))
        .unwrap()
        .to_string();
    let path = link.strip_prefix("https://liaison.test").unwrap();
    let mut anon = t.browser();
    // The link made to stop KPI alerts instead, its signature kept: not found, nothing changed.
    use base64::Engine;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let token = path.rsplit('/').next().unwrap();
    let (p, s) = token.split_once('.').unwrap();
    let payload = String::from_utf8(b64.decode(p).unwrap()).unwrap();
    let user = payload.split('.').nth(1).unwrap();
    let forged = b64.encode(format!("k.{user}"));
    let bad = format!("/notifications/unsubscribe/{forged}.{s}");
    assert_eq!(anon.get(&bad).await.status, 404);
    assert_eq!(anon.post(&bad, &[]).await.status, 404);
    let me = actor_of(&t, "nurse@x.org").await;
    assert_eq!(
        notify::settings(&t.app, &me).await.unwrap().digests.len(),
        1
    );
    // The real link, signed out: a page, then the button.
    let page = anon.get(path).await;
    assert_eq!(page.status, 200);
    assert_eq!(
        notify::settings(&t.app, &me).await.unwrap().digests.len(),
        1,
        "a GET changed it"
    );
    let done = anon.post(path, &[]).await;
    assert_eq!(done.status, 200);
    assert!(
        done.html()
            .select(&scraper::Selector::parse("#unsubscribed").unwrap())
            .next()
            .is_some()
    );
    assert!(
        notify::settings(&t.app, &me)
            .await
            .unwrap()
            .digests
            .is_empty()
    );
    assert_eq!(t.count_audit("notify.unsubscribe").await, 1);
    // No digest tomorrow.
    t.clock.advance(time::Duration::days(1));
    assert_eq!(plan_and_send(&t).await.0, 0);
}

#[tokio::test]
async fn without_smtp_the_settings_say_mail_is_off_and_nothing_is_sent() {
    let t = spawn().await;
    t.fls("GB-GLA", "GB").await;
    t.user("nurse@x.org", "fls_clinician", "GB-GLA").await;
    let mut b = t.signed_in("nurse@x.org").await;
    let page = b.get("/account/notifications").await;
    assert_eq!(page.status, 200);
    assert!(page.texts("#mail-off").join("").contains("Mail is off"));
    let r = choose(&mut b, "GB-GLA", "daily", "9", "Europe/London").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        notify::deliver_due(&t.app).await.unwrap(),
        Delivered::default()
    );
    let sink = Sink::start().await;
    let on = spawn_with(mail_config(&sink)).await;
    on.fls("GB-GLA", "GB").await;
    on.user("nurse@x.org", "fls_clinician", "GB-GLA").await;
    let mut b = on.signed_in("nurse@x.org").await;
    assert!(
        b.get("/account/notifications")
            .await
            .texts("#mail-off")
            .is_empty()
    );
}

#[tokio::test]
async fn notify_dry_run_prints_what_is_due_and_sends_nothing() {
    let sink = Sink::start().await;
    let (url, _dir) = fresh_db_url().await;
    let app = cli_app(&url).await;
    let op = liaison_app::Actor::operator();
    let g = liaison_app::users::parse_grant(
        &app,
        &op,
        &liaison_app::users::GrantInput {
            role: "fls_clinician".into(),
            fls: "AA-ONE".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let u = liaison_app::users::create_user(&app, &op, "nurse@x.org", "", Some(PASSWORD), &[g])
        .await
        .unwrap()
        .user
        .id;
    // The command reads the real clock: the digest's hour is this one.
    let hour = liaison_domain::clock::Clock::now(&liaison_app::SystemClock).hour();
    let (_, access) = liaison_app::auth::access_of(&app, u).await.unwrap();
    let actor = liaison_app::Actor {
        user_id: Some(u),
        label: "n".into(),
        ip: "t".into(),
        access,
    };
    notify::save_settings(
        &app,
        &actor,
        &notify::PrefsInput {
            hour: hour.to_string(),
            time_zone: "UTC".into(),
            kpi_alerts: false,
            facilities_deadline: true,
            digests: vec![("AA-ONE".into(), "daily".into())],
        },
    )
    .await
    .unwrap();
    app.db.close().await;
    let smtp = sink.url();
    let o = crate::cli::liaison(
        &url,
        &[
            "notify",
            "--dry-run",
            "--smtp-url",
            &smtp,
            "--mail-from",
            "liaison@registry.test",
        ],
        None,
    );
    let out = crate::cli::text(&o.stdout);
    assert!(o.status.success(), "{}", crate::cli::text(&o.stderr));
    assert!(
        out.contains("due      to nurse@x.org  [digest] A (AA-ONE): today's worklists"),
        "{out}"
    );
    assert!(
        out.contains("1 e-mail(s) due to be written, 0 waiting"),
        "{out}"
    );
    assert!(sink.raw().is_empty());
    // A sender that is not an address is refused with field, value and rule.
    let o = crate::cli::liaison(
        &url,
        &["notify", "--dry-run", "--mail-from", "not-an-address"],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    let err = crate::cli::text(&o.stderr);
    assert!(
        err.contains("not-an-address") && err.contains("is not an e-mail address"),
        "{err}"
    );
}

#[tokio::test]
async fn kpi_alerts_name_each_kpi_outside_its_limit_once_a_quarter() {
    let sink = Sink::start().await;
    let t = spawn_with(mail_config(&sink)).await;
    liaison_fixtures::demo::seed(&t.app).await.unwrap();
    let pw = liaison_fixtures::demo::PASSWORD;
    // What the outlier report says of each service for the last complete quarter.
    let period = liaison_domain::kpi::KpiPeriod {
        from: time::macros::date!(2026 - 07 - 01),
        to: time::macros::date!(2026 - 09 - 30),
        as_of: time::macros::date!(2026 - 11 - 26),
    };
    let mut expected = 0;
    for (email, code, zone, hour) in [
        ("lead.gla@demo.liaison.test", "GB-GLA", "Europe/London", "9"),
        ("nurse.ruh@demo.liaison.test", "SA-RUH", "Asia/Riyadh", "12"),
    ] {
        let report = liaison_app::kpi::outliers(
            &t.app,
            &liaison_app::kpi::Viewer::operator(),
            &liaison_app::kpi::Scope::Fls(code.into()),
            period,
        )
        .await
        .unwrap()
        .unwrap();
        let language = liaison_store::users::user_by_email(&t.app.db, email)
            .await
            .unwrap()
            .unwrap()
            .language
            .unwrap_or_else(|| "en".into());
        let outside: Vec<String> = report
            .kpis
            .iter()
            .filter(|k| !k.rows.is_empty())
            .map(|k| t_kpi(&language, k.id))
            .collect();
        expected += outside.len();
        let mut b = t.browser();
        b.sign_in(email, pw).await;
        let r = b
            .post(
                "/account/notifications",
                &[("hour", hour), ("time_zone", zone), ("kpi_alerts", "on")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        notify::plan_due(&t.app).await.unwrap();
        notify::deliver_due(&t.app).await.unwrap();
        let got: Vec<Mail> = sink
            .messages()
            .into_iter()
            .filter(|m| m.to.contains(email))
            .collect();
        assert_eq!(got.len(), outside.len(), "{email}: {outside:?}");
        for name in &outside {
            let m = got.iter().find(|m| m.subject.contains(name.as_str()));
            let m = m.unwrap_or_else(|| panic!("no alert of {name} to {email}"));
            let why = t_key(&language, "mail-footer-kpi");
            assert!(m.text.contains(&why), "the footer says why: {}", m.text);
            assert!(m.text.contains("/notifications/unsubscribe/"));
        }
    }
    assert!(
        expected > 0,
        "no demo service is an outlier: the test proves nothing"
    );
    // An hour later the same figures alert nobody again.
    t.clock.advance(time::Duration::hours(1));
    assert_eq!(plan_and_send(&t).await.0, 0);
    assert_eq!(sink.raw().len(), expected);
    // Days later a KPI may newly cross as follow-ups complete, but none is told twice.
    for _ in 0..3 {
        t.clock.advance(time::Duration::days(1));
        plan_and_send(&t).await;
    }
    let mut seen: Vec<(String, String)> = sink
        .messages()
        .into_iter()
        .map(|m| (m.to, m.subject))
        .collect();
    let n = seen.len();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), n, "a KPI alerted twice in one quarter");
}

/// A text in a language, as the e-mails write it.
fn t_key(language: &str, key: &str) -> String {
    let lang = liaison_domain::lang::Lang::parse(language).unwrap();
    liaison_web::i18n::Tr::new(lang).t(key)
}

fn t_kpi(language: &str, id: liaison_domain::kpi::KpiId) -> String {
    t_key(language, &format!("kpi-{}", id.id()))
}
