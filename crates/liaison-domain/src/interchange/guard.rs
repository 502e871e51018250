//! What the CSV reader refuses before it trusts a file's rows (docs/io.md, "Files refused as a
//! whole"): binaries, the end of the file inside a quote, and quoted cells that swallow rows.

use super::{COLUMNS, Header};

/// What a file that is not text is, from its first bytes: a known magic number, or NUL bytes
/// that do not fall in UTF-16's pattern (every other byte, for ASCII text). None for text
/// (UTF-16 included: it is refused as such, with its own message).
pub fn sniff_binary(head: &[u8]) -> Option<&'static str> {
    const MAGIC: [(&[u8], &str); 14] = [
        (b"\x7fELF", "executable"),
        (b"MZ", "executable"),
        (b"\xfe\xed\xfa\xce", "executable"),
        (b"\xfe\xed\xfa\xcf", "executable"),
        (b"\xce\xfa\xed\xfe", "executable"),
        (b"\xcf\xfa\xed\xfe", "executable"),
        (b"%PDF", "pdf"),
        (b"\x89PNG", "image"),
        (b"\xff\xd8\xff", "image"),
        (b"GIF8", "image"),
        (b"\x1f\x8b", "archive"),
        (b"7z\xbc\xaf", "archive"),
        (b"Rar!", "archive"),
        (b"\xd0\xcf\x11\xe0", "old_office"),
    ];
    if let Some((_, kind)) = MAGIC.iter().find(|(m, _)| head.starts_with(m)) {
        return Some(kind);
    }
    let head = &head[..head.len().min(4096)];
    if !head.contains(&0) || head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        return None;
    }
    // UTF-16 without a BOM: the NULs are the high (or low) halves of ASCII characters, all on
    // one parity, and the other parity holds no NUL.
    let nul_at = |parity: usize| {
        head.iter()
            .enumerate()
            .filter(|(i, b)| i % 2 == parity && **b == 0)
            .count()
    };
    let (even, odd) = (nul_at(0), nul_at(1));
    let pairs = head.len() / 2;
    let utf16 = (even == 0 && odd * 2 >= pairs) || (odd == 0 && even * 2 >= pairs);
    (!utf16).then_some("binary")
}

/// Appended to a CSV stream so that its end can be told apart: after a record it is a record
/// of its own; inside a quote left open it ends up in the last cell.
/// Ends with the file's own line break, so the last row's line number is counted as any other.
pub(super) const END: &[u8] = b"\n\0EOF\0\n";
pub(super) const END_CRLF: &[u8] = b"\r\n\0EOF\0\r\n";
pub(super) const END_CELL: &[u8] = b"\0EOF\0";

impl Header {
    /// Is this line (one physical line of a CSV file) a whole row of this header: as many
    /// cells, the key's cells filled, a digit in the fracture date?
    fn is_row(&self, line: &[u8], delimiter: u8) -> bool {
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .has_headers(false)
            .from_reader(line);
        let mut rec = csv::ByteRecord::new();
        if !matches!(rdr.read_byte_record(&mut rec), Ok(true)) || rec.len() != self.cols.len() {
            return false;
        }
        let cell = |name: &str| {
            self.cols
                .iter()
                .position(|c| c.and_then(|i| COLUMNS.get(i)) == Some(&name))
                .and_then(|p| rec.get(p))
                .map(|b| b.trim_ascii())
                .unwrap_or_default()
        };
        !cell("fls_code").is_empty()
            && !cell("patient_ref").is_empty()
            && cell("fracture_date").iter().any(u8::is_ascii_digit)
    }
}

/// The line of the first row a quoted cell of this record swallowed, if any: a cell that
/// spans lines is refused when one of its later lines is, on its own, a whole row of the file
/// (a note may hold line breaks; it does not hold the next patient's row).
pub fn swallowed_line(
    header: &Header,
    delimiter: u8,
    line: usize,
    cells: &[String],
) -> Option<usize> {
    let mut at = line;
    for c in cells {
        for part in c.split('\n').skip(1) {
            at += 1;
            if header.is_row(part.trim_end_matches('\r').as_bytes(), delimiter) {
                return Some(at);
            }
        }
    }
    None
}
