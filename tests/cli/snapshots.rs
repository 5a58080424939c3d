//! Snapshots of the human renderings of `report` (table and Markdown, in
//! English and Russian) on one fixture. Paths are relative to the crate root
//! and stdout is not a terminal, so the output is the same on every machine.
//!
//! To accept a deliberate change: `INSTA_UPDATE=always cargo test --test cli snapshots::`,
//! then read the diff of tests/cli/snapshots/ before committing it.

use crate::util::*;

fn render(args: &[&str]) -> String {
    let out = smmkpi().args(args).assert().success();
    stdout_text(out.get_output())
}

#[test]
fn renders_the_report_as_an_english_table() {
    insta::assert_snapshot!(
        "report_table_en",
        render(&["report", "tests/data/bom_utf8.csv", "--lang", "en"])
    );
}

#[test]
fn renders_the_report_as_a_russian_table() {
    insta::assert_snapshot!(
        "report_table_ru",
        render(&["report", "tests/data/bom_utf8.csv", "--lang", "ru"])
    );
}

#[test]
fn renders_the_report_as_english_markdown() {
    insta::assert_snapshot!(
        "report_md_en",
        render(&[
            "report",
            "tests/data/bom_utf8.csv",
            "--format",
            "md",
            "--lang",
            "en"
        ])
    );
}

#[test]
fn renders_the_report_as_russian_markdown() {
    insta::assert_snapshot!(
        "report_md_ru",
        render(&[
            "report",
            "tests/data/bom_utf8.csv",
            "--format",
            "md",
            "--lang",
            "ru"
        ])
    );
}

#[test]
fn renders_inspect_of_a_file_with_skipped_rows_as_a_table() {
    insta::assert_snapshot!(
        "inspect_table_en",
        render(&["inspect", "tests/data/totals_row_top.csv", "--lang", "en"])
    );
}
