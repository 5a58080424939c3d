//! Brand-mention exports of monitoring services (Brand Analytics, YouScan,
//! IQBuzz, Brand24, Mention, Awario and the like): one row a mention with
//! its date, source, author, text and, when the service gives them, its
//! tone and reach; English and Russian headers, CSV in any encoding and
//! delimiter or XLSX. Every row is a mention or a reported skip.

use super::aliases::normalize;
use super::dataset::{display_name, load, InputError, ReadOptions};
use super::layout::is_totals_cell;
use super::rows::table_file;
use super::text::{self, Row};
use super::values::{self, DateContext};
use crate::model::{Mention, MentionFile, Sentiment, Skip, SkipKind, WebMapped};

/// What a column of a mention export holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MentionField {
    Date,
    Source,
    Author,
    Text,
    Sentiment,
    Reach,
}

impl MentionField {
    pub const ALL: [MentionField; 6] = [
        MentionField::Date,
        MentionField::Source,
        MentionField::Author,
        MentionField::Text,
        MentionField::Sentiment,
        MentionField::Reach,
    ];

    pub fn name(self) -> &'static str {
        match self {
            MentionField::Date => "date",
            MentionField::Source => "source",
            MentionField::Author => "author",
            MentionField::Text => "text",
            MentionField::Sentiment => "sentiment",
            MentionField::Reach => "reach",
        }
    }

    /// Header aliases, folded as [`normalize`] folds them.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            MentionField::Date => &[
                "date",
                "published",
                "published at",
                "publication date",
                "date published",
                "created",
                "created at",
                "datetime",
                "date time",
                "time",
                "дата",
                "дата публикации",
                "дата и время",
                "время публикации",
                "время",
                "опубликовано",
            ],
            MentionField::Source => &[
                "source",
                "platform",
                "network",
                "social network",
                "site",
                "resource",
                "domain",
                "источник",
                "площадка",
                "соцсеть",
                "социальная сеть",
                "ресурс",
                "сайт",
                "домен",
            ],
            MentionField::Author => &[
                "author",
                "author name",
                "username",
                "user",
                "автор",
                "имя автора",
                "пользователь",
            ],
            MentionField::Text => &[
                "text",
                "content",
                "mention",
                "mention text",
                "message",
                "post text",
                "snippet",
                "текст",
                "текст упоминания",
                "упоминание",
                "сообщение",
                "содержание",
                "фрагмент",
            ],
            MentionField::Sentiment => &[
                "sentiment",
                "tone",
                "tonality",
                "тональность",
                "тон",
                "оценка тональности",
            ],
            MentionField::Reach => &[
                "reach",
                "potential reach",
                "estimated reach",
                "audience",
                "охват",
                "потенциальный охват",
                "аудитория",
                "охват автора",
            ],
        }
    }

    pub fn parse(name: &str) -> Option<MentionField> {
        let n = name.trim().to_ascii_lowercase();
        MentionField::ALL.into_iter().find(|f| f.name() == n)
    }
}

/// `--map FIELD=HEADER` of `mentions`.
pub fn parse_map_arg(s: &str) -> Result<(MentionField, String), String> {
    let (f, h) = s
        .split_once('=')
        .ok_or_else(|| format!("expected FIELD=HEADER, found '{s}'"))?;
    let field = MentionField::parse(f).ok_or_else(|| {
        let names: Vec<&str> = MentionField::ALL.iter().map(|f| f.name()).collect();
        format!("unknown field '{f}'; fields are: {}", names.join(", "))
    })?;
    if h.trim().is_empty() {
        return Err(format!("no header given for field '{f}'"));
    }
    Ok((field, h.to_string()))
}

/// What a tone cell says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToneCell {
    /// Empty or a not-reported marker: not rated.
    Empty,
    Tone(Sentiment),
    /// A word that names no tone smmkpi knows (`смешанная`).
    Unknown,
}

