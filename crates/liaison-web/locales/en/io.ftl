# Data exchange: imports, exports, background jobs (issue 4).
rule-column_twice = appears twice in the header.
rule-file_utf16 = the file is UTF-16 text; save it as “CSV UTF-8”.
rule-file_empty = the file is empty.
rule-file_not_xlsx = the file could not be read as an XLSX workbook.
rule-file_zip_bomb = the workbook would unpack to far more data than a spreadsheet holds; it was not opened.
rule-file_quote_unclosed = a quote opened on this line is never closed, so every row after it would be lost; close the quote or remove it.
rule-file_quote_swallows_row = a quote opened on this line runs on into line { $row }, which is a row of its own; close the quote where the cell ends.
rule-file_binary = the file is not a spreadsheet but { $kind ->
    [executable] a program
    [pdf] a PDF document
    [image] an image
    [archive] a compressed archive
    [old_office] an old-format Office file (.xls or .doc)
    [zip] a zip archive that holds no workbook
   *[other] binary data
 }; save the data as CSV UTF-8 or XLSX.
rule-file_too_large = the file is larger than the limit of { $max } MB.
io-nav = Import and export
io-import-title = Import episodes
io-import-intro = A CSV or XLSX file in the import format: one row per episode, the columns of the dataset with fls_code, patient_ref and fracture_date. Nothing is written before you have seen what the file changes.
io-file = File
io-date-order = Dates that are not ISO (YYYY-MM-DD) are written
io-date-order-ymd = year, month, day (2024-03-31)
io-date-order-dmy = day, month, year (31/03/2024)
io-date-order-mdy = month, day, year (03/31/2024)
io-blanks-clear = Blank cells clear the stored values (otherwise a blank keeps what is stored)
io-upload = Check the file
io-your-imports = Your imports
io-col-when = Uploaded
io-col-file = File
io-col-status = Status
io-status-analysing = checking
io-status-preview = waiting for your confirmation
io-status-refused = refused
io-status-importing = importing
io-status-done = imported
io-status-failed = failed; nothing was changed
io-status-cancelled = cancelled
io-status-expired = expired
io-working = Working on it. You can leave this page and come back: the result stays in your imports.
io-preview-title = What the file changes
io-count-rows = Rows
io-count-new = New episodes
io-count-changed = Changed episodes
io-count-unchanged = Unchanged episodes
io-count-invalid = Invalid rows
io-changes = Changed episodes
io-col-line = Line
io-col-episode = Episode
io-col-fields = Changed fields
io-col-problem = Problem
io-invalid = Invalid rows
io-confirm = Import
io-confirm-valid = Import the valid rows and download the invalid ones
io-cancel = Cancel
io-fix-hint = Correct the file and upload it again, or import the valid rows: the invalid ones then come back as a file in the same format with an error column.
io-errors-download = Download the invalid rows
io-done = The import is complete.
io-nothing-written = Nothing was changed.
io-refused = The file was refused:
io-more = { $n } more not shown.
io-export-title = Export episodes
io-export-intro = Exports in the import format can be imported again unchanged. The research extract leaves out hospital numbers, names, contact details and notes, gives the birth year only, and names each FLS by a pseudonym drawn afresh for each extract.
io-export-scope = Scope
io-export-format = Format
io-format-csv = CSV (import format)
io-format-xlsx = XLSX (import format)
io-format-research = Research extract (de-identified CSV)
io-export-download = Download
io-export-none = Exports are patient-level: they are available to users who may read the patients of every FLS of the scope.
io-scope-global = All FLSs
io-import-fls = You may import episodes into:
io-col-column = Column
io-col-value = Value
io-format-fhir = FHIR R4 Bundle (JSON, without contact details and notes)
io-scope-hint = fls:CODE, country:CC, region:NAME or global
