//! The CSV/XLSX interchange format of the episode dataset (`docs/dataset.md`, "Formats"): readers
//! that turn a spreadsheet file into rows of [`EpisodeInput`] (or clear refusals), and writers
//! that turn rows back into a file that imports unchanged. Pure: bytes and `Read`/`Write` in,
//! values out; no files, no clock.
//!
//! Reading, in short:
//! - CSV: UTF-8 with or without BOM; UTF-16 (a BOM of either order) and invalid UTF-8 are refused
//!   naming the encoding; the separator (`,` or `;`) is detected from the header line; a `;` file
//!   may use decimal commas; header names in any case and order; an unknown column is an error
//!   naming it; a column called `error` (the one our error files add) is ignored; rows with more
//!   or fewer cells than the header are invalid rows (kept, so they come back in the error file).
//!   A quote left open is refused with the line it opened on, since the rows after it would
//!   otherwise vanish into one cell: open at the end of the file, or spanning a line that is
//!   itself a whole row (see [`swallowed_line`]).
//! - Binary files (executables, PDFs, images, archives, old Office files, NUL bytes that are not
//!   UTF-16 text) are refused as such before anything is parsed ([`sniff_binary`]).
//! - XLSX: the first worksheet. Before anything is parsed the archive is inflated into a counter:
//!   more than [`MAX_XLSX_UNCOMPRESSED`] bytes in total, or a part that inflates more than
//!   [`MAX_XLSX_RATIO`] times, is refused as a zip bomb. Cells are read as text; cells that the
//!   spreadsheet itself types as dates become ISO dates, in the 1900 or the 1904 date system;
//!   plain numbers in date columns stay numbers and are then refused by the dataset as Excel
//!   serial dates.
//! - A text cell that starts with an apostrophe followed by `= + - @`, tab or CR loses that one
//!   apostrophe (our writers add it against formula injection), so export → import is a round
//!   trip.

use crate::dataset::{COLUMNS, EpisodeInput, PRIVATE_COLUMNS};
use crate::error::FieldError;
use serde::Serialize;
use std::io::{BufRead, BufReader, Read, Write};

/// Largest total size the parts of an XLSX file may inflate to.
pub const MAX_XLSX_UNCOMPRESSED: u64 = 512 * 1024 * 1024;
/// Largest inflation ratio of one part (above 1 MiB); real sheets compress 5–30 times.
pub const MAX_XLSX_RATIO: u64 = 200;

/// A problem on one line of a file (line 1 is the header).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineError {
    pub line: usize,
    pub error: FieldError,
}

impl LineError {
    pub fn new(line: usize, error: FieldError) -> Self {
        LineError { line, error }
    }
    fn file(line: usize, rule: &'static str) -> Self {
        LineError::new(line, FieldError::new("file", "", rule))
    }
}

/// File formats of the interchange.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    /// XLSX files are zip archives; anything else is read as CSV (and refused there if it is not).
    pub fn sniff(bytes: &[u8]) -> Format {
        if bytes.starts_with(b"PK\x03\x04") {
            Format::Xlsx
        } else {
            Format::Csv
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }
    pub fn parse(s: &str) -> Option<Format> {
        match s.trim().to_ascii_lowercase().as_str() {
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }
}

/// The columns a file has, mapped to the dataset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The names as written in the file (for error files).
    pub names: Vec<String>,
    /// For each cell position, the dataset column (index into [`COLUMNS`]), or None (ignored).
    cols: Vec<Option<usize>>,
}

impl Header {
    /// Check a header row: every name a dataset column (any case), none twice, the key present.
    pub fn parse(names: Vec<String>) -> Result<Header, Vec<LineError>> {
        let mut errors = Vec::new();
        let mut cols = Vec::with_capacity(names.len());
        let mut seen = [false; COLUMNS.len()];
        for n in &names {
            let t = n.trim().to_ascii_lowercase();
            if t == "error" {
                cols.push(None);
                continue;
            }
            match COLUMNS.iter().position(|c| *c == t) {
                Some(i) if seen[i] => {
                    errors.push(LineError::new(
                        1,
                        FieldError::new("header", n.as_str(), "column_twice"),
                    ));
                    cols.push(None);
                }
                Some(i) => {
                    seen[i] = true;
                    cols.push(Some(i));
                }
                None => {
                    errors.push(LineError::new(
                        1,
                        FieldError::new("header", n.as_str(), "column_unknown"),
                    ));
                    cols.push(None);
                }
            }
        }
        for key in ["fls_code", "patient_ref", "fracture_date"] {
            let i = COLUMNS.iter().position(|c| *c == key).unwrap_or(0);
            if !seen[i] {
                errors.push(LineError::new(
                    1,
                    FieldError::new("header", key, "column_missing"),
                ));
            }
        }
        if errors.is_empty() {
            Ok(Header { names, cols })
        } else {
            Err(errors)
        }
    }

