//! The printable letter to primary care: the FLS's letterhead, the medicines named in the
//! letter's language, right-to-left in Arabic, one audit row per print, recording the letter as
//! sent (history, version check, never overwritten), and who may do what.

use crate::helpers::*;
use axum::http::StatusCode;
use liaison_app::Actor;
use liaison_app::episodes::{Saved, create, patch, read};
use liaison_app::letter::{self, Sent};
use liaison_domain::access::FlsSet;
use liaison_domain::dataset::EpisodeInput;
use liaison_domain::lang::Lang;
use liaison_domain::org::FlsInput;

/// Glasgow's FLS with a full letterhead, Madrid's, and a nurse of Glasgow.
async fn setup() -> TestApp {
    let t = spawn().await;
    let gla = FlsInput {
        code: "GB-GLA".into(),
        name: "Glasgow Fracture Liaison Service".into(),
        hospital: "Queen Elizabeth University Hospital".into(),
        city: "Glasgow".into(),
        country: "GB".into(),
        expected_non_spine_per_year: "500".into(),
        expected_spine_per_year: "50".into(),
        contact_name: "Dr Ann Reid".into(),
        contact_email: "fls@qeuh.example".into(),
        ..Default::default()
    };
    liaison_app::orgs::save_fls(&t.app, &Actor::operator(), &gla)
        .await
        .expect("save fls");
    t.fls("ES-MAD", "ES").await;
    t.user("nurse@x.org", "fls_clinician", "GB-GLA").await;
    t.user("enfermera@x.org", "fls_clinician", "ES-MAD").await;
    t.user("viewer@x.org", "viewer", "GB-GLA").await;
    t
}

/// A treated hip fracture of Glasgow (alendronate recommended, denosumab started); its id.
async fn episode(t: &TestApp, r: &str) -> i64 {
    let mut e = EpisodeInput {
        fls_code: "GB-GLA".into(),
        patient_ref: r.into(),
        fracture_date: "2026-09-01".into(),
        sex: "F".into(),
        birth_date: "1948-05-17".into(),
        fracture_site: "hip".into(),
        setting: "inpatient".into(),
        family_name: "MacLeod".into(),
        given_names: "Morag".into(),
        primary_care_contact: "Dr Iain Boyd, Partick Practice".into(),
        ..Default::default()
    };
    for (k, v) in [
        ("fls_assessment_date", "2026-09-20"),
        ("dxa_status", "done"),
        ("dxa_date", "2026-10-01"),
        ("t_score_total_hip", "-2.7"),
        ("falls_assessment", "done"),
        ("aom_recommendation", "recommended"),
        ("aom_recommended_atc", "M05BA04"),
        ("aom_start_date", "2026-10-15"),
        ("aom_start_atc", "M05BX04"),
    ] {
        assert!(e.set(k, v.to_string()), "{k}");
    }
    match create(&t.app, &Actor::operator(), &e, true).await {
        Ok(Saved::Done { row, .. }) => row.id,
        Ok(_) => panic!("not saved"),
        Err(e) => panic!("{e:?}"),
    }
}

fn letter_path(id: i64) -> String {
    format!("/fls/GB-GLA/episodes/{id}/letter")
}

