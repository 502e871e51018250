//! Refractures offered by an import: ticked in the preview, recorded on the earlier episode in
//! the import's own transaction with an audit row each; unticked, never; a tick naming anything
//! but a listed offer (another FLS's episode, say) refused with nothing stored; and an import
//! that fails records no refracture.

use crate::helpers::*;
use crate::io::{HEAD, nop, row, setup, snapshot, upload};
use axum::http::StatusCode;
use liaison_app::Actor;
use liaison_app::episodes::{Saved, create, patch, read};
use liaison_app::import::{self, ImportStatus, Tick};
use liaison_domain::dataset::EpisodeInput;

/// An episode as `io::row` writes its file rows (same birth date, site and setting); its id.
async fn add(t: &TestApp, fls: &str, r: &str, fracture: &str) -> i64 {
    let e = EpisodeInput {
        fls_code: fls.into(),
        patient_ref: r.into(),
        fracture_date: fracture.into(),
        sex: "F".into(),
        birth_date: "1950-04-02".into(),
        fracture_site: "wrist".into(),
        setting: "outpatient".into(),
        ..Default::default()
    };
    match create(&t.app, &Actor::operator(), &e, true).await {
        Ok(Saved::Done { row, .. }) => row.id,
        Ok(_) => panic!("{r}: not saved"),
        Err(e) => panic!("{r}: {e:?}"),
    }
}

