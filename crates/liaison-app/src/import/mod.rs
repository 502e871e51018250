//! Importing episodes from CSV or XLSX (issue 4; `dataset.md` "Formats"), for the web and for
//! `liaison import`. One pass over the rows does everything: each row is read, checked against
//! the rights (`import_patients`; a row for an FLS the actor may not import into is an invalid
//! row), validated by `dataset::parse` exactly as the form is (today in the row's FLS), checked
//! for a key seen earlier in the file, and classified against the database by its key
//! (`fls_code`, `patient_ref`, `fracture_date`): new, changed (with the changed fields) or
//! unchanged. A blank cell keeps the stored value unless the actor asked blanks to clear.
//!
//! [`Mode::Preview`] writes nothing. [`Mode::Apply`] writes as it goes inside ONE transaction and
//! commits only at the end: with an invalid row that was not expected (all-or-nothing, or rows
//! not in the confirmed preview's list), it rolls back and nothing changes. Applying the same
//! file twice changes nothing the second time: every row is then unchanged.
//!
//! Audit: a changed episode gets its own `episode.update` row with before and after, as in the
//! form. New episodes are inserted many rows per statement and audited one `episode.import` row
//! per batch (up to 500 episodes of one FLS) listing their keys; the values created are the
//! episode's version 1, which is the stored row until the first change, whose audit row keeps
//! them as "before". So every write is in the trail and every version can be rebuilt.

use super::episodes::today_in;
use super::{Actor, Result};
use crate::app::App;
use liaison_domain::dataset::{self, COLUMNS, DateOrder, Episode, EpisodeInput, ParseOptions};
use liaison_domain::error::FieldError;
use liaison_domain::interchange::{Item, LineError, Table};
use liaison_store::episodes::EpisodeRow;
use liaison_store::imports::{self, ImportTx};
use liaison_store::orgs::{self, FlsRow};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};
use time::Date;

/// What the actor chose for the file.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Options {
    pub date_order: DateOrder,
    /// A blank cell clears the stored value (default: keeps it).
    pub blanks_clear: bool,
}

#[derive(Debug, Clone)]
pub enum Mode {
    /// Read and classify; write nothing.
    Preview,
    /// Write. `skip`: None = every row must be valid (all-or-nothing); Some(lines) = these
    /// lines were invalid in the confirmed preview and are left out; any other invalid row
    /// undoes everything.
    Apply { skip: Option<HashSet<usize>> },
}

/// An existing episode the file changes.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Change {
    pub line: usize,
    pub fls_code: String,
    pub patient_ref: String,
    pub fracture_date: String,
    pub fields: Vec<String>,
}

/// A stored episode of a new row's patient offered the row's fracture as its refracture
/// (issue 15): listed in the preview, recorded by the import only when its user ticks it
/// ([`Tick`]), never silently.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct RefractureOffer {
    pub line: usize,
    /// The earlier episode's id (0 in previews kept from before ticks existed: not tickable).
    #[serde(default)]
    pub episode_id: i64,
    pub fls_code: String,
    pub patient_ref: String,
    /// The earlier episode's fracture date.
    pub fracture_date: String,
    pub refracture_date: String,
    pub refracture_site: String,
}

/// The changes listed in a summary (the counts are always complete).
pub const MAX_LISTED: usize = 1000;

/// What a file does (or did) to the registry.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub rows: usize,
    pub new: usize,
    pub changed: usize,
    pub unchanged: usize,
    /// Rows with at least one error.
    pub invalid_rows: usize,
    /// Every error of every invalid row, by line.
    pub errors: Vec<LineError>,
    /// The first [`MAX_LISTED`] changed episodes.
    pub changes: Vec<Change>,
    /// The first [`MAX_LISTED`] refractures offered to stored episodes (preview only).
    pub offers: Vec<RefractureOffer>,
    /// The whole file was refused (encoding, header, ...): `errors` says why.
    pub refused: bool,
    /// The rows were written (Apply mode, committed).
    pub written: bool,
    /// Refractures the user ticked, recorded on earlier episodes with the rows.
    pub refractures: usize,
}

