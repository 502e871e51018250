//! Arbitrary bytes through the CSV reader (and the sniffing entry point `read`), every row read
//! and validated as an import does: the file may be refused and rows may be invalid, but
//! nothing may panic.
#![no_main]

use liaison_domain::dataset::{self, DateOrder, ParseOptions};
use liaison_domain::interchange as ic;
use libfuzzer_sys::fuzz_target;

fn drain(t: ic::Table<'_>, order: DateOrder) {
    let header = t.header.clone();
    let o = ParseOptions {
        date_order: order,
        decimal_comma: t.decimal_comma,
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
}

fuzz_target!(|data: &[u8]| {
    if let Ok(t) = ic::read_csv(data) {
        drain(t, DateOrder::Dmy);
    }
    if let Ok(t) = ic::read(data) {
        drain(t, DateOrder::Mdy);
    }
});
