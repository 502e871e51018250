//! The audit trail against the outside probe of issue 13: every answer that shows patient data
//! is audited, rows cannot be overwritten (SQLite's REPLACE included), the hash chain finds a
//! row edited behind the application's back and holds under concurrent writers, bogus
//! credentials are counted rather than flooding the trail, and on SQLite reads keep answering
//! while a long write holds the database.

use crate::helpers::*;
use crate::io::upload;
use liaison_app::Actor;
use liaison_app::app::{App, Config, RateLimit};
use liaison_app::audit::Verified;
use liaison_app::episodes::{self, Saved};
use liaison_domain::access::FlsSet;
use liaison_domain::dataset::EpisodeInput;
use liaison_store::Db;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn input(patient_ref: &str) -> EpisodeInput {
    let mut i = EpisodeInput {
        fls_code: "AA-ONE".into(),
        ..Default::default()
    };
    for (k, v) in [
        ("patient_ref", patient_ref),
        ("fracture_date", "2026-05-04"),
        ("sex", "F"),
        ("birth_date", "1948-07-12"),
        ("fracture_site", "wrist"),
        ("setting", "outpatient"),
    ] {
        i.set(k, v.to_string());
    }
    i
}

async fn actor(t: &TestApp, email: &str) -> Actor {
    let u = liaison_store::users::user_by_email(&t.app.db, email)
        .await
        .unwrap()
        .unwrap();
    let (_, access) = liaison_app::auth::access_of(&t.app, u.id).await.unwrap();
    Actor {
        user_id: Some(u.id),
        label: email.into(),
        ip: "10.1.2.3".into(),
        access,
    }
}

async fn rows(t: &TestApp, action: &str) -> Vec<liaison_store::audit::AuditRow> {
    liaison_store::audit::search(
        &t.app.db,
        &FlsSet::All,
        &liaison_store::audit::Filter {
            action: Some(action.into()),
            ..Default::default()
        },
        100_000,
        0,
    )
    .await
    .unwrap()
}

/// Run one SQL statement as someone with the database's password would (not the application).
async fn sql(db: &Db, q: &str) -> Result<u64, sqlx::Error> {
    match db {
        Db::Sqlite(p) => sqlx::query(sqlx::AssertSqlSafe(q.to_string()))
            .execute(p)
            .await
            .map(|r| r.rows_affected()),
        Db::Postgres(p) => sqlx::query(sqlx::AssertSqlSafe(q.to_string()))
            .execute(p)
            .await
            .map(|r| r.rows_affected()),
    }
}

#[tokio::test]
async fn a_version_conflict_and_likely_duplicates_are_audited_as_reads() {
    let t = spawn().await;
    t.fls("AA-ONE", "GB").await;
    t.user("lead@a.test", "fls_lead", "AA-ONE").await;
    let a = actor(&t, "lead@a.test").await;
    let Saved::Done { row, .. } = episodes::create(&t.app, &a, &input("H1"), false)
        .await
        .unwrap()
    else {
        panic!("saved")
    };
    let mut changed = input("H1");
    changed.set("notes", "first".into());
    assert!(matches!(
        episodes::update(&t.app, &a, row.id, row.version, &changed)
            .await
            .unwrap(),
        Saved::Done { .. }
    ));
    assert!(rows(&t, "episode.read").await.is_empty());
    // A second save based on the old version: the answer shows the record as stored now.
    changed.set("notes", "second".into());
    let Saved::Stale(now) = episodes::update(&t.app, &a, row.id, row.version, &changed)
        .await
        .unwrap()
    else {
        panic!("stale")
    };
    let reads = rows(&t, "episode.read").await;
    assert_eq!(reads.len(), 1, "{reads:?}");
    assert_eq!(reads[0].entity_id, now.id.to_string());
    assert_eq!(reads[0].actor, "lead@a.test");
    assert!(reads[0].detail.contains("conflicting save"));
    // Another episode of the same patient: the answer lists the likely duplicate.
    let mut dup = input("H1");
    dup.set("fracture_date", "2026-05-10".into());
    let Saved::Duplicates(shown) = episodes::create(&t.app, &a, &dup, false).await.unwrap() else {
        panic!("duplicates")
    };
    let reads = rows(&t, "episode.read").await;
    assert_eq!(reads.len(), 1 + shown.len());
    assert!(
        reads
            .iter()
            .any(|r| r.detail.contains("likely duplicate") && r.entity_id == row.id.to_string())
    );
}