    /// Does the file have this dataset column?
    pub fn has(&self, col: &str) -> bool {
        self.cols
            .iter()
            .flatten()
            .any(|&i| COLUMNS.get(i) == Some(&col))
    }

    /// The cells of a row as an episode input (the caller checked the length).
    fn input(&self, cells: Vec<String>) -> EpisodeInput {
        let mut input = EpisodeInput::default();
        for (c, v) in self.cols.iter().zip(cells) {
            if let Some(i) = c {
                input.set(COLUMNS[*i], unneutralise(v));
            }
        }
        input
    }

    /// The cells of an input in this header's order (for error files).
    pub fn cells(&self, input: &EpisodeInput) -> Vec<String> {
        self.cols
            .iter()
            .map(|c| {
                c.and_then(|i| input.get(COLUMNS[i]))
                    .unwrap_or("")
                    .to_string()
            })
            .collect()
    }
}

/// One row as read.
// Rows are the common case; boxing them would cost an allocation per row.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Row {
        line: usize,
        input: EpisodeInput,
    },
    /// A row with more or fewer cells than the header: invalid, kept as read.
    Ragged {
        line: usize,
        cells: Vec<String>,
        error: FieldError,
    },
}

impl Item {
    pub fn line(&self) -> usize {
        match self {
            Item::Row { line, .. } | Item::Ragged { line, .. } => *line,
        }
    }
}

/// A file being read: its format, header and options, and its rows one at a time.
/// Iterating yields `Err` once, for a refusal of the whole file (e.g. invalid UTF-8 on a line),
/// and then ends.
pub struct Table<'a> {
    pub format: Format,
    pub header: Header,
    pub delimiter: u8,
    /// True for `;` files: decimals may use a comma.
    pub decimal_comma: bool,
    /// Size of the file in bytes, when the caller knows it (for [`Table::position`]).
    pub total_bytes: u64,
    rows: Rows<'a>,
}

enum Rows<'a> {
    Csv {
        rdr: csv::Reader<Box<dyn BufRead + Send + 'a>>,
        rec: csv::ByteRecord,
        done: bool,
        /// csv counts a CRLF line break only when the next record starts: add one then.
        crlf: bool,
    },
    Xlsx {
        rows: std::vec::IntoIter<(usize, Vec<String>)>,
        total: usize,
    },
}

impl std::fmt::Debug for Table<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Table")
            .field("format", &self.format)
            .field("header", &self.header)
            .finish()
    }
}

impl Iterator for Table<'_> {
    type Item = Result<Item, LineError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match self.next_cells()? {
                Err(e) => return Some(Err(e)),
                // A row of nothing but blanks (spreadsheets leave them at the end) is not a row.
                Ok((_, cells)) if cells.iter().all(|c| c.trim().is_empty()) => continue,
                Ok((line, cells)) if self.format == Format::Csv => {
                    if let Some(at) = swallowed_line(&self.header, self.delimiter, line, &cells) {
                        self.stop();
                        let error =
                            FieldError::new("file", "", "file_quote_swallows_row").arg("row", at);
                        return Some(Err(LineError::new(line, error)));
                    }
                    return Some(Ok(self.item(line, cells)));
                }
                Ok((line, cells)) => return Some(Ok(self.item(line, cells))),
            }
        }
    }
}

impl Table<'_> {
    fn item(&self, line: usize, cells: Vec<String>) -> Item {
        if cells.len() != self.header.cols.len() {
            let error = FieldError::new("row", cells.len().to_string(), "row_length")
                .arg("expected", self.header.cols.len());
            return Item::Ragged { line, cells, error };
        }
        Item::Row {
            line,
            input: self.header.input(cells),
        }
    }

    /// After a refusal of the whole file: read no further.
    fn stop(&mut self) {
        if let Rows::Csv { done, .. } = &mut self.rows {
            *done = true;
        }
    }
}

