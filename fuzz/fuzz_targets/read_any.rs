//! Any bytes as an input file, through the reader `smmkpi report` would pick
//! (CSV/TSV in any encoding, Telegram JSON, and every reader dispatched from
//! `input::read_one`), then the whole report.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    smmkpi_fuzz::read_and_report(data);
});