#[tokio::test]
async fn an_import_preview_and_its_error_file_are_audited() {
    let t = spawn().await;
    t.fls("AA-ONE", "GB").await;
    t.user("lead@a.test", "fls_lead", "AA-ONE").await;
    let mut b = t.signed_in("lead@a.test").await;
    let f = "fls_code,patient_ref,fracture_date,sex,birth_date,fracture_site,setting\n\
             AA-ONE,P1,2024-01-05,F,1950-04-02,wrist,outpatient\n\
             AA-ONE,P2,2024-01-05,Q,1950-04-02,wrist,outpatient\n";
    let r = upload(&mut b, "f.csv", f.as_bytes(), &[]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let previews = rows(&t, "import.preview").await;
    assert_eq!(previews.len(), 1, "{previews:?}");
    assert_eq!(previews[0].actor, "lead@a.test");
    assert!(previews[0].fls_id.is_some());
    let e = b.get(&format!("{}/errors", r.location())).await;
    assert_eq!(e.status, 200);
    let downloads = rows(&t, "import.error_file").await;
    assert_eq!(downloads.len(), 1);
    assert_eq!(downloads[0].actor, "lead@a.test");
    // The API's dry run is the same preview.
    let token = {
        let u = liaison_store::users::user_by_email(&t.app.db, "lead@a.test")
            .await
            .unwrap()
            .unwrap();
        liaison_app::users::create_token(&t.app, &Actor::operator(), u.id, "t")
            .await
            .unwrap()
    };
    let req = axum::http::Request::builder()
        .method("POST")
        .uri("/api/v1/imports?dry_run=true")
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "text/csv")
        .body(axum::body::Body::from(f))
        .unwrap();
    assert_eq!(b.send(req).await.status, 200);
    assert_eq!(rows(&t, "import.preview").await.len(), 2);
}

#[tokio::test]
async fn reopening_a_stored_import_preview_is_audited_like_the_first_view() {
    let t = spawn().await;
    t.fls("AA-ONE", "GB").await;
    t.user("lead@a.test", "fls_lead", "AA-ONE").await;
    let mut b = t.signed_in("lead@a.test").await;
    let f = "fls_code,patient_ref,fracture_date,sex,birth_date,fracture_site,setting\n\
             AA-ONE,P1,2024-01-05,F,1950-04-02,wrist,outpatient\n\
             AA-ONE,P2,2024-01-05,Q,1950-04-02,wrist,outpatient\n";
    let r = upload(&mut b, "f.csv", f.as_bytes(), &[]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(rows(&t, "import.preview").await.len(), 1);
    // The preview page lists the file's values (here the invalid sex "Q"): each view is a read.
    for n in 2..=3 {
        let page = b.get(&r.location()).await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("P2") || page.body.contains("“Q”") || page.body.contains(">Q<"));
        let previews = rows(&t, "import.preview").await;
        assert_eq!(previews.len(), n, "{previews:?}");
        let last = previews.iter().max_by_key(|p| p.id).unwrap();
        assert_eq!(last.actor, "lead@a.test");
        assert!(last.detail.contains("re-opened"), "{}", last.detail);
    }
    // The API's answer about the same import lists the same rows: audited as well.
    let u = liaison_store::users::user_by_email(&t.app.db, "lead@a.test")
        .await
        .unwrap()
        .unwrap();
    let token = liaison_app::users::create_token(&t.app, &Actor::operator(), u.id, "t")
        .await
        .unwrap();
    let id = r.location().rsplit('/').next().unwrap().to_string();
    let a = b.api_get(&format!("/api/v1/imports/{id}"), &token).await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(rows(&t, "import.preview").await.len(), 4);
}

