//! Delimited text as exports write it: sniffs the encoding (BOM, UTF-8,
//! UTF-16 without BOM, Windows-1251), the delimiter (`,` `;` TAB `|`, or a
//! `sep=` line), and finds the header row below titles and `#` comments.

use crate::model::Encoding;

/// Decodes bytes to text, sniffing the encoding. Never fails: bytes that are
/// not UTF-8 are read as Windows-1251, the code page of Russian Excel.
pub fn decode(bytes: &[u8]) -> (String, Encoding) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return (
            String::from_utf8_lossy(rest).into_owned(),
            Encoding::Utf8Bom,
        );
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        let (s, _) = encoding_rs::UTF_16LE.decode_without_bom_handling(rest);
        return (s.into_owned(), Encoding::Utf16Le);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        let (s, _) = encoding_rs::UTF_16BE.decode_without_bom_handling(rest);
        return (s.into_owned(), Encoding::Utf16Be);
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        let (s, _) = match enc {
            Encoding::Utf16Le => encoding_rs::UTF_16LE.decode_without_bom_handling(bytes),
            _ => encoding_rs::UTF_16BE.decode_without_bom_handling(bytes),
        };
        return (s.into_owned(), enc);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), Encoding::Utf8),
        Err(e) => {
            // A file cut inside its last character is still UTF-8.
            if e.error_len().is_none() && e.valid_up_to() + 4 > bytes.len() && e.valid_up_to() > 0 {
                return (String::from_utf8_lossy(bytes).into_owned(), Encoding::Utf8);
            }
            let (s, _) = encoding_rs::WINDOWS_1251.decode_without_bom_handling(bytes);
            (s.into_owned(), Encoding::Windows1251)
        }
    }
}

/// True when the decoded start of a file is binary data rather than text:
/// more than 1 % of its first characters are control characters that text
/// does not hold. TAB, LF, VT, FF, CR (line breaks Excel and Word leave in
/// cells), ESC and DEL (which captions and JSON strings may carry) are text;
/// trailing NULs, which some tools pad files with, do not count.
pub fn looks_binary(text: &str) -> bool {
    let head = text.trim_end_matches('\0');
    let mut seen = 0usize;
    let mut control = 0usize;
    for c in head.chars().take(8192) {
        seen += 1;
        if matches!(c, '\0'..='\x08' | '\x0e'..='\x1a' | '\x1c'..='\x1f') {
            control += 1;
        }
    }
    control * 100 > seen
}

/// True when the bytes of a file in `encoding` end inside a character: the
/// file was most likely cut short (a download or copy that stopped).
pub fn ends_inside_char(bytes: &[u8], encoding: Encoding) -> bool {
    match encoding {
        Encoding::Utf8 | Encoding::Utf8Bom => {
            let tail = &bytes[bytes.len().saturating_sub(4)..];
            // A lead byte whose sequence the file does not finish.
            tail.iter()
                .enumerate()
                .rev()
                .find(|(_, &b)| b & 0xC0 != 0x80)
                .is_some_and(|(i, &b)| {
                    let need = match b {
                        0xC0..=0xDF => 2,
                        0xE0..=0xEF => 3,
                        0xF0..=0xF7 => 4,
                        _ => 1,
                    };
                    tail.len() - i < need
                })
        }
        Encoding::Utf16Le | Encoding::Utf16Be => bytes.len() % 2 == 1,
        Encoding::Windows1251 => false,
    }
}

/// ASCII text in UTF-16 has a NUL in every other byte.
fn utf16_without_bom(bytes: &[u8]) -> Option<Encoding> {
    let n = bytes.len().min(4096) & !1;
    if n < 4 {
        return None;
    }
    let pairs = n / 2;
    let even_nul = bytes[..n].iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_nul = bytes[1..n].iter().step_by(2).filter(|&&b| b == 0).count();
    if odd_nul * 10 >= pairs * 7 && even_nul * 10 < pairs {
        Some(Encoding::Utf16Le)
    } else if even_nul * 10 >= pairs * 7 && odd_nul * 10 < pairs {
        Some(Encoding::Utf16Be)
    } else {
        None
    }
}

