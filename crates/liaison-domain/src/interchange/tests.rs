use super::*;

fn rows(t: Table<'_>) -> Vec<Result<Item, LineError>> {
    t.collect()
}

fn inputs(bytes: &[u8]) -> Vec<(usize, EpisodeInput)> {
    rows(read(bytes).expect("readable"))
        .into_iter()
        .map(|r| match r.expect("row") {
            Item::Row { line, input } => (line, input),
            other => panic!("unexpected {other:?}"),
        })
        .collect()
}

fn refusal(bytes: &[u8]) -> Vec<(usize, String, &'static str)> {
    read(bytes)
        .expect_err("refused")
        .into_iter()
        .map(|e| (e.line, e.error.value, e.error.rule))
        .collect()
}

#[test]
fn bom_semicolon_crlf_any_case_and_order_quoted_newlines() {
    let f = "\u{feff}Patient_Ref;FLS_CODE;fracture_date;Notes;t_score_total_hip\r\n\
             A1;GB-001;2024-01-05;\"two\r\nlines; and \"\"quotes\"\"\";-2,5\r\n\
             A2;GB-001;2024-01-06;;\r\n";
    let t = read(f.as_bytes()).unwrap();
    assert_eq!(t.delimiter, b';');
    assert!(t.decimal_comma);
    assert!(t.header.has("notes") && !t.header.has("sex"));
    let v = inputs(f.as_bytes());
    assert_eq!(v.len(), 2);
    assert_eq!(v[0].0, 2);
    assert_eq!(v[0].1.patient_ref, "A1");
    assert_eq!(v[0].1.fls_code, "GB-001");
    assert_eq!(v[0].1.notes, "two\r\nlines; and \"quotes\"");
    assert_eq!(v[0].1.t_score_total_hip, "-2,5");
    // The quoted newline moved the next row down a line.
    assert_eq!(v[1].0, 4);
}

#[test]
fn comma_file_without_bom() {
    let v = inputs(b"fls_code,patient_ref,fracture_date\nGB-001,X,2024-02-01\n");
    assert_eq!(v[0].1.fracture_date, "2024-02-01");
}

#[test]
fn unknown_twice_and_missing_columns_are_named() {
    let r = refusal(b"fls_code,patient_ref,colour,PATIENT_REF\n");
    assert_eq!(
        r,
        vec![
            (1, "colour".into(), "column_unknown"),
            (1, "PATIENT_REF".into(), "column_twice"),
            (1, "fracture_date".into(), "column_missing"),
        ]
    );
}

#[test]
fn error_column_of_our_error_files_is_ignored() {
    let v = inputs(b"fls_code,patient_ref,fracture_date,error\nGB-001,X,2024-02-01,bad date\n");
    assert_eq!(v[0].1.patient_ref, "X");
}

#[test]
fn encodings_are_refused_by_name() {
    let mut utf16 = vec![0xFF, 0xFE];
    for c in "fls_code,patient_ref\n".encode_utf16() {
        utf16.extend(c.to_le_bytes());
    }
    assert_eq!(refusal(&utf16)[0].2, "file_utf16");
    let mut be = vec![0xFE, 0xFF];
    for c in "fls_code".encode_utf16() {
        be.extend(c.to_be_bytes());
    }
    assert_eq!(refusal(&be)[0].2, "file_utf16");
    // Windows-1252 "Müller" in a row: refused on its line.
    let mut f =
        b"fls_code,patient_ref,fracture_date,family_name\nGB-001,X,2024-02-01,Ok\n".to_vec();
    f.extend(b"GB-001,Y,2024-02-01,M\xfcller\n");
    let r = rows(read(&f).unwrap());
    assert!(r[0].is_ok());
    let e = r[1].clone().unwrap_err();
    assert_eq!((e.line, e.error.rule), (3, "file_not_utf8"));
    assert_eq!(r.len(), 2, "reading stops at a refusal");
    assert_eq!(refusal(b"fls_code,patient_r\xe9f\n")[0].2, "file_not_utf8");
    assert_eq!(refusal(b"")[0].2, "file_empty");
}