impl Table<'_> {
    /// How far reading has come: (bytes read, file size) for CSV, (rows read, rows) for XLSX.
    pub fn position(&self) -> (u64, u64) {
        match &self.rows {
            // min: the end marker is read after the file.
            Rows::Csv { rdr, .. } => (
                rdr.position().byte().min(self.total_bytes),
                self.total_bytes,
            ),
            Rows::Xlsx { rows, total } => ((*total - rows.len()) as u64, *total as u64),
        }
    }

    fn next_cells(&mut self) -> Option<Result<(usize, Vec<String>), LineError>> {
        let (line, cells) = match &mut self.rows {
            Rows::Csv {
                rdr,
                rec,
                done,
                crlf,
            } => {
                if *done {
                    return None;
                }
                match rdr.read_byte_record(rec) {
                    Ok(false) => return None,
                    Ok(true) => {}
                    Err(_) => {
                        *done = true;
                        let line = rec.position().map_or(0, |p| p.line() as usize);
                        return Some(Err(LineError::file(line + *crlf as usize, "file_not_csv")));
                    }
                }
                // csv's record position can lag behind blank lines and CRLF breaks; its
                // position after the record counts everything consumed (the '\n' of a LF
                // terminator, not yet that of a CRLF one). Either may be short, never long.
                let start = rec.position().map_or(0, |p| p.line() as usize) + *crlf as usize;
                let after = (rdr.position().line() as usize)
                    .saturating_sub(newlines(rec) + !*crlf as usize);
                let line = start.max(after);
                if rec.len() == 1 && rec.get(0) == Some(END_CELL) {
                    *done = true;
                    return None;
                }
                if rec.iter().any(|f| f.contains(&0)) {
                    *done = true;
                    let open = rec
                        .iter()
                        .any(|f| f.windows(END_CELL.len()).any(|w| w == END_CELL));
                    // The end marker inside a cell: a quote was still open at the end.
                    return Some(Err(if open {
                        LineError::file(line, "file_quote_unclosed")
                    } else {
                        LineError::new(
                            line,
                            FieldError::new("file", "", "file_binary").arg("kind", "binary"),
                        )
                    }));
                }
                let mut cells = Vec::with_capacity(rec.len());
                for field in rec.iter() {
                    match std::str::from_utf8(field) {
                        Ok(s) => cells.push(s.to_string()),
                        Err(_) => {
                            *done = true;
                            return Some(Err(LineError::file(line, "file_not_utf8")));
                        }
                    }
                }
                (line, cells)
            }
            Rows::Xlsx { rows, .. } => rows.next()?,
        };
        Some(Ok((line, cells)))
    }
}

/// Open a file of either format (sniffed from its first bytes).
pub fn read(bytes: &[u8]) -> Result<Table<'_>, Vec<LineError>> {
    match Format::sniff(bytes) {
        Format::Csv => read_csv(bytes).map(|mut t| {
            t.total_bytes = bytes.len() as u64;
            t
        }),
        Format::Xlsx => read_xlsx(bytes),
    }
}

/// Open a CSV file for reading, streaming from `r`.
pub fn read_csv<'a, R: Read + Send + 'a>(r: R) -> Result<Table<'a>, Vec<LineError>> {
    let mut r: Box<dyn BufRead + Send + 'a> = Box::new(BufReader::with_capacity(1 << 16, r));
    let head = r
        .fill_buf()
        .map_err(|_| vec![LineError::file(1, "file_not_csv")])?;
    if let Some(kind) = sniff_binary(head) {
        return Err(vec![LineError::new(
            1,
            FieldError::new("file", "", "file_binary").arg("kind", kind),
        )]);
    }
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        return Err(vec![LineError::file(1, "file_utf16")]);
    }
    let bom = head.starts_with(b"\xEF\xBB\xBF");
    let head = if bom { &head[3..] } else { head };
    // UTF-16 without a BOM: every other byte of ASCII text is a NUL.
    if head.iter().take(64).filter(|b| **b == 0).count() > 8 {
        return Err(vec![LineError::file(1, "file_utf16")]);
    }
    let end = head.iter().position(|b| *b == b'\n').unwrap_or(head.len());
    let header_line = &head[..end];
    if std::str::from_utf8(header_line).is_err() {
        return Err(vec![LineError::file(1, "file_not_utf8")]);
    }
    let delimiter = detect_delimiter(header_line);
    let crlf = header_line.ends_with(b"\r");
    if bom {
        r.consume(3);
    }
    let r: Box<dyn BufRead + Send + 'a> = Box::new(r.chain(if crlf { END_CRLF } else { END }));
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(r);
    let mut rec = csv::ByteRecord::new();
    match rdr.read_byte_record(&mut rec) {
        Ok(true) if rec.len() == 1 && rec.get(0) == Some(END_CELL) => {
            return Err(vec![LineError::file(1, "file_empty")]);
        }
        Ok(true) => {}
        Ok(false) => return Err(vec![LineError::file(1, "file_empty")]),
        Err(_) => return Err(vec![LineError::file(1, "file_not_csv")]),
    }
    let mut names = Vec::with_capacity(rec.len());
    for f in rec.iter() {
        match std::str::from_utf8(f) {
            Ok(s) => names.push(s.trim().to_string()),
            Err(_) => return Err(vec![LineError::file(1, "file_not_utf8")]),
        }
    }
    let header = Header::parse(names)?;
    Ok(Table {
        format: Format::Csv,
        header,
        delimiter,
        decimal_comma: delimiter == b';',
        total_bytes: 0,
        rows: Rows::Csv {
            rdr,
            crlf,
            rec,
            done: false,
        },
    })
}

