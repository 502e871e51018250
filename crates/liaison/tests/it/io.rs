//! Data exchange: imports (preview, all-or-nothing, idempotent, blanks, rights, every bad
//! file refused with its message and the database unchanged), exports and their round trip,
//! and the command line.

use crate::helpers::*;
use liaison_app::Actor;
use liaison_app::export::{self, ExportFormat, Scope};
use liaison_app::import::{self, Mode, Options, Summary};
use liaison_domain::access::FlsSet;
use liaison_domain::dataset::DateOrder;
use liaison_domain::interchange as ic;
use liaison_domain::lang::Lang;
use liaison_web::i18n::Tr;
use std::process::Command;

const HEAD: &str = "fls_code,patient_ref,fracture_date,sex,birth_date,fracture_site,setting,t_score_total_hip,dxa_date,notes";

fn row(r: &str, date: &str) -> String {
    format!("AA-ONE,{r},{date},F,1950-04-02,wrist,outpatient,,,\n")
}

fn nop(_: u64, _: u64) {}

async fn run(t: &TestApp, actor: &Actor, bytes: &[u8], opts: Options, mode: Mode) -> Summary {
    match ic::read(bytes) {
        Ok(table) => import::run(&t.app, actor, table, opts, mode, &nop)
            .await
            .expect("import runs"),
        Err(errors) => Summary {
            refused: true,
            errors,
            ..Default::default()
        },
    }
}

async fn apply(t: &TestApp, bytes: &[u8]) -> Summary {
    run(
        t,
        &Actor::operator(),
        bytes,
        Options::default(),
        Mode::Apply { skip: None },
    )
    .await
}

/// Everything an import could change: the episodes and the audit trail.
async fn snapshot(t: &TestApp) -> (Vec<String>, i64) {
    let (rows, _) =
        liaison_store::episodes::list(&t.app.db, &FlsSet::All, &Default::default(), 100_000, 0)
            .await
            .unwrap();
    let mut v: Vec<String> = rows
        .iter()
        .map(|r| format!("{:?} v{}", r.to_input(), r.version))
        .collect();
    v.sort();
    let audit =
        liaison_store::audit::search(&t.app.db, &FlsSet::All, &Default::default(), 100_000, 0)
            .await
            .unwrap()
            .len() as i64;
    (v, audit)
}

fn messages(s: &Summary) -> Vec<String> {
    let tr = Tr::new(Lang::En);
    s.errors
        .iter()
        .map(|e| format!("line {}: {}", e.line, tr.field_error(&e.error)))
        .collect()
}

async fn setup() -> TestApp {
    let t = spawn().await;
    t.fls("AA-ONE", "GB").await;
    t.fls("BB-TWO", "BR").await;
    t
}

#[tokio::test]
async fn real_spreadsheet_csv_previews_then_imports_once() {
    let t = setup().await;
    // BOM, semicolons, CRLF, decimal comma, a quoted note over two lines, day-first dates,
    // headers in another case and order.
    let f = "\u{feff}Patient_Ref;FLS_CODE;Fracture_Date;sex;birth_date;fracture_site;setting;dxa_date;t_score_total_hip;notes\r\n\
             P1;AA-ONE;05/01/2024;F;02/04/1950;hip;inpatient;10/01/2024;-2,5;\"first line\r\nsecond; line\"\r\n\
             P2;AA-ONE;06.01.2024;M;03.04.1945;wrist;outpatient;;;\r\n";
    let opts = Options {
        date_order: DateOrder::Dmy,
        blanks_clear: false,
    };
    let before = snapshot(&t).await;
    let p = run(&t, &Actor::operator(), f.as_bytes(), opts, Mode::Preview).await;
    assert_eq!(
        (p.new, p.changed, p.unchanged, p.invalid_rows),
        (2, 0, 0, 0),
        "{:?}",
        messages(&p)
    );
    let after = snapshot(&t).await;
    assert_eq!(after.0, before.0, "a preview writes nothing");
    assert_eq!(after.1, before.1 + 1, "but its answer is audited as a read");
    let s = run(
        &t,
        &Actor::operator(),
        f.as_bytes(),
        opts,
        Mode::Apply { skip: None },
    )
    .await;
    assert!(s.written);
    let (rows, _) = snapshot(&t).await;
    assert_eq!(rows.len(), 2);
    assert!(
        rows.iter()
            .any(|r| r.contains("t_score_total_hip: \"-2.5\"")
                && r.contains("first line\\r\\nsecond; line"))
    );
    assert_eq!(t.count_audit("episode.import").await, 1);
    // The same file again changes nothing.
    let after_first = snapshot(&t).await;
    let s = run(
        &t,
        &Actor::operator(),
        f.as_bytes(),
        opts,
        Mode::Apply { skip: None },
    )
    .await;
    assert_eq!((s.new, s.changed, s.unchanged), (0, 0, 2));
    assert_eq!(snapshot(&t).await, after_first);
}