impl Summary {
    /// Lines of the invalid rows.
    pub fn invalid_lines(&self) -> HashSet<usize> {
        self.errors.iter().map(|e| e.line).collect()
    }
}

/// Progress: (done, total) in the table's units, called now and then.
pub type Progress<'a> = &'a (dyn Fn(u64, u64) + Send + Sync);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    New,
    Changed,
    Unchanged,
}

struct FlsState {
    row: FlsRow,
    opts: ParseOptions,
    /// (patient_ref, fracture_date) → id of the stored episode.
    keys: HashMap<(String, Date), i64>,
    /// Keys of deleted episodes (restorable, not yet purged) that no live episode has.
    deleted: HashSet<(String, Date)>,
    pending: Vec<Episode>,
}

/// Rows read ahead: the stored episodes they refer to are fetched in one query.
const READ_AHEAD: usize = 500;

/// Where an import spends its time, printed to standard error when the environment variable
/// `LIAISON_IMPORT_TIMINGS` is set (bench/import.sh, docs/io.md).
#[derive(Default)]
struct Timings {
    read: Duration,
    lookup: Duration,
    write: Duration,
    commit: Duration,
}

impl Timings {
    fn print(&self, total: Duration) {
        if std::env::var_os("LIAISON_IMPORT_TIMINGS").is_none() {
            return;
        }
        let other = total.saturating_sub(self.read + self.lookup + self.write + self.commit);
        eprintln!(
            "import timings: read {:.2} s, lookup {:.2} s, validate+classify {:.2} s, write {:.2} s, commit {:.2} s, total {:.2} s",
            self.read.as_secs_f64(),
            self.lookup.as_secs_f64(),
            other.as_secs_f64(),
            self.write.as_secs_f64(),
            self.commit.as_secs_f64(),
            total.as_secs_f64()
        );
    }
}

/// Import, or preview the import of, a file already opened.
pub async fn run(
    app: &App,
    actor: &Actor,
    table: Table<'_>,
    opts: Options,
    mode: Mode,
    progress: Progress<'_>,
) -> Result<Summary> {
    run_with_refractures(app, actor, table, opts, mode, &[], progress).await
}