/// Counts `delim` outside quotes in each of the first lines of `text`.
fn counts_per_line(text: &str, delim: u8, max_lines: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut in_quotes = false;
    let mut count = 0;
    for &b in text.as_bytes() {
        if b == b'"' {
            in_quotes = !in_quotes;
        } else if !in_quotes && b == delim {
            count += 1;
        } else if !in_quotes && b == b'\n' {
            out.push(count);
            count = 0;
            if out.len() >= max_lines {
                return out;
            }
        }
    }
    if count > 0 {
        out.push(count);
    }
    out
}

/// Picks the delimiter that splits the most lines into the same number of
/// fields (titles above the header have none; data rows agree with the header).
pub fn sniff_delimiter(text: &str) -> u8 {
    let mut best = (b',', 0usize, 0usize);
    for delim in [b',', b';', b'\t', b'|'] {
        let counts = counts_per_line(text, delim, 60);
        let mut freq: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
        for c in counts.iter().filter(|&&c| c > 0) {
            *freq.entry(*c).or_default() += 1;
        }
        let Some((&mode, &lines)) = freq.iter().max_by_key(|(c, n)| (**n, **c)) else {
            continue;
        };
        if (lines, mode) > (best.1, best.2) {
            best = (delim, lines, mode);
        }
    }
    best.0
}

/// A `sep=;` first line (written by Excel and Meta) names the delimiter.
/// The TAB of `sep=` + TAB is the delimiter itself, not blank space around
/// the line (Meta's TAB-separated insights files write it so, with the
/// trailing TAB every row of theirs has); `sep=\t` names it in words.
pub fn sep_line(line: &str) -> Option<u8> {
    let l = line.trim_matches([' ', '\r', '\n']).trim_matches('"');
    let rest = l.strip_prefix("sep=").or_else(|| l.strip_prefix("SEP="))?;
    let rest = rest.trim_end_matches(' ').trim_end_matches('"');
    match rest {
        "\\t" => Some(b'\t'),
        r if !r.is_empty() && r.bytes().all(|b| b == b'\t') => Some(b'\t'),
        r => match r.trim_end_matches('\t').as_bytes() {
            [b] if !b.is_ascii_whitespace() && b.is_ascii() => Some(*b),
            _ => None,
        },
    }
}

/// A row of a delimited file with its 1-based line number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub line: u64,
    pub cells: Vec<String>,
}

impl Row {
    /// Whether every cell is empty or blank.
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }

    /// The first cell that is not blank, trimmed (where a totals row writes
    /// `Итого`, `Total`); `""` when there is none.
    pub fn first_filled(&self) -> &str {
        self.cells
            .iter()
            .map(|c| c.trim())
            .find(|c| !c.is_empty())
            .unwrap_or("")
    }
}

/// A parsed delimited text: its rows, the delimiter, and the lines that were
/// comments or a `sep=` line (never data).
#[derive(Debug, Clone)]
pub struct Grid {
    pub delimiter: u8,
    pub rows: Vec<Row>,
    /// Lines above the table skipped as comments (`#`) or a `sep=` line.
    pub comment_lines: Vec<(u64, String)>,
}

/// A lone CR ends a line in files from classic Mac tools (Excel for Mac's
/// "CSV (Macintosh)"). The CSV reader ends a row there but counts lines by
/// LF only, so every row would be reported at line 1; such CRs become LFs.
/// `None` when the text has none (CRLF and LF files are left as they are).
fn lone_cr_to_lf(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let lone = |i: usize| b[i] == b'\r' && b.get(i + 1) != Some(&b'\n');
    let first = memchr::memchr_iter(b'\r', b).find(|&i| lone(i))?;
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..first]);
    let mut start = first;
    for i in memchr::memchr_iter(b'\r', &b[first..]).map(|i| i + first) {
        if lone(i) {
            out.push_str(&text[start..i]);
            out.push('\n');
            start = i + 1;
        }
    }
    out.push_str(&text[start..]);
    Some(out)
}

