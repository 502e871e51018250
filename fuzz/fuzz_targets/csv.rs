//! Arbitrary bytes through the CSV reader (and the sniffing entry point `read`), reading every
//! row as an import does: it may refuse the file or mark rows invalid, never panic.
#![no_main]

use liaison_domain::interchange as ic;
use libfuzzer_sys::fuzz_target;

fn drain(t: ic::Table<'_>) {
    let header = t.header.clone();
    for item in t {
        match item {
            Ok(ic::Item::Row { input, .. }) => {
                let _ = header.cells(&input);
            }
            Ok(ic::Item::Ragged { .. }) => {}
            Err(_) => break,
        }
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok(t) = ic::read_csv(data) {
        drain(t);
    }
    if let Ok(t) = ic::read(data) {
        drain(t);
    }
});