#[tokio::test]
async fn the_letter_has_the_letterhead_and_the_medicines_in_the_chosen_language() {
    let t = setup().await;
    let id = episode(&t, "H1").await;
    let mut b = t.signed_in("nurse@x.org").await;
    // The episode page offers the letter in every language, the reader's chosen.
    let ep = b.get(&format!("/fls/GB-GLA/episodes/{id}")).await;
    assert_eq!(
        ep.attr("#letter-open", "action").as_deref(),
        Some(letter_path(id).as_str())
    );
    assert_eq!(ep.texts("#letter-open option").len(), 7);
    assert_eq!(
        ep.attr("#letter-open option[selected]", "value").as_deref(),
        Some("en")
    );

    let es = b.get(&format!("{}?lang=es", letter_path(id))).await;
    assert_eq!(es.status, StatusCode::OK, "{}", es.body);
    assert_eq!(es.attr("article.letter", "lang").as_deref(), Some("es"));
    assert_eq!(es.attr("article.letter", "dir").as_deref(), Some("ltr"));
    // The page around the letter stays in the reader's language.
    assert_eq!(es.attr("html", "lang").as_deref(), Some("en"));
    let head = es.texts("article.letter .letterhead p").join(" | ");
    let spain_gb = liaison_domain::org::country_name("GB", Lang::Es).unwrap();
    for want in [
        "Glasgow Fracture Liaison Service",
        "Queen Elizabeth University Hospital",
        &format!("Glasgow, {spain_gb}"),
        "Dr Ann Reid",
        "fls@qeuh.example",
    ] {
        assert!(head.contains(want), "{want} in {head}");
    }
    let letter = es.texts("article.letter").join(" ");
    for want in [
        "ácido alendrónico (M05BA04)",
        "denosumab (M05BX04), iniciado el 15/10/2026",
        "Morag MacLeod",
        "17/05/1948",
        "H1",
        "Dr Iain Boyd, Partick Practice",
        "Fecha: 26/11/2026",
        "cadera total -2,7",
        // A hip fracture is high-risk by the rule.
        "riesgo alto de nueva fractura",
        "Caídas y ejercicio",
        // Follow-ups at 16 and 52 weeks from 1 September 2026, not yet done.
        "previsto antes del 22/12/2026",
        "previsto antes del 31/08/2027",
    ] {
        assert!(letter.contains(want), "{want} in {letter}");
    }

    let ar = b.get(&format!("{}?lang=ar", letter_path(id))).await;
    assert_eq!(ar.attr("article.letter", "lang").as_deref(), Some("ar"));
    assert_eq!(ar.attr("article.letter", "dir").as_deref(), Some("rtl"));
    let letter = ar.texts("article.letter").join(" ");
    assert!(letter.contains("دينوسوماب (M05BX04)"), "{letter}");
    assert!(letter.contains("حمض الألندرونيك (M05BA04)"), "{letter}");

    let ja = b.get(&format!("{}?lang=ja", letter_path(id))).await;
    assert_eq!(ja.attr("article.letter", "lang").as_deref(), Some("ja"));
    let letter = ja.texts("article.letter").join(" ");
    assert!(letter.contains("デノスマブ (M05BX04)"), "{letter}");
    assert!(letter.contains("アレンドロン酸 (M05BA04)"), "{letter}");

    // No language asked: the reader's.
    let en = b.get(&letter_path(id)).await;
    assert_eq!(en.attr("article.letter", "lang").as_deref(), Some("en"));
    assert!(
        en.body
            .contains("denosumab (M05BX04), started on 15 Oct 2026")
    );
}

#[tokio::test]
async fn every_print_is_one_audit_row_with_its_language() {
    let t = setup().await;
    let id = episode(&t, "H1").await;
    let mut b = t.signed_in("nurse@x.org").await;
    let all = |t: &TestApp| {
        let db = t.app.db.clone();
        async move {
            liaison_store::audit::search(&db, &FlsSet::All, &Default::default(), 100_000, 0)
                .await
                .unwrap()
        }
    };
    let before = all(&t).await.len();
    let r = b.get(&format!("{}?lang=ar", letter_path(id))).await;
    assert_eq!(r.status, StatusCode::OK);
    let rows = all(&t).await;
    assert_eq!(
        rows.len(),
        before + 1,
        "one row for the print, no other read"
    );
    let last = &rows[0];
    assert_eq!(last.action, "episode.letter_printed");
    assert_eq!(last.entity_id, id.to_string());
    assert_eq!(last.detail, "letter in ar");
    b.get(&format!("{}?lang=ja", letter_path(id))).await;
    assert_eq!(t.count_audit("episode.letter_printed").await, 2);
    // The audit page names the action and the language in the reader's words.
    t.user("lead@x.org", "fls_lead", "GB-GLA").await;
    let mut lead = t.signed_in("lead@x.org").await;
    let audit = lead.get("/audit").await;
    assert!(audit.body.contains("Letter to primary care printed"));
    assert!(audit.body.contains("letter in 日本語"), "{}", audit.body);
    // Prints are not changes: the episode's history does not list them.
    let ep = b.get(&format!("/fls/GB-GLA/episodes/{id}")).await;
    assert!(!ep.texts("ol.history li").join(" ").contains("printed"));
}