#[tokio::test]
async fn replace_upsert_update_and_delete_cannot_change_audit_rows() {
    let t = spawn().await;
    t.user("admin@x.org", "administrator", "").await;
    t.signed_in("admin@x.org").await;
    let before = rows(&t, "sign_in").await;
    assert_eq!(before.len(), 1);
    let id = before[0].id;
    let cols = "(id, at, actor, ip, action, outcome, entity, entity_id, detail)";
    let vals = format!("({id}, '2026-01-01T00:00:00Z', 'forger', '', 'sign_in', 'ok', '', '', '')");
    let mut attempts = vec![
        format!("UPDATE audit_log SET actor = 'forger' WHERE id = {id}"),
        format!("DELETE FROM audit_log WHERE id = {id}"),
        format!(
            "INSERT INTO audit_log {cols} VALUES {vals} ON CONFLICT (id) DO UPDATE SET actor = 'forger'"
        ),
        "DELETE FROM audit_chain".to_string(),
    ];
    match &t.app.db {
        Db::Sqlite(_) => {
            attempts.push(format!(
                "INSERT OR REPLACE INTO audit_log {cols} VALUES {vals}"
            ));
            attempts.push(format!("REPLACE INTO audit_log {cols} VALUES {vals}"));
        }
        Db::Postgres(_) => {
            attempts.push("TRUNCATE audit_log".to_string());
            attempts.push("TRUNCATE audit_chain".to_string());
        }
    }
    for q in &attempts {
        assert!(sql(&t.app.db, q).await.is_err(), "{q} was allowed");
    }
    let after = rows(&t, "sign_in").await;
    assert_eq!(after.len(), 1);
    assert_eq!(after[0].actor, "admin@x.org", "the row is unchanged");
    assert!(matches!(
        liaison_app::audit::verify(&t.app).await.unwrap(),
        Verified::Intact { .. }
    ));
}

/// An application on a database of the engine under test, with its URL (for the command line).
async fn app_with_url() -> (App, String, Option<tempfile::TempDir>) {
    let (url, dir) = fresh_db_url().await;
    let db = Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    let clock = Arc::new(liaison_domain::clock::ManualClock::new(start_time()));
    (App::new(db, clock, Config::default()), url, dir)
}

fn verify_command(url: &str) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_liaison"))
        .args(["--database", url, "audit", "verify"])
        .env("LIAISON_LOG", "error")
        .output()
        .unwrap()
}

#[tokio::test]
async fn the_hash_chain_finds_a_row_edited_with_sql_and_the_command_exits_1() {
    let (app, url, _dir) = app_with_url().await;
    for i in 0..5 {
        let e = Actor::operator()
            .audit("episode.read")
            .detail(format!("read {i}"));
        liaison_app::audit::record(&app, &e).await.unwrap();
    }
    let o = verify_command(&url);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(out.contains("5 rows"), "{out}");
    // Someone with the database's password edits row 3 behind the triggers' back.
    let third = match &app.db {
        Db::Sqlite(_) => vec![
            "DROP TRIGGER audit_log_no_update",
            "UPDATE audit_log SET detail = 'nothing to see' WHERE detail = 'read 2'",
        ],
        Db::Postgres(_) => vec![
            "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update",
            "UPDATE audit_log SET detail = 'nothing to see' WHERE detail = 'read 2'",
        ],
    };
    for q in third {
        sql(&app.db, q).await.unwrap();
    }
    let (id,): (i64,) = match &app.db {
        Db::Sqlite(p) => sqlx::query_as("SELECT id FROM audit_log WHERE detail = 'nothing to see'")
            .fetch_one(p)
            .await
            .unwrap(),
        Db::Postgres(p) => {
            sqlx::query_as("SELECT id FROM audit_log WHERE detail = 'nothing to see'")
                .fetch_one(p)
                .await
                .unwrap()
        }
    };
    match liaison_app::audit::verify(&app).await.unwrap() {
        Verified::Broken { id: Some(bad), .. } => assert_eq!(bad, id),
        other => panic!("not found: {other:?}"),
    }
    let o = verify_command(&url);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains(&format!("broken at row {id}")), "{err}");
}

