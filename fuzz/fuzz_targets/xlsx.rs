//! Arbitrary bytes through the XLSX reader (zip checks included), every row read and validated
//! as an import does: the file may be refused and rows may be invalid, but nothing may panic
//! nor run away with memory.
#![no_main]

use liaison_domain::dataset::{self, DateOrder, ParseOptions};
use liaison_domain::interchange as ic;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(t) = ic::read_xlsx(data) else { return };
    let header = t.header.clone();
    let o = ParseOptions {
        date_order: DateOrder::Ymd,
        decimal_comma: false,
        today: time::macros::date!(2025 - 12 - 31),
    };
    for item in t {
        match item {
            Ok(ic::Item::Row { input, .. }) => {
                let _ = header.cells(&input);
                let _ = dataset::parse(&input, &o);
            }
            Ok(ic::Item::Ragged { .. }) => {}
            Err(_) => break,
        }
    }
});