/// [`run`], recording in Apply mode the refractures of the preview's offers the user ticked,
/// in the same transaction as the rows; a tick that no longer holds fails the whole import.
pub async fn run_with_refractures(
    app: &App,
    actor: &Actor,
    mut table: Table<'_>,
    opts: Options,
    mode: Mode,
    ticks: &[Tick],
    progress: Progress<'_>,
) -> Result<Summary> {
    let started = Instant::now();
    let mut tm = Timings::default();
    let mut s = Summary::default();
    let apply = matches!(mode, Mode::Apply { .. });
    let now = app.now();
    // A preview only reads: it must not hold SQLite's write lock while it reads the file.
    let mut tx = ImportTx::begin(&app.db, apply, now).await?;
    let has: Vec<bool> = COLUMNS.iter().map(|c| table.header.has(c)).collect();
    let decimal_comma = table.decimal_comma;
    // FLS code as written → its state (None: not an FLS the actor may import into).
    let mut fls: HashMap<String, Option<usize>> = HashMap::new();
    let mut states: Vec<FlsState> = Vec::new();
    // Key → (first line, its class; None once it is known to be a duplicate).
    // New rows (line, FLS, patient, fracture date, site) whose patient may have an earlier
    // episode: the preview lists the refractures offered to them.
    let mut fresh: Vec<refractures::Fresh> = Vec::new();
    // Applying: the ticked lines, and the stored episodes a tick records a refracture on, whose
    // own changes from the file are written with it.
    let ticked_lines: HashSet<usize> = ticks.iter().map(|t| t.line).collect();
    let ticked_ids: HashSet<i64> = ticks.iter().map(|t| t.episode_id).collect();
    let mut deferred = refractures::Deferred::new();
    let mut seen: HashMap<(usize, String, Date), (usize, Option<Class>)> = HashMap::new();
    let mut items = Vec::with_capacity(READ_AHEAD);
    // Per item read ahead: its FLS state and the id of the stored episode with its key.
    let mut pre: Vec<(Option<usize>, Option<i64>)> = Vec::with_capacity(READ_AHEAD);
    let mut ids: Vec<i64> = Vec::new();
    'file: loop {
        // Read ahead.
        let t = Instant::now();
        items.clear();
        while items.len() < READ_AHEAD {
            match table.next() {
                Some(item) => items.push(item),
                None => break,
            }
        }
        tm.read += t.elapsed();
        if items.is_empty() {
            break;
        }
        let (d, total) = table.position();
        progress(d, total);
        // The rows' FLSs (the first row of an FLS loads the keys of its stored episodes) and
        // the stored episodes they refer to, in one query.
        let t = Instant::now();
        pre.clear();
        ids.clear();
        for item in &items {
            let Ok(Item::Row { input: raw, .. }) = item else {
                pre.push((None, None));
                continue;
            };
            let code = raw.fls_code.trim();
            let idx = match fls.get(code) {
                Some(i) => *i,
                None => {
                    let row = if code.is_empty() {
                        None
                    } else {
                        orgs::fls_by_code(&app.db, &actor.access.import_patients, code).await?
                    };
                    let i = match row {
                        None => None,
                        Some(row) => {
                            let mut keys = HashMap::new();
                            let mut deleted = HashSet::new();
                            for (id, r, d, gone) in tx.keys(row.id).await? {
                                if gone {
                                    deleted.insert((r, d));
                                } else {
                                    keys.insert((r, d), id);
                                }
                            }
                            deleted.retain(|k| !keys.contains_key(k));
                            let opts = ParseOptions {
                                date_order: opts.date_order,
                                decimal_comma,
                                today: today_in(now, &row.time_zone),
                            };
                            states.push(FlsState {
                                row,
                                opts,
                                keys,
                                deleted,
                                pending: Vec::new(),
                            });
                            Some(states.len() - 1)
                        }
                    };
                    fls.insert(code.to_string(), i);
                    i
                }
            };
            // The key, to find the stored episode; a row whose key is unreadable is just
            // invalid.
            let stored_id = idx.and_then(|i| {
                let st = &states[i];
                if st.keys.is_empty() {
                    return None;
                }
                let d = dataset::parse_date("fracture_date", &raw.fracture_date, opts.date_order)
                    .ok()
                    .flatten()?;
                st.keys
                    .get(&(raw.patient_ref.trim().to_string(), d))
                    .copied()
            });
            if let Some(id) = stored_id {
                ids.push(id);
            }
            pre.push((idx, stored_id));
        }
        let stored_rows: HashMap<i64, EpisodeRow> = tx
            .rows(&actor.access.import_patients, &ids)
            .await?
            .into_iter()
            .map(|r| (r.id, r))
            .collect();
        tm.lookup += t.elapsed();
        for (item, &(idx, stored_id)) in items.drain(..).zip(&pre) {
            let (line, raw) = match item {
                Err(e) => {
                    s.refused = true;
                    s.errors.push(e);
                    break 'file;
                }
                Ok(Item::Ragged { line, error, .. }) => {
                    s.rows += 1;
                    s.invalid_rows += 1;
                    s.errors.push(LineError::new(line, error));
                    continue;
                }
                Ok(Item::Row { line, input }) => (line, input),
            };
            s.rows += 1;
            let bad = |errs: Vec<FieldError>, s: &mut Summary| {
                s.invalid_rows += 1;
                s.errors
                    .extend(errs.into_iter().map(|e| LineError::new(line, e)));
            };
            let Some(idx) = idx else {
                let rule = if raw.fls_code.trim().is_empty() {
                    "required"
                } else {
                    "fls_not_writable"
                };
                bad(
                    vec![FieldError::new("fls_code", &raw.fls_code, rule)],
                    &mut s,
                );
                continue;
            };
            let st = &mut states[idx];
            let stored = stored_id.and_then(|id| stored_rows.get(&id));
            let stored_ep = stored.map(EpisodeRow::to_episode);
            let input = match &stored_ep {
                Some(ep) => merge(&raw, ep, &has, opts.blanks_clear),
                None => raw,
            };
            let e = match dataset::parse(&input, &st.opts) {
                Ok((e, _warnings)) => e,
                Err(inv) => {
                    bad(inv.0, &mut s);
                    continue;
                }
            };
            // A row for a deleted episode's key is refused rather than creating it again: the
            // deletion was someone's decision, and a regular file from the hospital system
            // would otherwise undo it unnoticed (docs/decisions.md). Restore it, or register it
            // again through the form.
            if stored_ep.is_none()
                && st
                    .deleted
                    .contains(&(e.patient_ref.clone(), e.fracture_date))
            {
                bad(
                    vec![FieldError::new(
                        "fracture_date",
                        &input.fracture_date,
                        "episode_deleted",
                    )],
                    &mut s,
                );
                continue;
            }
            let class = match &stored_ep {
                None => Class::New,
                Some(ep) if *ep == e => Class::Unchanged,
                Some(ep) => {
                    let before = EpisodeInput::from(ep);
                    let after = EpisodeInput::from(&e);
                    let fields: Vec<String> = COLUMNS
                        .iter()
                        .filter(|c| before.get(c) != after.get(c))
                        .map(|c| c.to_string())
                        .collect();
                    if fields.is_empty() {
                        Class::Unchanged
                    } else {
                        if s.changes.len() < MAX_LISTED {
                            s.changes.push(Change {
                                line,
                                fls_code: e.fls_code.clone(),
                                patient_ref: e.patient_ref.clone(),
                                fracture_date: e.fracture_date.to_string(),
                                fields,
                            });
                        }
                        Class::Changed
                    }
                }
            };
            // The same key earlier in the file: both lines are invalid.
            let k = (idx, e.patient_ref.clone(), e.fracture_date);
            if let Some((first, first_class)) = seen.get_mut(&k) {
                let first = *first;
                if let Some(c) = first_class.take() {
                    match c {
                        Class::New => s.new -= 1,
                        Class::Changed => s.changed -= 1,
                        Class::Unchanged => s.unchanged -= 1,
                    }
                    s.invalid_rows += 1;
                    s.errors.push(LineError::new(
                        first,
                        FieldError::new("fracture_date", &input.fracture_date, "duplicate_in_file")
                            .arg("line", line),
                    ));
                }
                bad(
                    vec![
                        FieldError::new("fracture_date", &input.fracture_date, "duplicate_in_file")
                            .arg("line", first),
                    ],
                    &mut s,
                );
                continue;
            }
            seen.insert(k, (line, Some(class)));
            match class {
                Class::New => s.new += 1,
                Class::Changed => s.changed += 1,
                Class::Unchanged => s.unchanged += 1,
            }
            let offered = if apply {
                ticked_lines.contains(&line)
            } else {
                fresh.len() < MAX_LISTED
            };
            if class == Class::New && offered {
                let site = e.fracture_site.code().to_string();
                fresh.push((line, idx, e.patient_ref.clone(), e.fracture_date, site));
            }
            if !apply {
                continue;
            }
            match (class, stored) {
                (Class::New, _) => {
                    st.pending.push(e);
                    if st.pending.len() >= imports::BATCH {
                        let t = Instant::now();
                        flush(actor, &mut tx, st, now).await?;
                        tm.write += t.elapsed();
                    }
                }
                (Class::Changed, Some(row)) if ticked_ids.contains(&row.id) => {
                    deferred.insert(row.id, (row.clone(), e));
                }
                (Class::Changed, Some(row)) => {
                    let t = Instant::now();
                    let mut after = EpisodeInput::from(&e);
                    after.fls_code = row.fls_code.clone();
                    let a = actor
                        .audit("episode.update")
                        .entity("episode", row.id)
                        .fls(row.fls_id)
                        .change(
                            serde_json::to_value(row.to_input()).ok(),
                            serde_json::to_value(after).ok(),
                        )
                        .detail("import");
                    tx.update(row, e, actor.user_id, now, a).await?;
                    tm.write += t.elapsed();
                }
                _ => {}
            }
        }
    }
    let (d, t) = table.position();
    progress(d, t);
    s.errors.sort_by_key(|e| e.line);
    let Mode::Apply { skip } = mode else {
        drop(tx);
        let invalid = s.invalid_lines();
        fresh.retain(|(line, ..)| !invalid.contains(line));
        s.offers = offers(app, actor, &states, &fresh).await?;
        tm.print(started.elapsed());
        // A preview shows stored episodes (changed and unchanged ones, their keys): audited
        // as a read, once per FLS the file may write to.
        let detail = format!(
            "import preview: {} rows, {} new, {} changed, {} unchanged, {} invalid",
            s.rows, s.new, s.changed, s.unchanged, s.invalid_rows
        );
        let fls_ids: Vec<Option<i64>> = if states.is_empty() {
            vec![None]
        } else {
            states.iter().map(|st| Some(st.row.id)).collect()
        };
        for fls_id in fls_ids {
            let a = actor
                .audit("import.preview")
                .entity("import", "")
                .fls(fls_id)
                .detail(detail.clone());
            crate::audit::record(app, &a).await?;
        }
        return Ok(s);
    };
    let expected = match &skip {
        None => s.errors.is_empty(),
        Some(lines) => s.errors.iter().all(|e| lines.contains(&e.line)),
    };
    if s.refused || !expected {
        tx.rollback().await?;
        written_meanwhile(app).await;
        return Ok(s);
    }
    let t = Instant::now();
    let invalid = s.invalid_lines();
    fresh.retain(|(line, ..)| !invalid.contains(line));
    match refractures::record(actor, &mut tx, &states, &fresh, ticks, deferred, now).await? {
        Ok(n) => s.refractures = n,
        Err(errors) => {
            tx.rollback().await?;
            written_meanwhile(app).await;
            s.errors.extend(errors);
            s.errors.sort_by_key(|e| e.line);
            return Ok(s);
        }
    }
    tm.write += t.elapsed();
    let t = Instant::now();
    for st in &mut states {
        flush(actor, &mut tx, st, now).await?;
    }
    tm.write += t.elapsed();
    let t = Instant::now();
    tx.commit().await?;
    tm.commit += t.elapsed();
    s.written = true;
    tm.print(started.elapsed());
    written_meanwhile(app).await;
    Ok(s)
}

