//! `liaison import`, `liaison export`, `liaison generate` (docs/cli.md). Progress bars on a
//! terminal, silence when standard error is not one.

use super::explain;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use liaison_app::app::App;
use liaison_app::export::{self, ExportFormat, Scope};
use liaison_app::import::{self, Mode, Options};
use liaison_app::{Actor, ServiceError};
use liaison_domain::dataset::{COLUMNS, DateOrder};
use liaison_domain::interchange as ic;
use liaison_domain::lang::Lang;
use liaison_fixtures::generate::{GenOptions, generate_episodes, generate_fls};
use liaison_web::i18n::Tr;
use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// A CSV or XLSX file in the import format (docs/dataset.md), or a FHIR Bundle (JSON).
    pub file: PathBuf,
    /// Order of day, month and year in dates that are not ISO: ymd, dmy or mdy.
    #[arg(long, default_value = "ymd", value_parser = ["ymd", "dmy", "mdy"])]
    pub date_order: String,
    /// Check and count, write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// A blank cell clears the stored value (default: a blank keeps it).
    #[arg(long)]
    pub blanks_clear: bool,
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// fls:CODE, country:CC, region:NAME or global.
    #[arg(long)]
    pub scope: String,
    /// csv or xlsx (the import format), research (de-identified CSV) or fhir (a FHIR R4
    /// Bundle, without contact details and notes).
    #[arg(long, default_value = "csv", value_parser = ["csv", "xlsx", "research", "fhir"])]
    pub format: String,
    /// Where to write (default: standard output).
    #[arg(long)]
    pub output: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct GenerateArgs {
    #[arg(long)]
    pub episodes: usize,
    #[arg(long, default_value_t = 20)]
    pub fls: usize,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The last fracture date and "today" of the data. Fixed by default so the same seed
    /// gives the same files on any day.
    #[arg(long, default_value = "2025-12-31")]
    pub end: String,
    /// Directory for fls.csv and episodes.csv (created if missing).
    #[arg(long)]
    pub output: PathBuf,
}

fn bar(unit_bytes: bool) -> Option<ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let pb = ProgressBar::new(0);
    let t = if unit_bytes {
        "{bar:40} {bytes}/{total_bytes} {eta} {msg}"
    } else {
        "{bar:40} {pos}/{len} {eta} {msg}"
    };
    if let Ok(style) = ProgressStyle::with_template(t) {
        pb.set_style(style);
    }
    Some(pb)
}

pub async fn import(app: &App, a: ImportArgs) -> Result<(), String> {
    let name = a.file.display().to_string();
    let cant = |e: std::io::Error| format!("liaison: cannot read {name}: {e}");
    let mut f = std::fs::File::open(&a.file).map_err(cant)?;
    let size = f.metadata().map(|m| m.len()).unwrap_or(0);
    let mut magic = [0u8; 64];
    let k = f.read(&mut magic).map_err(cant)?;
    let xlsx = ic::Format::sniff(&magic[..k]) == ic::Format::Xlsx;
    let json = import::is_json(&magic[..k]);
    let bytes;
    let table = if json {
        // A FHIR Bundle: read as the CSV it converts to, then the same pipeline.
        let raw = std::fs::read(&a.file).map_err(cant)?;
        match import::fhir_to_csv(&raw) {
            Ok(csv) => {
                bytes = csv;
                ic::read(&bytes)
            }
            Err(e) => Err(e),
        }
    } else if xlsx {
        bytes = std::fs::read(&a.file).map_err(cant)?;
        ic::read_xlsx(&bytes)
    } else {
        let f = std::fs::File::open(&a.file).map_err(cant)?;
        ic::read_csv(f).map(|mut t| {
            t.total_bytes = size;
            t
        })
    };
    let tr = Tr::new(Lang::En);
    let line_msg = |e: &ic::LineError| format!("  line {}: {}", e.line, tr.field_error(&e.error));
    let table = match table {
        Ok(t) => t,
        Err(errors) => {
            let mut s = format!("liaison: {name} was refused, nothing was changed:");
            for e in &errors {
                s.push('\n');
                s.push_str(&line_msg(e));
            }
            return Err(s);
        }
    };
    let opts = Options {
        date_order: DateOrder::parse(&a.date_order).unwrap_or_default(),
        blanks_clear: a.blanks_clear,
    };
    let mode = if a.dry_run {
        Mode::Preview
    } else {
        Mode::Apply { skip: None }
    };
    let pb = bar(!xlsx);
    let progress = |d: u64, t: u64| {
        if let Some(pb) = &pb {
            pb.set_length(t);
            pb.set_position(d);
            // The whole file is read; the last rows may still be being written.
            if d >= t && !a.dry_run {
                pb.set_message("writing...");
            }
        }
    };
    let s = import::run(app, &Actor::operator(), table, opts, mode, &progress)
        .await
        .map_err(|e: ServiceError| explain(&e))?;
    // A dry run's audit row may have been kept while another import held the database: the
    // command may wait for it, a request may not.
    liaison_app::audit::flush_all(app)
        .await
        .map_err(|e: ServiceError| explain(&e))?;
    if let Some(pb) = &pb {
        pb.finish_and_clear();
    }
    // A refused file has no counts to give: the rows read before the refusal are not the file's.
    if !s.refused {
        println!(
            "{} new, {} updated, {} unchanged, {} rejected.",
            s.new, s.changed, s.unchanged, s.invalid_rows
        );
    }
    if s.errors.is_empty() {
        if a.dry_run {
            println!("Dry run: nothing was changed.");
        }
        return Ok(());
    }
    let mut msg = if s.refused {
        format!("liaison: {name} was refused, nothing was changed:")
    } else {
        format!(
            "liaison: nothing was changed: {} invalid row(s)",
            s.invalid_rows
        )
    };
    for e in &s.errors {
        msg.push('\n');
        msg.push_str(&line_msg(e));
    }
    Err(msg)
}

