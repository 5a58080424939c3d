//! `inspect` as a labelled document: one block per file.

use super::{s, truncate, Doc, Section};
use crate::doc::inspect::InspectDoc;
use crate::output::{decimal, fmt_count, Lang};

/// A figure of a totals check: a whole count grouped, else two decimals.
fn fmt_figure(v: f64, l: Lang) -> String {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        fmt_count(Some(v as i64), l)
    } else {
        decimal(v, 2, l)
    }
}

/// `smmkpi inspect` as a labelled document: one block per file.
pub fn doc(d: &InspectDoc, lang: Lang) -> Doc {
    let (files, skipped) = (d.files, d.skipped);
    let l = lang;
    let mut sections = Vec::new();
    for f in files {
        let mut rows = vec![
            vec![s(l.pick("Format", "Формат")), f.format.clone()],
            vec![s(l.pick("Platform", "Платформа")), f.platform.clone()],
            vec![
                s(l.pick("Export kind", "Вид выгрузки")),
                f.kind.name().to_string(),
            ],
            vec![
                s(l.pick("Header language", "Язык заголовков")),
                f.locale.clone().unwrap_or_else(|| "—".into()),
            ],
            vec![
                s(l.pick("Encoding", "Кодировка")),
                f.encoding
                    .map(|e| e.name().to_string())
                    .unwrap_or_else(|| "—".into()),
            ],
        ];
        if let Some(d) = &f.delimiter {
            rows.push(vec![s(l.pick("Delimiter", "Разделитель")), d.clone()]);
        }
        if let Some(h) = f.header_line {
            rows.push(vec![
                s(l.pick("Header line", "Строка заголовка")),
                h.to_string(),
            ]);
        }
        for p in &f.preamble {
            rows.push(vec![
                format!(
                    "{} {}",
                    l.pick(
                        "Skipped above header, line",
                        "Пропущено над заголовком, строка"
                    ),
                    p.line
                ),
                truncate(&p.text, 60),
            ]);
        }
        if let Some(m) = &f.mapping {
            for mf in &m.fields {
                rows.push(vec![
                    format!("  {} ← ", mf.field.name()),
                    format!(
                        "'{}' ({} {})",
                        mf.header.trim(),
                        l.pick("column", "столбец"),
                        mf.column + 1
                    ),
                ]);
            }
            if !m.unmapped.is_empty() {
                rows.push(vec![
                    s(l.pick("Headers left unmapped", "Столбцы без поля")),
                    m.unmapped.join(", "),
                ]);
            }
        }
        rows.push(vec![
            s(l.pick("Rows read", "Строк прочитано")),
            f.rows_read.to_string(),
        ]);
        if f.kind == crate::model::ExportKind::Posts {
            rows.push(vec![
                s(l.pick("Rows used (posts)", "Использовано (публикаций)")),
                f.posts.to_string(),
            ]);
        }
        if let Some(n) = f.series_rows {
            rows.push(vec![
                s(l.pick("Rows used (days)", "Использовано (дней)")),
                n.to_string(),
            ]);
        }
        for si in &f.series {
            rows.push(vec![
                format!("  {} ← ", si.metric.name()),
                format!(
                    "'{}': {} {}, {} … {}",
                    si.label,
                    si.days,
                    l.pick("days", "дн."),
                    si.first.map(|d| d.to_string()).unwrap_or_default(),
                    si.last.map(|d| d.to_string()).unwrap_or_default()
                ),
            ]);
        }
        for wm in &f.web_mapping {
            rows.push(vec![
                format!("  {} ← ", wm.field),
                format!(
                    "'{}' ({} {})",
                    wm.header,
                    l.pick("column", "столбец"),
                    wm.column + 1
                ),
            ]);
        }
        for am in &f.ad_mapping {
            rows.push(vec![
                format!("  {} ← ", am.field),
                format!(
                    "'{}' ({} {})",
                    am.header,
                    l.pick("column", "столбец"),
                    am.column + 1
                ),
            ]);
        }
        if let Some(n) = f.ad_rows {
            rows.push(vec![
                s(l.pick("Rows used (ads)", "Использовано (реклама)")),
                n.to_string(),
            ]);
        }
        if let Some(n) = f.web_rows {
            rows.push(vec![
                s(l.pick("Rows used (web analytics)", "Использовано (веб-аналитика)")),
                n.to_string(),
            ]);
        }
        rows.push(vec![
            s(l.pick("Rows skipped", "Строк пропущено")),
            f.skipped.to_string(),
        ]);
        // Rows of a workbook's sheets are skipped under `book.xlsx [sheet]`.
        let sheet_of = format!("{} [", f.path);
        for sk in skipped
            .iter()
            .filter(|s| s.file == f.path || s.file.starts_with(&sheet_of))
        {
            rows.push(vec![
                format!("  {} {}", l.pick("line", "строка"), sk.line),
                sk.reason.clone(),
            ]);
        }
        for d in &f.damaged {
            rows.push(vec![
                format!("  {} {}, '{}'", l.pick("line", "строка"), d.line, d.column),
                format!(
                    "'{}' {} {}",
                    d.value,
                    l.pick(
                        "(a number turned into a date) →",
                        "(число, ставшее датой) →"
                    ),
                    d.read_as
                        .map(|v| v.to_string())
                        .unwrap_or_else(|| s(l.pick("row not used", "строка не использована")))
                ),
            ]);
        }
        for p in &f.parts {
            let what = match &p.chat_type {
                Some(t) => format!("{} ({t})", p.kind),
                None => p.kind.clone(),
            };
            let mut counts = Vec::new();
            if p.posts > 0 {
                counts.push(format!("{} {}", p.posts, l.pick("posts", "публикаций")));
            }
            if p.series_rows > 0 {
                counts.push(format!("{} {}", p.series_rows, l.pick("days", "дн.")));
            }
            if p.web_rows > 0 {
                counts.push(format!(
                    "{} {}",
                    p.web_rows,
                    l.pick("web rows", "строк веб-аналитики")
                ));
            }
            if p.kind == "activity_log" {
                counts.push(format!(
                    "{} {}",
                    p.rows_read,
                    l.pick("messages, for `core`", "сообщений, для `core`")
                ));
            }
            let counts = match counts.is_empty() {
                true => String::new(),
                false => format!(": {}", counts.join(", ")),
            };
            rows.push(vec![
                format!("  {} '{}'", l.pick("part", "часть"), p.name),
                format!("{what}{counts}"),
            ]);
        }
        if !f.totals_check.is_empty() {
            rows.push(vec![
                s(l.pick("Export's totals row", "Строка итогов выгрузки")),
                s(l.pick(
                    "in the export / summed by smmkpi",
                    "в выгрузке / сумма smmkpi",
                )),
            ]);
        }
        for t in &f.totals_check {
            let verdict = match (t.matches, t.additive) {
                (true, _) => l.pick("matches", "совпадает"),
                (false, true) => l.pick("DIFFERS", "РАСХОДИТСЯ"),
                (false, false) => l.pick("differs (not additive)", "расходится (не суммируется)"),
            };
            rows.push(vec![
                format!("  {} ('{}')", t.field, t.column),
                format!(
                    "{} / {}: {verdict}",
                    fmt_figure(t.export_total, l),
                    fmt_figure(t.computed, l)
                ),
            ]);
        }
        for n in &f.notes {
            rows.push(vec![s(l.pick("Note", "Примечание")), n.clone()]);
        }
        sections.push(Section {
            title: f.path.clone(),
            headers: vec![s(l.pick("What", "Что")), s(l.pick("Found", "Найдено"))],
            rows,
            numeric: Vec::new(),
        });
    }
    Doc {
        title: s(l.pick("What smmkpi understood", "Что понял smmkpi")),
        lines: Vec::new(),
        sections,
    }
}
