//! Staged imports (web and API): the upload is kept in `imports` with the options, analysed
//! (preview, nothing written), then applied on confirmation. Large files run in the background
//! ([`super::jobs`]).

use super::*;
pub use liaison_domain::import_status::ImportStatus;
pub use liaison_store::imports::ImportRow;

/// An error of a row as kept with a staged import (a [`LineError`] with owned codes).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct RowError {
    pub line: usize,
    pub field: String,
    pub value: String,
    pub rule: String,
    pub args: Vec<(String, String)>,
}

impl From<&LineError> for RowError {
    fn from(e: &LineError) -> Self {
        RowError {
            line: e.line,
            field: e.error.field.clone(),
            value: e.error.value.clone(),
            rule: e.error.rule.to_string(),
            args: e
                .error
                .args
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        }
    }
}

/// A [`Summary`] as kept in `imports.result_json`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Outcome {
    pub rows: usize,
    pub new: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub invalid_rows: usize,
    pub errors: Vec<RowError>,
    pub changes: Vec<Change>,
    /// Kept results from before issue 15 have none.
    #[serde(default)]
    pub offers: Vec<super::RefractureOffer>,
    pub refused: bool,
    pub written: bool,
    /// Refractures ticked in the preview and recorded with the rows.
    #[serde(default)]
    pub refractures: usize,
}

impl From<&Summary> for Outcome {
    fn from(s: &Summary) -> Self {
        Outcome {
            rows: s.rows,
            new: s.new,
            changed: s.changed,
            unchanged: s.unchanged,
            invalid_rows: s.invalid_rows,
            errors: s.errors.iter().map(RowError::from).collect(),
            changes: s.changes.clone(),
            offers: s.offers.clone(),
            refused: s.refused,
            written: s.written,
            refractures: s.refractures,
        }
    }
}

impl Outcome {
    fn refused(errors: &[LineError]) -> Outcome {
        Outcome {
            refused: true,
            errors: errors.iter().map(RowError::from).collect(),
            ..Default::default()
        }
    }
    pub fn invalid_lines(&self) -> HashSet<usize> {
        self.errors.iter().map(|e| e.line).collect()
    }
    /// Nothing in the file stops an all-or-nothing import.
    pub fn all_valid(&self) -> bool {
        !self.refused && self.errors.is_empty()
    }
}

/// A JSON upload (a FHIR Bundle), told from CSV and XLSX by its content.
pub fn is_json(bytes: &[u8]) -> bool {
    let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    b.iter().find(|c| !c.is_ascii_whitespace()) == Some(&b'{')
}

/// `fhir`, `xlsx` or `csv`.
pub fn format_of(bytes: &[u8]) -> &'static str {
    if is_json(bytes) {
        "fhir"
    } else {
        liaison_domain::interchange::Format::sniff(bytes).code()
    }
}

/// A FHIR Bundle as a CSV file in the import format (one row per episode, line 2 first), so
/// it goes through the same pipeline as any file: preview, rights, all-or-nothing.
pub fn fhir_to_csv(bytes: &[u8]) -> std::result::Result<Vec<u8>, Vec<LineError>> {
    use liaison_domain::interchange as ic;
    let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let v: serde_json::Value = serde_json::from_slice(b).map_err(|_| {
        vec![LineError::new(
            1,
            FieldError::new("Bundle", "", "fhir_structure"),
        )]
    })?;
    let eps = liaison_domain::fhir::episodes_from_bundle(&v).map_err(|errs| {
        errs.into_iter()
            .map(|e| LineError::new(1, e))
            .collect::<Vec<_>>()
    })?;
    let rows: Vec<Vec<String>> = eps.iter().map(ic::row_of).collect();
    let mut out = Vec::new();
    ic::write_csv(&mut out, &COLUMNS, rows).map_err(|_| {
        vec![LineError::new(
            1,
            FieldError::new("file", "", "fhir_structure"),
        )]
    })?;
    Ok(out)
}