#[tokio::test]
async fn changes_are_listed_and_blanks_keep_unless_asked_to_clear() {
    let t = setup().await;
    let f1 = format!(
        "{HEAD}\nAA-ONE,P1,2024-01-05,F,1950-04-02,hip,inpatient,-2.5,2024-01-10,call daughter\n"
    );
    assert!(apply(&t, f1.as_bytes()).await.written);
    // Blank notes and T-score keep what is stored; the site changes.
    let f2 = format!("{HEAD}\nAA-ONE,P1,2024-01-05,F,1950-04-02,wrist,outpatient,,2024-01-10,\n");
    let p = run(
        &t,
        &Actor::operator(),
        f2.as_bytes(),
        Options::default(),
        Mode::Preview,
    )
    .await;
    assert_eq!((p.new, p.changed, p.unchanged), (0, 1, 0));
    assert_eq!(p.changes[0].fields, vec!["fracture_site", "setting"]);
    assert_eq!(p.changes[0].line, 2);
    let clear = Options {
        blanks_clear: true,
        ..Default::default()
    };
    let p = run(&t, &Actor::operator(), f2.as_bytes(), clear, Mode::Preview).await;
    assert_eq!(
        p.changes[0].fields,
        vec!["fracture_site", "setting", "t_score_total_hip", "notes"]
    );
    let s = run(
        &t,
        &Actor::operator(),
        f2.as_bytes(),
        clear,
        Mode::Apply { skip: None },
    )
    .await;
    assert!(s.written);
    assert_eq!(t.count_audit("episode.update").await, 1);
    let (rows, _) = snapshot(&t).await;
    assert!(rows[0].contains("notes: \"\"") && rows[0].contains("v2"));
}