/// The lead's browser with `file` previewed; the preview's address and the ticks offered.
async fn preview(t: &TestApp, file: &str) -> (Browser, String, Vec<String>) {
    t.user("lead@a.test", "fls_lead", "AA-ONE").await;
    let mut b = t.signed_in("lead@a.test").await;
    let r = upload(&mut b, "f.csv", file.as_bytes(), &[("date_order", "ymd")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = r.location();
    let p = b.get(&page).await;
    let ticks: Vec<String> = p
        .html()
        .select(&scraper::Selector::parse(".io-offers input[name=refracture]").unwrap())
        .map(|e| e.value().attr("value").unwrap().to_string())
        .collect();
    // Never ticked for the user.
    assert!(!p.body.contains("checked"), "{}", p.body);
    (b, page, ticks)
}

async fn live_count(t: &TestApp) -> i64 {
    liaison_app::episodes::list(&t.app, &Actor::operator(), &Default::default(), 10, 0, "t")
        .await
        .unwrap()
        .1
}

#[tokio::test]
async fn a_ticked_refracture_is_recorded_with_the_import_and_an_unticked_one_is_not() {
    let t = setup().await;
    let p1 = add(&t, "AA-ONE", "P1", "2024-01-05").await;
    let p2 = add(&t, "AA-ONE", "P2", "2024-02-05").await;
    let file = format!(
        "{HEAD}\n{}{}{}",
        row("P1", "2024-06-01"),
        row("P2", "2024-07-01"),
        row("P9", "2024-06-02")
    );
    let (mut b, page, ticks) = preview(&t, &file).await;
    assert_eq!(ticks, [format!("2:{p1}"), format!("3:{p2}")]);
    let r = b
        .post(&format!("{page}/confirm"), &[("refracture", &ticks[0])])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let done = b.get(&r.location()).await;
    assert_eq!(done.texts("#count-refractures"), ["1"], "{}", done.body);
    assert_eq!(live_count(&t).await, 5, "the rows were imported");
    let first = read(&t.app, &Actor::operator(), p1).await.unwrap();
    assert_eq!(
        first.refracture_date.map(|d| d.to_string()).as_deref(),
        Some("2024-06-01")
    );
    assert_eq!(first.refracture_site.map(|s| s.code()), Some("wrist"));
    let second = read(&t.app, &Actor::operator(), p2).await.unwrap();
    assert_eq!(second.refracture_date, None, "unticked: never recorded");
    // Audited as a form edit, hence in the earlier episode's history.
    assert_eq!(t.count_audit("episode.update").await, 1);
    let ep = b.get(&format!("/fls/AA-ONE/episodes/{p1}")).await;
    let history = ep.texts("ol.history li").join(" ");
    assert!(
        history.contains("Refracture") && history.contains("2024-06-01"),
        "{history}"
    );
}

#[tokio::test]
async fn a_row_that_changes_the_earlier_episode_and_its_ticked_refracture_are_one_save() {
    let t = setup().await;
    let p1 = add(&t, "AA-ONE", "P1", "2024-01-05").await;
    let file = format!(
        "{HEAD}\nAA-ONE,P1,2024-01-05,F,1950-04-02,wrist,outpatient,,,seen again\n{}",
        row("P1", "2024-06-01")
    );
    let (mut b, page, ticks) = preview(&t, &file).await;
    assert_eq!(ticks, [format!("3:{p1}")]);
    let r = b
        .post(&format!("{page}/confirm"), &[("refracture", &ticks[0])])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let first = read(&t.app, &Actor::operator(), p1).await.unwrap();
    assert_eq!(first.notes, "seen again");
    assert_eq!(
        first.refracture_date.map(|d| d.to_string()).as_deref(),
        Some("2024-06-01")
    );
    assert_eq!(first.version, 2, "one save");
    assert_eq!(t.count_audit("episode.update").await, 1);
}

#[tokio::test]
async fn a_tick_naming_another_fls_episode_is_refused_and_nothing_is_stored() {
    let t = setup().await;
    let p1 = add(&t, "AA-ONE", "P1", "2024-01-05").await;
    let theirs = add(&t, "BB-TWO", "P1", "2024-01-01").await;
    let file = format!(
        "{HEAD}\n{}{}",
        row("P1", "2024-06-01"),
        row("P9", "2024-06-02")
    );
    let (mut b, page, ticks) = preview(&t, &file).await;
    assert_eq!(ticks, [format!("2:{p1}")]);
    let before = snapshot(&t).await.0;
    let tampered = format!("2:{theirs}");
    let r = b
        .post(&format!("{page}/confirm"), &[("refracture", &tampered)])
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    assert_eq!(snapshot(&t).await.0, before, "nothing stored");
    let again = b.get(&page).await;
    assert!(again.body.contains("id=\"confirm\""), "still a preview");

    // The use case refuses it too, in the import's transaction: the import fails, whole.
    let lead = crate::io::actor(&t, "lead@a.test").await;
    let id: i64 = page.rsplit('/').next().unwrap().parse().unwrap();
    let staged = import::get_mine(&t.app, lead.user_id.unwrap(), id)
        .await
        .unwrap()
        .unwrap();
    assert!(
        import::transition(&t.app, id, ImportStatus::Preview, ImportStatus::Importing)
            .await
            .unwrap()
    );
    let tick = Tick {
        line: 2,
        episode_id: theirs,
    };
    let o = import::apply(&t.app, &lead, &staged, false, &[tick], &nop)
        .await
        .unwrap();
    assert!(!o.written);
    assert!(
        o.errors.iter().any(|e| e.rule == "refracture_not_offered"),
        "{:?}",
        o.errors
    );
    assert_eq!(snapshot(&t).await.0, before, "nothing stored");
    let other = read(&t.app, &Actor::operator(), theirs).await.unwrap();
    assert_eq!(other.refracture_date, None);
}

#[tokio::test]
async fn an_import_that_fails_records_no_refracture() {
    let t = setup().await;
    let p1 = add(&t, "AA-ONE", "P1", "2024-01-05").await;
    let file = format!(
        "{HEAD}\n{}{}",
        row("P1", "2024-06-01"),
        row("P9", "2024-06-02")
    );
    let (mut b, page, ticks) = preview(&t, &file).await;
    // Between the preview and the confirmation, someone records another refracture on it.
    let v = read(&t.app, &Actor::operator(), p1).await.unwrap().version;
    let change = [
        ("refracture_date".to_string(), "2024-05-01".to_string()),
        ("refracture_site".to_string(), "hip".to_string()),
    ];
    assert!(matches!(
        patch(&t.app, &Actor::operator(), p1, v, &change).await,
        Ok(Saved::Done { .. })
    ));
    let before = snapshot(&t).await.0;
    let r = b
        .post(&format!("{page}/confirm"), &[("refracture", &ticks[0])])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let failed = b.get(&r.location()).await;
    assert!(
        failed.body.contains("class=\"io-nothing\""),
        "{}",
        failed.body
    );
    assert!(
        failed
            .body
            .contains("is no longer offered as the refracture"),
        "{}",
        failed.body
    );
    assert_eq!(snapshot(&t).await.0, before, "no row, no refracture");
    let first = read(&t.app, &Actor::operator(), p1).await.unwrap();
    assert_eq!(
        first.refracture_date.map(|d| d.to_string()).as_deref(),
        Some("2024-05-01")
    );
    assert_eq!(live_count(&t).await, 1);
}
