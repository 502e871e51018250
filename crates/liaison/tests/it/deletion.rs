//! Deleting an episode is reversible for a period (issue 12): a deleted episode leaves every
//! list, read, export and KPI at once; the FLS's lead (not a clinician) restores it within
//! 30 days, unless its key is taken again; after 30 days the housekeeping removes it for good.
//! Every step is in the audit trail.

use crate::helpers::*;
use axum::http::StatusCode;
use liaison_app::Actor;
use liaison_app::episodes::{self, Saved};
use liaison_app::import::{self, Mode, Options};
use liaison_domain::dataset::EpisodeInput;
use serde_json::Value;

const KPIS: &str = "/api/v1/kpis?scope=fls:AA-ONE&from=2025-01-01&to=2025-12-31&as_of=2026-11-26";

fn input(patient_ref: &str) -> EpisodeInput {
    EpisodeInput {
        fls_code: "AA-ONE".into(),
        patient_ref: patient_ref.into(),
        fracture_date: "2025-03-01".into(),
        sex: "F".into(),
        birth_date: "1950-01-01".into(),
        fracture_site: "wrist".into(),
        setting: "outpatient".into(),
        ..Default::default()
    }
}

async fn add(t: &TestApp, patient_ref: &str) -> i64 {
    match episodes::create(&t.app, &Actor::operator(), &input(patient_ref), true).await {
        Ok(Saved::Done { row, .. }) => row.id,
        _ => panic!("{patient_ref} not registered"),
    }
}

async fn token(t: &TestApp, user: i64) -> String {
    liaison_app::users::create_token(&t.app, &Actor::operator(), user, "t")
        .await
        .unwrap()
}