#[test]
fn ragged_rows_are_invalid_rows_and_blank_rows_are_skipped() {
    let f = b"fls_code,patient_ref,fracture_date\nA,B\n,,\nGB-001,X,2024-01-01,extra\n";
    let r = rows(read(f).unwrap());
    assert_eq!(r.len(), 2);
    match &r[0] {
        Ok(Item::Ragged { line, cells, error }) => {
            assert_eq!((*line, cells.len(), error.rule), (2, 2, "row_length"));
            assert_eq!(error.args, vec![("expected", "3".to_string())]);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(r[1].as_ref().unwrap().line(), 4);
}

#[test]
fn neutralisation_round_trips_and_spares_numbers() {
    for s in [
        "=SUM(A1)",
        "+44 20 7946 0000",
        "-x",
        "@cmd",
        "\tx",
        "'=x",
        "''+y",
        "'abc",
        "plain",
        "",
        "-2.5",
        "+1",
        "-2,5",
        "'",
    ] {
        let written = neutralise(s).into_owned();
        assert_eq!(unneutralise(written.clone()), s, "{s:?} -> {written:?}");
    }
    assert_eq!(neutralise("=1+1"), "'=1+1");
    assert_eq!(neutralise("-2.5"), "-2.5");
    assert_eq!(neutralise("@x"), "'@x");
}

fn sample() -> Vec<EpisodeInput> {
    let mut a = EpisodeInput {
        fls_code: "GB-001".into(),
        patient_ref: "=HYPERLINK(\"x\")".into(),
        fracture_date: "2024-01-05".into(),
        sex: "F".into(),
        birth_date: "1940-03-02".into(),
        family_name: "محمد".into(),
        given_names: "李 小龙".into(),
        phone: "+44 20 7946 0000".into(),
        notes: "line one\nline two, with \"quotes\"; and ;".into(),
        t_score_total_hip: "-2.5".into(),
        frax_major_pct: "12.25".into(),
        ..Default::default()
    };
    a.fracture_site = "hip".into();
    let b = EpisodeInput {
        fls_code: "GB-001".into(),
        patient_ref: "-7".into(),
        fracture_date: "2023-12-31".into(),
        notes: "@mention".into(),
        ..Default::default()
    };
    vec![a, b]
}

#[test]
fn csv_and_xlsx_written_read_back_unchanged() {
    let rows_out: Vec<Vec<String>> = sample().iter().map(row_of).collect();
    let mut csv = Vec::new();
    write_csv(&mut csv, &COLUMNS, rows_out.clone()).unwrap();
    let text = String::from_utf8(csv.clone()).unwrap();
    assert!(text.contains("'=HYPERLINK"), "{text}");
    assert!(text.contains(",-2.5,"));
    let back: Vec<EpisodeInput> = inputs(&csv).into_iter().map(|r| r.1).collect();
    assert_eq!(back, sample());

    let xlsx = write_xlsx(&COLUMNS, rows_out).unwrap();
    assert_eq!(Format::sniff(&xlsx), Format::Xlsx);
    let back: Vec<EpisodeInput> = inputs(&xlsx).into_iter().map(|r| r.1).collect();
    assert_eq!(back, sample());
}

#[test]
fn xlsx_cells_dates_and_numbers() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let s = book.add_worksheet();
    for (c, h) in ["FLS_code", "patient_ref", "fracture_date", "birth_date"]
        .iter()
        .enumerate()
    {
        s.write_string(0, c as u16, *h).unwrap();
    }
    s.write_string(1, 0, "GB-001").unwrap();
    s.write_number(1, 1, 12345.0).unwrap();
    // A true date cell, and a plain number where a date belongs.
    let fmt = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    let d = rust_xlsxwriter::ExcelDateTime::from_ymd(2024, 2, 29).unwrap();
    s.write_datetime_with_format(1, 2, &d, &fmt).unwrap();
    s.write_number(1, 3, 45000.0).unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let v = inputs(&bytes);
    assert_eq!(v[0].0, 2);
    assert_eq!(v[0].1.patient_ref, "12345");
    assert_eq!(v[0].1.fracture_date, "2024-02-29");
    assert_eq!(v[0].1.birth_date, "45000");
}

/// A minimal XLSX file, parts written by hand as Excel writes them: a header row and one row
/// whose `fracture_date` is a date cell (built-in format 14) holding `serial`. `date1904` is
/// the value of `<workbookPr date1904="..."/>` in workbook.xml, or `None` for no attribute (the
/// 1900 date system). rust_xlsxwriter cannot write a 1904 workbook, hence the hand-made zip.
fn xlsx_with_date_cell(serial: &str, date1904: Option<&str>) -> Vec<u8> {
    let workbook_pr = match date1904 {
        Some(v) => format!(r#"<workbookPr date1904="{v}"/>"#),
        None => "<workbookPr/>".to_string(),
    };
    let ns = "http://schemas.openxmlformats.org";
    let parts = [
        (
            "[Content_Types].xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="{ns}/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
</Types>"#
            ),
        ),
        (
            "_rels/.rels",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{ns}/package/2006/relationships">
<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"#
            ),
        ),
        (
            "xl/workbook.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="{ns}/spreadsheetml/2006/main" xmlns:r="{ns}/officeDocument/2006/relationships">
{workbook_pr}
<sheets><sheet name="Episodes" sheetId="1" r:id="rId1"/></sheets>
</workbook>"#
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{ns}/package/2006/relationships">
<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="{ns}/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>"#
            ),
        ),
        (
            "xl/styles.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{ns}/spreadsheetml/2006/main">
<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs>
</styleSheet>"#
            ),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="{ns}/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>fls_code</t></is></c><c r="B1" t="inlineStr"><is><t>patient_ref</t></is></c><c r="C1" t="inlineStr"><is><t>fracture_date</t></is></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t>GB-001</t></is></c><c r="B2" t="inlineStr"><is><t>A1</t></is></c><c r="C2" s="1"><v>{serial}</v></c></row>
</sheetData></worksheet>"#
            ),
        ),
    ];
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, xml) in parts {
            z.start_file(name, opts).unwrap();
            z.write_all(xml.as_bytes()).unwrap();
        }
        z.finish().unwrap();
    }
    buf.into_inner()
}

