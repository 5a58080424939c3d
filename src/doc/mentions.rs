//! The `mentions` command's document: brand mentions from monitoring
//! exports — how many and how far they reached, by period and source, their
//! tone, and each `--brand`'s share of voice.

use chrono::NaiveDate;
use serde::Serialize;

use crate::input::mentions::MentionsRead;
use crate::metrics::mentions::{mention_figures, Brand, MentionFigures};
use crate::metrics::periods::Period;
use crate::model::{MentionFile, Skip};

pub const SCHEMA: &str = "smmkpi.mentions/1";

/// What was read and what was left out.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct MentionsInput {
    /// Input paths as given (`<stdin>` for `-`).
    pub files: Vec<String>,
    /// Per file: format, encoding, delimiter, sheet, columns read, counts.
    pub details: Vec<MentionFile>,
    /// Data rows read (rows_read = mentions + filtered_out + skipped).
    pub rows_read: u64,
    /// Mentions counted in every figure below.
    pub mentions: u64,
    /// Mentions outside `--since`/`--until` (undated ones when either is given).
    pub filtered_out: u64,
    /// Every row that is no mention, with its reason.
    pub skipped: Vec<Skip>,
}

/// A `--brand` as given: its name and the words that name it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct BrandWords {
    pub brand: String,
    /// Matched at the start of a word of the text, without case.
    pub words: Vec<String>,
}

/// The whole `mentions` document.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct MentionsDoc {
    pub schema: &'static str,
    pub input: MentionsInput,
    /// `day`, `week`, `month`, `quarter` or `all`.
    pub period: Period,
    /// First and last day with a mention counted.
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
    /// The `--brand`s, in the order given.
    pub brands: Vec<BrandWords>,
    /// Mentions counted.
    pub total: u64,
    /// Σ reach of the mentions reporting it; `null` when none does.
    pub reach: Option<u64>,
    /// Mentions without a date: counted in `total`, in no period.
    pub undated: u64,
    /// Every period from the first mention's to the last's.
    pub by_period: Vec<crate::metrics::mentions::MentionPeriod>,
    /// Most mentions first.
    pub by_source: Vec<crate::metrics::mentions::SourceRow>,
    /// Mentions by tone; absent when no file has a tone column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sentiment: Option<crate::metrics::mentions::SentimentCounts>,
    /// One row per `--brand`; empty without brands.
    pub share_of_voice: Vec<crate::metrics::mentions::VoiceRow>,
    /// Mentions naming none of the brands (0 without brands).
    pub naming_no_brand: u64,
}

/// The document of what was read, `--since`/`--until` applied.
pub fn build(
    read: MentionsRead,
    period: Period,
    range: (Option<NaiveDate>, Option<NaiveDate>),
    brands: &[Brand],
) -> MentionsDoc {
    let (since, until) = range;
    let rows_read = read.files.iter().map(|f| f.rows_read).sum();
    let before = read.mentions.len();
    let kept: Vec<_> = read
        .mentions
        .into_iter()
        .filter(|m| {
            if since.is_none() && until.is_none() {
                return true;
            }
            m.published_at.is_some_and(|t| {
                let d = t.local.date();
                since.is_none_or(|s| d >= s) && until.is_none_or(|u| d <= u)
            })
        })
        .collect();
    let dates = kept
        .iter()
        .filter_map(|m| m.published_at.map(|t| t.local.date()));
    let (first, last) = (dates.clone().min(), dates.max());
    let MentionFigures {
        total,
        reach,
        undated,
        by_period,
        by_source,
        sentiment,
        share_of_voice,
        naming_no_brand,
    } = mention_figures(&kept, period, read.rated, brands);
    MentionsDoc {
        schema: SCHEMA,
        input: MentionsInput {
            files: read.files.iter().map(|f| f.path.clone()).collect(),
            details: read.files,
            rows_read,
            mentions: kept.len() as u64,
            filtered_out: (before - kept.len()) as u64,
            skipped: read.skipped,
        },
        period,
        first,
        last,
        brands: brands
            .iter()
            .map(|b| BrandWords {
                brand: b.name.clone(),
                words: b.words.clone(),
            })
            .collect(),
        total,
        reach,
        undated,
        by_period,
        by_source,
        sentiment,
        share_of_voice,
        naming_no_brand,
    }
}