/// The refractures a preview's new rows offer to their patients' stored episodes (domain
/// `timeline::refracture_offer`, on the stored timeline).
async fn offers(
    app: &App,
    actor: &Actor,
    states: &[FlsState],
    fresh: &[refractures::Fresh],
) -> Result<Vec<RefractureOffer>> {
    let mut out = Vec::new();
    for (line, idx, patient_ref, date, site) in fresh {
        let fls = &states[*idx].row;
        let timeline = liaison_store::episodes::timeline(
            &app.db,
            &actor.access.import_patients,
            fls.id,
            patient_ref,
        )
        .await?;
        let dates: Vec<_> = timeline
            .iter()
            .map(|r| (r.fracture_date, r.refracture_date))
            .collect();
        if let Some(i) = liaison_domain::timeline::refracture_offer(&dates, *date) {
            out.push(RefractureOffer {
                line: *line,
                episode_id: timeline[i].id,
                fls_code: fls.code.clone(),
                patient_ref: patient_ref.clone(),
                fracture_date: timeline[i].fracture_date.to_string(),
                refracture_date: date.to_string(),
                refracture_site: site.clone(),
            });
        }
    }
    Ok(out)
}

/// Audit rows kept while the import held the database (reads on SQLite) are written now.
async fn written_meanwhile(app: &App) {
    if let Err(e) = crate::audit::flush(app).await {
        tracing::warn!(error = %e, "audit rows kept during an import could not be written yet");
    }
}

