//! Brand mentions, as a monitoring service's export lists them (one row a
//! mention: when, where, who, what was said, with what tone and reach).

use serde::Serialize;

use super::Timestamp;

/// The tone of a mention, as the export rates it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Sentiment {
    Positive,
    Neutral,
    Negative,
}

/// One mention. `None` means not reported.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mention {
    /// Index of the input file in the run.
    pub file: usize,
    /// 1-based line (sheet row) of the mention.
    pub line: u64,
    pub published_at: Option<Timestamp>,
    /// Where it was said: the platform or site (`VK`, `Telegram`, `vc.ru`).
    pub source: Option<String>,
    pub author: Option<String>,
    pub text: Option<String>,
    pub sentiment: Option<Sentiment>,
    /// The sentiment cell as written when it names no tone smmkpi knows
    /// (`смешанная`): the mention counts as unrated.
    pub sentiment_unread: Option<String>,
    /// People who could have seen it, as the export estimates.
    pub reach: Option<u64>,
}

/// What was understood of one mention export.
#[derive(Debug, Clone, Default, PartialEq, Serialize, schemars::JsonSchema)]
pub struct MentionFile {
    pub path: String,
    /// `csv` or `xlsx`.
    pub format: String,
    pub encoding: Option<super::Encoding>,
    pub delimiter: Option<String>,
    /// The sheet read, for a workbook.
    pub sheet: Option<String>,
    /// Line (sheet row) of the header.
    pub header_line: Option<u64>,
    /// Each column read and the field it was read as (`date`, `source`,
    /// `author`, `text`, `sentiment`, `reach`).
    pub columns: Vec<super::WebMapped>,
    /// Data rows read.
    pub rows_read: u64,
    /// Rows that became mentions.
    pub mentions: u64,
    /// Rows skipped (each listed in the run's `skipped`).
    pub skipped: u64,
    /// Things worth knowing that are not errors.
    pub notes: Vec<String>,
}