fn fracture_date_of(bytes: &[u8]) -> String {
    let v = inputs(bytes);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].1.patient_ref, "A1");
    v[0].1.fracture_date.clone()
}

#[test]
fn xlsx_date_cells_of_the_1900_date_system() {
    // 2024-03-15 is serial 45366 counted from 1899-12-30.
    for date1904 in [None, Some("0"), Some("false")] {
        let bytes = xlsx_with_date_cell("45366", date1904);
        assert_eq!(
            fracture_date_of(&bytes),
            "2024-03-15",
            "date1904={date1904:?}"
        );
    }
    // A time of day does not move the date.
    let bytes = xlsx_with_date_cell("45366.75", None);
    assert_eq!(fracture_date_of(&bytes), "2024-03-15");
    // Serial 1 is the first day; 0 is before it and stays a number.
    assert_eq!(
        fracture_date_of(&xlsx_with_date_cell("1", None)),
        "1900-01-01"
    );
    assert_eq!(fracture_date_of(&xlsx_with_date_cell("0", None)), "0");
}

#[test]
fn xlsx_date_cells_of_the_1904_date_system() {
    // A workbook saved in the 1904 date system (Mac Excel) counts days from 1904-01-01:
    // 2024-03-15 is serial 43904, 1,462 days fewer than in the 1900 system.
    for date1904 in ["1", "true"] {
        let bytes = xlsx_with_date_cell("43904", Some(date1904));
        assert_eq!(
            fracture_date_of(&bytes),
            "2024-03-15",
            "date1904={date1904}"
        );
    }
    let bytes = xlsx_with_date_cell("43904.75", Some("1"));
    assert_eq!(fracture_date_of(&bytes), "2024-03-15");
    // Day 0 is the epoch itself; before it, or after 9999-12-31, a serial stays a number.
    let bytes = xlsx_with_date_cell("0", Some("1"));
    assert_eq!(fracture_date_of(&bytes), "1904-01-01");
    assert_eq!(
        fracture_date_of(&xlsx_with_date_cell("-1", Some("1"))),
        "-1"
    );
    let last = xlsx_with_date_cell("2957003", Some("1"));
    assert_eq!(fracture_date_of(&last), "9999-12-31");
    let beyond = xlsx_with_date_cell("2957004", Some("1"));
    assert_eq!(fracture_date_of(&beyond), "2957004");
}

