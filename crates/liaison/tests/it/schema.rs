//! The two migration folders stay in step, and the backup format knows every column.

use crate::helpers::*;
use liaison_store::backup::{TABLES, table_columns, table_names};

#[test]
fn migration_folders_have_the_same_versions() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../liaison-store/migrations");
    let names = |engine: &str| {
        let mut v: Vec<String> = std::fs::read_dir(format!("{dir}/{engine}"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(names("sqlite"), names("postgres"));
}

#[tokio::test]
async fn backup_covers_every_table_and_column_of_the_migrated_schema() {
    let t = spawn().await;
    let mut tables = table_names(&t.app.db).await.unwrap();
    tables.sort();
    let mut known: Vec<String> = TABLES.iter().map(|(n, _)| n.to_string()).collect();
    known.sort();
    assert_eq!(tables, known, "a table is missing from backup::TABLES");
    for (table, cols) in TABLES {
        // The backup names every column it reads and writes, so the order is free: a column a
        // later migration adds (ALTER TABLE: last in the table) is listed where the dataset
        // declares it.
        let mut got = table_columns(&t.app.db, table).await.unwrap();
        let mut want: Vec<String> = cols.iter().map(|c| c.0.to_string()).collect();
        got.sort();
        want.sort();
        assert_eq!(got, want, "columns of {table} differ from backup::TABLES");
    }
}

#[tokio::test]
async fn migrating_twice_changes_nothing() {
    let t = spawn().await;
    t.app.db.migrate().await.unwrap();
    let (n,): (i64,) = match &t.app.db {
        liaison_store::Db::Sqlite(p) => sqlx::query_as("SELECT COUNT(*) FROM countries")
            .fetch_one(p)
            .await
            .unwrap(),
        liaison_store::Db::Postgres(p) => sqlx::query_as("SELECT COUNT(*) FROM countries")
            .fetch_one(p)
            .await
            .unwrap(),
    };
    assert_eq!(n, 249);
}
