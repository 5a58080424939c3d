//! Inputs that once made smmkpi crash, hang or report something wrong, each
//! kept as a small file in tests/data/regress/ and run through the binary.
//! Fuzzing (fuzz/README.md) adds its findings here.

use crate::util::*;

fn regress(name: &str) -> String {
    format!("tests/data/regress/{name}")
}

/// Skipped rows of `report --format json` as (line, start of reason).
fn skipped_lines(file: &str) -> Vec<u64> {
    skipped(&json_of(&["report", &regress(file)]))
        .into_iter()
        .map(|(line, _)| line)
        .collect()
}

#[test]
fn rows_of_a_crlf_file_are_reported_at_their_own_line() {
    // The CSV reader counted one line short after every CRLF and blank line,
    // so a Windows export named the line above the bad row.
    assert_eq!(skipped_lines("crlf_and_blank_line_numbers.csv"), vec![3, 5]);
}

#[test]
fn rows_of_a_file_with_lone_cr_line_ends_are_not_all_at_line_1() {
    // Excel for Mac's "CSV (Macintosh)" ends lines with a lone CR; every
    // row was reported at line 1.
    assert_eq!(skipped_lines("cr_only_line_ends.csv"), vec![3, 4]);
    let r = json_of(&["report", &regress("cr_only_line_ends.csv")]);
    assert_eq!(int(&r["input"]["posts"]), 1);
}

#[test]
fn a_telegram_export_whose_text_holds_del_characters_is_not_binary() {
    // DEL (0x7f) is left as is in JSON strings; the binary-data check took a
    // message with a run of them for a binary file (found by the telegram
    // fuzz target).
    let r = json_of(&["report", &regress("telegram_del_characters.json")]);
    assert_eq!(int(&r["input"]["posts"]), 4);
    assert_eq!(int(&r["summary"]["likes"]), 2 + 3 + 4 + 5);
}

#[test]
fn a_quote_left_open_at_the_end_of_a_file_is_reported_at_its_own_line() {
    // The last line end of the file is inside the open quote, not the end of
    // the row: the streaming reader numbered the row a line too high
    // (found by the stream fuzz target).
    assert_eq!(skipped_lines("unclosed_quote_at_end.csv"), vec![5]);
}

#[test]
fn a_vk_date_in_milliseconds_is_not_a_date_fifty_thousand_years_ahead() {
    // VK dates are Unix seconds; a number in milliseconds was read as a post
    // published in the year 57142, outside the years dates are read in
    // (1 – 9999) (found by the vk fuzz target).
    let r = json_of(&["report", &regress("vk_date_in_milliseconds.json")]);
    assert_eq!(int(&r["input"]["posts"]), 1);
    assert_eq!(int(&r["summary"]["likes"]), 3);
    let skips = skipped(&r);
    assert_eq!(skips.len(), 1);
    assert!(
        skips[0]
            .1
            .starts_with("item 2 (post -5_12): no readable date"),
        "{}",
        skips[0].1
    );
}

#[test]
fn an_xlsx_row_whose_last_cells_are_blank_is_a_post() {
    // A spreadsheet row ends at its last value: the reader took a row with
    // blank cells at its end for a short CSV row ("row has 4 fields, the
    // header has 5") and skipped it (found by the xlsx fuzz target).
    let r = json_of(&["report", &regress("xlsx_blank_cells_at_row_end.xlsx")]);
    assert_eq!(skipped(&r), vec![]);
    assert_eq!(int(&r["input"]["posts"]), 3);
    assert_eq!(int(&r["summary"]["reach"]), 1000 + 800 + 500);
    assert_eq!(int(&r["summary"]["likes"]), 40 + 12);
    assert_eq!(int(&r["summary"]["comments"]), 5);
}

#[test]
fn an_xlsx_number_with_three_decimals_is_no_count() {
    // The number 12.345 in a Likes cell became the text `12.345`, which the
    // count reader takes for a thousands group: 12345 likes. It is a number
    // with a fraction, so no count, and its row is skipped as such (found by
    // the xlsx fuzz target).
    let r = json_of(&["report", &regress("xlsx_three_decimals_in_a_count.xlsx")]);
    assert_eq!(int(&r["input"]["posts"]), 1);
    assert_eq!(int(&r["summary"]["likes"]), 40);
    let skips = skipped(&r);
    assert_eq!(skips.len(), 2, "{skips:?}");
    assert_eq!(skips[0].0, 3);
    assert!(skips[0].1.contains("(likes)"), "{}", skips[0].1);
    assert!(skips[0].1.contains("fraction"), "{}", skips[0].1);
    assert_eq!(skips[1].0, 4);
    assert!(skips[1].1.contains("(reach)"), "{}", skips[1].1);
    assert!(skips[1].1.contains("fraction"), "{}", skips[1].1);
}