/// A tone as exports write it: `positive`, `Позитивная`, `негатив`, `+`, `-1`.
pub fn parse_sentiment(raw: &str) -> ToneCell {
    let t = raw.trim();
    if values::is_missing(t) {
        return ToneCell::Empty;
    }
    let n = normalize(t);
    let starts = |ps: &[&str]| ps.iter().any(|p| n.starts_with(p));
    if t == "+" || t == "1" || t == "+1" || starts(&["positiv", "pos", "позитив", "положит"])
    {
        ToneCell::Tone(Sentiment::Positive)
    } else if t == "-1" || t == "−1" || starts(&["negativ", "neg", "негатив", "отрицат"])
    {
        ToneCell::Tone(Sentiment::Negative)
    } else if t == "0" || starts(&["neutral", "neu", "нейтрал"]) {
        ToneCell::Tone(Sentiment::Neutral)
    } else {
        ToneCell::Unknown
    }
}

/// How a header row maps onto mention fields.
#[derive(Debug, Clone, Default)]
pub struct MentionMapping {
    pub fields: Vec<(usize, MentionField)>,
}

impl MentionMapping {
    pub fn column(&self, f: MentionField) -> Option<usize> {
        self.fields.iter().find(|(_, g)| *g == f).map(|(c, _)| *c)
    }
}

/// Maps a header row: `overrides` first, then the aliases. A mention
/// header names a text or a source, and two fields at least.
pub fn map(headers: &[String], overrides: &[(MentionField, String)]) -> Option<MentionMapping> {
    let norm: Vec<String> = headers.iter().map(|h| normalize(h)).collect();
    let mut fields: Vec<(usize, MentionField)> = Vec::new();
    let free = |fields: &[(usize, MentionField)], i: usize| fields.iter().all(|(c, _)| *c != i);
    for (f, h) in overrides {
        let want = normalize(h);
        if let Some(i) = (0..headers.len()).find(|&i| norm[i] == want && free(&fields, i)) {
            fields.push((i, *f));
        }
    }
    for f in MentionField::ALL {
        if fields.iter().any(|(_, g)| *g == f) {
            continue;
        }
        let found = f
            .aliases()
            .iter()
            .find_map(|a| (0..headers.len()).find(|&i| norm[i] == *a && free(&fields, i)));
        if let Some(i) = found {
            fields.push((i, f));
        }
    }
    let m = MentionMapping { fields };
    let named = m.column(MentionField::Text).is_some() || m.column(MentionField::Source).is_some();
    (named && m.fields.len() >= 2).then_some(m)
}

/// The mentions of a run's files.
#[derive(Debug, Clone, Default)]
pub struct MentionsRead {
    pub mentions: Vec<Mention>,
    pub files: Vec<MentionFile>,
    pub skipped: Vec<Skip>,
    /// Whether any file has a tone column.
    pub rated: bool,
}

/// Settings of a mentions read.
#[derive(Debug, Clone, Default)]
pub struct MentionOptions {
    pub read: ReadOptions,
    /// `--map FIELD=HEADER`.
    pub maps: Vec<(MentionField, String)>,
}

/// Reads every mention export.
pub fn read_mentions(paths: &[String], opts: &MentionOptions) -> Result<MentionsRead, InputError> {
    let mut out = MentionsRead::default();
    for (idx, path) in paths.iter().enumerate() {
        let name = display_name(path);
        let bytes = load(path)?;
        read_file(&mut out, idx, &name, &bytes, opts)?;
    }
    Ok(out)
}

