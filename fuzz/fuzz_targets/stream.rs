//! The streaming reader of large exports, against itself (one part or two)
//! and against reading the file whole: the same posts, skips and lines.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    smmkpi_fuzz::stream_matches(data);
});
