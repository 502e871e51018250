//! The command line: exit codes, messages, all-or-nothing imports, users and tokens.

use crate::helpers::*;
use std::io::Write;
use std::process::{Command, Output, Stdio};

pub(crate) fn liaison(url: &str, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_liaison"))
        .arg("--database")
        .arg(url)
        .args(args)
        .env("LIAISON_LOG", "error")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run liaison");
    if let Some(s) = stdin {
        child
            .stdin
            .as_mut()
            .unwrap()
            .write_all(s.as_bytes())
            .unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

pub(crate) fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[tokio::test]
async fn fls_add_creates_updates_and_explains_bad_values() {
    let (url, _dir) = fresh_db_url().await;
    let o = liaison(
        &url,
        &[
            "fls",
            "add",
            "GB-GLA",
            "--name",
            "Glasgow",
            "--country",
            "GB",
            "--expected-non-spine",
            "1400",
        ],
        None,
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    // Update one field; the others stay.
    let o = liaison(
        &url,
        &["fls", "add", "GB-GLA", "--expected-spine", "180"],
        None,
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let db = liaison_store::Db::connect(&url).await.unwrap();
    let f = liaison_store::orgs::fls_by_code(&db, &liaison_domain::access::FlsSet::All, "GB-GLA")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            f.name.as_str(),
            f.expected_non_spine_per_year,
            f.expected_spine_per_year
        ),
        ("Glasgow", Some(1400), Some(180))
    );
    let o = liaison(
        &url,
        &["fls", "add", "XX-1", "--name", "X", "--country", "ZZ"],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        text(&o.stderr).trim(),
        "liaison: Country “ZZ”: is not an ISO 3166-1 country code (two letters, such as GB or BR)."
    );
    let o = liaison(&url, &["fls", "add"], None);
    assert_eq!(o.status.code(), Some(2), "a wrong command line exits 2");
    db.close().await;
}

#[tokio::test]
async fn fls_import_is_all_or_nothing_and_reports_every_bad_row() {
    let (url, dir) = fresh_db_url().await;
    let tmp = dir.unwrap_or_else(|| tempfile::tempdir().unwrap());
    let bad = tmp.path().join("bad.csv");
    std::fs::write(
        &bad,
        "\u{feff}Code;Name;Country;Expected_Non_Spine_Per_Year;Expected_Spine_Per_Year\r\nES-MAD;Madrid;ES;900;90\r\nES-BCN;Barcelona;XX;850;\r\nES-MAD;Madrid again;ES;1;1\r\n",
    )
    .unwrap();
    let o = liaison(&url, &["fls", "import", bad.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(err.contains("nothing was changed"), "{err}");
    assert!(err.contains("line 3: Country “XX”"), "{err}");
    assert!(
        err.contains("line 4: FLS code “ES-MAD”: appears twice in the file (first on line 2)"),
        "{err}"
    );
    let db = liaison_store::Db::connect(&url).await.unwrap();
    assert_eq!(liaison_store::orgs::count_fls(&db).await.unwrap(), 0);
    let good = tmp.path().join("good.csv");
    std::fs::write(&good, "code,name,country,expected_non_spine_per_year,expected_spine_per_year,city\nES-MAD,Madrid,ES,900,90,Madrid\nES-BCN,Barcelona,ES,850,,Barcelona\n").unwrap();
    let o = liaison(&url, &["fls", "import", good.to_str().unwrap()], None);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(text(&o.stdout).trim(), "2 created, 0 updated, 0 unchanged.");
    let o = liaison(&url, &["fls", "import", good.to_str().unwrap()], None);
    assert_eq!(
        text(&o.stdout).trim(),
        "0 created, 0 updated, 2 unchanged.",
        "importing twice changes nothing"
    );
    db.close().await;
}

#[tokio::test]
async fn user_add_and_token_from_the_command_line() {
    let (url, _dir) = fresh_db_url().await;
    assert!(
        liaison(
            &url,
            &[
                "fls",
                "add",
                "GB-GLA",
                "--name",
                "Glasgow",
                "--country",
                "GB"
            ],
            None
        )
        .status
        .success()
    );
    let o = liaison(
        &url,
        &[
            "user",
            "add",
            "lead@x.org",
            "--role",
            "fls_lead",
            "--fls",
            "GB-GLA",
        ],
        Some("a long enough passphrase\n"),
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        !text(&o.stdout).contains("Password"),
        "a given password is not printed"
    );
    let o = liaison(
        &url,
        &[
            "user",
            "add",
            "weak@x.org",
            "--role",
            "viewer",
            "--fls",
            "GB-GLA",
        ],
        Some("password\n"),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("Password “***”: must be at least 12 characters long."),
        "{}",
        text(&o.stderr)
    );
    let o = liaison(
        &url,
        &[
            "user",
            "add",
            "gen@x.org",
            "--role",
            "national_lead",
            "--country",
            "GB",
        ],
        None,
    );
    assert!(
        text(&o.stdout).contains("Password (shown once): "),
        "{}",
        text(&o.stdout)
    );
    let o = liaison(
        &url,
        &[
            "user", "add", "x@x.org", "--role", "fls_lead", "--fls", "NOPE",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("FLS “NOPE”"),
        "{}",
        text(&o.stderr)
    );
    let o = liaison(
        &url,
        &["user", "token", "lead@x.org", "--name", "hospital system"],
        None,
    );
    let token = text(&o.stdout).trim().to_string();
    assert!(token.starts_with("lsn_"), "{token}");
    let db = liaison_store::Db::connect(&url).await.unwrap();
    let h = liaison_app::auth::hash_token(&token);
    assert!(
        liaison_store::tokens::find_live(&db, &h)
            .await
            .unwrap()
            .is_some()
    );
    db.close().await;
}

#[tokio::test]
async fn backup_and_restore_commands() {
    let (url, dir) = fresh_db_url().await;
    let tmp = dir.unwrap_or_else(|| tempfile::tempdir().unwrap());
    assert!(
        liaison(
            &url,
            &[
                "fls",
                "add",
                "GB-GLA",
                "--name",
                "Glasgow",
                "--country",
                "GB"
            ],
            None
        )
        .status
        .success()
    );
    let file = tmp.path().join("registry.backup");
    let o = liaison(&url, &["backup", file.to_str().unwrap()], None);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let (url2, _d2) = fresh_db_url().await;
    let o = liaison(&url2, &["restore", file.to_str().unwrap()], None);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let o = liaison(&url2, &["restore", file.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(1), "not into a non-empty database");
    assert!(text(&o.stderr).contains("nothing was changed"));
}

/// One scope parser for every command: `liaison export --scope Global` worked while
/// `liaison kpi --scope Global` was refused.
#[tokio::test]
async fn every_command_reads_a_scope_the_same_way() {
    let (url, _dir) = fresh_db_url().await;
    let o = liaison(
        &url,
        &[
            "fls",
            "add",
            "GB-GLA",
            "--name",
            "Glasgow",
            "--country",
            "GB",
        ],
        None,
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    for scope in ["global", "Global", " country:gb ", "Region:europe"] {
        let period = ["--from", "2026-01-01", "--to", "2026-06-30"];
        let k = liaison(
            &url,
            &[&["kpi", "--scope", scope][..], &period].concat(),
            None,
        );
        assert!(k.status.success(), "kpi {scope:?}: {}", text(&k.stderr));
        let e = liaison(&url, &["export", "--scope", scope, "--format", "csv"], None);
        assert!(e.status.success(), "export {scope:?}: {}", text(&e.stderr));
    }
    let k = liaison(
        &url,
        &[
            "kpi",
            "--scope",
            "planet",
            "--from",
            "2026-01-01",
            "--to",
            "2026-06-30",
        ],
        None,
    );
    assert_eq!(k.status.code(), Some(1));
    assert!(text(&k.stderr).contains("planet"), "{}", text(&k.stderr));
}