/// The file's row over the stored episode: a cell the file has and fills wins; a blank cell
/// keeps the stored value unless blanks clear; a column the file lacks keeps it always.
fn merge(raw: &EpisodeInput, stored: &Episode, has: &[bool], blanks_clear: bool) -> EpisodeInput {
    let mut out = EpisodeInput::from(stored);
    for (i, c) in COLUMNS.iter().enumerate() {
        let v = raw.get(c).unwrap_or("");
        if has[i] && (!v.trim().is_empty() || blanks_clear) {
            out.set(c, v.to_string());
        }
    }
    out
}

/// Hand an FLS's new episodes gathered so far to the transaction, with their audit row.
async fn flush(
    actor: &Actor,
    tx: &mut ImportTx,
    st: &mut FlsState,
    now: time::OffsetDateTime,
) -> Result<()> {
    if st.pending.is_empty() {
        return Ok(());
    }
    let a = actor.audit("episode.import").entity("episode", "").fls(st.row.id).change(None, Some(serde_json::json!({
        "fls_code": st.row.code,
        "created": st.pending.iter().map(|e| [e.patient_ref.clone(), e.fracture_date.to_string()]).collect::<Vec<_>>(),
    }))).detail(format!("{} episodes created by import", st.pending.len()));
    let eps = std::mem::take(&mut st.pending);
    tx.insert_many(st.row.id, eps, actor.user_id, now, a)
        .await?;
    Ok(())
}

