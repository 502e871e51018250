//! Arbitrary bytes through the XLSX reader (zip checks included): it may refuse the file or mark
//! rows invalid, never panic nor run away with memory.
#![no_main]

use liaison_domain::interchange as ic;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(t) = ic::read_xlsx(data) {
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
});
