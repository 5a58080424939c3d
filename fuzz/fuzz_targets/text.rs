//! Encoding and delimiter sniffing and the row splitter on any bytes.
#![no_main]

use smmkpi::input::text;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let (decoded, _) = text::decode(data);
    let sniffed = text::sniff_delimiter(&decoded);
    assert!(matches!(sniffed, b',' | b';' | b'\t' | b'|'));
    for forced in [None, Some(b';')] {
        let Ok(grid) = text::parse_grid(&decoded, forced) else {
            continue;
        };
        // Rows come in file order, each on a line of its own.
        let mut last = grid.comment_lines.last().map_or(0, |c| c.0);
        for row in &grid.rows {
            assert!(
                row.line > last,
                "row at line {} after line {last}",
                row.line
            );
            last = row.line;
        }
    }
});