/// Each bad file: refused or rejected with a message that says why, and nothing changed.
#[tokio::test]
async fn bad_files_are_refused_with_a_message_and_change_nothing() {
    let t = setup().await;
    assert!(
        apply(
            &t,
            format!("{HEAD}\n{}", row("KEEP", "2024-01-01")).as_bytes()
        )
        .await
        .written
    );
    let mut utf16 = vec![0xFF, 0xFE];
    for c in format!("{HEAD}\n{}", row("X", "2024-01-02")).encode_utf16() {
        utf16.extend(c.to_le_bytes());
    }
    let mut cp1252 = format!("{HEAD}\n").into_bytes();
    cp1252.extend(b"AA-ONE,X,2024-01-02,F,1950-04-02,wrist,outpatient,,,M\xfcller\n");
    let bomb = {
        let mut buf = std::io::Cursor::new(Vec::new());
        let mut z = zip::ZipWriter::new(&mut buf);
        z.start_file(
            "xl/worksheets/sheet1.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        use std::io::Write;
        let zeros = vec![b' '; 1 << 20];
        for _ in 0..8 {
            z.write_all(&zeros).unwrap();
        }
        z.finish().unwrap();
        buf.into_inner()
    };
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("utf-16", utf16, "line 1: File “”: the file is UTF-16 text"),
        (
            "windows-1252",
            cp1252,
            "line 2: File “”: the file is not UTF-8 text",
        ),
        (
            "ragged",
            format!("{HEAD}\nAA-ONE,X,2024-01-02\n").into_bytes(),
            "line 2: Row “3”: the row has 3 cells but the header has 10.",
        ),
        (
            "duplicate key",
            format!(
                "{HEAD}\n{}{}",
                row("D", "2024-01-02"),
                row("D", "2024-01-02")
            )
            .into_bytes(),
            "line 3: ",
        ),
        (
            "excel serial",
            format!("{HEAD}\n{}", row("X", "45123")).into_bytes(),
            "45123",
        ),
        (
            "two-digit year",
            format!("{HEAD}\n{}", row("X", "24-01-02")).into_bytes(),
            "24-01-02",
        ),
        (
            "impossible date",
            format!("{HEAD}\n{}", row("X", "2023-02-29")).into_bytes(),
            "2023-02-29",
        ),
        (
            "unknown column",
            format!("{HEAD},colour\n").into_bytes(),
            "Column “colour”: is not a column",
        ),
        ("zip bomb", bomb, "the workbook would unpack"),
        (
            "another FLS",
            format!("{HEAD}\nZZ-NONE,X,2024-01-02,F,1950-04-02,wrist,outpatient,,,\n").into_bytes(),
            "is not an FLS whose patients you may record",
        ),
    ];
    let before = snapshot(&t).await;
    for (name, bytes, want) in cases {
        let s = apply(&t, &bytes).await;
        let m = messages(&s);
        assert!(!s.written, "{name}");
        assert!(!s.errors.is_empty(), "{name}: no error");
        assert!(m.iter().any(|x| x.contains(want)), "{name}: {m:?}");
        assert_eq!(snapshot(&t).await, before, "{name} changed the database");
    }
    // The duplicate names both lines; rule messages say what is wrong with the date.
    let s = apply(
        &t,
        format!(
            "{HEAD}\n{}{}",
            row("D", "2024-01-02"),
            row("D", "2024-01-02")
        )
        .as_bytes(),
    )
    .await;
    let m = messages(&s);
    assert!(
        m[0].starts_with("line 2") && m[0].contains("line 3"),
        "{m:?}"
    );
    assert!(
        m[1].starts_with("line 3") && m[1].contains("line 2"),
        "{m:?}"
    );
    for (v, want) in [
        ("45123", "Excel"),
        ("24-01-02", "two-digit"),
        ("2023-02-29", "real calendar date"),
    ] {
        let s = apply(&t, format!("{HEAD}\n{}", row("X", v)).as_bytes()).await;
        let m = messages(&s).join(" ");
        assert!(m.to_lowercase().contains(&want.to_lowercase()), "{v}: {m}");
    }
}

#[tokio::test]
async fn rights_decide_which_rows_are_valid() {
    let t = setup().await;
    t.user("lead@a.test", "fls_lead", "AA-ONE").await;
    t.user("nat@a.test", "national_lead", "GB").await;
    t.user("clin@a.test", "fls_clinician", "AA-ONE").await;
    let f = format!(
        "{HEAD}\n{}BB-TWO,Y,2024-01-02,F,1950-04-02,wrist,outpatient,,,\n",
        row("X", "2024-01-02")
    );
    // A national lead may write no patients, so may import none (issue 12): both rows invalid.
    for (email, invalid) in [("lead@a.test", 1), ("nat@a.test", 2), ("clin@a.test", 2)] {
        let actor = actor(&t, email).await;
        let s = run(&t, &actor, f.as_bytes(), Options::default(), Mode::Preview).await;
        assert_eq!(s.invalid_rows, invalid, "{email}: {:?}", messages(&s));
    }
    // Valid rows only: the invalid line is left out, the rest is written.
    let actor = actor(&t, "lead@a.test").await;
    let p = run(&t, &actor, f.as_bytes(), Options::default(), Mode::Preview).await;
    let s = run(
        &t,
        &actor,
        f.as_bytes(),
        Options::default(),
        Mode::Apply {
            skip: Some(p.invalid_lines()),
        },
    )
    .await;
    assert!(s.written && s.new == 1);
    let errs = import::error_file(f.as_bytes(), &p.errors, |e| {
        Tr::new(Lang::En).field_error(&e.error)
    })
    .unwrap();
    let text = String::from_utf8(errs).unwrap();
    assert!(text.starts_with(&format!("{HEAD},error\r\n")), "{text}");
    assert!(
        text.contains("BB-TWO,Y,2024-01-02") && text.contains("is not an FLS"),
        "{text}"
    );
    assert_eq!(text.lines().count(), 2);
}

