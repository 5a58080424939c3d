//! HTML: each command's answer as one self-contained page to hand to a
//! client. Styles and charts (inline SVG) live in the file itself, so it
//! opens offline and prints to A4; there is no script, font, image or link
//! to fetch.
//!
//! This module is the page shell every page shares — the head with its
//! style sheet, the header, sections, cards, tables, the footer — and
//! [`chart`] draws the charts. Each command's page is one file beside them
//! (`report`, `goals`, `core`, `growth`, `mentions`) implementing [`Render`] for its
//! document on [`HtmlRenderer`]: a new page is one more such file.
//!
//! Captions, ids, file names, hashtags and skip reasons come from files
//! other people wrote, so every text that is not a literal of these modules
//! goes through [`esc`] before it reaches the markup, in SVG as in HTML.
//! A Content-Security-Policy that allows no script is a second fence.

pub mod chart;
mod core;
mod goals;
mod growth;
mod mentions;
mod report;

use std::borrow::Cow;

use chrono::NaiveDate;

use super::view::{skipped_section, Section};
use super::Lang;
use crate::model::Skip;

/// Renders a command's document as an HTML page.
pub struct HtmlRenderer {
    pub lang: Lang,
    /// Hashtags and time slots listed (as `--top`).
    pub top: usize,
    /// The date printed as "generated" (the run's today, never read here).
    pub today: NaiveDate,
}

/// Escapes text for an HTML text node or a double- or single-quoted
/// attribute: `&`, `<`, `>`, `"` and `'` become entities.
pub fn esc(s: &str) -> Cow<'_, str> {
    html_escape::encode_quoted_attribute(s)
}

/// Appends formatted markup; every argument that is not a literal must be escaped.
macro_rules! put {
    ($out:expr, $($arg:tt)*) => {
        $out.push_str(&format!($($arg)*))
    };
}
pub(crate) use put;