#[tokio::test]
async fn rows_from_before_the_chain_are_covered_by_its_start() {
    let (app, _url, _dir) = app_with_url().await;
    // Rows as an earlier version wrote them (no hashes), then the chain starts over them.
    for i in 0..3 {
        sql(
            &app.db,
            &format!(
                "INSERT INTO audit_log (at, actor, ip, action, outcome) \
                 VALUES ('2026-01-0{}T10:00:00Z', 'old', '', 'sign_in', 'ok')",
                i + 1
            ),
        )
        .await
        .unwrap();
    }
    sql(&app.db, "UPDATE audit_chain SET row_count = 0, hash = NULL")
        .await
        .unwrap();
    app.db.migrate().await.unwrap();
    liaison_app::audit::record(&app, &Actor::operator().audit("episode.read"))
        .await
        .unwrap();
    assert!(matches!(
        liaison_app::audit::verify(&app).await.unwrap(),
        Verified::Intact { rows: 4, .. }
    ));
    // An old row edited is found too.
    let edit = match &app.db {
        Db::Sqlite(_) => "DROP TRIGGER audit_log_no_update",
        Db::Postgres(_) => "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update",
    };
    sql(&app.db, edit).await.unwrap();
    sql(&app.db, "UPDATE audit_log SET actor = 'new' WHERE id = 2")
        .await
        .unwrap();
    assert!(matches!(
        liaison_app::audit::verify(&app).await.unwrap(),
        Verified::Broken { id: Some(_), .. }
    ));
}