#[tokio::test]
async fn recording_the_letter_sets_todays_date_once_and_shows_in_the_history() {
    let t = setup().await;
    let id = episode(&t, "H1").await;
    let mut b = t.signed_in("nurse@x.org").await;
    let page = b.get(&format!("{}?lang=fr", letter_path(id))).await;
    let version = page
        .attr("#letter-record input[name=version]", "value")
        .expect("the record form");
    assert_eq!(
        page.attr("#letter-record input[name=lang]", "value")
            .as_deref(),
        Some("fr")
    );
    let r = b
        .post(
            &letter_path(id),
            &[("version", version.as_str()), ("lang", "fr")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        r.location(),
        format!("{}?lang=fr&notice=letter-recorded", letter_path(id))
    );
    let stored = read(&t.app, &Actor::operator(), id).await.unwrap();
    assert_eq!(
        stored
            .primary_care_letter_date
            .map(|d| d.to_string())
            .as_deref(),
        Some("2026-11-26")
    );
    let after = b.get(&r.location()).await;
    assert!(after.body.contains("The letter is recorded as sent today."));
    assert!(after.texts("#letter-recorded")[0].contains("26 Nov 2026"));
    assert!(after.attr("#letter-record", "action").is_none());
    // In the episode's history, as any edit: the field, before and after.
    let ep = b.get(&format!("/fls/GB-GLA/episodes/{id}")).await;
    let history = ep.texts("ol.history li").join(" ");
    assert!(
        history.contains("Letter to primary care sent on") && history.contains("2026-11-26"),
        "{history}"
    );
    assert_eq!(t.count_audit("episode.update").await, 1);

    // Never overwritten from the letter: a later day's post changes nothing.
    t.clock.advance(time::Duration::days(3));
    let mut b = t.signed_in("nurse@x.org").await;
    let again = b
        .post(
            &letter_path(id),
            &[("version", &stored.version.to_string()), ("lang", "fr")],
        )
        .await;
    assert!(
        again.location().ends_with("notice=letter-already-recorded"),
        "{}",
        again.location()
    );
    let still = read(&t.app, &Actor::operator(), id).await.unwrap();
    assert_eq!(
        still.primary_care_letter_date,
        stored.primary_care_letter_date
    );
    assert_eq!(t.count_audit("episode.update").await, 1);
}

#[tokio::test]
async fn a_letter_opened_before_another_save_records_nothing() {
    let t = setup().await;
    let id = episode(&t, "H1").await;
    let mut b = t.signed_in("nurse@x.org").await;
    let page = b.get(&letter_path(id)).await;
    let version = page
        .attr("#letter-record input[name=version]", "value")
        .unwrap();
    // Someone else saves the episode meanwhile.
    let v: i64 = version.parse().unwrap();
    let change = [("notes".to_string(), "called the practice".to_string())];
    assert!(matches!(
        patch(&t.app, &Actor::operator(), id, v, &change).await,
        Ok(Saved::Done { .. })
    ));
    let r = b
        .post(&letter_path(id), &[("version", version.as_str())])
        .await;
    assert!(
        r.location().ends_with("notice=letter-stale"),
        "{}",
        r.location()
    );
    let stored = read(&t.app, &Actor::operator(), id).await.unwrap();
    assert_eq!(stored.primary_care_letter_date, None);
    assert_eq!(stored.notes, "called the practice");
}

#[tokio::test]
async fn reading_without_the_right_to_change_prints_but_does_not_record() {
    let t = setup().await;
    let id = episode(&t, "H1").await;
    let gla = read(&t.app, &Actor::operator(), id).await.unwrap().fls_id;
    // No role reads patients without changing them today; the rule is the use case's.
    let mut reader = Actor::operator();
    reader.access.read_patients = FlsSet::Only([gla].into());
    reader.access.write_patients = FlsSet::none();
    let row = letter::open(&t.app, &reader, gla, id, "en").await.unwrap();
    let refused = letter::record_sent(&t.app, &reader, gla, id, row.version).await;
    assert!(matches!(refused, Err(liaison_app::ServiceError::NotFound)));
    let stored = read(&t.app, &Actor::operator(), id).await.unwrap();
    assert_eq!(stored.primary_care_letter_date, None);
    // A viewer of the FLS (aggregates only) gets neither the letter nor the record.
    let mut v = t.signed_in("viewer@x.org").await;
    assert_eq!(v.get(&letter_path(id)).await.status, StatusCode::NOT_FOUND);
    let post = v.post(&letter_path(id), &[("version", "1")]).await;
    assert_eq!(post.status, StatusCode::NOT_FOUND);
    let ep = t.signed_in("nurse@x.org").await.get(&letter_path(id)).await;
    assert!(ep.attr("#letter-record", "action").is_some());
    assert!(matches!(
        letter::record_sent(&t.app, &Actor::operator(), gla, id, row.version).await,
        Ok(Sent::Recorded(_))
    ));
}

#[tokio::test]
async fn another_fls_gets_404_and_nothing_is_printed_or_recorded() {
    let t = setup().await;
    let id = episode(&t, "H1").await;
    let mut b = t.signed_in("enfermera@x.org").await;
    let denied_before = t.count_audit("authorisation_denied").await;
    // Glasgow's address, and Madrid's address with Glasgow's episode.
    assert_eq!(b.get(&letter_path(id)).await.status, StatusCode::NOT_FOUND);
    let theirs = format!("/fls/ES-MAD/episodes/{id}/letter");
    assert_eq!(b.get(&theirs).await.status, StatusCode::NOT_FOUND);
    let post = b.post(&theirs, &[("version", "1")]).await;
    assert_eq!(post.status, StatusCode::NOT_FOUND);
    assert_eq!(t.count_audit("episode.letter_printed").await, 0);
    assert_eq!(
        t.count_audit("authorisation_denied").await,
        denied_before + 3
    );
    let stored = read(&t.app, &Actor::operator(), id).await.unwrap();
    assert_eq!(stored.primary_care_letter_date, None);
}
