//! Files that must not import quietly wrong (issue 13): a quote left open that would swallow
//! the rows after it, and binaries renamed to `.csv`. Each is refused naming its line, by the
//! command line (exit 1) and the web preview, and nothing is written.

use crate::helpers::*;
use crate::io::upload;
use liaison_app::app::App;

const HEAD: &str = "fls_code,patient_ref,fracture_date,sex,birth_date,fracture_site,setting,notes";

fn row(r: &str, notes: &str) -> String {
    format!("AA-ONE,{r},2024-01-05,F,1950-04-02,wrist,outpatient,{notes}\n")
}

/// The probe's file: line 3 opens a quote in its notes that is never closed.
fn unclosed() -> String {
    format!(
        "{HEAD}\n{}{}{}{}",
        row("P1", "fine"),
        row("P2", "\"called back, see"),
        row("P3", "x"),
        row("P4", "y")
    )
}

/// A quote opened on line 3 and closed in line 5's note: line 4 would vanish into line 3.
fn swallowing() -> String {
    format!(
        "{HEAD}\n{}{}{}{}",
        row("P1", "fine"),
        row("P2", "\"opened"),
        row("P3", "lost"),
        row("P4", "closed here\"")
    )
}

async fn episodes(app: &App) -> usize {
    liaison_store::episodes::list(
        &app.db,
        &liaison_domain::access::FlsSet::All,
        &Default::default(),
        1000,
        0,
    )
    .await
    .unwrap()
    .1 as usize
}

#[tokio::test]
async fn the_command_line_refuses_an_unclosed_quote_with_its_line_and_writes_nothing() {
    let (url, _dir) = fresh_db_url().await;
    let app = cli_app(&url).await;
    let files = tempfile::tempdir().unwrap();
    for (name, text, expect) in [
        (
            "unclosed.csv",
            unclosed(),
            "line 3: File “”: a quote opened on this line is never closed",
        ),
        (
            "swallowing.csv",
            swallowing(),
            "line 3: File “”: a quote opened on this line runs on into line 4",
        ),
    ] {
        let path = files.path().join(name);
        std::fs::write(&path, text).unwrap();
        for dry in [true, false] {
            let mut args = vec!["--database", &url, "import", path.to_str().unwrap()];
            if dry {
                args.push("--dry-run");
            }
            let o = std::process::Command::new(env!("CARGO_BIN_EXE_liaison"))
                .args(&args)
                .env("LIAISON_LOG", "error")
                .output()
                .unwrap();
            let err = String::from_utf8_lossy(&o.stderr);
            assert_eq!(o.status.code(), Some(1), "{name}: {err}");
            assert!(err.contains(expect), "{name}: {err}");
            assert!(
                !String::from_utf8_lossy(&o.stdout).contains("1 new"),
                "{name}"
            );
        }
    }
    assert_eq!(episodes(&app).await, 0, "nothing was written");
}

#[tokio::test]
async fn the_web_preview_refuses_an_unclosed_quote_and_a_renamed_executable() {
    let t = spawn().await;
    t.fls("AA-ONE", "GB").await;
    t.user("lead@a.test", "fls_lead", "AA-ONE").await;
    let mut b = t.signed_in("lead@a.test").await;
    let mut elf = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0>\0".to_vec();
    elf.extend(std::iter::repeat_n(0u8, 200));
    let mut utf16ish_exe = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0".to_vec();
    utf16ish_exe.extend(std::iter::repeat_n(0u8, 200));
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("unclosed", unclosed().into_bytes(), "is never closed"),
        (
            "swallowing",
            swallowing().into_bytes(),
            "runs on into line 4",
        ),
        ("elf", elf, "the file is not a spreadsheet but a program"),
        (
            "exe",
            utf16ish_exe,
            "the file is not a spreadsheet but a program",
        ),
    ];
    for (name, bytes, expect) in cases {
        let r = upload(&mut b, &format!("{name}.csv"), &bytes, &[]).await;
        assert_eq!(r.status, 303, "{name}: {}", r.body);
        let p = b.get(&r.location()).await;
        let text = p.texts("main").join(" ");
        assert!(text.contains(expect), "{name}: {text}");
        assert!(p.texts("#confirm").is_empty(), "{name}: nothing to confirm");
        assert!(
            p.texts("#count-new").join("").is_empty(),
            "{name}: no row counts for a refused file: {text}"
        );
    }
    assert_eq!(episodes(&t.app).await, 0);
}
