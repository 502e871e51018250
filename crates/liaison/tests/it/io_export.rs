//! Exports and their round trip back through the import (CSV, XLSX, the de-identified
//! research file), and the command line's generate, import and export.

use crate::helpers::*;
use crate::io::{HEAD, actor, apply, messages, nop, setup, snapshot};
use liaison_app::Actor;
use liaison_app::export::{self, ExportFormat, Scope};
use std::process::Command;

#[tokio::test]
async fn export_then_import_changes_nothing_and_research_is_deidentified() {
    let t = setup().await;
    let f = format!(
        "{HEAD},phone,family_name\n\
         AA-ONE,=cmd(),2024-01-05,F,1950-04-02,hip,inpatient,-2.5,2024-01-10,\"@note\",+44 20 7946 0000,Øster\n\
         AA-ONE,P2,2024-02-05,M,1944-04-02,wrist,outpatient,,,,,\n"
    );
    assert!(apply(&t, f.as_bytes()).await.written);
    let before = snapshot(&t).await;
    let op = Actor::operator();
    let scope = Scope::parse("fls:AA-ONE").unwrap();
    for format in [ExportFormat::Csv, ExportFormat::Xlsx] {
        let mut out = Vec::new();
        let e = export::export(&t.app, &op, &scope, format, &mut out, &nop)
            .await
            .unwrap();
        assert_eq!(e.rows, 2);
        if format == ExportFormat::Csv {
            let text = String::from_utf8(out.clone()).unwrap();
            assert!(
                text.contains("'=cmd()") && text.contains("'@note") && text.contains(",-2.5,"),
                "{text}"
            );
        }
        let s = apply(&t, &out).await;
        assert_eq!(
            (s.new, s.changed, s.unchanged, s.invalid_rows),
            (0, 0, 2, 0),
            "{:?}",
            messages(&s)
        );
        let (rows, _) = snapshot(&t).await;
        assert_eq!(rows, before.0);
    }
    let mut out = Vec::new();
    export::export(&t.app, &op, &scope, ExportFormat::Research, &mut out, &nop)
        .await
        .unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.starts_with("fls,birth_year,fracture_date,sex,"),
        "{text}"
    );
    assert!(
        !text.contains("cmd")
            && !text.contains("note")
            && !text.contains("AA-ONE")
            && !text.contains("1950-04-02")
    );
    assert!(text.contains(",1950,"));
    // A national lead may not export patient rows, even de-identified.
    t.user("nat@a.test", "national_lead", "GB").await;
    let nat = actor(&t, "nat@a.test").await;
    let r = export::export(
        &t.app,
        &nat,
        &Scope::parse("country:GB").unwrap(),
        ExportFormat::Research,
        &mut Vec::new(),
        &nop,
    )
    .await;
    assert!(matches!(r, Err(liaison_app::ServiceError::NotFound)));
}

fn liaison(url: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_liaison"))
        .arg("--database")
        .arg(url)
        .args(args)
        .env("LIAISON_LOG", "error")
        .output()
        .expect("run liaison")
}

#[tokio::test]
async fn command_line_generate_import_export() {
    let (url, _dir) = fresh_db_url().await;
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("gen");
    let d = dir.to_str().unwrap();
    let o = liaison(
        &url,
        &[
            "generate",
            "--episodes",
            "300",
            "--fls",
            "4",
            "--seed",
            "7",
            "--output",
            d,
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let first = std::fs::read(dir.join("episodes.csv")).unwrap();
    let o = liaison(
        &url,
        &[
            "generate",
            "--episodes",
            "300",
            "--fls",
            "4",
            "--seed",
            "7",
            "--output",
            d,
        ],
    );
    assert!(o.status.success());
    assert_eq!(
        std::fs::read(dir.join("episodes.csv")).unwrap(),
        first,
        "same seed, same file"
    );
    let fls = dir.join("fls.csv");
    let eps = dir.join("episodes.csv");
    let o = liaison(&url, &["fls", "import", fls.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = liaison(&url, &["import", eps.to_str().unwrap(), "--dry-run"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        String::from_utf8_lossy(&o.stdout)
            .starts_with("300 new, 0 updated, 0 unchanged, 0 rejected.")
    );
    let o = liaison(&url, &["import", eps.to_str().unwrap()]);
    assert!(o.status.success());
    let o = liaison(&url, &["import", eps.to_str().unwrap()]);
    assert!(
        String::from_utf8_lossy(&o.stdout)
            .starts_with("0 new, 0 updated, 300 unchanged, 0 rejected.")
    );
    // One bad row: exit 1, every problem with its line, nothing written.
    let mut text = String::from_utf8(first).unwrap();
    let bad_line = text.matches('\n').count() + 1;
    let mut cells = vec![""; liaison_domain::dataset::COLUMNS.len()];
    cells[..5].copy_from_slice(&["ZZ-NONE", "X", "2024-01-02", "F", "1950-04-02"]);
    cells[10] = "wrist";
    cells[13] = "outpatient";
    text.push_str(&cells.join(","));
    text.push_str("\r\n");
    let bad = out.path().join("bad.csv");
    std::fs::write(&bad, text).unwrap();
    let o = liaison(&url, &["import", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("nothing was changed")
            && err.contains(&format!("line {bad_line}: FLS “ZZ-NONE”")),
        "{err}"
    );
    let exp = out.path().join("export.csv");
    let o = liaison(
        &url,
        &[
            "export",
            "--scope",
            "global",
            "--output",
            exp.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = liaison(&url, &["import", exp.to_str().unwrap()]);
    assert!(
        String::from_utf8_lossy(&o.stdout)
            .starts_with("0 new, 0 updated, 300 unchanged, 0 rejected.")
    );
    let o = liaison(&url, &["export", "--scope", "fls:NOPE"]);
    assert_eq!(o.status.code(), Some(1));
}