/// kpi1's numerator (episodes identified) of AA-ONE in 2025, as the API answers it.
async fn identified(b: &mut Browser, token: &str) -> Value {
    let v = b.api_get(KPIS, token).await.json();
    v["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["id"] == "kpi1_identification_non_spine")
        .unwrap()["numerator"]
        .clone()
}

async fn post_api(b: &mut Browser, path: &str, token: &str) -> Resp {
    let req = axum::http::Request::builder()
        .method("POST")
        .uri(path)
        .header("authorization", format!("Bearer {token}"))
        .body(axum::body::Body::empty())
        .unwrap();
    b.send(req).await
}

struct Team {
    t: TestApp,
    lead: Browser,
    nurse: Browser,
    lead_token: String,
    nurse_token: String,
}

async fn team() -> Team {
    let t = spawn().await;
    t.fls("AA-ONE", "GB").await;
    let lead_id = t.user("lead@x.org", "fls_lead", "AA-ONE").await;
    let nurse_id = t.user("nurse@x.org", "fls_clinician", "AA-ONE").await;
    let lead = t.signed_in("lead@x.org").await;
    let nurse = t.signed_in("nurse@x.org").await;
    let lead_token = token(&t, lead_id).await;
    let nurse_token = token(&t, nurse_id).await;
    Team {
        t,
        lead,
        nurse,
        lead_token,
        nurse_token,
    }
}

#[tokio::test]
async fn a_deleted_episode_leaves_every_read_and_kpi_until_the_lead_restores_it() {
    let Team {
        t,
        mut lead,
        mut nurse,
        lead_token,
        nurse_token,
    } = team().await;
    let gone = add(&t, "DEL1").await;
    add(&t, "KEEP1").await;
    assert_eq!(identified(&mut lead, &lead_token).await, 2);

    // A clinician deletes through the question; the notice says for how long it can be undone.
    let url = format!("/fls/AA-ONE/episodes/{gone}");
    let q = nurse.get(&format!("{url}/delete")).await;
    assert!(q.body.contains("30 days"), "the question names the period");
    let r = nurse
        .post(&format!("{url}/delete"), &[("confirm", "yes")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let list = nurse.get(&r.location()).await;
    let notice = list.texts(".notice").join(" ");
    assert!(
        notice.contains("deleted") && notice.contains("30 days"),
        "{notice}"
    );
    assert!(!list.body.contains("DEL1") && list.body.contains("KEEP1"));
    assert!(
        list.attr("a[href='/fls/AA-ONE/episodes/deleted']", "href")
            .is_none(),
        "a clinician is not offered the deleted episodes"
    );

    // Gone from the KPIs (the cache reloads), search, worklists, the page, the API, exports.
    assert_eq!(identified(&mut lead, &lead_token).await, 1);
    let search = lead.get("/fls/AA-ONE/episodes?q=del1").await;
    assert!(!search.body.contains("DEL1"));
    let wl = lead.get("/fls/AA-ONE/worklists/awaiting-assessment").await;
    assert!(wl.body.contains("KEEP1") && !wl.body.contains("DEL1"));
    assert_eq!(lead.get(&url).await.status, StatusCode::NOT_FOUND);
    let api = lead
        .api_get(&format!("/api/v1/episodes/{gone}"), &lead_token)
        .await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    let all = lead
        .api_get("/api/v1/episodes?fls=AA-ONE", &lead_token)
        .await
        .json();
    assert_eq!(all["total"], 1);
    for format in ["csv", "fhir"] {
        let e = lead
            .api_get(
                &format!("/api/v1/export?scope=fls:AA-ONE&format={format}"),
                &lead_token,
            )
            .await;
        assert_eq!(e.status, StatusCode::OK);
        assert!(
            e.body.contains("KEEP1") && !e.body.contains("DEL1"),
            "{format}"
        );
    }
    let research = lead
        .api_get(
            "/api/v1/export?scope=fls:AA-ONE&format=research",
            &lead_token,
        )
        .await;
    assert_eq!(
        research.body.trim_end().lines().count(),
        2,
        "header and one row"
    );

    // A clinician may not restore, nor see the deleted episodes: 404, audited.
    let denied = t.count_audit("authorisation_denied").await;
    assert_eq!(
        nurse.get("/fls/AA-ONE/episodes/deleted").await.status,
        StatusCode::NOT_FOUND
    );
    let restore = format!("{url}/restore");
    assert_eq!(
        nurse.post(&restore, &[]).await.status,
        StatusCode::NOT_FOUND
    );
    let api_restore = format!("/api/v1/episodes/{gone}/restore");
    assert_eq!(
        post_api(&mut nurse, &api_restore, &nurse_token)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(t.count_audit("authorisation_denied").await, denied + 3);
    assert_eq!(identified(&mut lead, &lead_token).await, 1);

    // The lead finds it from the list, sees who deleted it, and restores it.
    let list = lead.get("/fls/AA-ONE/episodes").await;
    let link = list
        .attr("a[href='/fls/AA-ONE/episodes/deleted']", "href")
        .expect("the lead is offered the deleted episodes");
    let page = lead.get(&link).await;
    assert_eq!(page.status, StatusCode::OK);
    let row = page.texts("tbody tr").join(" ");
    assert!(row.contains("DEL1") && row.contains("nurse@x.org"), "{row}");
    let r = lead.post(&restore, &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let list = lead.get(&r.location()).await;
    assert!(
        list.texts(".notice").join(" ").contains("restored"),
        "{:?}",
        list.texts(".notice")
    );
    assert!(list.body.contains("DEL1"));
    let back = lead.get(&url).await;
    assert_eq!(back.status, StatusCode::OK);
    let history = back.texts("ol.history").join(" ");
    assert!(
        history.contains("Deleted") && history.contains("Restored"),
        "{history}"
    );
    assert_eq!(identified(&mut lead, &lead_token).await, 2);
    assert!(
        lead.get(&link).await.texts("tbody tr").is_empty(),
        "no longer among the deleted"
    );
    assert_eq!(t.count_audit("episode.delete").await, 1);
    assert_eq!(t.count_audit("episode.restore").await, 1);

    // The API: delete, then restore, answering the episode.
    let r = lead
        .send(
            axum::http::Request::builder()
                .method("DELETE")
                .uri(format!("/api/v1/episodes/{gone}"))
                .header("authorization", format!("Bearer {lead_token}"))
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = post_api(&mut lead, &api_restore, &lead_token).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["patient_ref"], "DEL1");
    assert_eq!(t.count_audit("episode.restore").await, 2);
}

#[tokio::test]
async fn a_patient_is_registered_again_after_a_delete_and_a_clashing_restore_is_refused() {
    let Team {
        t,
        mut lead,
        lead_token,
        ..
    } = team().await;
    let gone = add(&t, "AGAIN1").await;
    episodes::delete(&t.app, &Actor::operator(), gone)
        .await
        .unwrap();
    // The same key registers again, through the form.
    let r = lead
        .post(
            "/fls/AA-ONE/episodes",
            &[
                ("patient_ref", "AGAIN1"),
                ("fracture_date", "2025-03-01"),
                ("sex", "F"),
                ("birth_date", "1950-01-01"),
                ("fracture_site", "wrist"),
                ("setting", "outpatient"),
                ("confirm_duplicate", "1"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let again: i64 = r
        .location()
        .split('/')
        .nth(4)
        .and_then(|s| s.split('?').next())
        .and_then(|s| s.parse().ok())
        .expect("the new episode's page");
    assert_ne!(again, gone);

    // Restoring the deleted one would make two episodes with one key: refused, saying why.
    let r = lead
        .post(&format!("/fls/AA-ONE/episodes/{gone}/restore"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = lead.get(&r.location()).await;
    let alert = page.texts("[role=alert]").join(" ");
    assert!(alert.contains("same hospital number"), "{alert}");
    assert!(page.body.contains("AGAIN1"), "still among the deleted");
    let r = post_api(
        &mut lead,
        &format!("/api/v1/episodes/{gone}/restore"),
        &lead_token,
    )
    .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.json()["error"]["code"], "episode_exists");
    assert_eq!(t.count_audit("episode.restore").await, 0);

    // Once the new one is deleted too, the first comes back.
    episodes::delete(&t.app, &Actor::operator(), again)
        .await
        .unwrap();
    let r = post_api(
        &mut lead,
        &format!("/api/v1/episodes/{gone}/restore"),
        &lead_token,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

#[tokio::test]
async fn an_import_row_for_a_deleted_episode_is_refused_not_created_again() {
    let Team { t, .. } = team().await;
    let gone = add(&t, "IMP1").await;
    episodes::delete(&t.app, &Actor::operator(), gone)
        .await
        .unwrap();
    let file = "fls_code,patient_ref,fracture_date,sex,birth_date,fracture_site,setting\n\
        AA-ONE,IMP1,2025-03-01,F,1950-01-01,wrist,outpatient\n\
        AA-ONE,IMP2,2025-03-01,F,1950-01-01,wrist,outpatient\n";
    let nop = |_: u64, _: u64| {};
    let table = liaison_domain::interchange::read(file.as_bytes()).unwrap();
    let s = import::run(
        &t.app,
        &Actor::operator(),
        table,
        Options::default(),
        Mode::Apply { skip: None },
        &nop,
    )
    .await
    .unwrap();
    assert!(
        !s.written,
        "all or nothing: the deleted key makes the file invalid"
    );
    assert_eq!((s.new, s.invalid_rows), (1, 1));
    assert_eq!(s.errors[0].line, 2);
    assert_eq!(s.errors[0].error.rule, "episode_deleted");
    // Registered again through the form, the row then updates the live episode.
    add(&t, "IMP1").await;
    let table = liaison_domain::interchange::read(file.as_bytes()).unwrap();
    let s = import::run(
        &t.app,
        &Actor::operator(),
        table,
        Options::default(),
        Mode::Apply { skip: None },
        &nop,
    )
    .await
    .unwrap();
    assert!(s.written);
    assert_eq!((s.new, s.unchanged, s.invalid_rows), (1, 1, 0));
}

#[tokio::test]
async fn deleted_episodes_are_purged_after_thirty_days_with_an_audit_row_each() {
    let Team { t, .. } = team().await;
    let gone = add(&t, "OLD1").await;
    let op = Actor::operator();
    episodes::delete(&t.app, &op, gone).await.unwrap();
    t.clock.advance(time::Duration::days(30));
    assert_eq!(episodes::purge_deleted(&t.app).await.unwrap(), 0);
    // Sessions end after 30 idle minutes: sign in again after each move of the clock.
    let mut lead = t.signed_in("lead@x.org").await;
    assert!(
        lead.get("/fls/AA-ONE/episodes/deleted")
            .await
            .body
            .contains("OLD1"),
        "restorable on the 30th day"
    );
    t.clock.advance(time::Duration::seconds(1));
    let mut lead = t.signed_in("lead@x.org").await;
    assert!(
        !lead
            .get("/fls/AA-ONE/episodes/deleted")
            .await
            .body
            .contains("OLD1"),
        "no longer offered once the period is over"
    );
    assert!(matches!(
        episodes::restore(&t.app, &op, gone).await,
        Err(liaison_app::ServiceError::NotFound)
    ));
    assert_eq!(episodes::purge_deleted(&t.app).await.unwrap(), 1);
    assert_eq!(episodes::purge_deleted(&t.app).await.unwrap(), 0);
    assert_eq!(t.count_audit("episode.purge").await, 1);
    // The purge's audit row names the episode's id only, no patient data.
    let rows = liaison_store::audit::search(
        &t.app.db,
        &liaison_domain::access::FlsSet::All,
        &liaison_store::audit::Filter {
            entity_id: Some(gone.to_string()),
            ..Default::default()
        },
        50,
        0,
    )
    .await
    .unwrap();
    let purge = rows
        .iter()
        .find(|r| r.action == "episode.purge")
        .expect("a purge row");
    let text = serde_json::to_string(purge).unwrap();
    assert!(
        !text.contains("OLD1") && !text.contains("1950-01-01"),
        "{text}"
    );
    // The id is never given to another episode.
    assert!(add(&t, "NEW1").await > gone);
    assert_eq!(
        liaison_store::episodes::count(&t.app.db, &liaison_domain::access::FlsSet::All)
            .await
            .unwrap(),
        1
    );
}

#[tokio::test]
async fn a_backup_keeps_an_episode_deleted_and_restorable() {
    let Team { t, .. } = team().await;
    let gone = add(&t, "BAK1").await;
    episodes::delete(&t.app, &Actor::operator(), gone)
        .await
        .unwrap();
    let mut file = Vec::new();
    liaison_store::backup::dump(&t.app.db, &mut file)
        .await
        .unwrap();
    let other = spawn().await;
    liaison_store::backup::restore(&other.app.db, &mut std::io::Cursor::new(file))
        .await
        .unwrap();
    let fls = liaison_store::orgs::fls_by_code(
        &other.app.db,
        &liaison_domain::access::FlsSet::All,
        "AA-ONE",
    )
    .await
    .unwrap()
    .unwrap();
    let op = Actor::operator();
    assert!(episodes::read(&other.app, &op, gone).await.is_err());
    let deleted = episodes::deleted(&other.app, &op, fls.id).await.unwrap();
    assert_eq!(deleted.len(), 1);
    assert_eq!(deleted[0].patient_ref, "BAK1");
    assert_eq!(
        episodes::restore(&other.app, &op, gone)
            .await
            .unwrap()
            .patient_ref,
        "BAK1"
    );
}