/// Line breaks inside the quoted fields of a record.
fn newlines(rec: &csv::ByteRecord) -> usize {
    rec.as_slice().iter().filter(|b| **b == b'\n').count()
}

/// `;` when the header line has more semicolons than commas (outside quotes), else `,`.
fn detect_delimiter(line: &[u8]) -> u8 {
    let (mut semi, mut comma, mut quoted) = (0, 0, false);
    for b in line {
        match b {
            b'"' => quoted = !quoted,
            b';' if !quoted => semi += 1,
            b',' if !quoted => comma += 1,
            _ => {}
        }
    }
    if semi > comma { b';' } else { b',' }
}

/// Refuse a zip archive that would inflate beyond the limits, by inflating it into a counter.
pub fn check_zip(bytes: &[u8]) -> Result<(), LineError> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|_| LineError::file(1, "file_not_xlsx"))?;
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let mut part = zip
            .by_index(i)
            .map_err(|_| LineError::file(1, "file_not_xlsx"))?;
        let compressed = part.compressed_size().max(1);
        let budget = MAX_XLSX_UNCOMPRESSED - total;
        let n = std::io::copy(&mut (&mut part).take(budget + 1), &mut std::io::sink())
            .map_err(|_| LineError::file(1, "file_not_xlsx"))?;
        total += n;
        if total > MAX_XLSX_UNCOMPRESSED || (n > 1 << 20 && n / compressed > MAX_XLSX_RATIO) {
            return Err(LineError::file(1, "file_zip_bomb"));
        }
    }
    Ok(())
}

/// Open the first worksheet of an XLSX file.
/// Widest sheet read: the dataset has under 50 columns; an export with an error column and a
/// few of the user's own stays far below.
const MAX_XLSX_COLUMNS: u32 = 1_000;