/// Reads one file's bytes.
pub fn read_file(
    out: &mut MentionsRead,
    idx: usize,
    name: &str,
    bytes: &[u8],
    opts: &MentionOptions,
) -> Result<(), InputError> {
    let table = table_file(name, bytes)?;
    let sheet_wanted = opts.read.sheet.as_deref();
    let (s, h, m) = table
        .find(|cells| map(cells, &opts.maps))
        .filter(|(s, _, _)| {
            sheet_wanted.is_none_or(|w| table.sheets[*s].0.as_deref() == Some(w))
        })
        .ok_or_else(|| InputError::Format {
            file: name.to_string(),
            message: format!(
                "no mention table: a mention export needs a text or source column and one more (date, author, sentiment, reach; Дата, Источник, Автор, Текст, Тональность, Охват), or name them with --map text=HEADER; found: {}",
                table.first_rows()
            ),
        })?;
    let rows = &table.sheets[s].1;
    let header = &rows[h];
    let data = &rows[h + 1..];
    let report = table.report(name, s, h);
    let mut file = MentionFile {
        path: name.to_string(),
        format: table.format.to_string(),
        encoding: table.encoding,
        delimiter: table.delimiter.map(text::delimiter_name),
        sheet: table.sheets[s].0.clone(),
        header_line: report.header_line,
        columns: {
            let mut c: Vec<WebMapped> = m
                .fields
                .iter()
                .map(|&(c, f)| WebMapped {
                    field: f.name(),
                    column: c,
                    header: header.cells[c].trim().to_string(),
                })
                .collect();
            c.sort_by_key(|w| w.column);
            c
        },
        notes: report.notes,
        ..Default::default()
    };
    out.rated |= m.column(MentionField::Sentiment).is_some();
    let date_col = m.column(MentionField::Date);
    let ctx = DateContext {
        slash_order: values::detect_slash_order(
            data.iter()
                .filter_map(|r| date_col.and_then(|c| r.cells.get(c)))
                .map(|s| s.as_str()),
        ),
        default_year: opts.read.year,
    };
    let skip = |out: &mut MentionsRead, line: u64, kind: SkipKind, reason: String| {
        out.skipped.push(Skip {
            file: name.to_string(),
            line,
            reason,
            kind,
        })
    };
    let mut unread: Vec<(String, u64)> = Vec::new();
    for row in data {
        file.rows_read += 1;
        if row.is_blank() {
            skip(out, row.line, SkipKind::Empty, "empty row".to_string());
            file.skipped += 1;
            continue;
        }
        let first = row.first_filled();
        if is_totals_cell(first) {
            skip(
                out,
                row.line,
                SkipKind::Totals,
                format!("totals row ('{first}'), not a mention"),
            );
            file.skipped += 1;
            continue;
        }
        match mention(row, header, &m, &ctx, opts) {
            Ok(mut x) => {
                x.file = idx;
                if let Some(w) = &x.sentiment_unread {
                    match unread.iter_mut().find(|(v, _)| v == w) {
                        Some((_, n)) => *n += 1,
                        None => unread.push((w.clone(), 1)),
                    }
                }
                file.mentions += 1;
                out.mentions.push(x);
            }
            Err(reason) => {
                skip(out, row.line, SkipKind::Invalid, reason);
                file.skipped += 1;
            }
        }
    }
    if !unread.is_empty() {
        let listed: Vec<String> = unread
            .iter()
            .take(5)
            .map(|(v, n)| format!("'{}' ({n})", values::excerpt(v)))
            .collect();
        let n: u64 = unread.iter().map(|(_, n)| n).sum();
        file.notes.push(format!(
            "{n} {} a tone that is not positive, neutral or negative ({}{}): counted as unrated",
            if n == 1 {
                "mention has"
            } else {
                "mentions have"
            },
            listed.join(", "),
            if unread.len() > 5 { ", ..." } else { "" }
        ));
    }
    if file.mentions == 0 && !data.is_empty() {
        file.notes
            .push("no row of the table could be read as a mention".to_string());
    }
    out.files.push(file);
    Ok(())
}