/// The invalid rows of a file, as read, in the same format with an `error` column: the file
/// is read again and each row whose line has errors is written with `message` of its errors.
pub fn error_file(
    bytes: &[u8],
    errors: &[LineError],
    message: impl Fn(&LineError) -> String,
) -> std::result::Result<Vec<u8>, String> {
    let mut by_line: HashMap<usize, Vec<String>> = HashMap::new();
    for e in errors {
        by_line.entry(e.line).or_default().push(message(e));
    }
    error_file_by_line(bytes, &by_line)
}

/// [`error_file`] with the messages already grouped by line.
pub fn error_file_by_line(
    bytes: &[u8],
    by_line: &HashMap<usize, Vec<String>>,
) -> std::result::Result<Vec<u8>, String> {
    use liaison_domain::interchange::{self as ic, Format};
    let table = ic::read(bytes).map_err(|_| "unreadable".to_string())?;
    let format = table.format;
    let mut headers: Vec<String> = table.header.names.clone();
    headers.push("error".into());
    let header = table.header.clone();
    let mut rows = Vec::new();
    for item in table {
        let Ok(item) = item else { break };
        let line = item.line();
        let Some(msgs) = by_line.get(&line) else {
            continue;
        };
        let mut cells = match item {
            Item::Row { input, .. } => header.cells(&input),
            Item::Ragged { cells, .. } => cells,
        };
        cells.push(msgs.join("; "));
        rows.push(cells);
    }
    let h: Vec<&str> = headers.iter().map(String::as_str).collect();
    match format {
        Format::Csv => {
            let mut out = Vec::new();
            ic::write_csv(&mut out, &h, rows).map_err(|e| e.to_string())?;
            Ok(out)
        }
        Format::Xlsx => ic::write_xlsx(&h, rows),
    }
}

mod jobs;
mod refractures;
mod staged;
pub use jobs::{BACKGROUND_BYTES, Jobs, Step, recover, start};
pub use refractures::Tick;
pub use staged::*;