const STYLE: &str = r#"
:root { --ink: #1d2733; --muted: #5d6b7a; --line: #dde3ea; --accent: #2f6db5; --bg: #f6f8fb; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1100px; margin: 0 auto; padding: 24px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 0 0 12px; }
h3 { font-size: 15px; margin: 16px 0 8px; }
.sub { color: var(--muted); margin: 0 0 12px; }
ul.meta { list-style: none; padding: 0; margin: 0; color: var(--muted); font-size: 13px; }
ul.meta li { margin: 2px 0; overflow-wrap: anywhere; }
section, header { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; margin: 0 0 16px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 12px; margin: 0 0 16px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.card .label { color: var(--muted); font-size: 12px; }
.card .value { font-size: 22px; font-weight: 600; margin: 2px 0; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
.card .formula { color: var(--muted); font-size: 11px; overflow-wrap: anywhere; }
.band, .status { display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 12px; font-weight: 600; vertical-align: middle; white-space: nowrap; }
.band-low, .status-missed, .status-at_risk { background: #fde2e1; color: #a3261f; }
.band-average, .status-no_data { background: #fff0c9; color: #8a5a00; }
.band-high, .status-on_track { background: #dcf3df; color: #1e6b2c; }
.band-very_high, .status-achieved { background: #bfe8c6; color: #0f4d1c; }
.progress { display: inline-block; width: 90px; height: 10px; background: #e6ebf1; border-radius: 5px; overflow: hidden; vertical-align: middle; margin-right: 6px; }
.progress span { display: block; height: 100%; background: var(--accent); }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { padding: 5px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #eef2f7; font-weight: 600; }
tbody tr:nth-child(even) { background: #fafbfd; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
th { overflow-wrap: normal; hyphens: auto; }
svg { display: block; width: 100%; height: auto; margin: 0 0 12px; }
svg text { font: 11px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: var(--ink); }
svg .axis { stroke: #9aa7b4; stroke-width: 1; }
svg .grid { stroke: #edf0f4; stroke-width: 1; }
svg .muted { fill: var(--muted); }
.note { color: var(--muted); font-size: 12px; }
.nowrap { white-space: nowrap; }
footer { color: var(--muted); font-size: 12px; text-align: center; margin: 8px 0 24px; }
@page { size: A4; margin: 12mm; }
@media print {
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { background: #fff; font-size: 10pt; }
  main { max-width: none; padding: 0; }
  header, section, .card { border-color: #bbb; }
  section { break-inside: avoid-page; }
  header, .card, svg, tr, .cards { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  thead { display: table-header-group; }
  table { font-size: 8.5pt; }
  th, td { padding: 3px 5px; }
  .cards { grid-template-columns: repeat(4, 1fr); }
  .scroll { overflow: visible; }
  footer { margin: 8px 0 0; }
}
"#;

/// A page being written: the shell's pieces in the order they are called.
pub(crate) struct Page {
    h: String,
    lang: Lang,
}

impl Page {
    /// The head (title, style sheet, a policy that allows no script) and the
    /// opening of the body; `kind` names the page (`report`, `core`, ...) as
    /// the body's class.
    pub fn new(lang: Lang, kind: &str, title: &str) -> Page {
        let mut h = String::with_capacity(64 * 1024);
        put!(
            h,
            "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
             <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body class=\"page-{}\">\n<main>\n",
            lang.pick("en", "ru"),
            esc(title),
            esc(kind)
        );
        Page { h, lang }
    }

    /// The page's header: its title, a line under it, and lines of context
    /// (files, settings, formulas).
    pub fn header(&mut self, title: &str, sub: Option<&str>, lines: &[String]) {
        put!(self.h, "<header>\n<h1>{}</h1>\n", esc(title));
        if let Some(sub) = sub {
            put!(self.h, "<p class=\"sub\">{}</p>\n", esc(sub));
        }
        self.h.push_str("<ul class=\"meta\">\n");
        for line in lines {
            put!(self.h, "<li>{}</li>\n", esc(line));
        }
        self.h.push_str("</ul>\n</header>\n");
    }

    /// Key figures as cards.
    pub fn cards(&mut self, cards: &[Card]) {
        if cards.is_empty() {
            return;
        }
        self.h.push_str("<div class=\"cards\">\n");
        for c in cards {
            put!(
                self.h,
                "<div class=\"card\"><div class=\"label\">{}</div><div class=\"value\">{}{}</div><div class=\"formula\">{}</div></div>\n",
                esc(&c.label),
                esc(&c.value),
                c.badge.as_deref().unwrap_or_default(),
                esc(&c.formula)
            );
        }
        self.h.push_str("</div>\n");
    }

    /// A titled section; `body` writes what is in it.
    pub fn section(&mut self, id: &str, title: &str, body: impl FnOnce(&mut String)) {
        put!(
            self.h,
            "<section id=\"{}\">\n<h2>{}</h2>\n",
            esc(id),
            esc(title)
        );
        body(&mut self.h);
        self.h.push_str("</section>\n");
    }

    /// Every skipped row, or a line saying there were none.
    pub fn skipped(&mut self, skipped: &[Skip]) {
        let l = self.lang;
        let sec = skipped_section(skipped, l);
        self.section("skipped", &sec.title, |h| {
            if sec.rows.is_empty() {
                note(
                    h,
                    l.pick(
                        "Every row was used: none was skipped.",
                        "Использованы все строки: пропущенных нет.",
                    ),
                );
            } else {
                table(h, &sec);
            }
        });
    }

    /// The footer and the end of the page.
    pub fn finish(mut self) -> Vec<u8> {
        put!(
            self.h,
            "</main>\n<footer>{}</footer>\n</body>\n</html>\n",
            esc(self.lang.pick(
                "Computed offline by smmkpi from the files listed above.",
                "Рассчитано smmkpi без сети по файлам, перечисленным выше."
            ))
        );
        self.h.into_bytes()
    }
}

/// One key figure: a label, its value, a line on how it is computed, and
/// optional markup after the value (a badge, built from escaped text).
pub(crate) struct Card {
    pub label: String,
    pub value: String,
    pub formula: String,
    pub badge: Option<String>,
}

impl Card {
    /// A card with no badge.
    pub(crate) fn new(label: &str, value: String, formula: &str) -> Card {
        Card {
            label: label.to_string(),
            value,
            formula: formula.to_string(),
            badge: None,
        }
    }
}

/// A labelled table; every header and cell is escaped.
pub(crate) fn table(h: &mut String, sec: &Section) {
    table_with(h, sec, |_, _, _| None);
}

/// A labelled table where `cell(row, column, text)` may give a cell's
/// markup in place of its escaped text (a progress bar, a status badge);
/// it must escape what it takes from the text.
pub(crate) fn table_with(
    h: &mut String,
    sec: &Section,
    cell: impl Fn(usize, usize, &str) -> Option<String>,
) {
    let class = |i: usize| {
        if sec.numeric.contains(&i) {
            " class=\"num\""
        } else {
            ""
        }
    };
    h.push_str("<div class=\"scroll\"><table>\n<thead><tr>");
    for (i, head) in sec.headers.iter().enumerate() {
        put!(h, "<th{}>{}</th>", class(i), esc(head));
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for (r, row) in sec.rows.iter().enumerate() {
        h.push_str("<tr>");
        for (i, text) in row.iter().enumerate() {
            match cell(r, i, text) {
                Some(markup) => put!(h, "<td{}>{markup}</td>", class(i)),
                None => put!(h, "<td{}>{}</td>", class(i), esc(text)),
            }
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody></table></div>\n");
}

/// A muted paragraph.
pub(crate) fn note(h: &mut String, text: &str) {
    put!(h, "<p class=\"note\">{}</p>\n", esc(text));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_every_markup_character() {
        assert_eq!(
            esc(r#"<script>alert('x')</script> & "q""#),
            "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(esc("&amp;"), "&amp;amp;");
        assert_eq!(esc("plain"), "plain");
    }

    #[test]
    fn a_page_escapes_its_title_header_and_kind() {
        let mut p = Page::new(Lang::En, "x\"y", "<t>");
        p.header("<h>", Some("<s>"), &["<l>".to_string()]);
        p.section("<id>", "<sec>", |h| note(h, "<n>"));
        let html = String::from_utf8(p.finish()).unwrap();
        for raw in ["<t>", "<h>", "<s>", "<l>", "<id>", "<sec>", "<n>", "x\"y"] {
            assert!(!html.contains(raw), "{raw} got through");
        }
        assert!(html.contains("class=\"page-x&quot;y\""));
    }

    #[test]
    fn a_table_escapes_cells_unless_given_markup() {
        let sec = Section {
            title: String::new(),
            headers: vec!["<a>".into(), "n".into()],
            rows: vec![vec!["<b>".into(), "1".into()]],
            numeric: vec![1],
        };
        let mut h = String::new();
        table_with(&mut h, &sec, |_, c, t| {
            (c == 1).then(|| format!("<span>{}</span>", esc(t)))
        });
        assert!(h.contains("<th>&lt;a&gt;</th>"));
        assert!(h.contains("<td>&lt;b&gt;</td>"));
        assert!(h.contains("<td class=\"num\"><span>1</span></td>"));
    }
}