/// A CSV reader for text like `sample`. Records end at `\n`, so a record's
/// line is the line it starts on (with `\r\n` endings the CSV reader would
/// start each record on the `\n` and number it a line too low); the `\r` left
/// at the end of a record's last cell is dropped by the caller. Text with
/// `\r` line ends only (old Mac spreadsheets) keeps the reader's own ends.
pub fn csv_reader(delimiter: u8, sample: &[u8]) -> csv::ReaderBuilder {
    let mut b = csv::ReaderBuilder::new();
    b.delimiter(delimiter).has_headers(false).flexible(true);
    if memchr::memchr(b'\n', sample).is_some() || memchr::memchr(b'\r', sample).is_none() {
        b.terminator(csv::Terminator::Any(b'\n'));
    }
    b
}

/// The comment (`#`) and `sep=` lines at the top of a text: never data.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Leading {
    /// Bytes they take.
    pub offset: usize,
    /// How many lines they are.
    pub lines: u64,
    /// The delimiter a `sep=` line names.
    pub delimiter: Option<u8>,
    /// Each line, numbered from 1.
    pub comment_lines: Vec<(u64, String)>,
}

/// Finds the comment and `sep=` lines at the top of `text`.
pub fn leading_lines(text: &str) -> Leading {
    let mut lead = Leading::default();
    for line in text.split_inclusive('\n') {
        let t = line.trim_end_matches(['\r', '\n']);
        let trimmed = t.trim_start_matches('\u{feff}');
        let sep = sep_line(trimmed);
        if trimmed.starts_with('#') || sep.is_some() {
            if lead.delimiter.is_none() {
                lead.delimiter = sep;
            }
            lead.lines += 1;
            lead.offset += line.len();
            lead.comment_lines.push((lead.lines, trimmed.to_string()));
        } else {
            break;
        }
    }
    lead
}

/// True when a text's body was wrapped line by line by a spreadsheet (see
/// [`parse_grid`]): such text is read whole, not streamed.
pub fn has_wrapped_lines(body: &str) -> bool {
    unwrap_wrapped_lines(body).is_some()
}

/// True when most rows are one quoted cell holding the delimiters of a whole
/// row (a spreadsheet wrapped each row): such text is read whole.
pub fn rows_look_wrapped(rows: &[Row]) -> bool {
    let filled: Vec<&Row> = rows
        .iter()
        .filter(|r| r.cells.iter().any(|c| !c.trim().is_empty()))
        .collect();
    let wrapped = filled
        .iter()
        .filter(|r| r.cells.len() == 1 && r.cells[0].contains([',', ';', '\t']))
        .count();
    filled.len() >= 2 && wrapped * 10 >= filled.len() * 8
}

/// The cells of one row, however they are held: a parsed [`Row`], or a CSV
/// record borrowed while a large file streams by.
pub trait Cells {
    /// 1-based line of the row.
    fn line(&self) -> u64;
    fn width(&self) -> usize;
    fn cell(&self, i: usize) -> Option<&str>;
}

impl Cells for Row {
    fn line(&self) -> u64 {
        self.line
    }
    fn width(&self) -> usize {
        self.cells.len()
    }
    fn cell(&self, i: usize) -> Option<&str> {
        self.cells.get(i).map(|s| s.as_str())
    }
}

/// A CSV record with its line number.
pub struct RecordRow<'a> {
    pub line: u64,
    pub record: &'a csv::StringRecord,
}

impl Cells for RecordRow<'_> {
    fn line(&self) -> u64 {
        self.line
    }
    fn width(&self) -> usize {
        self.record.len()
    }
    fn cell(&self, i: usize) -> Option<&str> {
        let c = self.record.get(i)?;
        // The `\r` of a `\r\n` line end stays on the last cell: it is not data.
        Some(if i + 1 == self.record.len() {
            c.strip_suffix('\r').unwrap_or(c)
        } else {
            c
        })
    }
}