/// A large file is written as it is read (hundreds of rows at a time); an invalid row near its
/// end must still undo every row written before it, with its audit rows.
#[tokio::test]
async fn an_invalid_row_after_written_batches_undoes_them_all() {
    let t = setup().await;
    let before = snapshot(&t).await;
    let mut f = String::from(HEAD);
    f.push('\n');
    for i in 0..1_200 {
        f.push_str(&row(&format!("R{i}"), "2024-01-02"));
    }
    f.push_str("AA-ONE,LAST,2024-13-40,F,1950-04-02,wrist,outpatient,,,\n");
    let s = apply(&t, f.as_bytes()).await;
    assert!(!s.written);
    assert_eq!((s.new, s.invalid_rows), (1_200, 1), "{:?}", messages(&s));
    assert_eq!(
        snapshot(&t).await,
        before,
        "nothing written, nothing audited"
    );
    // The lock is free again: the same rows without the bad one go in.
    let good: String = f.lines().take(1_201).map(|l| format!("{l}\n")).collect();
    let s = apply(&t, good.as_bytes()).await;
    assert!(s.written && s.new == 1_200, "{:?}", messages(&s));
    assert_eq!(
        t.count_audit("episode.import").await,
        3,
        "one per 500 new episodes"
    );
}

/// An imported episode is stored exactly as the same episode saved through the form (on
/// SQLite the import writes through SQLite's own API, not sqlx): same values, same text for
/// dates and times, so sorting, worklists and KPIs treat both alike.
#[tokio::test]
async fn an_imported_episode_is_stored_as_the_form_stores_it() {
    use liaison_domain::dataset::EpisodeInput;
    let t = setup().await;
    let mut input = EpisodeInput::default();
    for (k, v) in [
        ("fls_code", "AA-ONE"),
        ("patient_ref", "FORM"),
        ("fracture_date", "2024-01-05"),
        ("sex", "F"),
        ("birth_date", "1950-04-02"),
        ("family_name", "Ng"),
        ("given_names", "Anna Maria"),
        ("phone", "+44 20 7946 0000"),
        ("fracture_site", "spine"),
        ("spine_detection", "clinical"),
        ("fracture_icd10", "S32.0"),
        ("setting", "inpatient"),
        ("identified_date", "2024-01-06"),
        ("identification_route", "ward"),
        ("fls_assessment_date", "2024-01-08"),
        ("dxa_status", "done"),
        ("dxa_date", "2024-01-10"),
        ("t_score_lumbar_spine", "-2.7"),
        ("t_score_total_hip", "-1.9"),
        ("t_score_femoral_neck", "-2.1"),
        ("frax_major_pct", "21.5"),
        ("frax_hip_pct", "6"),
        ("falls_assessment", "done"),
        ("aom_recommendation", "recommended"),
        ("aom_recommended_atc", "M05BA04"),
        ("aom_start_date", "2024-01-20"),
        ("aom_start_atc", "M05BA04"),
        ("strength_balance_date", "2024-02-01"),
        ("first_followup_date", "2024-04-20"),
        ("second_followup_date", "2024-12-20"),
        ("aom_at_52_weeks", "yes"),
        ("refracture_date", "2024-11-02"),
        ("refracture_site", "wrist"),
        ("death_date", "2025-03-01"),
        ("primary_care_contact", "Dr Okafor, Riverside Practice"),
        ("notes", "Lives alone; daughter visits"),
        ("closed_date", "2025-03-10"),
        ("closed_reason", "completed"),
        ("residence_before", "care_home"),
        ("high_risk", "yes"),
        ("secondary_causes_screen", "done"),
        ("lifestyle_advice", "declined"),
        ("primary_care_letter_date", "2024-01-25"),
    ] {
        input.set(k, v.to_string());
    }
    // Every column has a value, so a column one write path forgets cannot go unnoticed.
    for c in liaison_domain::dataset::COLUMNS {
        assert!(!input.get(c).unwrap_or("").is_empty(), "{c} is blank");
    }
    liaison_app::episodes::create(&t.app, &Actor::operator(), &input, false)
        .await
        .expect("the form saves it");
    input.set("patient_ref", "FILE".to_string());
    let mut f = Vec::new();
    let cols = liaison_domain::dataset::COLUMNS;
    let cells: Vec<String> = cols
        .iter()
        .map(|c| input.get(c).unwrap_or("").to_string())
        .collect();
    ic::write_csv(&mut f, &cols, vec![cells]).unwrap();
    let s = apply(&t, &f).await;
    assert!(s.written && s.new == 1, "{:?}", messages(&s));
    // Every stored column but the key and what derives from it (patient_ref, search_text).
    let same: Vec<String> = ["fls_id"]
        .into_iter()
        .chain(cols[1..].iter().copied().filter(|c| *c != "patient_ref"))
        .chain([
            "version",
            "created_at",
            "updated_at",
            "created_by",
            "updated_by",
        ])
        .map(|c| format!("a.{c} IS NOT DISTINCT FROM b.{c}"))
        .collect();
    let sql = format!(
        "SELECT COUNT(*) FROM episodes a JOIN episodes b ON a.patient_ref = 'FORM' \
         AND b.patient_ref = 'FILE' WHERE {}",
        same.join(" AND ")
    );
    let n: i64 = match &t.app.db {
        liaison_store::Db::Sqlite(p) => sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .fetch_one(p)
            .await
            .unwrap(),
        liaison_store::Db::Postgres(p) => sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .fetch_one(p)
            .await
            .unwrap(),
    };
    assert_eq!(n, 1, "every column the same");
    // And it reads back as the same episode, where the search finds it.
    let (rows, _) = liaison_store::episodes::list(
        &t.app.db,
        &FlsSet::All,
        &liaison_store::episodes::Filter {
            search: Some("anna".into()),
            ..Default::default()
        },
        10,
        0,
    )
    .await
    .unwrap();
    assert_eq!(rows.len(), 2);
    // Both read back as written, every column (the input is in canonical text).
    for r in &rows {
        let mut a = r.to_input();
        assert!(["FORM", "FILE"].contains(&a.patient_ref.as_str()));
        a.patient_ref = input.patient_ref.clone();
        assert_eq!(a, input);
    }
    // Importing the file again reads the stored row back (on SQLite through its own API) and
    // finds nothing to change.
    let s = apply(&t, &f).await;
    assert_eq!((s.unchanged, s.changed, s.new), (1, 0, 0), "{s:?}");
    // A backup restored elsewhere holds the same episodes.
    let mut dump = Vec::new();
    liaison_store::backup::dump(&t.app.db, &mut dump)
        .await
        .unwrap();
    let other = spawn().await;
    liaison_store::backup::restore(&other.app.db, &mut std::io::Cursor::new(dump))
        .await
        .unwrap();
    let read = |db: liaison_store::Db| async move {
        let (rows, _) =
            liaison_store::episodes::list(&db, &FlsSet::All, &Default::default(), 10, 0)
                .await
                .unwrap();
        rows
    };
    assert_eq!(
        read(other.app.db.clone()).await,
        read(t.app.db.clone()).await
    );
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
        ip: "test".into(),
        access,
    }
}

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

