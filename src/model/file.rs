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
    /// `totals` and `empty` rows are part of an export's layout; `no_data`
    /// rows are ones the export itself says it has no figures for (Meta's
    /// `Data comment`); `invalid` rows held something that could not be read
    /// (`--strict` fails on these only).
    pub kind: SkipKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SkipKind {
    Totals,
    Empty,
    /// The export flags the row itself: it names an item it could not
    /// compute figures for. Nothing is misread, so `--strict` passes it.
    NoData,
    Invalid,
}

/// A figure of an export's own totals row against the sum smmkpi made of
/// the rows it read (docs/metrics.md#totals-check): a free checksum.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct TotalsCheck {
    /// The figure: a post count (`views`, `likes`), a series metric, a web
    /// or ad figure (`visits`, `spend`).
    pub field: String,
    /// The column's header.
    pub column: String,
    /// What the totals row states.
    #[serde(serialize_with = "figure")]
    pub export_total: f64,
    /// Σ of the column over the rows read as posts, days or rows (0 when
    /// none reports it).
    #[serde(serialize_with = "figure")]
    pub computed: f64,
    /// Whether the two agree (exactly for counts; within the export's
    /// rounding for money and decimals).
    pub matches: bool,
    /// False for a figure that does not add up across rows (reach, users):
    /// the export's total counts each person once, so it may be smaller than
    /// the sum, and a difference is no misreading.
    pub additive: bool,
    /// What a difference means, where it is not a misreading.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl TotalsCheck {
    /// A difference worth a note on stderr: an additive figure that does
    /// not match, or a non-additive one whose sum falls short of the total.
    pub fn is_gap(&self) -> bool {
        !self.matches && (self.additive || self.computed < self.export_total)
    }

    /// Compares `export` with `computed`: equal within `tolerance` (0 for
    /// counts). A figure that is not `additive` gets a note saying why a
    /// difference is expected.
    pub fn new(
        field: &str,
        column: &str,
        export: f64,
        computed: f64,
        tolerance: f64,
        additive: bool,
    ) -> TotalsCheck {
        // Sums of decimals carry float noise (5086953.529999999): micro-units
        // are no information.
        let computed = if computed.fract() == 0.0 {
            computed
        } else {
            (computed * 1e6).round() / 1e6
        };
        let matches = (export - computed).abs() <= tolerance;
        // Unique people overlap across rows: a sum above the export's total
        // is expected; a sum below it means rows are missing.
        let note = match (matches, additive, computed > export) {
            (true, _, _) | (false, true, _) => None,
            (false, false, true) => Some(format!(
                "not additive: the export's total {field} counts each person once, smmkpi sums the rows (people in several rows counted again), so a larger sum is expected; not a misreading"
            )),
            (false, false, false) => Some(format!(
                "the sum of the rows is below the export's total {field}, which overlap cannot explain: rows are missing"
            )),
        };
        TotalsCheck {
            field: field.to_string(),
            column: column.to_string(),
            export_total: export,
            computed,
            matches,
            additive,
            note,
        }
    }
}

/// A figure in JSON: a whole number without a fraction (`4521`, not
/// `4521.0`), else the decimal.
fn figure<S: serde::Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        s.serialize_i64(*v as i64)
    } else {
        s.serialize_f64(*v)
    }
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
    /// Web-analytics rows (Yandex Metrica, GA4).
    WebAnalytics,
    /// Ad rows with their spend (Meta Ads Manager, Google Ads, VK Ads,
    /// Yandex Direct): costs, not posts.
    Ads,
    /// Spend, revenue and customers by campaign or period (`report
    /// --costs`): money, not posts.
    Costs,
    /// Audience demographics (age, gender, cities): recognised, not used.
    Demographics,
}

impl ExportKind {
    pub fn name(self) -> &'static str {
        match self {
            ExportKind::Posts => "posts",
            ExportKind::DailySeries => "daily_series",
            ExportKind::WebAnalytics => "web_analytics",
            ExportKind::Ads => "ads",
            ExportKind::Costs => "costs",
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
    /// `telegram`, `vk`, `metrica`, `ga4`, `meta-ads`, `google-ads`, `vk-ads`.
    pub platform: String,
    /// What the file holds: `posts`, `daily_series`, `web_analytics`, `ads`,
    /// `costs`, `demographics`.
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
    /// Rows read as ad rows (for `ads` files).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ad_rows: Option<u64>,
    /// Rows read as costs (for `costs` files, given with `report --costs`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost_rows: Option<u64>,
    /// How a web-analytics header maps onto its figures and join keys; the
    /// other columns are the rows' dimensions.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub web_mapping: Vec<WebMapped>,
    /// How an ads header maps onto names, period and figures; the other
    /// columns are the rows' dimensions.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ad_mapping: Vec<WebMapped>,
    /// How a costs header maps onto campaign, period and money columns.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cost_mapping: Vec<WebMapped>,
    /// Posts left out because another file holds them too (`input::dedupe`);
    /// `rows_read = posts + skipped + duplicates + series_rows + web_rows +
    /// ad_rows + cost_rows`.
    pub duplicates: u64,
    /// Things worth knowing that are not errors (inferred years, merged albums, ...).
    pub notes: Vec<String>,
    /// Values a spreadsheet damaged, each with what it was read as.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub damaged: Vec<DamagedValue>,
    /// The export's own totals row against the sums of the rows read, one
    /// entry per figure it states (docs/metrics.md#totals-check); absent
    /// when the file has no totals row.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub totals_check: Vec<TotalsCheck>,
    /// The parts of the file read each for what it holds: the sheets of a
    /// workbook, the chats of a Telegram full-data export. Empty for a file
    /// of one part (a CSV, one chat's `result.json`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<PartInfo>,
}

/// A part of one input file, read on its own: a sheet of a workbook or a
/// chat of a Telegram full-data export.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct PartInfo {
    /// The sheet's or the chat's name.
    pub name: String,
    /// What it was read as: `posts`, `daily_series`, `web_analytics`,
    /// `demographics`, `activity_log` (a group's messages: read by `core`),
    /// or `not_read` (nothing smmkpi reads, or left out by `--sheet`).
    pub kind: String,
    /// Telegram's type of the chat (`public_channel`, `private_supergroup`,
    /// ...); absent for sheets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chat_type: Option<String>,
    /// Line (sheet row) of the part's header, when it has one.
    pub header_line: Option<u64>,
    /// Rows (or messages) of the part read.
    pub rows_read: u64,
    /// Of them, posts.
    pub posts: u64,
    /// Of them, days of daily series.
    pub series_rows: u64,
    /// Of them, web-analytics rows.
    pub web_rows: u64,
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
    pub const ALL: [Field; 18] = [
        Field::Id,
        Field::PublishedAt,
        Field::Platform,
        Field::Account,
        Field::Type,
        Field::Text,
        Field::Count(Count::Reach),
        Field::Count(Count::Views),
        Field::Count(Count::Impressions),
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