/// The upload as a table file: FHIR converted to CSV, CSV and XLSX as they are.
pub fn tabular(bytes: &[u8]) -> std::result::Result<std::borrow::Cow<'_, [u8]>, Vec<LineError>> {
    if is_json(bytes) {
        fhir_to_csv(bytes).map(std::borrow::Cow::Owned)
    } else {
        Ok(std::borrow::Cow::Borrowed(bytes))
    }
}

/// Keep an upload for analysis (status `analysing`). Returns its id.
pub async fn stage(
    app: &App,
    user_id: i64,
    file_name: &str,
    bytes: &[u8],
    opts: Options,
) -> Result<i64> {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD.encode(bytes);
    let opts = serde_json::to_string(&opts).unwrap_or_default();
    Ok(imports::create(
        &app.db,
        user_id,
        file_name,
        format_of(bytes),
        &opts,
        &b64,
        ImportStatus::Analysing,
        app.now(),
    )
    .await?)
}

/// Forget the files of uploads older than the retention (`Config::upload_retention`): a
/// preview left unconfirmed must not keep patient data on the server. The server runs this
/// with its other housekeeping.
pub async fn expire_uploads(app: &App) -> Result<()> {
    Ok(imports::expire(&app.db, app.now() - app.config.upload_retention).await?)
}

/// The staged upload's bytes.
pub async fn staged_bytes(app: &App, id: i64) -> Result<Vec<u8>> {
    use base64::Engine;
    let b64 = imports::file(&app.db, id).await?;
    Ok(base64::engine::general_purpose::STANDARD
        .decode(b64.as_bytes())
        .unwrap_or_default())
}

async fn run_staged(
    app: &App,
    actor: &Actor,
    row: &imports::ImportRow,
    mode: Mode,
    ticks: &[Tick],
    progress: Progress<'_>,
) -> Result<Outcome> {
    let bytes = staged_bytes(app, row.id).await?;
    let opts: Options = serde_json::from_str(&row.options_json).unwrap_or_default();
    let tab = match tabular(&bytes) {
        Ok(t) => t,
        Err(errs) => return Ok(Outcome::refused(&errs)),
    };
    match liaison_domain::interchange::read(&tab) {
        Err(errs) => Ok(Outcome::refused(&errs)),
        Ok(table) => Ok(Outcome::from(
            &run_with_refractures(app, actor, table, opts, mode, ticks, progress).await?,
        )),
    }
}

/// Preview a staged upload (write nothing) and keep the result: status `preview`, or
/// `refused` when the file cannot be read.
pub async fn analyse(
    app: &App,
    actor: &Actor,
    row: &imports::ImportRow,
    progress: Progress<'_>,
) -> Result<Outcome> {
    let r = run_staged(app, actor, row, Mode::Preview, &[], progress).await;
    finish(app, row.id, r, |o| {
        if o.refused {
            ImportStatus::Refused
        } else {
            ImportStatus::Preview
        }
    })
    .await
}

/// Apply a previewed upload the caller moved to `importing`: every row (all-or-nothing), or
/// the rows that were valid in the preview, and the refractures of the offers ticked (each
/// must be one of the preview's offers). Status `done`, or `failed` with nothing written.
pub async fn apply(
    app: &App,
    actor: &Actor,
    row: &imports::ImportRow,
    valid_only: bool,
    ticks: &[Tick],
    progress: Progress<'_>,
) -> Result<Outcome> {
    let skip = if valid_only {
        let prev: Outcome = serde_json::from_str(&row.result_json).unwrap_or_default();
        Some(prev.invalid_lines())
    } else {
        None
    };
    let r = run_staged(app, actor, row, Mode::Apply { skip }, ticks, progress).await;
    finish(app, row.id, r, |o| {
        if o.written {
            ImportStatus::Done
        } else {
            ImportStatus::Failed
        }
    })
    .await
}

