//! Backup and restore move a whole registry between engines without losing anything.

use crate::helpers::*;
use liaison_app::app::{App, Config};
use liaison_domain::clock::ManualClock;
use liaison_store::{Db, backup};
use std::sync::Arc;

async fn sqlite_app(dir: &tempfile::TempDir, name: &str) -> App {
    let url = format!("sqlite://{}", dir.path().join(name).display());
    let db = Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    App::new(
        db,
        Arc::new(ManualClock::new(start_time())),
        Config::default(),
    )
}

/// The dump without its header line (which names the engine).
async fn body(db: &Db) -> String {
    let mut out = Vec::new();
    backup::dump(db, &mut out).await.unwrap();
    String::from_utf8(out)
        .unwrap()
        .lines()
        .skip(1)
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test]
async fn sqlite_to_the_engine_under_test_and_back_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let src = sqlite_app(&dir, "src.db").await;
    liaison_fixtures::demo::seed(&src).await.unwrap();
    let op = liaison_app::Actor::operator();
    let u = liaison_store::users::user_by_email(&src.db, "admin@demo.liaison.test")
        .await
        .unwrap()
        .unwrap();
    liaison_app::users::create_token(&src, &op, u.id, "t")
        .await
        .unwrap();
    let original = body(&src.db).await;
    assert!(original.contains("GB-GLA") && original.contains("user.create"));
    // The library and its files (bytes as base64: a PDF starts `%PDF-1.4`).
    assert!(original.contains("نشرة للمريض: بعد كسر الورك"));
    assert!(
        original.contains("\"JVBERi0xLjQ"),
        "the leaflet's PDF is in the backup"
    );

    let mid = spawn().await;
    let mut file = Vec::new();
    backup::dump(&src.db, &mut file).await.unwrap();
    backup::restore(&mid.app.db, &mut std::io::Cursor::new(file.clone()))
        .await
        .unwrap();
    assert_eq!(body(&mid.app.db).await, original);
    // New rows continue after the restored ids.
    let id = mid.fls("ZZ-NEW", "FR").await;
    assert!(id > 19);
    // A restore into a non-empty database is refused and changes nothing.
    let before = body(&mid.app.db).await;
    assert!(
        backup::restore(&mid.app.db, &mut std::io::Cursor::new(file))
            .await
            .is_err()
    );
    assert_eq!(body(&mid.app.db).await, before);

    let mut again = Vec::new();
    backup::dump(&mid.app.db, &mut again).await.unwrap();
    let back = sqlite_app(&dir, "back.db").await;
    backup::restore(&back.db, &mut std::io::Cursor::new(again))
        .await
        .unwrap();
    assert_eq!(body(&back.db).await, body(&mid.app.db).await);
    // Sign-in still works with the restored password hashes.
    assert!(matches!(
        liaison_app::auth::sign_in(
            &back,
            "admin@demo.liaison.test",
            liaison_fixtures::demo::PASSWORD,
            ""
        )
        .await
        .unwrap(),
        liaison_app::auth::SignIn::Session { .. }
    ));
}

#[tokio::test]
async fn a_damaged_backup_restores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let src = sqlite_app(&dir, "src.db").await;
    liaison_fixtures::demo::seed(&src).await.unwrap();
    let mut file = Vec::new();
    backup::dump(&src.db, &mut file).await.unwrap();
    let mut text = String::from_utf8(file).unwrap();
    text.push_str("[1, \"broken\"\n");
    let target = spawn().await;
    let err = backup::restore(&target.app.db, &mut std::io::Cursor::new(text.into_bytes()))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("line"), "{err}");
    assert!(backup::is_empty(&target.app.db).await.unwrap());
}
