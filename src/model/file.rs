//! What was understood of each input file, and of each row that did not
//! become a post: plain data that readers fill in and every command reports
//! (`inspect`, the `input` block of each JSON document, stderr notes).

use chrono::NaiveDate;
use serde::Serialize;

use super::Count;

/// A row that did not become a post, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Skip {
    pub file: String,
    /// 1-based line in the file (0 where the source has no lines, like JSON).
    pub line: u64,
    pub reason: String,
    /// `totals` and `empty` rows are part of an export's layout; `invalid`
    /// rows held something that could not be read (`--strict` fails on these).
    pub kind: SkipKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SkipKind {
    Totals,
    Empty,
    Invalid,
}

/// What kind of export a file is, which decides what it feeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExportKind {
    /// One row (or message) per post: feeds every post metric.
    #[default]
    Posts,
    /// Account-level figures by day (Meta's `Reach.csv`, TikTok's Overview,
    /// follower histories): feeds period figures and audience growth.
    DailySeries,
    /// Web-analytics or ad-platform rows (Yandex Metrica, GA4, Google Ads).
    WebAnalytics,
    /// Audience demographics (age, gender, cities): recognised, not used.
    Demographics,
}

impl ExportKind {
    pub fn name(self) -> &'static str {
        match self {
            ExportKind::Posts => "posts",
            ExportKind::DailySeries => "daily_series",
            ExportKind::WebAnalytics => "web_analytics",
            ExportKind::Demographics => "demographics",
        }
    }
}

/// A value a spreadsheet damaged (a number it turned into a date, `3.апр`):
/// repaired where a decimal was expected; in a count it cannot be repaired
/// and its row is skipped. Listed one by one so nothing is read as 0 unsaid;
/// `--strict` fails on them.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct DamagedValue {
    pub line: u64,
    /// The column's header.
    pub column: String,
    /// The cell as found.
    pub value: String,
    /// The number it was read as (`3.апр` → 3.4), or `null`: not used (its row is skipped).
    pub read_as: Option<f64>,
}

/// A web-analytics column and the figure (or join key) it was read as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct WebMapped {
    pub field: &'static str,
    /// 0-based column.
    pub column: usize,
    pub header: String,
}

/// A series found in a file, as `inspect` reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct SeriesInfo {
    pub metric: crate::model::SeriesMetric,
    /// What the export calls it.
    pub label: String,
    /// Days with a value.
    pub days: u64,
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
}

/// What was understood of one input file.
#[derive(Debug, Clone, Default, Serialize, schemars::JsonSchema)]
pub struct FileReport {
    pub path: String,
    /// `csv`, `xlsx`, `telegram-json` or `vk-json`.
    pub format: String,
    /// Detected (or forced) source: `generic`, `meta`, `youtube`, `tiktok`,
    /// `telegram`, `vk`, `metrica`, `ga4`, `google-ads`.
    pub platform: String,
    /// What the file holds: `posts`, `daily_series`, `web_analytics`, `demographics`.
    pub kind: ExportKind,
    /// Language of the headers (`en`, `ru`, `es`, `pt`), when it could be told.
    pub locale: Option<String>,
    pub encoding: Option<Encoding>,
    pub delimiter: Option<String>,
    /// Lines above the header that were titles, comments or a `sep=` line.
    pub preamble: Vec<PreambleLine>,
    /// Line of the header row.
    pub header_line: Option<u64>,
    pub mapping: Option<Mapping>,
    /// Data rows (or messages) read.
    pub rows_read: u64,
    /// Rows that became posts.
    pub posts: u64,
    /// Rows skipped (each listed in the run's `skipped`).
    pub skipped: u64,
    /// Daily series read (for `daily_series` files).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub series: Vec<SeriesInfo>,
    /// Rows read as days of daily series (for `daily_series` files).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub series_rows: Option<u64>,
    /// Rows read as web-analytics rows (for `web_analytics` files).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub web_rows: Option<u64>,
    /// How a web-analytics header maps onto its figures and join keys; the
    /// other columns are the rows' dimensions.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub web_mapping: Vec<WebMapped>,
    /// Posts left out because another file holds them too (`input::dedupe`);
    /// `rows_read = posts + skipped + duplicates + series_rows + web_rows`.
    pub duplicates: u64,
    /// Things worth knowing that are not errors (inferred years, merged albums, ...).
    pub notes: Vec<String>,
    /// Values a spreadsheet damaged, each with what it was read as.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub damaged: Vec<DamagedValue>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct PreambleLine {
    pub line: u64,
    pub text: String,
}