#[tokio::test]
async fn concurrent_writers_chain_one_after_the_other() {
    let t = spawn().await;
    t.fls("AA-ONE", "GB").await;
    let op = Actor::operator();
    let mut tasks = Vec::new();
    for w in 0..8 {
        let app = t.app.clone();
        let op = op.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..10 {
                let mut e = input(&format!("W{w}-{i}"));
                e.set("fracture_date", format!("2026-0{}-1{}", 1 + w % 9, i % 10));
                // Writes with their audit rows, and rows on their own, interleaved.
                episodes::create(&app, &op, &e, true).await.unwrap();
                liaison_app::audit::record(&app, &op.audit("episode.read"))
                    .await
                    .unwrap();
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    match liaison_app::audit::verify(&t.app).await.unwrap() {
        Verified::Intact { rows, .. } => assert!(rows >= 160, "{rows}"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_hundred_bogus_tokens_make_two_rows_not_a_hundred() {
    let t = spawn_with(Config {
        api_auth_failure_limit: RateLimit {
            per_minute: 1000,
            burst: 1000,
        },
        ..Config::default()
    })
    .await;
    let mut b = t.browser();
    for i in 0..100 {
        let r = b.api_get("/api/v1/me", &format!("lsn_bogus_{i}")).await;
        assert_eq!(r.status, 401);
    }
    let r = rows(&t, "api_token_rejected").await;
    assert_eq!(r.len(), 1, "the first in full, the rest counted");
    // Wrong sign-ins as unknown e-mails from one address: the same.
    for i in 0..5 {
        liaison_app::auth::sign_in(&t.app, &format!("nobody{i}@x.org"), "guess", "10.9.9.9")
            .await
            .unwrap();
    }
    assert_eq!(rows(&t, "sign_in").await.len(), 1);
    // When the minute is over, the count is written as one row.
    t.clock.advance(time::Duration::minutes(1));
    liaison_app::audit::flush(&t.app).await.unwrap();
    let r = rows(&t, "api_token_rejected").await;
    assert_eq!(r.len(), 2, "{r:?}");
    assert_eq!(
        (r[0].entity.as_str(), r[0].entity_id.as_str()),
        ("failures", "99")
    );
    assert!(
        r[0].detail.starts_with("99 more from this address"),
        "{}",
        r[0].detail
    );
    let s = rows(&t, "sign_in").await;
    assert_eq!(s.len(), 2);
    assert_eq!(s[0].entity_id, "4");
    assert_eq!(s[0].ip, "10.9.9.9");
}

#[tokio::test]
async fn reads_answer_while_a_long_write_holds_the_database_and_their_rows_follow() {
    let t = spawn().await;
    t.fls("AA-ONE", "GB").await;
    t.user("lead@a.test", "fls_lead", "AA-ONE").await;
    let a = actor(&t, "lead@a.test").await;
    let Saved::Done { row, .. } = episodes::create(&t.app, &a, &input("H1"), false)
        .await
        .unwrap()
    else {
        panic!("saved")
    };
    // Hold the write lock as an import does for its whole run (on SQLite, `BEGIN IMMEDIATE`
    // until the commit; on PostgreSQL an import's transaction locks nothing a read needs, its
    // audit rows wait for its commit).
    let import = t.app.db.begin().await.unwrap();
    let holder = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_secs(4)).await;
        import.commit().await.unwrap();
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    let started = Instant::now();
    for _ in 0..3 {
        let got = episodes::read(&t.app, &a, row.id).await.unwrap();
        assert_eq!(got.id, row.id);
    }
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "reads waited {:?}",
        started.elapsed()
    );
    holder.await.unwrap();
    liaison_app::audit::flush(&t.app).await.unwrap();
    let reads = rows(&t, "episode.read").await;
    assert_eq!(
        reads.len(),
        3,
        "every read is in the trail once the write is over"
    );
    assert!(matches!(
        liaison_app::audit::verify(&t.app).await.unwrap(),
        Verified::Intact { .. }
    ));
}

// Several threads, as the server runs: on one, the import's validation would keep the read
// from being polled at all.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_answer_during_a_real_import_and_their_rows_follow() {
    let t = spawn().await;
    t.fls("AA-ONE", "GB").await;
    t.user("lead@a.test", "fls_lead", "AA-ONE").await;
    let a = actor(&t, "lead@a.test").await;
    let Saved::Done { row, .. } = episodes::create(&t.app, &a, &input("H1"), false)
        .await
        .unwrap()
    else {
        panic!("saved")
    };
    let mut f =
        String::from("fls_code,patient_ref,fracture_date,sex,birth_date,fracture_site,setting\n");
    for i in 0..40_000 {
        f.push_str(&format!(
            "AA-ONE,IMP{i},2024-01-{:02},F,1950-04-02,wrist,outpatient\n",
            1 + i % 28
        ));
    }
    let app = t.app.clone();
    let import = tokio::spawn(async move {
        let table = liaison_domain::interchange::read(f.as_bytes()).unwrap();
        liaison_app::import::run(
            &app,
            &Actor::operator(),
            table,
            Default::default(),
            liaison_app::import::Mode::Apply { skip: None },
            &|_, _| {},
        )
        .await
        .unwrap()
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut during = 0;
    while !import.is_finished() {
        let started = Instant::now();
        episodes::read(&t.app, &a, row.id).await.unwrap();
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "a read waited {:?}",
            started.elapsed()
        );
        during += 1;
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let s = import.await.unwrap();
    assert!(s.written, "{:?}", s.errors.first());
    assert!(during > 0, "the import ended before a read");
    // The import writes what was kept when it ends.
    assert_eq!(rows(&t, "episode.read").await.len(), during);
    assert!(matches!(
        liaison_app::audit::verify(&t.app).await.unwrap(),
        Verified::Intact { .. }
    ));
}