pub fn read_xlsx(bytes: &[u8]) -> Result<Table<'static>, Vec<LineError>> {
    use calamine::{DataRef, Reader};
    check_zip(bytes).map_err(|e| vec![e])?;
    let not_xlsx = || vec![LineError::file(1, "file_not_xlsx")];
    // A zip archive without a workbook (a .docx, a .jar, a plain archive) is not a spreadsheet.
    let workbook = zip::ZipArchive::new(std::io::Cursor::new(bytes)).is_ok_and(|z| {
        z.file_names()
            .any(|n| n.is_ok_and(|n| n == "xl/workbook.xml"))
    });
    if !workbook {
        return Err(vec![LineError::new(
            1,
            FieldError::new("file", "", "file_binary").arg("kind", "zip"),
        )]);
    }
    let mut book: calamine::Xlsx<_> =
        calamine::Xlsx::new(std::io::Cursor::new(bytes)).map_err(|_| not_xlsx())?;
    let name = book.sheet_names().first().cloned().ok_or_else(not_xlsx)?;
    let is_1904 = book.has_1904_epoch();
    // The used cells, read one by one into the rows that have them. (calamine's own range lays
    // a sheet out densely from its first to its last used cell: two cells at A1 and
    // XFD1048576 would ask for 17 billion cells.) A cell beyond the widest sheet read refuses
    // the file as a zip bomb is refused.
    let mut cells = book.worksheet_cells_reader(&name).map_err(|_| not_xlsx())?;
    let mut used: std::collections::BTreeMap<u32, Vec<String>> = Default::default();
    while let Some(c) = cells.next_cell().map_err(|_| not_xlsx())? {
        if matches!(c.get_value(), DataRef::Empty) {
            continue;
        }
        let (r, col) = c.get_position();
        if col >= MAX_XLSX_COLUMNS {
            return Err(vec![LineError::file(1, "file_zip_bomb")]);
        }
        let row = used.entry(r).or_default();
        let col = col as usize;
        if row.len() <= col {
            row.resize(col + 1, String::new());
        }
        row[col] = cell_text(&calamine::Data::from(c.get_value().clone()), is_1904);
    }
    // Every row from the first used one to the last, blank rows included, numbered as the
    // spreadsheet numbers them; trailing blank cells are not cells.
    let (Some(&first_row), Some(&last_row)) = (used.keys().next(), used.keys().next_back()) else {
        return Err(vec![LineError::file(1, "file_empty")]);
    };
    let mut rows = (first_row..=last_row).map(|r| {
        let mut v = used.remove(&r).unwrap_or_default();
        while v.last().is_some_and(|c| c.is_empty()) {
            v.pop();
        }
        (r as usize + 1, v)
    });
    let (_, names) = rows.next().unwrap_or_default();
    let header = Header::parse(names.into_iter().map(|n| n.trim().to_string()).collect())?;
    let width = header.cols.len();
    let rows: Vec<(usize, Vec<String>)> = rows
        .map(|(line, mut cells)| {
            // Trailing blank cells are not cells; pad short rows the spreadsheet trimmed.
            if cells.len() < width {
                cells.resize(width, String::new());
            }
            (line, cells)
        })
        .collect();
    Ok(Table {
        format: Format::Xlsx,
        header,
        delimiter: b',',
        decimal_comma: false,
        total_bytes: bytes.len() as u64,
        rows: Rows::Xlsx {
            total: rows.len(),
            rows: rows.into_iter(),
        },
    })
}

/// A cell as text. `is_1904`: the workbook uses the 1904 date system (see [`date_text`]).
fn cell_text(d: &calamine::Data, is_1904: bool) -> String {
    use calamine::Data;
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) if dt.is_datetime() => date_text(dt, is_1904),
        Data::DateTime(dt) => number_text(dt.as_f64()),
        Data::DateTimeIso(s) => s.chars().take(10).collect(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// A date cell as `YYYY-MM-DD`, the day the spreadsheet shows. A workbook numbers its days
/// from 1900-01-01 = 1 (the 1900 date system, with Excel's 1900-02-29 as 60) or from
/// 1904-01-01 = 0 (the 1904 date system, `<workbookPr date1904="1"/>`, common from Mac Excel):
/// the same day is 1,462 less in the 1904 system. calamine reads that flag from workbook.xml
/// and every date cell carries it, so its conversion reads both systems on the right day.
/// `is_1904` (the same flag) only bounds the serials that are dates: Excel's dates end on
/// 9999-12-31 and calamine would clamp a serial outside them to a date, so such a cell stays a
/// number.
fn date_text(dt: &calamine::ExcelDateTime, is_1904: bool) -> String {
    let serial = dt.as_f64();
    let (first, last) = if is_1904 {
        (0.0, 2_957_003.0)
    } else {
        (1.0, 2_958_465.0)
    };
    if !(first..last + 1.0).contains(&serial) {
        return number_text(serial);
    }
    let (year, month, day, ..) = dt.to_ymd_hms_milli();
    format!("{year:04}-{month:02}-{day:02}")
}

const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

fn plain_number(s: &str) -> bool {
    let t = s.strip_prefix(['-', '+']).unwrap_or(s);
    !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        && t.starts_with(|c: char| c.is_ascii_digit())
        && t.chars().filter(|c| *c == '.' || *c == ',').count() <= 1
}

/// The text a spreadsheet cell should hold: a leading apostrophe when the text would otherwise
/// start a formula (numbers such as `-2.5` are not text and stay as they are).
pub fn neutralise(s: &str) -> std::borrow::Cow<'_, str> {
    if s.trim_start_matches('\'').starts_with(TRIGGERS) && !plain_number(s) {
        format!("'{s}").into()
    } else {
        s.into()
    }
}