/// Splits text into rows. Comment lines (`#`) and a `sep=` line at the top
/// are set aside; quoted fields may span lines.
pub fn parse_grid(text: &str, forced: Option<u8>) -> Result<Grid, csv::Error> {
    let unified;
    let text = match lone_cr_to_lf(text) {
        Some(t) => {
            unified = t;
            unified.as_str()
        }
        None => text,
    };
    let lead = leading_lines(text);
    let (offset, line_no, comment_lines) = (lead.offset, lead.lines, lead.comment_lines);
    let delimiter = forced.or(lead.delimiter);
    let unwrapped = unwrap_wrapped_lines(&text[offset..]);
    let body = unwrapped.as_deref().unwrap_or(&text[offset..]);
    let delimiter = delimiter.unwrap_or_else(|| sniff_delimiter(body));
    let mut rdr = csv_reader(delimiter, body.as_bytes()).from_reader(body.as_bytes());
    let mut rows = Vec::new();
    let mut rec = csv::StringRecord::new();
    // Lines are counted from each record's byte offset: the CSV reader's own
    // count is one short after a blank line, where its offset still points
    // at the line end before the record.
    let raw = body.as_bytes();
    let (mut cursor, mut newlines) = (0usize, 0u64);
    loop {
        match rdr.read_record(&mut rec) {
            Ok(true) => {
                // A line of just `\r` (a blank line of a `\r\n` file) is no
                // record, as a blank `\n` line is not.
                if rec.len() == 1 && rec.get(0) == Some("\r") {
                    continue;
                }
                let mut start = rec
                    .position()
                    .map_or(cursor, |p| usize::try_from(p.byte()).unwrap_or(cursor))
                    .clamp(cursor, raw.len());
                while start < raw.len() && matches!(raw[start], b'\r' | b'\n') {
                    start += 1;
                }
                newlines += memchr::memchr_iter(b'\n', &raw[cursor..start]).count() as u64;
                cursor = start;
                let line = newlines + 1 + line_no;
                let mut cells: Vec<String> = rec.iter().map(|s| s.to_string()).collect();
                if let Some(last) = cells.last_mut() {
                    if last.ends_with('\r') {
                        last.pop();
                    }
                }
                rows.push(Row { line, cells });
            }
            Ok(false) => break,
            Err(e) => return Err(e),
        }
    }
    let mut grid = Grid {
        delimiter,
        rows,
        comment_lines,
    };
    unwrap_quoted_rows(&mut grid);
    Ok(grid)
}

/// The inside of a line that a spreadsheet wrapped whole in one quoted cell
/// (`"a,""b"",c"`), unquoted: `a,"b",c`. `None` when the line is not wrapped.
fn unwrap_line(line: &str) -> Option<String> {
    let inner = line.strip_prefix('"')?.strip_suffix('"')?;
    let lone_quote = inner.replace("\"\"", "").contains('"');
    (!lone_quote).then(|| inner.replace("\"\"", "\""))
}

/// Excel re-saves (seen after a round-trip through a localised Excel) wrap
/// each physical line that holds a quote in one quoted cell, line by line, so
/// a caption with newlines is torn across records. When the header line is
/// wrapped so, every wrapped line is unwrapped before the CSV is split.
fn unwrap_wrapped_lines(body: &str) -> Option<String> {
    let first = body.lines().find(|l| !l.trim().is_empty())?;
    if !unwrap_line(first.trim_end_matches('\r'))?.contains([',', ';', '\t']) {
        return None;
    }
    // Per-line wrapping wraps every line that holds a quote; a file where
    // some such line is not wrapped was wrapped row by row, if at all.
    let all_wrapped = body
        .lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| l.contains('"'))
        .all(|l| unwrap_line(l).is_some());
    if !all_wrapped {
        return None;
    }
    let mut out = String::with_capacity(body.len());
    for line in body.split_inclusive('\n') {
        let content = line.trim_end_matches(['\r', '\n']);
        match unwrap_line(content) {
            Some(u) => {
                out.push_str(&u);
                out.push_str(&line[content.len()..]);
            }
            None => out.push_str(line),
        }
    }
    Some(out)
}

/// Excel re-saves sometimes wrap a whole row in one quoted cell
/// (`"a,""b c"",d"`). When most rows are one cell that holds a delimiter,
/// each such cell is split again as a row of its own.
fn unwrap_quoted_rows(grid: &mut Grid) {
    if !rows_look_wrapped(&grid.rows) {
        return;
    }
    let filled: Vec<&Row> = grid
        .rows
        .iter()
        .filter(|r| r.cells.iter().any(|c| !c.trim().is_empty()))
        .collect();
    let sample: String = filled
        .iter()
        .take(20)
        .map(|r| r.cells[0].replace('\n', " ") + "\n")
        .collect();
    let inner = sniff_delimiter(&sample);
    for row in &mut grid.rows {
        if row.cells.len() != 1 || !row.cells[0].contains(inner as char) {
            continue;
        }
        let mut rdr =
            csv_reader(inner, row.cells[0].as_bytes()).from_reader(row.cells[0].as_bytes());
        let mut rec = csv::StringRecord::new();
        if let Ok(true) = rdr.read_record(&mut rec) {
            row.cells = rec.iter().map(|c| c.to_string()).collect();
        }
    }
    grid.delimiter = inner;
}