#[test]
fn zip_bomb_and_not_xlsx_are_refused() {
    // 300 MB of zeros deflate to a few hundred kilobytes.
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        z.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..8 {
            z.write_all(&zeros).unwrap();
        }
        z.finish().unwrap();
    }
    let bytes = buf.into_inner();
    assert!(bytes.len() < 1 << 20);
    assert_eq!(refusal(&bytes)[0].2, "file_zip_bomb");
    assert_eq!(refusal(b"PK\x03\x04garbage")[0].2, "file_not_xlsx");
}

#[test]
fn a_sheet_whose_cells_span_a_huge_area_is_refused_without_laying_it_out() {
    // A header cell at A1 and one more cell at (row, col).
    let sheet = |row: u32, col: u16| {
        let mut book = rust_xlsxwriter::Workbook::new();
        let s = book.add_worksheet();
        s.write_string(0, 0, "FLS_code").unwrap();
        s.write_string(row, col, "x").unwrap();
        book.save_to_buffer().unwrap()
    };
    // Two cells, at A1 and XFD1048576: laid out densely, 17 billion cells.
    assert_eq!(refusal(&sheet(1_048_575, 16_383))[0].2, "file_zip_bomb");
    // Too wide on one row.
    assert_eq!(refusal(&sheet(0, 5_000))[0].2, "file_zip_bomb");
}

#[test]
fn research_rows_leave_out_identifiers() {
    let cols = research_columns();
    for c in PRIVATE_COLUMNS.iter().chain(&["fls_code", "birth_date"]) {
        assert!(!cols.contains(c), "{c}");
    }
    let r = research_row(&sample()[0], "P-07");
    assert_eq!(r.len(), cols.len());
    assert_eq!((r[0].as_str(), r[1].as_str()), ("P-07", "1940"));
    assert!(
        !r.iter()
            .any(|c| c.contains("HYPERLINK") || c.contains("line one"))
    );
}

#[test]
fn line_numbers_count_blank_lines_and_quoted_breaks() {
    for nl in ["\n", "\r\n"] {
        let f = format!(
            "fls_code,patient_ref,fracture_date,notes{nl}A,1,2024-01-01,{nl}{nl}A,2,2024-01-01,\"x{nl}y\"{nl}A,3,2024-01-01,{nl}"
        );
        let lines: Vec<usize> = inputs(f.as_bytes()).iter().map(|r| r.0).collect();
        assert_eq!(lines, vec![2, 4, 6], "{nl:?}");
        let f = f.trim_end();
        let lines: Vec<usize> = inputs(f.as_bytes()).iter().map(|r| r.0).collect();
        assert_eq!(lines, vec![2, 4, 6], "{nl:?} without a final line break");
    }
}

/// Every item of a file, or the refusal it ends with, as (line, rule).
fn outcome(bytes: &[u8]) -> Vec<(usize, &'static str)> {
    rows(read(bytes).expect("readable"))
        .into_iter()
        .map(|r| match r {
            Ok(Item::Row { line, .. }) => (line, "row"),
            Ok(Item::Ragged { line, .. }) => (line, "ragged"),
            Err(e) => (e.line, e.error.rule),
        })
        .collect()
}

#[test]
fn a_quote_left_open_to_the_end_of_the_file_is_refused_with_its_line() {
    let f = "fls_code,patient_ref,fracture_date,notes\n\
             GB-001,A1,2024-01-05,fine\n\
             GB-001,A2,2024-01-06,\"opened here\n\
             GB-001,A3,2024-01-07,gone\n\
             GB-001,A4,2024-01-08,gone too\n";
    assert_eq!(
        outcome(f.as_bytes()),
        vec![(2, "row"), (3, "file_quote_unclosed")]
    );
    // Without a final line break, and with the quote in a middle column.
    let f = "fls_code,patient_ref,notes,fracture_date\nGB-001,A1,\"x,2024-01-05";
    assert_eq!(outcome(f.as_bytes()), vec![(2, "file_quote_unclosed")]);
}