// --- Web and API (import pages, background jobs, exports) ------------------------------------

/// POST a multipart upload as the browser's form does (CSRF part first).
pub(crate) async fn upload(
    b: &mut Browser,
    name: &str,
    bytes: &[u8],
    fields: &[(&str, &str)],
) -> Resp {
    if !b.cookies.contains_key("liaison_session") {
        b.get("/sign-in").await;
    }
    let csrf = b.csrf();
    let mut body: Vec<u8> = Vec::new();
    let mut part = |k: &str, v: &str| {
        body.extend_from_slice(
            format!("--X\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    };
    part("_csrf", &csrf);
    for (k, v) in fields {
        part(k, v);
    }
    body.extend_from_slice(
        format!("--X\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(b"\r\n--X--\r\n");
    let cookies = b
        .cookies
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ");
    let req = axum::http::Request::builder()
        .method("POST")
        .uri("/import")
        .header("content-type", "multipart/form-data; boundary=X")
        .header("cookie", cookies)
        .header("sec-fetch-site", "same-origin")
        .body(axum::body::Body::from(body))
        .unwrap();
    b.send(req).await
}

fn count(r: &Resp, what: &str) -> String {
    r.texts(&format!("#count-{what}")).join("")
}

#[tokio::test]
async fn web_upload_previews_then_confirms_and_a_second_upload_changes_nothing() {
    let t = setup().await;
    t.user("lead@a.test", "fls_lead", "AA-ONE").await;
    t.user("clin@a.test", "fls_clinician", "AA-ONE").await;
    let mut clin = t.signed_in("clin@a.test").await;
    assert_eq!(
        clin.get("/import").await.status,
        404,
        "a clinician cannot import"
    );
    let mut b = t.signed_in("lead@a.test").await;
    assert_eq!(b.get("/import").await.status, 200);
    let good = format!(
        "{HEAD}\n{}{}",
        row("P1", "2024-01-05"),
        row("P2", "2024-01-06")
    );
    let with_bad = format!(
        "{good}AA-ONE,P3,2024-01-07,Q,1950-04-02,wrist,outpatient,,,\nBB-TWO,P4,2024-01-08,F,1950-04-02,wrist,outpatient,,,\n"
    );
    let before = snapshot(&t).await;
    let r = upload(
        &mut b,
        "f.csv",
        with_bad.as_bytes(),
        &[("date_order", "ymd")],
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = r.location();
    let p = b.get(&page).await;
    assert_eq!(count(&p, "new"), "2");
    assert_eq!(count(&p, "invalid"), "2");
    let lines = p.texts(".io-errors tbody td:first-child");
    assert_eq!(lines, vec!["4", "5"], "every invalid row with its line");
    let problems = p.texts(".io-errors tbody tr").join(" | ");
    assert!(problems.contains("BB-TWO"), "{problems}");
    assert!(
        p.texts("#confirm").is_empty(),
        "all-or-nothing is not offered"
    );
    assert_eq!(snapshot(&t).await.0, before.0, "a preview writes nothing");
    // Import the valid rows only, then download the invalid ones.
    let r = b
        .post(&format!("{page}/confirm"), &[("valid_only", "1")])
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let done = b.get(&page).await;
    assert!(!done.texts(".io-done").is_empty(), "{}", done.body);
    assert_eq!(snapshot(&t).await.0.len(), 2);
    let e = b.get(&format!("{page}/errors")).await;
    assert_eq!(e.status, 200);
    assert!(e.body.starts_with(&format!("{HEAD},error")), "{}", e.body);
    assert!(e.body.contains("AA-ONE,P3") && e.body.contains("BB-TWO,P4"));
    assert_eq!(e.body.lines().count(), 3, "{}", e.body);
    // A confirmation counts once.
    b.post(&format!("{page}/confirm"), &[("valid_only", "1")])
        .await;
    assert_eq!(snapshot(&t).await.0.len(), 2);
    // The same rows again: all unchanged, and confirming changes nothing.
    let r = upload(&mut b, "f.csv", good.as_bytes(), &[]).await;
    let page = r.location();
    let p = b.get(&page).await;
    assert_eq!(
        (
            count(&p, "new"),
            count(&p, "unchanged"),
            count(&p, "invalid")
        ),
        ("0".into(), "2".into(), "0".into())
    );
    let before = snapshot(&t).await;
    b.post(&format!("{page}/confirm"), &[]).await;
    assert!(!b.get(&page).await.texts(".io-done").is_empty());
    assert_eq!(snapshot(&t).await.0, before.0);
    // The list of the user's imports links to both; another user cannot open them.
    let list = b.get("/import").await;
    assert_eq!(list.texts(".io-imports tbody tr").len(), 2);
    t.user("lead2@a.test", "fls_lead", "AA-ONE").await;
    let mut other = t.signed_in("lead2@a.test").await;
    assert_eq!(other.get(&page).await.status, 404);
}

#[tokio::test]
async fn a_file_over_the_limit_is_refused_and_changes_nothing() {
    let t = spawn_with(liaison_app::app::Config {
        max_upload_bytes: 2048,
        ..Default::default()
    })
    .await;
    t.fls("AA-ONE", "GB").await;
    t.user("lead@a.test", "fls_lead", "AA-ONE").await;
    let mut b = t.signed_in("lead@a.test").await;
    let mut f = HEAD.to_string() + "\n";
    for i in 0..100 {
        f += &row(&format!("P{i}"), "2024-01-05");
    }
    let before = snapshot(&t).await;
    let r = upload(&mut b, "big.csv", f.as_bytes(), &[]).await;
    assert_eq!(r.status, 413);
    let msg = r.texts("#upload-errors li").join(" ");
    assert!(msg.contains("larger than the limit of 1 MB"), "{msg}");
    assert_eq!(snapshot(&t).await.0, before.0);
    assert!(b.get("/import").await.texts(".io-imports tr").is_empty());
}

#[tokio::test]
async fn a_running_import_shows_its_progress_and_a_crash_leaves_it_failed() {
    let t = setup().await;
    let uid = t.user("lead@a.test", "fls_lead", "AA-ONE").await;
    let mut b = t.signed_in("lead@a.test").await;
    let id = liaison_store::imports::create(
        &t.app.db,
        uid,
        "f.csv",
        "csv",
        "{}",
        "",
        liaison_domain::import_status::ImportStatus::Importing,
        t.app.now(),
    )
    .await
    .unwrap();
    liaison_store::imports::progress(&t.app.db, id, 420)
        .await
        .unwrap();
    let p = b.get(&format!("/import/{id}")).await;
    assert_eq!(p.attr("#io-progress", "value").as_deref(), Some("420"));
    assert_eq!(
        p.attr("meta[http-equiv=refresh]", "content").as_deref(),
        Some("2")
    );
    // The server stops; on the next start the import is failed, nothing having changed.
    liaison_app::import::recover(&t.app).await.unwrap();
    let p = b.get(&format!("/import/{id}")).await;
    assert!(p.attr("meta[http-equiv=refresh]", "content").is_none());
    assert!(!p.texts(".io-nothing").is_empty(), "{}", p.body);
    let list = b.get("/import").await.texts(".io-status").join(" ");
    assert!(list.contains("failed"), "{list}");
}

#[tokio::test]
async fn a_large_file_runs_in_the_background() {
    let t = setup().await;
    t.user("lead@a.test", "fls_lead", "AA-ONE").await;
    let mut b = t.signed_in("lead@a.test").await;
    let mut f = HEAD.to_string() + "\n";
    let mut i = 0;
    while f.len() <= liaison_app::import::BACKGROUND_BYTES {
        f += &row(&format!("P{i}"), "2024-01-05");
        i += 1;
    }
    let r = upload(&mut b, "big.csv", f.as_bytes(), &[]).await;
    let page = r.location();
    // Wait for the background preview (no timing asserted: poll until it is done).
    let mut p = b.get(&page).await;
    while p.attr("meta[http-equiv=refresh]", "content").is_some() {
        assert!(!p.texts("#io-progress").is_empty() || p.attr("#io-progress", "max").is_some());
        tokio::task::yield_now().await;
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        p = b.get(&page).await;
    }
    assert_eq!(count(&p, "new"), i.to_string());
}

#[tokio::test]
async fn fhir_export_then_import_changes_nothing() {
    let t = setup().await;
    let f = format!(
        "{HEAD}\n{}AA-ONE,P2,2024-02-01,M,1941-01-01,hip,inpatient,-2.7,2024-02-10,a note\n",
        row("P1", "2024-01-05")
    );
    assert!(apply(&t, f.as_bytes()).await.written);
    t.user("lead@a.test", "fls_lead", "AA-ONE").await;
    let mut b = t.signed_in("lead@a.test").await;
    assert_eq!(b.get("/fls/BB-TWO/export?format=fhir").await.status, 404);
    let x = b.get("/fls/AA-ONE/export?format=fhir").await;
    assert_eq!(x.status, 200);
    let bundle = x.json();
    assert_eq!(bundle["resourceType"], "Bundle");
    assert!(!x.body.contains("a note"), "notes stay in the FLS");
    let before = snapshot(&t).await;
    let r = upload(&mut b, "bundle.json", x.body.as_bytes(), &[]).await;
    let page = r.location();
    let p = b.get(&page).await;
    assert_eq!(
        (
            count(&p, "new"),
            count(&p, "unchanged"),
            count(&p, "invalid")
        ),
        ("0".into(), "2".into(), "0".into()),
        "{}",
        p.body
    );
    b.post(&format!("{page}/confirm"), &[]).await;
    assert_eq!(snapshot(&t).await.0, before.0);
    // The CSV export downloads too, and the administrators' scope form.
    let csv = b.get("/fls/AA-ONE/export?format=csv").await;
    assert!(csv.body.contains("AA-ONE,P1"));
    assert_eq!(b.get("/export?scope=global&format=csv").await.status, 404);
}

#[tokio::test]
async fn api_imports_preview_apply_and_refuse_all_or_nothing() {
    let t = setup().await;
    let uid = t.user("lead@a.test", "fls_lead", "AA-ONE").await;
    let token = liaison_app::users::create_token(&t.app, &Actor::operator(), uid, "t")
        .await
        .unwrap();
    let mut b = t.browser();
    let post = |q: &str, body: String| {
        axum::http::Request::builder()
            .method("POST")
            .uri(format!("/api/v1/imports{q}"))
            .header("authorization", format!("Bearer {token}"))
            .header("content-type", "text/csv")
            .body(axum::body::Body::from(body))
            .unwrap()
    };
    let good = format!("{HEAD}\n{}", row("P1", "2024-01-05"));
    let bad = format!("{good}BB-TWO,P4,2024-01-08,F,1950-04-02,wrist,outpatient,,,\n");
    let r = b.send(post("?dry_run=true", good.clone())).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["result"]["new"], 1);
    assert!(snapshot(&t).await.0.is_empty());
    let r = b.send(post("", bad)).await;
    assert_eq!(r.status, 422);
    assert_eq!(r.json()["error"]["details"][0]["line"], 3);
    assert!(snapshot(&t).await.0.is_empty());
    let r = b.send(post("", good)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let id = r.json()["id"].as_i64().unwrap();
    assert_eq!(snapshot(&t).await.0.len(), 1);
    let g = b.api_get(&format!("/api/v1/imports/{id}"), &token).await;
    assert_eq!(g.json()["status"], "done");
    let x = b
        .api_get("/api/v1/export?scope=fls:AA-ONE&format=fhir", &token)
        .await;
    assert_eq!(x.json()["resourceType"], "Bundle");
    let x = b
        .api_get("/api/v1/export?scope=fls:BB-TWO&format=csv", &token)
        .await;
    assert_eq!(x.status, 404);
}

#[tokio::test]
async fn an_upload_left_unconfirmed_is_forgotten_after_the_retention() {
    let t = setup().await;
    t.user("lead@a.test", "fls_lead", "AA-ONE").await;
    let mut b = t.signed_in("lead@a.test").await;
    let bad = format!("{HEAD}\nAA-ONE,P3,2024-01-07,Q,1950-04-02,wrist,outpatient,,,\n");
    let r = upload(&mut b, "f.csv", bad.as_bytes(), &[("date_order", "ymd")]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = r.location();
    assert_eq!(b.get(&format!("{page}/errors")).await.status, 200);
    // A day later it is still there; past the retention (48 h) its rows are gone.
    t.clock.advance(time::Duration::hours(24));
    liaison_app::import::expire_uploads(&t.app).await.unwrap();
    let mut b = t.signed_in("lead@a.test").await;
    assert_eq!(b.get(&format!("{page}/errors")).await.status, 200);
    t.clock.advance(time::Duration::hours(25));
    liaison_app::import::expire_uploads(&t.app).await.unwrap();
    let mut b = t.signed_in("lead@a.test").await;
    assert_eq!(b.get(&format!("{page}/errors")).await.status, 404);
    let id: i64 = page.rsplit('/').next().unwrap().parse().unwrap();
    assert_eq!(
        liaison_app::import::staged_bytes(&t.app, id).await.unwrap(),
        Vec::<u8>::new(),
        "the file itself is deleted"
    );
    // Confirming now writes nothing.
    let before = snapshot(&t).await;
    b.post(&format!("{page}/confirm"), &[("valid_only", "1")])
        .await;
    assert_eq!(snapshot(&t).await.0, before.0);
}