/// The inverse of [`neutralise`], applied to every cell read.
pub fn unneutralise(s: String) -> String {
    if s.starts_with('\'') && s.trim_start_matches('\'').starts_with(TRIGGERS) {
        s[1..].to_string()
    } else {
        s
    }
}

/// Columns written as numbers in XLSX when their text is a number.
const NUMERIC: [&str; 5] = [
    "t_score_lumbar_spine",
    "t_score_total_hip",
    "t_score_femoral_neck",
    "frax_major_pct",
    "frax_hip_pct",
];

/// Write a CSV file (comma-separated, UTF-8 without BOM, CRLF as RFC 4180), neutralising cells.
pub fn write_csv<W: Write>(
    w: W,
    headers: &[&str],
    rows: impl IntoIterator<Item = Vec<String>>,
) -> std::io::Result<()> {
    let mut wr = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(w);
    wr.write_record(headers)?;
    for row in rows {
        wr.write_record(row.iter().map(|c| neutralise(c).into_owned()))?;
    }
    wr.flush()
}

/// Write an XLSX workbook of one sheet: text cells as text (neutralised), numbers in numeric
/// columns as numbers.
pub fn write_xlsx(
    headers: &[&str],
    rows: impl IntoIterator<Item = Vec<String>>,
) -> Result<Vec<u8>, String> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let e = |e: rust_xlsxwriter::XlsxError| e.to_string();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (c, h) in headers.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, *h, &bold)
            .map_err(e)?;
    }
    let numeric: Vec<bool> = headers.iter().map(|h| NUMERIC.contains(h)).collect();
    for (r, row) in rows.into_iter().enumerate() {
        let r = r as u32 + 1;
        for (c, v) in row.iter().enumerate() {
            if v.is_empty() {
                continue;
            }
            let num = numeric
                .get(c)
                .copied()
                .unwrap_or(false)
                .then(|| v.parse::<f64>().ok())
                .flatten()
                .filter(|x| x.is_finite());
            match num {
                Some(x) => sheet.write_number(r, c as u16, x).map_err(e)?,
                None => sheet.write_string(r, c as u16, neutralise(v)).map_err(e)?,
            };
        }
    }
    book.save_to_buffer().map_err(e)
}

/// An episode as the cells of the import format, in [`COLUMNS`] order.
pub fn row_of(input: &EpisodeInput) -> Vec<String> {
    COLUMNS
        .iter()
        .map(|c| input.get(c).unwrap_or("").to_string())
        .collect()
}

/// Columns of the de-identified research extract: the FLS as a pseudonym of this extract, the
/// birth year, and every dataset column that is neither identifying nor free text. The letter
/// to primary care (dataset version 2) goes out as days from the fracture: what research asks
/// of it is how soon it was sent.
pub fn research_columns() -> Vec<&'static str> {
    let mut v = vec!["fls", "birth_year"];
    v.extend(
        COLUMNS
            .iter()
            .filter(|c| !PRIVATE_COLUMNS.contains(c) && !matches!(**c, "fls_code" | "birth_date"))
            .map(|c| match *c {
                "primary_care_letter_date" => "primary_care_letter_days",
                c => c,
            }),
    );
    v
}

/// One row of the research extract.
pub fn research_row(input: &EpisodeInput, pseudonym: &str) -> Vec<String> {
    let mut v = vec![
        pseudonym.to_string(),
        input.birth_date.chars().take(4).collect(),
    ];
    v.extend(research_columns().into_iter().skip(2).map(|c| match c {
        "primary_care_letter_days" => days_from_fracture(input, &input.primary_care_letter_date),
        c => input.get(c).unwrap_or("").to_string(),
    }));
    v
}

/// Whole days from the fracture to an ISO date of the same episode; blank when either is.
fn days_from_fracture(input: &EpisodeInput, date: &str) -> String {
    let iso = crate::dataset::DateOrder::Ymd;
    let day = |s: &str| crate::dataset::parse_date("", s, iso).ok().flatten();
    match (day(&input.fracture_date), day(date)) {
        (Some(f), Some(d)) => (d - f).whole_days().to_string(),
        _ => String::new(),
    }
}

mod guard;
use guard::{END, END_CELL, END_CRLF};
pub use guard::{sniff_binary, swallowed_line};

#[cfg(test)]
mod tests;