async fn finish(
    app: &App,
    id: i64,
    r: Result<Outcome>,
    status: impl Fn(&Outcome) -> ImportStatus,
) -> Result<Outcome> {
    match r {
        Ok(o) => {
            let json = serde_json::to_string(&o).unwrap_or_default();
            imports::set_status(&app.db, id, status(&o), Some(&json), app.now()).await?;
            Ok(o)
        }
        Err(e) => {
            imports::set_status(&app.db, id, ImportStatus::Failed, None, app.now()).await?;
            Err(e)
        }
    }
}

/// The invalid rows of a staged import, in its format (FHIR: the CSV it was read as) with an
/// `error` column, each error in `message`'s words.
pub async fn staged_error_file(
    app: &App,
    actor: &Actor,
    row: &imports::ImportRow,
    message: impl Fn(&RowError) -> String,
) -> Result<(Vec<u8>, &'static str)> {
    let o: Outcome = serde_json::from_str(&row.result_json).unwrap_or_default();
    // The file holds the invalid rows as uploaded (patient data): a read like any other.
    let a = actor
        .audit("import.error_file")
        .entity("import", row.id)
        .detail(format!("{} invalid rows downloaded", o.invalid_rows));
    crate::audit::record(app, &a).await?;
    let bytes = staged_bytes(app, row.id).await?;
    let tab = tabular(&bytes).map_err(|_| crate::ServiceError::NotFound)?;
    let mut by_line: HashMap<usize, Vec<String>> = HashMap::new();
    for e in &o.errors {
        by_line.entry(e.line).or_default().push(message(e));
    }
    let out = error_file_by_line(&tab, &by_line)
        .map_err(|e| crate::ServiceError::Conflict(crate::ErrorCode::ExportFailed, e))?;
    let ext = if liaison_domain::interchange::Format::sniff(&tab)
        == liaison_domain::interchange::Format::Xlsx
    {
        "xlsx"
    } else {
        "csv"
    };
    Ok((out, ext))
}

/// A stored preview opened again. Its page lists stored episodes' keys (the changes) and the
/// file's values (the invalid rows): a read of patient data, audited like the first view
/// (`import.preview`, one row per FLS whose episodes it lists, else one without an FLS).
pub async fn preview_viewed(app: &App, actor: &Actor, row: &ImportRow) -> Result<()> {
    let o: Outcome = serde_json::from_str(&row.result_json).unwrap_or_default();
    if o.changes.is_empty() && o.errors.is_empty() {
        return Ok(());
    }
    let detail = format!(
        "import preview re-opened: {} rows, {} changes and {} invalid rows listed",
        o.rows,
        o.changes.len(),
        o.errors.len()
    );
    let codes: std::collections::BTreeSet<&str> =
        o.changes.iter().map(|c| c.fls_code.as_str()).collect();
    let mut fls_ids = Vec::new();
    for code in codes {
        if let Some(f) =
            liaison_store::orgs::fls_by_code(&app.db, &liaison_domain::access::FlsSet::All, code)
                .await?
        {
            fls_ids.push(Some(f.id));
        }
    }
    if fls_ids.is_empty() {
        fls_ids.push(None);
    }
    for fls_id in fls_ids {
        let a = actor
            .audit("import.preview")
            .entity("import", row.id)
            .fls(fls_id)
            .detail(detail.clone());
        crate::audit::record(app, &a).await?;
    }
    Ok(())
}

/// One import of this user (another user's answers None, like one that does not exist).
pub async fn get_mine(app: &App, user_id: i64, id: i64) -> Result<Option<ImportRow>> {
    Ok(imports::get(&app.db, user_id, id).await?)
}

/// The user's imports, newest first.
pub async fn list_mine(app: &App, user_id: i64, limit: i64) -> Result<Vec<ImportRow>> {
    Ok(imports::list(&app.db, user_id, limit).await?)
}

/// Move an import from one status to another if it is still in the first and the state
/// machine allows it; false when it moved on meanwhile (a confirmation counts once).
pub async fn transition(app: &App, id: i64, from: ImportStatus, to: ImportStatus) -> Result<bool> {
    Ok(imports::transition(&app.db, id, from, to, app.now()).await?)
}