/// Printable name of a delimiter.
pub fn delimiter_name(d: u8) -> String {
    match d {
        b'\t' => "TAB".to_string(),
        b' ' => "space".to_string(),
        other => (other as char).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_is_blank_and_its_first_filled_cell() {
        let row = |cells: &[&str]| Row {
            line: 1,
            cells: cells.iter().map(|c| c.to_string()).collect(),
        };
        assert!(row(&["", " ", "\t"]).is_blank());
        assert!(row(&[]).is_blank());
        assert!(!row(&["", "x"]).is_blank());
        assert_eq!(row(&[" ", "  Итого ", "5"]).first_filled(), "Итого");
        assert_eq!(row(&["", " "]).first_filled(), "");
    }

    #[test]
    fn encodings() {
        assert_eq!(decode(b"\xEF\xBB\xBFa,b").1, Encoding::Utf8Bom);
        assert_eq!(decode(b"\xFF\xFEa\0,\0b\0").0, "a,b");
        assert_eq!(decode(b"\xFE\xFF\0a\0,\0b").0, "a,b");
        assert_eq!(decode("Охват".as_bytes()).1, Encoding::Utf8);
        let (s, e) = decode(b"\xce\xf5\xe2\xe0\xf2");
        assert_eq!((s.as_str(), e), ("Охват", Encoding::Windows1251));
        assert_eq!(decode(b"a\0,\0b\0\n\0").1, Encoding::Utf16Le);
    }

    #[test]
    fn binary_data_is_told_from_text() {
        assert!(looks_binary(
            "PK\u{3}\u{4}\u{14}\0\u{6}\0\u{8}\0\0\0!\0b\u{1}"
        ));
        assert!(!looks_binary("id,reach\r\n1,2\t3\n\u{c}"));
        // Tools that pad a file with NULs leave a text file.
        assert!(!looks_binary("id,reach\n1,2\n\0\0\0\0\0\0\0\0\0\0"));
        // Line breaks from Excel and Word, ESC and DEL are text.
        assert!(!looks_binary(
            "id,text\n1,\"a\u{b}b\u{7f}\u{7f}\u{7f}\u{1b}[0m\"\n"
        ));
        // One stray control character in a long file is not binary data.
        let text = format!("id,reach\n{}1,\u{1}2\n", "1,2\n".repeat(100));
        assert!(!looks_binary(&text));
    }

    #[test]
    fn a_file_cut_inside_a_character_is_noticed() {
        let word = "Привет".as_bytes();
        assert!(ends_inside_char(&word[..word.len() - 1], Encoding::Utf8));
        assert!(!ends_inside_char(word, Encoding::Utf8));
        assert!(!ends_inside_char(b"abc", Encoding::Utf8Bom));
        let emoji = "a👍".as_bytes();
        assert!(ends_inside_char(&emoji[..emoji.len() - 1], Encoding::Utf8));
        assert!(!ends_inside_char(emoji, Encoding::Utf8));
        assert!(ends_inside_char(b"a\0b\0c", Encoding::Utf16Le));
        assert!(!ends_inside_char(b"a\0b\0", Encoding::Utf16Le));
        assert!(!ends_inside_char(b"\xd0", Encoding::Windows1251));
    }

    #[test]
    fn delimiters() {
        assert_eq!(sniff_delimiter("a;b;c\n1;2;3\n"), b';');
        assert_eq!(sniff_delimiter("a\tb\n1,5\t2\n"), b'\t');
        assert_eq!(
            sniff_delimiter("Title, with comma\na;b;c\n1;2;3\n4;5;6\n"),
            b';'
        );
        assert_eq!(sniff_delimiter("\"x;y\",b\n\"1;2\",3\n"), b',');
    }

    #[test]
    fn rows_wrapped_in_one_quoted_cell_are_split_again() {
        let g = parse_grid(
            "\"id,\"\"Reach\"\",Likes\"\n\"1,\"\"1 200\"\",5\"\n\"2,30,1\"\n",
            None,
        )
        .unwrap();
        assert_eq!(g.rows[0].cells, vec!["id", "Reach", "Likes"]);
        assert_eq!(g.rows[1].cells, vec!["1", "1 200", "5"]);
        assert_eq!(g.rows[2].cells.len(), 3);
    }

    #[test]
    fn lines_wrapped_one_by_one_are_rejoined() {
        // A caption with a newline, torn by per-line wrapping.
        let text =
            "\"id,\"\"Text\"\",Likes\"\n\"1,\"\"first line\nsecond, line\"\",5\"\n\"2,plain,7\"\n";
        let torn =
            "\"id,\"\"Text\"\",Likes\"\n\"1,\"\"first line\"\nmiddle, line\n\"last line\"\",5\"\n";
        let g = parse_grid(text, None).unwrap();
        assert_eq!(g.rows[0].cells, vec!["id", "Text", "Likes"]);
        assert_eq!(g.rows[1].cells, vec!["1", "first line\nsecond, line", "5"]);
        let g = parse_grid(torn, None).unwrap();
        assert_eq!(g.rows.len(), 2, "{:?}", g.rows);
        assert_eq!(
            g.rows[1].cells,
            vec!["1", "first line\nmiddle, line\nlast line", "5"]
        );
        // An ordinary quoted CSV is left alone.
        let plain = parse_grid("\"a\",\"b\"\n\"x, y\",2\n", None).unwrap();
        assert_eq!(plain.rows[1].cells, vec!["x, y", "2"]);
    }

    #[test]
    fn rows_after_crlf_and_blank_lines_are_on_their_own_lines() {
        let lines = |text: &str| -> Vec<u64> {
            parse_grid(text, None)
                .unwrap()
                .rows
                .iter()
                .map(|r| r.line)
                .collect()
        };
        assert_eq!(lines("a,b\r\n1,2\r\n3,4\r\n"), vec![1, 2, 3]);
        assert_eq!(
            lines("a,b\r\n1,2\r\n3,\"x\r\ny\"\r\n\r\n\r\n4,5\r\n"),
            vec![1, 2, 3, 7]
        );
        assert_eq!(lines("a,b\n1,2\n\n3,\"x\ny\"\n4,5"), vec![1, 2, 4, 6]);
        assert_eq!(lines("# c\r\na,b\r\n\r\n1,2\r\n"), vec![2, 4]);
    }

    #[test]
    fn rows_ended_by_a_lone_cr_are_on_lines_of_their_own() {
        let g = parse_grid("a,b\r1,2\r3,\"x\r\ny\"\r\n4,5\r", None).unwrap();
        let lines: Vec<u64> = g.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![1, 2, 3, 5]);
        assert_eq!(g.rows[2].cells[1], "x\r\ny");
        assert_eq!(lone_cr_to_lf("a\r\nb\n"), None);
    }

    #[test]
    fn sep_lines_name_their_delimiter_tab_included() {
        assert_eq!(sep_line("sep=;"), Some(b';'));
        assert_eq!(sep_line("\"sep=,\""), Some(b','));
        assert_eq!(sep_line("sep=\t"), Some(b'\t'));
        assert_eq!(sep_line("sep=\t\t"), Some(b'\t'));
        assert_eq!(sep_line("sep=\\t"), Some(b'\t'));
        assert_eq!(sep_line("sep=,\t"), Some(b','));
        assert_eq!(sep_line("sep=\r"), None);
        assert_eq!(sep_line("sep="), None);
        assert_eq!(sep_line("sep=ab"), None);
    }

    #[test]
    fn sep_line_and_comments_are_set_aside() {
        let g = parse_grid("sep=;\n# note\na;b\n1;\"x\ny\"\n", None).unwrap();
        assert_eq!(g.delimiter, b';');
        assert_eq!(g.comment_lines.len(), 2);
        assert_eq!(g.rows[0].line, 3);
        assert_eq!(g.rows[1].line, 4);
        assert_eq!(g.rows[1].cells[1], "x\ny");
    }
}
