//! Imports through the library: preview, all-or-nothing, idempotent, blanks, rights, every
//! bad file refused with its message and the database unchanged, and the stored form of an
//! imported episode. The helpers the other `io_*` modules share live here too.
//! Exports and the command line: io_export.rs; the web pages and the API: io_web.rs.

use crate::helpers::*;
use liaison_app::Actor;
use liaison_app::import::{self, Mode, Options, Summary};
use liaison_domain::access::FlsSet;
use liaison_domain::dataset::DateOrder;
use liaison_domain::interchange as ic;
use liaison_domain::lang::Lang;
use liaison_web::i18n::Tr;

pub(crate) const HEAD: &str = "fls_code,patient_ref,fracture_date,sex,birth_date,fracture_site,setting,t_score_total_hip,dxa_date,notes";

pub(crate) fn row(r: &str, date: &str) -> String {
    format!("AA-ONE,{r},{date},F,1950-04-02,wrist,outpatient,,,\n")
}

pub(crate) fn nop(_: u64, _: u64) {}

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

pub(crate) async fn apply(t: &TestApp, bytes: &[u8]) -> Summary {
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
pub(crate) async fn snapshot(t: &TestApp) -> (Vec<String>, i64) {
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

pub(crate) fn messages(s: &Summary) -> Vec<String> {
    let tr = Tr::new(Lang::En);
    s.errors
        .iter()
        .map(|e| format!("line {}: {}", e.line, tr.field_error(&e.error)))
        .collect()
}

pub(crate) async fn setup() -> TestApp {
    let t = spawn().await;
    t.fls("AA-ONE", "GB").await;
    t.fls("BB-TWO", "BR").await;
    t
}

pub(crate) async fn actor(t: &TestApp, email: &str) -> Actor {
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