#[test]
fn a_quoted_cell_that_swallows_a_whole_row_is_refused_naming_both_lines() {
    // The quote opened on line 3 closes in line 5's note: line 4 would vanish.
    let f = "fls_code,patient_ref,fracture_date,notes\n\
             GB-001,A1,2024-01-05,fine\n\
             GB-001,A2,2024-01-06,\"opened\n\
             GB-001,A3,2024-01-07,swallowed\n\
             GB-001,A4,2024-01-08,\"\"quoted\"\" end\"\n\
             GB-001,A5,2024-01-09,after\n";
    let r = rows(read(f.as_bytes()).unwrap());
    assert_eq!(r.len(), 2, "{r:?}");
    let e = r[1].as_ref().expect_err("refused");
    assert_eq!((e.line, e.error.rule), (3, "file_quote_swallows_row"));
    assert_eq!(e.error.args, vec![("row", "4".to_string())]);
}

#[test]
fn line_breaks_inside_a_note_are_still_a_note() {
    // Lines that are not rows of the file: prose, a list, even cells with commas.
    let f = "fls_code,patient_ref,fracture_date,notes\n\
             GB-001,A1,2024-01-05,\"first line\n- second, with a comma\n,,,\nlast\"\n\
             GB-001,A2,2024-01-06,\n";
    assert_eq!(outcome(f.as_bytes()), vec![(2, "row"), (6, "row")]);
}

#[test]
fn the_rows_counted_are_the_rows_in_the_file() {
    // A ragged row is an invalid row of its own; nothing else disappears.
    let f = "fls_code,patient_ref,fracture_date,notes\n\
             GB-001,A1,2024-01-05\n\
             GB-001,A2,2024-01-06,x,extra\n\
             GB-001,A3,2024-01-07,ok\n";
    assert_eq!(
        outcome(f.as_bytes()),
        vec![(2, "ragged"), (3, "ragged"), (4, "row")]
    );
}

#[test]
fn binaries_are_refused_as_such() {
    let kind = |bytes: &[u8]| {
        let r = refusal(bytes);
        assert_eq!(r[0].2, "file_binary", "{r:?}");
        read(bytes).unwrap_err()[0].error.args[0].1.clone()
    };
    let mut elf = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0".to_vec();
    elf.extend(b"fls_code,patient_ref,fracture_date\n");
    assert_eq!(kind(&elf), "executable");
    assert_eq!(kind(b"MZ\x90\0\x03\0\0\0\x04\0\0\0"), "executable");
    assert_eq!(kind(b"%PDF-1.7\n%\xe2\xe3"), "pdf");
    assert_eq!(kind(b"\x89PNG\r\n\x1a\n"), "image");
    // NUL bytes that are not UTF-16 text.
    assert_eq!(
        kind(b"fls_code\0\0\0\x01\x02\0\0\x07,patient_ref"),
        "binary"
    );
    // A zip archive that is not a workbook.
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    z.start_file(
        "word/document.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    std::io::Write::write_all(&mut z, b"<w/>").unwrap();
    let z = z.finish().unwrap().into_inner();
    assert_eq!(kind(&z), "zip");
    // UTF-16 without a BOM is still told as UTF-16.
    let mut le = Vec::new();
    for c in "fls_code,patient_ref,fracture_date\n".encode_utf16() {
        le.extend(c.to_le_bytes());
    }
    assert_eq!(refusal(&le)[0].2, "file_utf16");
    // A NUL in a later row (past the sniffed head) refuses the file at that line.
    let mut f = b"fls_code,patient_ref,fracture_date\n".to_vec();
    for _ in 0..300 {
        f.extend(b"GB-001,A1,2024-01-05\n");
    }
    f.extend(b"GB-001,A\0,2024-01-06\n");
    assert_eq!(outcome(&f).last(), Some(&(302, "file_binary")));
}