/// The text encoding a file was found to be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub enum Encoding {
    #[serde(rename = "UTF-8")]
    Utf8,
    #[serde(rename = "UTF-8 with BOM")]
    Utf8Bom,
    #[serde(rename = "UTF-16LE")]
    Utf16Le,
    #[serde(rename = "UTF-16BE")]
    Utf16Be,
    #[serde(rename = "windows-1251")]
    Windows1251,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 with BOM",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Windows1251 => "windows-1251",
        }
    }
}

/// A canonical post field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Id,
    PublishedAt,
    Platform,
    Account,
    Type,
    Text,
    Count(Count),
    UtmCampaign,
    UtmContent,
}

impl Serialize for Field {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl schemars::JsonSchema for Field {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Field".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let names: Vec<&str> = Field::ALL.iter().map(|f| f.name()).collect();
        schemars::json_schema!({
            "description": "A canonical post field.",
            "type": "string",
            "enum": names
        })
    }
}

impl Field {
    pub const ALL: [Field; 17] = [
        Field::Id,
        Field::PublishedAt,
        Field::Platform,
        Field::Account,
        Field::Type,
        Field::Text,
        Field::Count(Count::Reach),
        Field::Count(Count::Views),
        Field::Count(Count::Followers),
        Field::Count(Count::Likes),
        Field::Count(Count::Comments),
        Field::Count(Count::Reposts),
        Field::Count(Count::Saves),
        Field::Count(Count::PollVotes),
        Field::Count(Count::LinkClicks),
        Field::UtmCampaign,
        Field::UtmContent,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::PublishedAt => "published_at",
            Field::Platform => "platform",
            Field::Account => "account",
            Field::Type => "type",
            Field::Text => "text",
            Field::Count(c) => c.name(),
            Field::UtmCampaign => "utm_campaign",
            Field::UtmContent => "utm_content",
        }
    }

    pub fn parse(name: &str) -> Option<Field> {
        let n = name.trim().to_ascii_lowercase().replace('-', "_");
        Field::ALL
            .into_iter()
            .find(|f| f.name() == n)
            .or(match n.as_str() {
                "date" | "time" | "published" => Some(Field::PublishedAt),
                "caption" => Some(Field::Text),
                _ => Count::parse(&n).map(Field::Count),
            })
    }
}

/// A header matched to a field: which column, by which alias rank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Mapped {
    pub field: Field,
    pub column: usize,
    pub header: String,
}

/// How a header row maps onto fields.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Mapping {
    /// One entry per field found, in field order.
    pub fields: Vec<Mapped>,
    /// Headers no field took (left alone).
    pub unmapped: Vec<String>,
}

impl Mapping {
    pub fn column(&self, f: Field) -> Option<usize> {
        self.fields.iter().find(|m| m.field == f).map(|m| m.column)
    }

    /// Count fields found (the figures a report is made of).
    pub fn count_fields(&self) -> usize {
        self.fields
            .iter()
            .filter(|m| matches!(m.field, Field::Count(_)))
            .count()
    }
}

/// The headers a log's fields were read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ActivityColumns {
    pub user: String,
    pub at: String,
    pub action: Option<String>,
}

/// What was understood of one input.
#[derive(Debug, Clone, Default, Serialize, schemars::JsonSchema)]
pub struct ActivityFile {
    pub path: String,
    /// `csv` or `telegram-json`.
    pub format: String,
    pub encoding: Option<Encoding>,
    pub delimiter: Option<String>,
    /// Line of the header row.
    pub header_line: Option<u64>,
    pub columns: Option<ActivityColumns>,
    /// Rows (or messages and reactions) read.
    pub rows_read: u64,
    /// Rows counted as actions.
    pub actions: u64,
    /// Rows whose action `--actions` leaves out.
    pub filtered_out: u64,
    /// Rows skipped.
    pub skipped: u64,
    /// Things worth knowing that are not errors.
    pub notes: Vec<String>,
}

/// How often an action value occurred in the logs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ActionCount {
    /// The value as written (`(other)` for values past the first 64 of a block).
    pub action: String,
    /// Rows with this value (valid user and time).
    pub rows: u64,
    /// Whether `--actions` counts it (always true without `--actions`).
    pub counted: bool,
}

/// A copy of a post that another file also holds, left out of the figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Duplicate {
    /// The post id both copies carry.
    pub id: String,
    /// Where the copy left out came from (line 0 for JSON sources).
    pub file: String,
    pub line: u64,
    /// Where the copy that is counted came from.
    pub kept_file: String,
    pub kept_line: u64,
}