pub async fn export(app: &App, a: ExportArgs) -> Result<(), String> {
    let scope = Scope::parse(&a.scope).ok_or_else(|| {
        format!(
            "liaison: scope {:?} not understood (fls:CODE, country:CC, region:NAME or global)",
            a.scope
        )
    })?;
    let format = ExportFormat::parse(&a.format)
        .ok_or_else(|| format!("liaison: format {:?} not understood", a.format))?;
    let pb = bar(false);
    let progress = |d: u64, t: u64| {
        if let Some(pb) = &pb {
            pb.set_length(t);
            pb.set_position(d);
        }
    };
    let mut out = Vec::new();
    let done = export::export(app, &Actor::operator(), &scope, format, &mut out, &progress)
        .await
        .map_err(|e| match e {
            ServiceError::NotFound => format!("liaison: no such scope: {}", scope.code()),
            e => explain(&e),
        })?;
    if let Some(pb) = &pb {
        pb.finish_and_clear();
    }
    match &a.output {
        Some(p) => super::create_private(p)
            .and_then(|mut f| f.write_all(&out))
            .map_err(|e| format!("liaison: cannot write {}: {e}", p.display()))?,
        None => std::io::stdout()
            .write_all(&out)
            .map_err(|e| format!("liaison: {e}"))?,
    }
    eprintln!("{} episodes exported.", done.rows);
    Ok(())
}

pub fn generate(a: GenerateArgs) -> Result<(), String> {
    let end = liaison_domain::dataset::parse_date("end", &a.end, DateOrder::Ymd)
        .ok()
        .flatten()
        .ok_or_else(|| format!("liaison: --end {:?} is not a date (YYYY-MM-DD)", a.end))?;
    let o = GenOptions {
        seed: a.seed,
        fls: a.fls.max(1),
        episodes: a.episodes,
        end,
        years: 3,
    };
    std::fs::create_dir_all(&a.output)
        .map_err(|e| format!("liaison: cannot create {}: {e}", a.output.display()))?;
    let fls = generate_fls(&o);
    let write_err = |p: &std::path::Path, e: std::io::Error| {
        format!("liaison: cannot write {}: {e}", p.display())
    };
    let fp = a.output.join("fls.csv");
    let mut rows = Vec::new();
    for f in &fls {
        let n = |v: Option<i64>| v.map(|x| x.to_string()).unwrap_or_default();
        rows.push(vec![
            f.code.clone(),
            f.name.clone(),
            f.country.clone(),
            n(f.expected_non_spine_per_year),
            n(f.expected_spine_per_year),
            f.city.clone(),
        ]);
    }
    let file = std::fs::File::create(&fp).map_err(|e| write_err(&fp, e))?;
    ic::write_csv(
        std::io::BufWriter::new(file),
        &[
            "code",
            "name",
            "country",
            "expected_non_spine_per_year",
            "expected_spine_per_year",
            "city",
        ],
        rows,
    )
    .map_err(|e| write_err(&fp, e))?;
    let ep = a.output.join("episodes.csv");
    let file = std::fs::File::create(&ep).map_err(|e| write_err(&ep, e))?;
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(std::io::BufWriter::with_capacity(1 << 20, file));
    w.write_record(COLUMNS)
        .map_err(|e| write_err(&ep, e.into()))?;
    let pb = bar(false);
    if let Some(pb) = &pb {
        pb.set_length(a.episodes as u64);
    }
    let mut err = None;
    let mut n = 0u64;
    generate_episodes(&o, &fls, |input| {
        if err.is_some() {
            return;
        }
        let row = ic::row_of(&input);
        if let Err(e) = w.write_record(row.iter().map(|c| ic::neutralise(c).into_owned())) {
            err = Some(e);
        }
        n += 1;
        if let Some(pb) = &pb
            && n.is_multiple_of(10_000)
        {
            pb.set_position(n);
        }
    });
    if let Some(e) = err {
        return Err(write_err(&ep, e.into()));
    }
    w.flush().map_err(|e| write_err(&ep, e))?;
    if let Some(pb) = &pb {
        pb.finish_and_clear();
    }
    eprintln!(
        "{} FLSs in {}, {n} episodes in {}.",
        fls.len(),
        fp.display(),
        ep.display()
    );
    Ok(())
}