/// One data row as a mention, or why it cannot be one.
fn mention(
    row: &Row,
    header: &Row,
    m: &MentionMapping,
    ctx: &DateContext,
    opts: &MentionOptions,
) -> Result<Mention, String> {
    let cell = |c: usize| row.cells.get(c).map(|s| s.trim()).unwrap_or("");
    let text = |f: MentionField| {
        m.column(f)
            .map(cell)
            .filter(|v| !values::is_missing(v))
            .map(str::to_string)
    };
    let bad = |c: usize, e: &str| {
        format!(
            "column '{}': {e}: '{}'",
            header.cells[c].trim(),
            values::excerpt(cell(c))
        )
    };
    let mut x = Mention {
        line: row.line,
        source: text(MentionField::Source),
        author: text(MentionField::Author),
        text: text(MentionField::Text),
        ..Default::default()
    };
    if let Some(c) = m.column(MentionField::Date) {
        let raw = cell(c);
        if !values::is_missing(raw) {
            let t = values::parse_timestamp(raw, ctx).ok_or_else(|| bad(c, "not a date"))?;
            x.published_at = Some(opts.read.localize(t));
        }
    }
    if let Some(c) = m.column(MentionField::Reach) {
        x.reach = values::parse_count(cell(c)).map_err(|e| bad(c, &e.to_string()))?;
    }
    if let Some(c) = m.column(MentionField::Sentiment) {
        match parse_sentiment(cell(c)) {
            ToneCell::Empty => {}
            ToneCell::Tone(s) => x.sentiment = Some(s),
            ToneCell::Unknown => x.sentiment_unread = Some(cell(c).to_string()),
        }
    }
    if x.published_at.is_none() && x.source.is_none() && x.author.is_none() && x.text.is_none() {
        return Err("no mention here: date, source, author and text are all empty".to_string());
    }
    Ok(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hs(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn tones_in_english_and_russian() {
        for p in [
            "positive",
            "Позитивная",
            "позитив",
            "положительный",
            "+",
            "1",
            "Pos",
        ] {
            assert_eq!(
                parse_sentiment(p),
                ToneCell::Tone(Sentiment::Positive),
                "{p}"
            );
        }
        for n in [
            "negative",
            "Негативная",
            "негатив",
            "отрицательная",
            "-1",
            "NEG",
        ] {
            assert_eq!(
                parse_sentiment(n),
                ToneCell::Tone(Sentiment::Negative),
                "{n}"
            );
        }
        for z in ["neutral", "Нейтральная", "нейтрально", "0"] {
            assert_eq!(
                parse_sentiment(z),
                ToneCell::Tone(Sentiment::Neutral),
                "{z}"
            );
        }
        assert_eq!(parse_sentiment(""), ToneCell::Empty);
        assert_eq!(parse_sentiment("-"), ToneCell::Empty, "a dash is not rated");
        assert_eq!(parse_sentiment("смешанная"), ToneCell::Unknown);
    }

    #[test]
    fn headers_in_english_and_russian() {
        let m = map(
            &hs(&["Дата", "Источник", "Автор", "Текст", "Тональность", "Охват"]),
            &[],
        )
        .unwrap();
        assert_eq!(m.fields.len(), 6);
        let m = map(
            &hs(&["Date", "Source", "Author", "Content", "Sentiment", "Reach"]),
            &[],
        )
        .unwrap();
        assert_eq!(m.column(MentionField::Text), Some(3));
        assert!(
            map(&hs(&["Date", "Reach"]), &[]).is_none(),
            "no text or source"
        );
        let m = map(
            &hs(&["Когда", "Что"]),
            &[(MentionField::Text, "что".into())],
        );
        assert!(m.is_none(), "one field is not a table of mentions");
        let m = map(
            &hs(&["Когда", "Что"]),
            &[
                (MentionField::Text, "что".into()),
                (MentionField::Date, "Когда".into()),
            ],
        )
        .unwrap();
        assert_eq!(m.column(MentionField::Date), Some(0));
    }

    #[test]
    fn map_arg() {
        assert_eq!(
            parse_map_arg("text=Сниппет"),
            Ok((MentionField::Text, "Сниппет".into()))
        );
        assert!(parse_map_arg("likes=x").is_err());
        assert!(parse_map_arg("text=").is_err());
        assert!(parse_map_arg("text").is_err());
    }
}
